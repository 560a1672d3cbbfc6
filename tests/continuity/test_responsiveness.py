"""The responsiveness rules (13 and 14), like the other rules in test_rules.py: a case that raises
(kind, severity, assignee, detail, due date, link), a near miss that does not, the automatic
closing with its reason, and idempotency. Then what only PostgreSQL shows: concurrent scans
escalate a question once.

Working days are Monday to Friday, so every scan here runs at a fixed moment: 10:00 on the
coming Wednesday ("W"); W-1 is Tuesday, W-5 the Friday before, W-7 the Wednesday before.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import user_set_active
from continuity import scan, selectors
from continuity.models import RegionPolicy, Signal
from continuity.rules import Context, overdue_actions, unanswered_questions
from continuity.services import signal_resolve
from employers import services
from employers.models import AccountAssignment, Action, Employer
from employers.services import actions
from tests.conftest import make_user, require_service, uses_postgresql
from tests.continuity.conftest import days_ahead, run_scan, signals_of, the_signal
from tests.continuity.test_scan import together
from wsp_crm.workdays import add_working_days

pytestmark = pytest.mark.django_db

K = Signal.Kind
S = Signal.Severity


def coming_wednesday():
    today = timezone.localdate()
    return today + datetime.timedelta(days=(2 - today.weekday()) % 7)


W = coming_wednesday()


def day(offset):
    return W + datetime.timedelta(days=offset)


def at(date, hour=10):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


def scan_on(region, offset=0):
    return run_scan(region, now=at(day(offset)))


def assert_closed(signal, reason):
    signal.refresh_from_db()
    assert (signal.status, signal.closed_reason) == (Signal.Status.AUTO_CLOSED, reason)


@pytest.fixture
def make_action(quiet_employer, account_manager):
    """make_action(due_on, **fields): an open task at quiet_employer, owned by account_manager,
    created through the service (a due date in the past is allowed for the set-up)."""

    def make(due_on, **fields):
        values = {"title": "Offerte jobcoaching sturen", "owner": account_manager, **fields}
        return actions.action_create(
            employer=quiet_employer, by=account_manager, due_on=due_on, check_due=False, **values
        )

    return make


@pytest.fixture
def asker(quiet_employer):
    return make_user(
        "hr@anker.test", User.Role.EMPLOYER_USER, first_name="Sanne", employer=quiet_employer
    )


@pytest.fixture
def ask(quiet_employer, asker, account_manager):
    """ask(asked_on): the employer's portal question, asked at 9:00 that day, for
    account_manager, due three working days later (the portal's promise)."""

    def make(asked_on, owner=None):
        question = actions.action_create(
            employer=quiet_employer,
            by=asker,
            kind=Action.Kind.QUESTION,
            title="Kunnen we loonkostensubsidie aanvragen voor onze nieuwe medewerker?",
            owner=owner or account_manager,
            due_on=add_working_days(asked_on, 3),
            check_due=False,
        )
        Action.objects.filter(pk=question.pk).update(created_at=at(asked_on, 9))
        question.refresh_from_db()
        return question

    return make


def snapshot():
    fields = [f.attname for f in Signal._meta.concrete_fields]
    return list(Signal.objects.order_by("pk").values_list(*fields))


# Rule 13: an action overdue by more than N working days -----------------------------------------


@pytest.mark.parametrize(("due_offset", "flagged"), [(-8, True), (-7, False)])
def test_an_action_overdue_by_more_than_five_working_days_goes_to_its_owner(
    make_action, quiet_employer, region, account_manager, due_offset, flagged
):
    """Due on the Wednesday before: Thursday, Friday, Monday, Tuesday, Wednesday are five
    working days overdue, not more. Due the Tuesday before: six."""
    action = make_action(day(due_offset))

    scan_on(region)

    assert signals_of(K.ACTION_OVERDUE).exists() is flagged
    if flagged:
        signal = the_signal(K.ACTION_OVERDUE)
        assert (signal.severity, signal.assigned_to, signal.also_assigned_to) == (
            S.ATTENTION,
            account_manager,
            None,
        )
        assert (signal.employer, signal.action, signal.placement) == (quiet_employer, action, None)
        assert (signal.detail, signal.due_on) == ("Offerte jobcoaching sturen", day(due_offset))
        assert signal.get_kind_display() == "Actie over tijd"


def test_the_overdue_action_goes_to_its_owner_not_the_fixed_manager(make_action, region, colleague):
    make_action(day(-10), owner=colleague)

    scan_on(region)

    assert the_signal(K.ACTION_OVERDUE).assigned_to == colleague


def test_an_overdue_action_of_a_deactivated_owner_goes_to_the_fixed_manager_else_the_lead(
    make_action, quiet_employer, region, account_manager, colleague, team_lead, wsp_admin
):
    make_action(day(-10), owner=colleague)
    user_set_active(user=colleague, active=False, by=wsp_admin)

    scan_on(region)
    signal = the_signal(K.ACTION_OVERDUE)
    assert signal.assigned_to == account_manager

    services.assignment_end(
        assignment=AccountAssignment.objects.get(employer=quiet_employer), by=team_lead
    )
    scan_on(region)
    signal.refresh_from_db()
    assert signal.assigned_to == team_lead


def test_the_working_days_for_an_overdue_action_come_from_the_region_policy(make_action, region):
    RegionPolicy.objects.create(region=region, action_overdue_working_days=2)
    make_action(day(-5))  # the Friday before: Monday, Tuesday, Wednesday overdue

    scan_on(region)

    assert signals_of(K.ACTION_OVERDUE).count() == 1


def test_the_overdue_action_signal_closes_when_the_action_is_done(
    make_action, region, account_manager
):
    action = make_action(day(-10))
    scan_on(region)
    signal = the_signal(K.ACTION_OVERDUE)

    actions.action_complete(action=action, by=account_manager)
    result = scan_on(region)

    assert result.closed == 1
    assert_closed(signal, "De actie is gedaan, geannuleerd of uitgesteld.")


def test_the_overdue_action_signal_closes_when_the_action_is_cancelled(
    make_action, region, account_manager
):
    action = make_action(day(-10))
    scan_on(region)
    signal = the_signal(K.ACTION_OVERDUE)

    actions.action_cancel(action=action, by=account_manager, reason="Werkgever heeft afgezegd")
    scan_on(region)

    assert_closed(signal, "De actie is gedaan, geannuleerd of uitgesteld.")


def test_postponing_closes_it_and_missing_the_new_date_is_a_new_signal(
    make_action, region, account_manager
):
    action = make_action(day(-10))
    scan_on(region)
    first = the_signal(K.ACTION_OVERDUE)
    signal_resolve(signal=first, by=account_manager, note="Werkgever gebeld, nieuwe datum")

    new_due = days_ahead(7)
    actions.action_postpone(
        action=action, by=account_manager, due_on=new_due, reason="Werkgever op vakantie"
    )
    run_scan(region, now=at(new_due + datetime.timedelta(days=1)))
    assert not signals_of(K.ACTION_OVERDUE).exists()

    run_scan(region, now=at(new_due + datetime.timedelta(days=14)))
    again = the_signal(K.ACTION_OVERDUE)
    assert again.pk != first.pk
    assert again.due_on == new_due


def test_the_overdue_action_signal_follows_a_reassignment(make_action, region, colleague):
    action = make_action(day(-10))
    scan_on(region)
    signal = the_signal(K.ACTION_OVERDUE)

    actions.action_reassign(action=action, by=action.owner, owner=colleague)
    result = scan_on(region)

    signal.refresh_from_db()
    assert (result.updated, signal.assigned_to) == (1, colleague)


def test_questions_and_closed_actions_are_not_overdue_actions(
    make_action, ask, region, account_manager
):
    done = make_action(day(-10))
    actions.action_complete(action=done, by=account_manager)
    ask(day(-1))  # a fresh question whose due date is still ahead
    old = ask(day(-30))

    scan_on(region)

    assert not signals_of(K.ACTION_OVERDUE).exists()
    assert the_signal(K.QUESTION_UNANSWERED).action == old


def test_the_overdue_action_rule_is_idempotent(make_action, region):
    make_action(day(-10))
    make_action(day(-20), title="Terugbellen over werkplekaanpassing")
    first = scan_on(region)
    before = snapshot()

    second = scan_on(region)

    assert (first.raised, second.raised, second.updated, second.closed) == (2, 0, 0, 0)
    assert snapshot() == before


# Rule 14: an employer's question unanswered -----------------------------------------------------


@pytest.mark.parametrize(("asked_offset", "flagged"), [(-6, True), (-5, False)])
def test_a_question_unanswered_after_three_working_days_is_flagged_to_its_owner(
    ask, quiet_employer, region, account_manager, asked_offset, flagged
):
    """Asked on Thursday: Friday, Monday, Tuesday are the three working days the portal promised;
    on Wednesday it is late. Asked on Friday: still within the promise."""
    question = ask(day(asked_offset))

    scan_on(region)

    assert signals_of(K.QUESTION_UNANSWERED).exists() is flagged
    if flagged:
        signal = the_signal(K.QUESTION_UNANSWERED)
        assert (signal.severity, signal.assigned_to, signal.escalated_at) == (
            S.ATTENTION,
            account_manager,
            None,
        )
        assert (signal.employer, signal.action, signal.due_on) == (
            quiet_employer,
            question,
            question.due_on,
        )
        asked = day(asked_offset).strftime("%d-%m-%Y")
        assert signal.detail == (
            f"gesteld op {asked}: Kunnen we loonkostensubsidie aanvragen voor onze nieuwe "
            "medewerker?"
        )
        assert signal.get_kind_display() == "Vraag van werkgever onbeantwoord"


def test_after_five_working_days_the_question_is_urgent_and_goes_to_the_team_lead(
    ask, region, account_manager, team_lead
):
    ask(day(-8))  # the Tuesday before
    scan_on(region, -2)  # Monday: four working days
    signal = the_signal(K.QUESTION_UNANSWERED)
    assert (signal.severity, signal.escalated_at) == (S.ATTENTION, None)

    result = scan_on(region)  # Wednesday: six working days

    signal.refresh_from_db()
    assert (result.raised, result.escalated) == (0, 1), "the same signal rises"
    assert (signal.severity, signal.assigned_to) == (S.URGENT, account_manager)
    assert (signal.escalated_to, signal.escalated_at) == (team_lead, at(W))
    assert [s.pk for s in selectors.inbox_signals(team_lead, "escalated")] == [signal.pk]

    scan_on(region, 1)
    signal.refresh_from_db()
    assert signal.escalated_at == at(W), "escalated once"


def test_a_question_found_late_is_raised_urgent_and_escalated_at_once(ask, region, team_lead):
    ask(day(-14))

    result = scan_on(region)

    signal = the_signal(K.QUESTION_UNANSWERED)
    assert result.escalated == 1
    assert (signal.severity, signal.escalated_to, signal.escalated_at) == (
        S.URGENT,
        team_lead,
        at(W),
    )


def test_a_question_of_a_deactivated_owner_goes_to_the_fixed_manager(
    ask, region, account_manager, colleague, wsp_admin
):
    ask(day(-6), owner=colleague)
    user_set_active(user=colleague, active=False, by=wsp_admin)

    scan_on(region)

    assert the_signal(K.QUESTION_UNANSWERED).assigned_to == account_manager


def test_answering_the_question_closes_its_signal(ask, region, account_manager):
    question = ask(day(-14))
    scan_on(region)
    signal = the_signal(K.QUESTION_UNANSWERED)

    actions.question_answer(
        action=question, by=account_manager, answer="Ja, dat kan; ik stuur u het formulier."
    )
    result = scan_on(region)

    assert result.closed == 1
    assert_closed(signal, "De vraag is beantwoord of gesloten.")
    signal.refresh_from_db()
    assert signal.escalated_at is not None, "the escalation stays on the record"


def test_the_question_rule_is_idempotent(ask, region):
    ask(day(-6))
    ask(day(-14))
    first = scan_on(region)
    before = snapshot()

    second = scan_on(region)

    assert (first.raised, second.raised, second.updated, second.escalated) == (2, 0, 0, 0)
    assert snapshot() == before


def test_each_responsiveness_rule_is_one_query_whatever_the_number_of_actions(
    make_action, ask, region, team_lead
):
    for n in range(5):
        make_action(day(-10 - n), title=f"Actie {n}")
        ask(day(-10 - n))
    ctx = Context(
        employers=Employer.objects.filter(region=region),
        policy=scan.policy_for(region),
        today=W,
        now=at(W),
        team_lead_id=team_lead.pk,
    )
    for rule in (overdue_actions, unanswered_questions):
        with CaptureQueriesContext(connection) as queries:
            findings = list(rule(ctx))
        assert (len(findings), len(queries)) == (5, 1), rule.__name__


def test_the_signal_page_links_to_the_employer_and_the_question(
    ask, region, quiet_employer, account_manager, client_for
):
    question = ask(day(-6))
    scan_on(region)
    signal = the_signal(K.QUESTION_UNANSWERED)

    html = client_for(account_manager).get(reverse("continuity:detail", args=[signal.pk]))

    html = html.content.decode()
    assert f'href="{quiet_employer.get_absolute_url()}#action-{question.pk}"' in html
    assert "<dt>Vraag</dt>" in html
    assert "Beantwoord de vraag van de werkgever" in html


# PostgreSQL ---------------------------------------------------------------------------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_scans_at_once_escalate_each_question_once(
    quiet_employer, region, account_manager, team_lead
):
    require_service(uses_postgresql(), "concurrent scans need PostgreSQL (set DATABASE_URL)")
    asker = make_user(
        "hr@anker.test", User.Role.EMPLOYER_USER, first_name="Sanne", employer=quiet_employer
    )
    for n in range(20):
        question = actions.action_create(
            employer=quiet_employer,
            by=asker,
            kind=Action.Kind.QUESTION,
            title=f"Vraag {n}",
            owner=account_manager,
            due_on=day(-5),
            check_due=False,
        )
        Action.objects.filter(pk=question.pk).update(created_at=at(day(-8), 9))
        actions.action_create(
            employer=quiet_employer,
            by=account_manager,
            title=f"Actie {n}",
            due_on=day(-10 - n),
            check_due=False,
        )
    scan.scan_region(region, now=at(day(-2)))  # Monday: late, not yet urgent
    assert Signal.objects.filter(kind=K.QUESTION_UNANSWERED, escalated_at=None).count() == 20

    results = []
    moments = [at(W), at(W) + datetime.timedelta(minutes=1)]
    errors = together(
        *[lambda now=now: results.append(scan.scan_region(region, now=now)) for now in moments]
    )

    assert errors == [None, None]
    assert sum(result.escalated for result in results) == 20, "each question escalated once"
    questions = Signal.objects.filter(kind=K.QUESTION_UNANSWERED)
    assert questions.count() == 20
    assert set(questions.values_list("severity", "escalated_to")) == {(S.URGENT, team_lead.pk)}
    assert set(questions.values_list("escalated_at", flat=True)) <= set(moments)
    assert Signal.objects.filter(kind=K.ACTION_OVERDUE).count() == 20
