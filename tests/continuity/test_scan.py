"""How scans turn findings into signals: resolving and snoozing, idempotency, scope, a fixed
number of queries whatever the region's size, concurrent scans (PostgreSQL), and a broker that
is down when a change is saved."""

import datetime
import logging
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from candidates.models import Candidate
from continuity import scan
from continuity.models import Signal
from continuity.rules import CHANGE_RULES, TIME_RULES
from continuity.services import signal_resolve, signal_snooze
from employers import services
from employers.models import (
    AccountAssignment,
    Action,
    ContactEvent,
    ContactPerson,
    Conversation,
    Employer,
)
from placements.models import (
    FollowUp,
    Instrument,
    InstrumentPeriod,
    Placement,
    TeamMember,
    WageValueAssessment,
)
from tests.concurrency import run_together
from tests.conftest import make_user, require_service, uses_postgresql
from tests.continuity.conftest import days_ago, days_ahead, run_scan, signals_of, the_signal
from tests.factories import AccountAssignmentFactory, ConversationFactory, EmployerFactory

K = Signal.Kind
S = Signal.Severity
FIELDS = [f.attname for f in Signal._meta.concrete_fields]


def snapshot():
    return list(Signal.objects.order_by("pk").values_list(*FIELDS))


def later(days):
    return timezone.now() + datetime.timedelta(days=days)


def stale(employer, days=100):
    Conversation.objects.filter(employer=employer).update(occurred_at=later(-days))


# Resolving and snoozing --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_resolved_event_signal_is_never_raised_again(
    quiet_employer, region, account_manager, supervisor
):
    services.contact_mark_left(contact=supervisor, left_on=days_ago(1), by=account_manager)
    run_scan(region)
    signal = the_signal(K.CONTACT_LEFT)
    signal_resolve(signal=signal, by=account_manager, note="Nieuwe ploegleider gebeld")

    for days in (0, 10, 40):
        run_scan(region, now=later(days))
        assert not signals_of(K.CONTACT_LEFT).exists(), f"raised again after {days} days"
    signal.refresh_from_db()
    assert (signal.status, signal.note, signal.resolved_by) == (
        Signal.Status.RESOLVED,
        "Nieuwe ploegleider gebeld",
        account_manager,
    )


@pytest.mark.django_db
def test_a_resolved_overdue_follow_up_stays_quiet(
    quiet_employer, region, account_manager, make_placement, make_follow_up
):
    make_follow_up(make_placement(quiet_employer), days_ago(3))
    run_scan(region)
    signal_resolve(
        signal=the_signal(K.FOLLOW_UP_OVERDUE), by=account_manager, note="Telefonisch gedaan"
    )

    run_scan(region, now=later(100))

    assert not signals_of(K.FOLLOW_UP_OVERDUE).exists()


@pytest.mark.django_db
def test_a_resolved_stale_relationship_is_quiet_for_30_days_then_returns(
    quiet_employer, region, account_manager
):
    stale(quiet_employer)
    run_scan(region)
    first = the_signal(K.STALE_RELATIONSHIP)
    signal_resolve(signal=first, by=account_manager, note="Afspraak staat in januari")

    run_scan(region, now=later(29))
    assert not signals_of(K.STALE_RELATIONSHIP).exists()

    run_scan(region, now=later(31))
    again = the_signal(K.STALE_RELATIONSHIP)
    first.refresh_from_db()
    assert again.pk != first.pk
    assert again.key == first.key
    assert again.created_at > first.resolved_at
    assert first.status == Signal.Status.RESOLVED, "the person's resolution is kept as history"


@pytest.mark.django_db
def test_a_resolved_signal_whose_situation_ended_comes_back_when_it_recurs(
    quiet_employer, region, account_manager
):
    """Quiet days only apply while the situation lasts; a new stale spell is a new signal."""
    stale(quiet_employer)
    run_scan(region)
    signal_resolve(signal=the_signal(K.STALE_RELATIONSHIP), by=account_manager, note="Gebeld")
    stale(quiet_employer, days=5)
    run_scan(region)

    run_scan(region, now=later(100))

    assert signals_of(K.STALE_RELATIONSHIP).count() == 1


