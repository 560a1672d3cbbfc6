"""Rules 15 and 16 (continuity/rules/nazorg.py): a follow-up recorded "at risk" escalates, and
an employer where placements keep ending early is flagged. Each with dates on both sides of its
threshold; the changes go through the services a person would use."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from continuity.models import Signal
from placements import services as placement_services
from placements.models import FollowUp, Placement
from tests.continuity.conftest import days_ago, days_ahead, run_scan, signals_of, the_signal

pytestmark = pytest.mark.django_db

K = Signal.Kind
S = Signal.Severity


@pytest.fixture
def placement(quiet_employer, make_placement, colleague):
    """An active placement whose responsible staff member is the colleague (not the manager)."""
    return make_placement(quiet_employer, responsible=colleague)


def record(placement, outcome, *, done_on=None, by, kind="Na 3 maanden"):
    follow_up = FollowUp.objects.create(
        placement=placement, due_on=done_on or timezone.localdate(), kind=kind
    )
    return placement_services.follow_up_record(
        follow_up=follow_up, outcome=outcome, done_on=done_on, by=by
    )


# Rule 15: a follow-up recorded "at risk" ---------------------------------------------------


def test_at_risk_goes_urgent_to_manager_and_responsible_and_up_to_the_team_lead(
    placement, region, account_manager, colleague, team_lead
):
    record(placement, FollowUp.Outcome.AT_RISK, done_on=days_ago(2), by=colleague)

    run_scan(region)

    signal = the_signal(K.FOLLOW_UP_AT_RISK)
    assert (signal.severity, signal.placement, signal.employer) == (
        S.URGENT,
        placement,
        placement.employer,
    )
    assert (signal.assigned_to, signal.also_assigned_to) == (account_manager, colleague)
    assert (signal.escalated_to, signal.escalated_at is not None) == (team_lead, True)
    assert signal.detail == f"{placement.job_title}: Na 3 maanden op {days_ago(2):%d-%m-%Y}"
    assert signal.due_on == days_ago(2)


@pytest.mark.parametrize(
    "outcome", [FollowUp.Outcome.GOING_WELL, FollowUp.Outcome.ATTENTION, FollowUp.Outcome.ENDED]
)
def test_other_outcomes_raise_nothing(placement, region, colleague, outcome):
    record(placement, outcome, by=colleague)

    run_scan(region)

    assert not signals_of(K.FOLLOW_UP_AT_RISK).exists()


@pytest.mark.parametrize(("later_days_ago", "closes"), [(1, True), (3, False)])
def test_a_later_follow_up_without_risk_closes_it_an_earlier_one_does_not(
    placement, region, colleague, later_days_ago, closes
):
    """The at-risk follow-up was done 2 days ago: a good one recorded after it (1 day ago)
    closes the signal; one recorded with an earlier date (3 days ago) does not."""
    record(placement, FollowUp.Outcome.AT_RISK, done_on=days_ago(2), by=colleague)
    run_scan(region)
    signal = the_signal(K.FOLLOW_UP_AT_RISK)

    record(placement, FollowUp.Outcome.GOING_WELL, done_on=days_ago(later_days_ago), by=colleague)
    run_scan(region)

    signal.refresh_from_db()
    assert (signal.status == Signal.Status.AUTO_CLOSED) is closes
    if closes:
        assert (
            signal.closed_reason == "Een latere nazorg is vastgelegd, of de plaatsing is beëindigd."
        )


def test_a_second_at_risk_replaces_the_signal(placement, region, colleague):
    first = record(placement, FollowUp.Outcome.AT_RISK, done_on=days_ago(20), by=colleague)
    run_scan(region)
    old = the_signal(K.FOLLOW_UP_AT_RISK)
    assert old.key == f"follow_up_at_risk:{placement.pk}:{first.pk}"

    second = record(placement, FollowUp.Outcome.AT_RISK, done_on=days_ago(1), by=colleague)
    run_scan(region)

    old.refresh_from_db()
    assert old.status == Signal.Status.AUTO_CLOSED
    assert the_signal(K.FOLLOW_UP_AT_RISK).key == f"follow_up_at_risk:{placement.pk}:{second.pk}"


def test_ending_the_placement_closes_it(placement, region, colleague):
    record(placement, FollowUp.Outcome.AT_RISK, done_on=days_ago(2), by=colleague)
    run_scan(region)
    signal = the_signal(K.FOLLOW_UP_AT_RISK)

    placement_services.placement_end(
        placement=placement, ended_on=days_ago(0), reason="dismissed", by=colleague
    )
    run_scan(region)

    signal.refresh_from_db()
    assert signal.status == Signal.Status.AUTO_CLOSED


def test_without_a_fixed_manager_it_goes_to_the_responsible_and_up_to_the_team_lead(
    quiet_employer, placement, region, colleague, team_lead
):
    quiet_employer.assignments.update(ended_on=days_ago(1))
    record(placement, FollowUp.Outcome.AT_RISK, by=colleague)

    run_scan(region)

    signal = the_signal(K.FOLLOW_UP_AT_RISK)
    assert (signal.assigned_to, signal.also_assigned_to) == (colleague, None)
    assert signal.escalated_to == team_lead


# Rule 16: two or more early endings at one employer within 12 months -----------------------


def end_early(make_placement, employer, ended_on, *, by, reason="dismissed", **fields):
    placement = make_placement(
        employer, start_date=ended_on - datetime.timedelta(days=90), **fields
    )
    return placement_services.placement_end(
        placement=placement, ended_on=ended_on, reason=reason, by=by
    )


def year_ago_plus(days):
    """The day `days` after the day twelve months ago (0: exactly twelve months ago)."""
    return timezone.localdate() - relativedelta(months=12) + datetime.timedelta(days=days)


@pytest.mark.parametrize(("older_days", "flagged"), [(1, True), (0, False)])
def test_two_early_endings_within_twelve_months_go_to_the_fixed_manager(
    quiet_employer, region, make_placement, account_manager, older_days, flagged
):
    """The window is the last twelve months: an ending one day inside it counts, one on the
    day twelve months ago no longer does."""
    end_early(make_placement, quiet_employer, year_ago_plus(older_days), by=account_manager)
    end_early(make_placement, quiet_employer, days_ago(3), by=account_manager)

    run_scan(region)

    assert signals_of(K.EARLY_ENDINGS).exists() is flagged
    if flagged:
        signal = the_signal(K.EARLY_ENDINGS)
        assert (signal.assigned_to, signal.severity, signal.employer) == (
            account_manager,
            S.ATTENTION,
            quiet_employer,
        )
        assert signal.due_on == days_ago(3)
        assert signal.detail.startswith("2 plaatsingen zijn binnen 12 maanden voortijdig")


def test_endings_that_are_not_early_do_not_count(
    quiet_employer, region, make_placement, account_manager
):
    """A contract that ran to its end, and a move to another job (doorstroom), are no early
    endings."""
    end_early(make_placement, quiet_employer, days_ago(10), by=account_manager)
    end_early(
        make_placement,
        quiet_employer,
        days_ago(5),
        by=account_manager,
        reason="other_job",
        contract_type=Placement.ContractType.PERMANENT,
    )
    end_early(
        make_placement,
        quiet_employer,
        days_ago(4),
        by=account_manager,
        reason="contract_ended",
        contract_end=days_ago(4),
    )
    run_scan(region)
    assert not signals_of(K.EARLY_ENDINGS).exists()

    # Ending a temporary contract a day before its end does count.
    end_early(
        make_placement,
        quiet_employer,
        days_ago(2),
        by=account_manager,
        contract_end=days_ago(1),
    )
    run_scan(region)
    assert the_signal(K.EARLY_ENDINGS).detail.startswith("2 plaatsingen")


def test_a_new_early_ending_replaces_the_signal_and_the_window_closes_it(
    quiet_employer, region, make_placement, account_manager
):
    end_early(make_placement, quiet_employer, days_ago(300), by=account_manager)
    end_early(make_placement, quiet_employer, days_ago(200), by=account_manager)
    run_scan(region)
    first = the_signal(K.EARLY_ENDINGS)

    end_early(make_placement, quiet_employer, days_ago(1), by=account_manager)
    run_scan(region)
    first.refresh_from_db()
    assert first.status == Signal.Status.AUTO_CLOSED
    second = the_signal(K.EARLY_ENDINGS)
    assert second.detail.startswith("3 plaatsingen")

    # 200 days on, the first two have left the window: one early ending remains.
    run_scan(region, now=timezone.now() + datetime.timedelta(days=200))
    second.refresh_from_db()
    assert second.status == Signal.Status.AUTO_CLOSED


def test_without_a_fixed_manager_early_endings_go_to_the_team_lead(
    quiet_employer, region, make_placement, account_manager, team_lead
):
    end_early(make_placement, quiet_employer, days_ago(30), by=account_manager)
    end_early(make_placement, quiet_employer, days_ago(20), by=account_manager)
    quiet_employer.assignments.update(ended_on=days_ago(1))

    run_scan(region)

    assert the_signal(K.EARLY_ENDINGS).assigned_to == team_lead


def test_early_endings_at_another_employer_are_counted_apart(
    quiet_employer, region, make_placement, account_manager, signal_employer
):
    end_early(make_placement, quiet_employer, days_ago(30), by=account_manager)
    end_early(make_placement, signal_employer, days_ago(20), by=account_manager)

    run_scan(region)

    assert not signals_of(K.EARLY_ENDINGS).exists()


def test_a_future_ending_date_does_not_count_yet(
    quiet_employer, region, make_placement, account_manager
):
    end_early(make_placement, quiet_employer, days_ago(30), by=account_manager)
    end_early(make_placement, quiet_employer, days_ahead(5), by=account_manager)

    run_scan(region)

    assert not signals_of(K.EARLY_ENDINGS).exists()
