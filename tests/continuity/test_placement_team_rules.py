"""The placement-team rules (continuity/rules/placement_team.py; issue 15, R38, R24, R22), each
with dates on both sides of its threshold, the assignees (the fixed manager and the placement's
responsible staff member) and the automatic closing. Changes go through the services.

Run against PostgreSQL too: DATABASE_URL=postgres://... pytest tests/continuity/
test_placement_team_rules.py (the worker test lives in tests/continuity/test_worker.py)."""

import datetime

import pytest
from django.urls import reverse

from continuity.models import RegionPolicy, Signal
from employers import services
from placements import services as placement_services
from placements import team_services
from placements.models import Instrument, InstrumentPeriod, TeamMember
from tests.continuity.conftest import days_ago, days_ahead, run_scan, signals_of, the_signal
from tests.factories import ContactPersonFactory

pytestmark = pytest.mark.django_db

K = Signal.Kind
S = Signal.Severity


def member(placement, role, *, contact=None, start=None, end=None, name=""):
    """A member written directly (set-up only): from the placement's start unless told."""
    return TeamMember.objects.create(
        placement=placement,
        role=role,
        contact=contact,
        name=name,
        start=start or placement.start_date,
        end=end,
    )


def assert_closed(signal, reason):
    signal.refresh_from_db()
    assert signal.status == Signal.Status.AUTO_CLOSED
    assert signal.closed_reason == reason


@pytest.fixture
def buddy(quiet_employer):
    return ContactPersonFactory(
        employer=quiet_employer, name="Fatima El Amrani", level="floor", is_hr=False
    )


@pytest.fixture
def guided(quiet_employer, make_placement, supervisor, buddy, colleague):
    """An active placement (colleague responsible) with a supervisor and a buddy."""
    placement = make_placement(quiet_employer, supervisor=supervisor, responsible=colleague)
    member(placement, "buddy", contact=buddy)
    return placement


# Rule 14: no supervisor or buddy left (R38) ----------------------------------------------------


def test_one_guide_leaving_is_not_yet_a_placement_at_risk(
    guided, region, account_manager, supervisor
):
    services.contact_mark_left(contact=supervisor, left_on=days_ago(1), by=account_manager)
    run_scan(region)

    assert not signals_of(K.PLACEMENT_AT_RISK).exists()
    assert the_signal(K.CONTACT_LEFT).severity == S.ATTENTION, "the buddy still guides"


def test_both_guides_gone_is_urgent_for_the_manager_and_the_responsible(
    guided, region, account_manager, colleague, supervisor, buddy
):
    services.contact_mark_left(contact=supervisor, left_on=days_ago(3), by=account_manager)
    services.contact_mark_left(contact=buddy, left_on=days_ago(0), by=account_manager)
    run_scan(region)

    signal = the_signal(K.PLACEMENT_AT_RISK)
    assert signal.severity == S.URGENT
    assert (signal.assigned_to, signal.also_assigned_to) == (account_manager, colleague)
    assert (signal.placement, signal.employer) == (guided, guided.employer)
    assert signal.detail == f"{guided.job_title} · geen leidinggevende of werkbegeleider meer"


@pytest.mark.parametrize(("buddy_left_in_days", "at_risk"), [(0, True), (1, False)])
def test_a_guide_counts_as_gone_from_their_leaving_day(
    guided, region, account_manager, supervisor, buddy, buddy_left_in_days, at_risk
):
    services.contact_mark_left(contact=supervisor, left_on=days_ago(10), by=account_manager)
    services.contact_mark_left(
        contact=buddy, left_on=days_ahead(buddy_left_in_days), by=account_manager
    )
    run_scan(region)

    assert signals_of(K.PLACEMENT_AT_RISK).exists() is at_risk


@pytest.mark.parametrize(("period_ends_in", "at_risk"), [(-1, True), (0, False)])
def test_an_ended_period_and_a_leaver_together_leave_the_placement_at_risk(
    guided, region, account_manager, supervisor, buddy, period_ends_in, at_risk
):
    """Any combination: the supervisor left the employer, the buddy's period ended."""
    services.contact_mark_left(contact=supervisor, left_on=days_ago(5), by=account_manager)
    buddy_member = guided.team.get(role="buddy")
    buddy_member.end = days_ahead(period_ends_in)
    buddy_member.save()
    run_scan(region)

    assert signals_of(K.PLACEMENT_AT_RISK).exists() is at_risk