@pytest.mark.django_db
def test_a_snoozed_signal_reopens_on_its_date(quiet_employer, region, account_manager):
    stale(quiet_employer)
    run_scan(region)
    signal = signal_snooze(
        signal=the_signal(K.STALE_RELATIONSHIP), until=days_ahead(3), by=account_manager
    )

    result = run_scan(region, now=later(2))
    signal.refresh_from_db()
    assert (signal.status, signal.snoozed_until, result.reopened) == (
        Signal.Status.SNOOZED,
        days_ahead(3),
        0,
    )

    result = run_scan(region, now=later(3))
    signal.refresh_from_db()
    assert (signal.status, signal.snoozed_until, result.reopened) == (
        Signal.Status.OPEN,
        None,
        1,
    )


@pytest.mark.django_db
def test_a_snoozed_signal_whose_situation_ended_is_closed(quiet_employer, region, account_manager):
    stale(quiet_employer)
    run_scan(region)
    signal = signal_snooze(
        signal=the_signal(K.STALE_RELATIONSHIP), until=days_ahead(20), by=account_manager
    )

    services.conversation_log(
        employer=quiet_employer, author=account_manager, summary="Gesproken", channel="phone"
    )
    run_scan(region)

    signal.refresh_from_db()
    assert (signal.status, signal.snoozed_until) == (Signal.Status.AUTO_CLOSED, None)


@pytest.mark.django_db
def test_a_scan_never_overwrites_a_resolution_made_while_it_ran(
    quiet_employer, region, account_manager, monkeypatch
):
    """A person resolves the signal after the scan read it and before it closes it."""
    stale(quiet_employer)
    run_scan(region)
    signal = the_signal(K.STALE_RELATIONSHIP)
    ConversationFactory(employer=quiet_employer, author=account_manager)  # no longer stale
    real = scan.recently_resolved_keys

    def resolve_meanwhile(keys, now):
        Signal.objects.filter(pk=signal.pk).update(
            status=Signal.Status.RESOLVED,
            resolved_at=timezone.now(),
            resolved_by=account_manager,
            note="Zelf al gebeld",
        )
        return real(keys, now)

    monkeypatch.setattr(scan, "recently_resolved_keys", resolve_meanwhile)
    run_scan(region)

    signal.refresh_from_db()
    assert (signal.status, signal.note, signal.closed_reason) == (
        Signal.Status.RESOLVED,
        "Zelf al gebeld",
        "",
    )


@pytest.mark.django_db
def test_an_open_signal_follows_its_situation_instead_of_being_raised_again(
    quiet_employer, region, account_manager, colleague, team_lead
):
    stale(quiet_employer)
    run_scan(region)
    signal = the_signal(K.STALE_RELATIONSHIP)

    services.account_manager_assign(
        employer=quiet_employer, manager=colleague, by=team_lead, handover_note="Overdracht"
    )
    result = run_scan(region, rules=TIME_RULES)

    assert result.raised == 0 and result.updated == 1
    assert the_signal(K.STALE_RELATIONSHIP).pk == signal.pk
    signal.refresh_from_db()
    assert signal.assigned_to == colleague


# Idempotency and scope ---------------------------------------------------------------------


@pytest.fixture
def busy_region(region, quiet_employer, account_manager, colleague, supervisor, make_placement):
    """Signals of many kinds at three employers of the region: the busy one (stale, a leaver
    supervising a placement, an overdue follow-up, a contract ending), one held by the colleague
    where account_manager dropped by, and one without a fixed manager."""
    stale(quiet_employer)
    placement = make_placement(quiet_employer, supervisor=supervisor, contract_end=days_ahead(9))
    FollowUp.objects.create(placement=placement, due_on=days_ago(2), kind="Na 2 weken")
    services.contact_mark_left(contact=supervisor, left_on=days_ago(1), by=account_manager)
    visited = EmployerFactory(region=region, name="Tweede Werkgever B.V.")
    AccountAssignmentFactory(employer=visited, manager=colleague)
    ConversationFactory(employer=visited, author=account_manager)
    unheld = EmployerFactory(region=region, name="Derde Werkgever B.V.")
    return quiet_employer, visited, unheld


@pytest.mark.django_db
def test_scanning_twice_changes_nothing(busy_region, region):
    first = run_scan(region)
    rows = snapshot()
    assert first.raised >= 6

    second = run_scan(region)

    assert snapshot() == rows
    assert (second.raised, second.updated, second.closed, second.reopened) == (0, 0, 0, 0)
    assert second.keys == first.keys


