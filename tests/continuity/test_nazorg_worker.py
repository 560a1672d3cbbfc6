"""Nazorg signals through a real Celery worker on the real broker and database: the service
queues the re-check after its commit; nobody calls a task or a scan by hand."""

import time

import pytest

from continuity.models import Signal
from placements import services as placement_services
from placements.models import FollowUp
from tests.continuity.conftest import days_ago
from tests.continuity.test_worker import SECONDS, wait_for

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_follow_up_at_risk_escalates_within_seconds_and_a_good_one_closes_it(
    continuity_worker, quiet_employer, account_manager, colleague, team_lead, make_placement
):
    placement = make_placement(quiet_employer, responsible=colleague)
    checkpoint = FollowUp.objects.create(
        placement=placement, due_on=days_ago(1), kind="Na 3 maanden"
    )
    started = time.monotonic()

    placement_services.follow_up_record(
        follow_up=checkpoint, outcome=FollowUp.Outcome.AT_RISK, by=colleague
    )

    signal = wait_for(
        Signal.objects.filter(kind=Signal.Kind.FOLLOW_UP_AT_RISK, status=Signal.Status.OPEN)
    )
    assert signal is not None, f"no follow_up_at_risk signal within {SECONDS}s"
    assert time.monotonic() - started < SECONDS
    assert (signal.severity, signal.placement_id) == (Signal.Severity.URGENT, placement.pk)
    assert (signal.assigned_to, signal.also_assigned_to, signal.escalated_to) == (
        account_manager,
        colleague,
        team_lead,
    )

    later = FollowUp.objects.create(placement=placement, due_on=days_ago(0), kind="Extra contact")
    placement_services.follow_up_record(
        follow_up=later, outcome=FollowUp.Outcome.GOING_WELL, by=colleague
    )

    closed = wait_for(Signal.objects.filter(pk=signal.pk, status=Signal.Status.AUTO_CLOSED))
    assert closed is not None, f"the signal was not closed within {SECONDS}s"


def test_a_second_early_ending_flags_the_employer_within_seconds(
    continuity_worker, quiet_employer, account_manager, make_placement
):
    first = make_placement(quiet_employer)
    second = make_placement(quiet_employer)
    placement_services.placement_end(
        placement=first, ended_on=days_ago(30), reason="dismissed", by=account_manager
    )
    placement_services.placement_end(
        placement=second, ended_on=days_ago(1), reason="guidance", by=account_manager
    )

    signal = wait_for(Signal.objects.filter(kind=Signal.Kind.EARLY_ENDINGS))
    assert signal is not None, f"no early_endings signal within {SECONDS}s"
    assert (signal.assigned_to, signal.employer) == (account_manager, quiet_employer)
    assert signal.detail.startswith("2 plaatsingen")