def test_hr_and_the_job_coach_do_not_guide_on_the_job(
    quiet_employer, region, make_placement, account_manager, supervisor
):
    placement = make_placement(quiet_employer, supervisor=supervisor)
    hr = ContactPersonFactory(employer=quiet_employer, name="Mirjam Hoekstra")
    member(placement, "hr", contact=hr)
    member(placement, "job_coach", name="Karin Coach")
    services.contact_mark_left(contact=supervisor, left_on=days_ago(1), by=account_manager)
    run_scan(region)

    assert the_signal(K.PLACEMENT_AT_RISK).placement == placement


def test_a_placement_that_never_had_a_guide_is_not_flagged(quiet_employer, region, make_placement):
    make_placement(quiet_employer)
    run_scan(region)
    assert not signals_of(K.PLACEMENT_AT_RISK).exists()


def test_a_new_supervisor_closes_the_signal_in_the_request_and_by_scan(
    guided, region, account_manager, supervisor, buddy, client_for
):
    services.contact_mark_left(contact=supervisor, left_on=days_ago(3), by=account_manager)
    services.contact_mark_left(contact=buddy, left_on=days_ago(1), by=account_manager)
    run_scan(region)
    signal = the_signal(K.PLACEMENT_AT_RISK)
    successor = ContactPersonFactory(employer=guided.employer, name="Ingrid Smit")

    # On the page: the request's own re-check closes it before the next page is shown.
    response = client_for(account_manager).post(
        reverse("placements:team_add", args=[guided.pk]),
        {"team-role": "supervisor", "team-contact": successor.pk, "team-start": str(days_ago(0))},
        follow=True,
    )
    assert response.status_code == 200
    assert "Signalen gesloten: Plaatsing in gevaar" in response.text
    assert_closed(
        signal,
        "Er is een leidinggevende of werkbegeleider aan het team toegevoegd, of de plaatsing is "
        "beëindigd.",
    )
    run_scan(region)
    assert not signals_of(K.PLACEMENT_AT_RISK).exists(), "the scan agrees"


def test_ending_the_placement_closes_the_signal(guided, region, account_manager, supervisor, buddy):
    services.contact_mark_left(contact=supervisor, left_on=days_ago(3), by=account_manager)
    services.contact_mark_left(contact=buddy, left_on=days_ago(1), by=account_manager)
    run_scan(region)
    signal = the_signal(K.PLACEMENT_AT_RISK)

    placement_services.placement_end(
        placement=guided, ended_on=days_ago(0), reason="guidance", by=account_manager
    )
    run_scan(region)
    assert_closed(
        signal,
        "Er is een leidinggevende of werkbegeleider aan het team toegevoegd, of de plaatsing is "
        "beëindigd.",
    )


def test_a_leaving_supervisor_is_urgent_ahead_when_nobody_else_guides(
    quiet_employer, region, make_placement, account_manager, supervisor
):
    """The contact_left signal (rule 1) warns before the day; rule 14 follows on the day."""
    placement = make_placement(quiet_employer, supervisor=supervisor)
    services.contact_mark_left(contact=supervisor, left_on=days_ahead(14), by=account_manager)
    run_scan(region)

    left = the_signal(K.CONTACT_LEFT)
    assert (left.severity, left.placement) == (S.URGENT, placement)
    assert not signals_of(K.PLACEMENT_AT_RISK).exists()


# Rule 15: the job coach stops while the placement runs (R24, R22) -------------------------------


@pytest.mark.parametrize(
    ("weeks", "ends_in", "flagged"),
    [(None, 56, True), (None, 57, False), (4, 28, True), (4, 29, False), (None, 0, True)],
)
def test_a_job_coach_period_ending_within_the_regions_weeks_is_flagged(
    quiet_employer, region, make_placement, account_manager, colleague, weeks, ends_in, flagged
):
    if weeks is not None:
        RegionPolicy.objects.create(region=region, job_coach_end_weeks=weeks)
    placement = make_placement(quiet_employer, contract_end=None, responsible=colleague)
    member(placement, "job_coach", name="Karin Coach", end=days_ahead(ends_in))
    run_scan(region)

    assert signals_of(K.JOB_COACH_ENDING).exists() is flagged
    if flagged:
        signal = the_signal(K.JOB_COACH_ENDING)
        assert (signal.severity, signal.due_on) == (S.ATTENTION, days_ahead(ends_in))
        assert (signal.assigned_to, signal.also_assigned_to) == (account_manager, colleague)
        assert signal.detail == f"{placement.job_title} · Karin Coach"