@pytest.mark.django_db
def test_scanning_one_employer_leaves_the_other_employers_signals_alone(busy_region, region):
    busy, visited, unheld = busy_region
    run_scan(region)
    others = list(signals_of().exclude(employer=unheld).values_list("pk", "status"))
    assert the_signal(K.NO_FIXED_MANAGER, employer=unheld)
    # All three stop holding: the busy one turns prospect, the colleague's talk is long ago.
    Employer.objects.filter(pk__in=[busy.pk, unheld.pk]).update(stage=Employer.Stage.PROSPECT)
    Conversation.objects.filter(employer=visited).update(occurred_at=later(-30))

    scan.scan_employers([unheld.pk])

    assert not signals_of(K.NO_FIXED_MANAGER, employer=unheld).exists()
    assert list(signals_of().exclude(employer=unheld).values_list("pk", "status")) == others
    assert signals_of(K.STALE_RELATIONSHIP, employer=busy).exists(), "not this employer's scan"
    assert signals_of(K.OTHER_STAFF_CONVERSATION, employer=visited).exists()


@pytest.mark.django_db
def test_a_change_scan_leaves_the_calendar_signals_alone(busy_region, region):
    busy, _visited, _unheld = busy_region
    run_scan(region)
    before = {s.key for s in signals_of()}

    result = run_scan(region, rules=CHANGE_RULES)

    assert result.closed == 0
    assert {s.key for s in signals_of()} == before
    assert signals_of(K.STALE_RELATIONSHIP, employer=busy).exists()


@pytest.mark.django_db
def test_scan_all_uses_each_region_s_own_team_lead(quiet_employer, region, other_region, team_lead):
    lead_there = make_user("lead-rijnmond@wsp.test", User.Role.TEAM_LEAD, other_region)
    here = EmployerFactory(region=region, name="Hier B.V.")
    there = EmployerFactory(region=other_region, name="Daar B.V.")

    scan.scan_all()

    assert the_signal(K.NO_FIXED_MANAGER, employer=here).assigned_to == team_lead
    signal = the_signal(K.NO_FIXED_MANAGER, employer=there)
    assert (signal.assigned_to, signal.region) == (lead_there, other_region)


@pytest.mark.django_db
def test_the_database_refuses_a_second_open_signal_for_the_same_key(quiet_employer, region):
    values = {
        "key": "stale_relationship:1",
        "kind": K.STALE_RELATIONSHIP,
        "severity": S.ATTENTION,
        "region": region,
        "employer": quiet_employer,
    }
    Signal.objects.create(**values)

    for status, extra in [("open", {}), ("snoozed", {"snoozed_until": days_ahead(3)})]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Signal.objects.create(status=status, **extra, **values)

    # Closed ones are history: any number of them may share the key with the open one.
    Signal.objects.create(status=Signal.Status.RESOLVED, resolved_at=timezone.now(), **values)
    Signal.objects.create(status=Signal.Status.AUTO_CLOSED, resolved_at=timezone.now(), **values)
    assert Signal.objects.filter(key=values["key"]).count() == 3


# A fixed number of queries -----------------------------------------------------------------


class Cast:
    def __init__(self, region):
        def user(name, **fields):
            return make_user(
                f"{name}@{region.code}.test", User.Role.ACCOUNT_MANAGER, region, **fields
            )

        self.region = region
        self.lead = make_user(f"lead@{region.code}.test", User.Role.TEAM_LEAD, region)
        self.manager = user("manager")
        self.colleague = user("colleague")
        self.former = [user("former1"), user("former2")]
        self.gone = user("gone", is_active=False)