@pytest.mark.parametrize(("contract_ends_after", "flagged"), [(0, False), (1, True)])
def test_only_while_the_placement_runs_on_after_the_coach(
    quiet_employer, region, make_placement, contract_ends_after, flagged
):
    coach_end = days_ahead(20)
    placement = make_placement(
        quiet_employer, contract_end=coach_end + datetime.timedelta(days=contract_ends_after)
    )
    member(placement, "job_coach", name="Karin Coach", end=coach_end)
    run_scan(region)

    assert signals_of(K.JOB_COACH_ENDING).exists() is flagged


def test_a_past_coach_period_is_not_flagged_by_this_rule(quiet_employer, region, make_placement):
    placement = make_placement(quiet_employer, contract_end=None)
    member(placement, "job_coach", name="Karin Coach", end=days_ago(1))
    run_scan(region)
    assert not signals_of(K.JOB_COACH_ENDING).exists()


def test_a_next_coach_or_an_extension_closes_the_signal(
    quiet_employer, region, make_placement, account_manager
):
    placement = make_placement(quiet_employer, contract_end=None)
    coach = member(placement, "job_coach", name="Karin Coach", end=days_ahead(10))
    run_scan(region)
    signal = the_signal(K.JOB_COACH_ENDING)

    team_services.team_add(
        placement=placement,
        role="job_coach",
        name="Piet Coach",
        organisation="Jobcoach Midden",
        start=days_ahead(11),
        by=account_manager,
    )
    run_scan(region)
    assert_closed(
        signal,
        "De periode van de jobcoach is verlengd, er is een volgende jobcoach vastgelegd, de dag "
        "is voorbij of de plaatsing eindigt eerder.",
    )
    assert coach.pk


# Rule 16: job coaching granted, nobody is the job coach (R22) -----------------------------------


@pytest.fixture
def job_coaching(region):
    return Instrument.objects.get(region=region, kind=Instrument.Kind.JOB_COACH)


def coaching_period(placement, instrument, start, end=None, status="granted"):
    return InstrumentPeriod.objects.create(
        placement=placement, instrument=instrument, start=start, end=end, status=status
    )


@pytest.mark.parametrize(
    ("start", "end", "status", "flagged"),
    [
        (0, None, "granted", True),
        (1, None, "granted", False),  # starts tomorrow
        (-30, 0, "applied", True),  # ends today
        (-30, -1, "granted", False),  # ended yesterday
        (-30, None, "ended", False),
    ],
)
def test_a_running_job_coach_instrument_without_a_coach_is_flagged(
    quiet_employer,
    region,
    make_placement,
    job_coaching,
    account_manager,
    colleague,
    start,
    end,
    status,
    flagged,
):
    placement = make_placement(quiet_employer, responsible=colleague)
    coaching_period(
        placement,
        job_coaching,
        days_ahead(start),
        days_ahead(end) if end is not None else None,
        status,
    )
    run_scan(region)

    assert signals_of(K.JOB_COACH_MISSING).exists() is flagged
    if flagged:
        signal = the_signal(K.JOB_COACH_MISSING)
        assert (signal.severity, signal.placement) == (S.ATTENTION, placement)
        assert (signal.assigned_to, signal.also_assigned_to) == (account_manager, colleague)


@pytest.mark.parametrize(("coach_ended_days_ago", "flagged"), [(1, True), (0, False)])
def test_a_coach_whose_period_ended_no_longer_counts(
    quiet_employer, region, make_placement, job_coaching, coach_ended_days_ago, flagged
):
    placement = make_placement(quiet_employer)
    coaching_period(placement, job_coaching, days_ago(60))
    member(placement, "job_coach", name="Karin Coach", end=days_ago(coach_ended_days_ago))
    run_scan(region)

    assert signals_of(K.JOB_COACH_MISSING).exists() is flagged


def test_another_instrument_needs_no_coach_and_a_new_coach_closes_the_signal(
    quiet_employer, region, make_placement, job_coaching, account_manager
):
    placement = make_placement(quiet_employer)
    other = Instrument.objects.filter(region=region).exclude(kind="job_coach").first()
    coaching_period(placement, other, days_ago(10))
    run_scan(region)
    assert not signals_of(K.JOB_COACH_MISSING).exists()

    coaching_period(placement, job_coaching, days_ago(10))
    run_scan(region)
    signal = the_signal(K.JOB_COACH_MISSING)
    team_services.team_add(
        placement=placement, role="job_coach", staff=account_manager, by=account_manager
    )
    run_scan(region)
    assert_closed(
        signal,
        "Er is een jobcoach aan het team toegevoegd, of de instrumentperiode jobcoaching is "
        "afgelopen.",
    )