def populate(cast, count):
    """`count` employers, every one with the same mix: contacts (a leaver, a role change, an
    unverified one), a manager history (three managers in a year, a deactivated backup), a
    placement supervised by the leaver with follow-ups, an instrument period and a contract
    end, an overdue action and an unanswered question (urgent at every second one); every second
    one stale, every tenth one without a fixed manager, every odd one without a champion.
    Written in bulk (set-up only)."""
    region, today = cast.region, timezone.localdate()
    employers = Employer.objects.bulk_create(
        Employer(region=region, name=f"Bulk {region.code} {n:04d}", stage="active")
        for n in range(count)
    )
    Employer.objects.filter(pk__in=[e.pk for e in employers]).update(created_at=later(-300))
    assignments, contacts, conversations = [], [], []
    for n, employer in enumerate(employers):
        assignments += [
            AccountAssignment(
                employer=employer,
                region=region,
                manager=cast.former[0],
                started_on=days_ago(200),
                ended_on=days_ago(100),
            ),
            AccountAssignment(
                employer=employer,
                region=region,
                manager=cast.former[1],
                started_on=days_ago(100),
                ended_on=days_ago(10),
            ),
            AccountAssignment(
                employer=employer,
                region=region,
                manager=cast.gone,
                kind="backup",
                started_on=days_ago(50),
            ),
        ]
        if n % 10:
            assignments.append(
                AccountAssignment(
                    employer=employer, region=region, manager=cast.manager, started_on=days_ago(10)
                )
            )
        contacts += [
            ContactPerson(
                employer=employer,
                name=f"Kartrekker {n}",
                level="middle",
                is_champion=n % 2 == 0,
                last_verified_on=days_ago(30),
            ),
            ContactPerson(
                employer=employer,
                name=f"Vertrokken {n}",
                level="floor",
                is_supervisor=True,
                left_on=days_ago(5),
                last_verified_on=days_ago(30),
            ),
            ContactPerson(
                employer=employer, name=f"Gewisseld {n}", level="middle", last_verified_on=None
            ),
            ContactPerson(
                employer=employer,
                name=f"Oud {n}",
                level="floor",
                last_verified_on=days_ago(500),
            ),
        ]
        author = cast.colleague if n % 2 else cast.manager
        conversations.append(
            Conversation(
                employer=employer,
                author=author,
                channel="phone",
                summary="Bulk",
                occurred_at=later(-3 if n % 2 else -100),
            )
        )
    AccountAssignment.objects.bulk_create(assignments)
    contacts = ContactPerson.objects.bulk_create(contacts)
    Conversation.objects.bulk_create(conversations)
    ContactEvent.objects.bulk_create(
        ContactEvent(contact=contact, kind=kind, on=days_ago(5), at=later(-5))
        for contact in contacts
        for kind in {"Vertrokken": ["left"], "Gewisseld": ["role_changed"]}.get(
            contact.name.split()[0], []
        )
    )
    candidates = Candidate.objects.bulk_create(
        Candidate(region=region, first_name="Bulk", last_name=str(n), responsible=cast.colleague)
        for n in range(count)
    )
    leavers = {c.employer_id: c for c in contacts if c.name.startswith("Vertrokken")}
    placements = Placement.objects.bulk_create(
        Placement(
            candidate=candidate,
            employer=employer,
            job_title="Magazijnmedewerker",
            start_date=days_ago(300),
            contract_type="temporary",
            contract_end=days_ahead(20),
            hours_per_week=24,
            responsible=cast.colleague,
        )
        for candidate, employer in zip(candidates, employers, strict=True)
    )
    TeamMember.objects.bulk_create(
        TeamMember(
            placement=placement,
            role="supervisor",
            contact=leavers[placement.employer_id],
            start=placement.start_date,
        )
        for placement in placements
    )
    # Half the placements: a job coach who stops before the contract ends; the other half: job
    # coaching granted and no job coach.
    TeamMember.objects.bulk_create(
        TeamMember(
            placement=placement,
            role="job_coach",
            name="Karin Coach",
            start=placement.start_date,
            end=days_ahead(10),
        )
        for placement in placements[::2]
    )
    coaching = Instrument.objects.filter(region=region, kind="job_coach").first()
    InstrumentPeriod.objects.bulk_create(
        InstrumentPeriod(
            placement=placement, instrument=coaching, start=days_ago(30), status="granted"
        )
        for placement in placements[1::2]
    )
    FollowUp.objects.bulk_create(
        FollowUp(placement=placement, due_on=today + datetime.timedelta(days=offset), kind="Nazorg")
        for placement in placements
        for offset in (-3, 4, 60)
    )
    # The latest recorded follow-up says "at risk" (rule 15).
    FollowUp.objects.bulk_create(
        FollowUp(
            placement=placement,
            due_on=days_ago(10),
            kind="Nazorg",
            done_on=days_ago(10),
            outcome="at_risk",
        )
        for placement in placements
    )
    # Two placements ended early within the year at every employer (rule 16).
    leavers_candidates = Candidate.objects.bulk_create(
        Candidate(
            region=region, first_name="Bulk", last_name=f"{n}-{k}", responsible=cast.colleague
        )
        for n in range(count)
        for k in (1, 2)
    )
    Placement.objects.bulk_create(
        Placement(
            candidate=candidate,
            employer=employers[index // 2],
            job_title="Inpakker",
            start_date=days_ago(200),
            contract_type="permanent",
            hours_per_week=20,
            responsible=cast.colleague,
            status="ended",
            ended_on=days_ago(30 + index % 2 * 30),
            end_reason="dismissed",
        )
        for index, candidate in enumerate(leavers_candidates)
    )
    instrument = Instrument.objects.filter(region=region).first()
    InstrumentPeriod.objects.bulk_create(
        InstrumentPeriod(
            placement=placement,
            instrument=instrument,
            start=days_ago(300),
            end=days_ahead(15),
            status="granted",
        )
        for placement in placements
    )
    WageValueAssessment.objects.bulk_create(
        WageValueAssessment(
            placement=placement,
            assessed_on=days_ago(300),
            percentage=60,
            assessor_organisation="Loonwaarde BV",
            next_due_on=days_ahead(20),
        )
        for placement in placements
    )
    Action.objects.bulk_create(
        action
        for employer in employers
        for action in (
            Action(
                employer=employer,
                title="Offerte jobcoaching sturen",
                owner=cast.manager,
                due_on=days_ago(20),
            ),
            Action(
                employer=employer,
                kind=Action.Kind.QUESTION,
                title="Vraag over loonkostensubsidie",
                owner=cast.manager,
                due_on=days_ago(7),
                created_at=later(-10 - employer.pk % 2 * 5),
            ),
        )
    )
    return employers


def count_queries(func, *args, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        func(*args, **kwargs)
    return len(queries)


def fresh_region(code):
    from accounts.models import Region

    return Region.objects.get(code=code)


def scan_counts(region_code, employers):
    """Queries of one scan of a region with `employers` employers (all rules)."""
    cast = Cast(fresh_region(region_code))
    populate(cast, employers)
    first = count_queries(scan.scan_region, cast.region)
    kinds = set(Signal.objects.filter(region=cast.region).values_list("kind", flat=True))
    steady = count_queries(scan.scan_region, cast.region)
    # Changes: every stale employer talked to, the manager replaced (signals move to another
    # person), every champion gone: closes, updates and raises in one scan.
    Conversation.objects.filter(employer__region=cast.region).update(occurred_at=later(-1))
    AccountAssignment.objects.filter(
        region=cast.region, manager=cast.manager, ended_on__isnull=True
    ).update(manager=cast.colleague)
    ContactPerson.objects.filter(employer__region=cast.region, is_champion=True).update(
        is_champion=False
    )
    changed = count_queries(scan.scan_region, cast.region)
    return {"first": first, "steady": steady, "changed": changed, "kinds": kinds}


@pytest.mark.django_db
def test_a_steady_scan_costs_the_same_queries_for_20_and_500_employers():
    small = scan_counts("zeeland", 20)
    large = scan_counts("rijnmond", 500)

    assert small["kinds"] == large["kinds"] == set(Signal.Kind.values), "every kind takes part"
    assert small["steady"] == large["steady"]
    # One query per rule: issue 15 added eight (placement team 3, nazorg 3, instruments 2).
    assert small["steady"] <= 30


@pytest.mark.django_db
def test_raising_updating_and_closing_cost_the_same_queries_for_20_and_500_employers():
    """On SQLite Django splits bulk writes into batches of 999 parameters, so the number of
    queries there grows with the number of new signals; PostgreSQL writes each set at once."""
    require_service(uses_postgresql(), "fixed bulk-write query counts need PostgreSQL")
    small = scan_counts("zeeland", 20)
    large = scan_counts("rijnmond", 500)

    assert (small["first"], small["changed"]) == (large["first"], large["changed"])
    # One query per rule (issue 15 added eight: the placement team three, nazorg at risk one and
    # early endings two, instruments two) plus the reconciliation's writes.
    assert large["first"] <= 34 and large["changed"] <= 34


# Concurrent scans (PostgreSQL) -------------------------------------------------------------

ROUNDS = 10


def together(*calls):
    """Run the calls at once; return what each raised (None when it did not)."""
    outcomes = run_together(calls, timeout=60)
    return [outcome if isinstance(outcome, Exception) else None for outcome in outcomes]


def duplicate_open_keys():
    return list(
        Signal.objects.unresolved()
        .values("key")
        .annotate(rows=Count("pk"))
        .filter(rows__gt=1)
        .values_list("key", flat=True)
    )


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_scans_of_one_region_at_once_never_duplicate_a_signal():
    require_service(uses_postgresql(), "concurrent scans need PostgreSQL (set DATABASE_URL)")
    cast = Cast(fresh_region("twente"))
    employers = populate(cast, 30)
    expected = scan.scan_region(cast.region).keys
    assert len(expected) > 100

    for round_number in range(ROUNDS):
        if round_number % 2 == 0:
            Signal.objects.all().delete()  # both scans race to raise everything
        else:
            # Both scans race to close, update and raise.
            Conversation.objects.filter(employer__in=employers).update(occurred_at=later(-1))
            Employer.objects.filter(pk__in=[e.pk for e in employers[::3]]).update(
                stage="introduction"
            )
        second = (
            (lambda: scan.scan_all())
            if round_number % 4 == 1
            else (lambda: scan.scan_region(cast.region))
        )
        errors = together(lambda: scan.scan_region(cast.region), second)

        assert errors == [None, None], f"round {round_number}: {errors}"
        assert duplicate_open_keys() == [], f"round {round_number}"
        holding = scan.scan_region(cast.region)
        assert (holding.raised, holding.closed) == (0, 0), "the race left the region unsettled"
        open_keys = set(Signal.objects.unresolved().values_list("key", flat=True))
        assert open_keys == holding.keys
        if round_number % 2:
            Conversation.objects.filter(employer__in=employers).update(occurred_at=later(-100))
            Employer.objects.filter(pk__in=[e.pk for e in employers]).update(stage="active")


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_change_triggered_scans_of_one_employer_at_once_agree(
    quiet_employer, region, account_manager, supervisor, make_placement
):
    require_service(uses_postgresql(), "concurrent scans need PostgreSQL (set DATABASE_URL)")
    make_placement(quiet_employer, supervisor=supervisor)
    services.contact_mark_left(contact=supervisor, left_on=days_ago(1), by=account_manager)

    for round_number in range(ROUNDS):
        Signal.objects.all().delete()
        errors = together(
            lambda: scan.scan_employers([quiet_employer.pk]),
            lambda: scan.scan_employers([quiet_employer.pk]),
        )

        assert errors == [None, None], f"round {round_number}: {errors}"
        signal = the_signal(K.CONTACT_LEFT)
        assert (signal.severity, signal.assigned_to) == (S.URGENT, account_manager)


# The broker is down ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_is_saved_while_the_broker_is_down_and_the_next_scan_catches_up(
    dead_broker, quiet_employer, region, account_manager, supervisor, make_placement, caplog
):
    from wsp_crm.celery import app

    assert app.conf.broker_url == dead_broker
    # (A worker started earlier in the session leaves the root logger at ERROR.)
    caplog.set_level(logging.WARNING, logger="continuity.triggers")
    make_placement(quiet_employer, supervisor=supervisor)

    started = time.monotonic()
    services.contact_mark_left(
        contact=supervisor, left_on=timezone.localdate(), by=account_manager, reason="Verhuisd"
    )
    elapsed = time.monotonic() - started

    assert elapsed < 15, f"saving waited {elapsed:.1f}s for the broker"
    assert "Could not queue a continuity re-check" in caplog.text  # after the commit
    saved = ContactPerson.objects.get(pk=supervisor.pk)
    assert (saved.left_on, saved.left_reason) == (timezone.localdate(), "Verhuisd")
    assert ContactEvent.objects.filter(contact=supervisor, kind="left").count() == 1
    assert not Signal.objects.exists(), "nothing ran the re-check"

    scan.scan_all(rules=CHANGE_RULES)  # the next scheduled change scan

    signal = the_signal(K.CONTACT_LEFT)
    assert (signal.severity, signal.assigned_to, signal.contact_id) == (
        S.URGENT,
        account_manager,
        supervisor.pk,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_service_call_queues_no_re_check(
    dead_broker, quiet_employer, account_manager, supervisor, caplog
):
    caplog.set_level(logging.WARNING, logger="continuity.triggers")
    services.contact_mark_left(contact=supervisor, left_on=days_ago(1), by=account_manager)
    assert "Could not queue" in caplog.text
    caplog.clear()

    with pytest.raises(ValidationError):
        services.contact_mark_left(contact=supervisor, left_on=days_ago(1), by=account_manager)

    assert "Could not queue" not in caplog.text, "a rolled-back change must not be re-checked"
