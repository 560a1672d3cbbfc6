"""Signals raised through a real Celery worker on the real broker (Redis in CI) and the real
database: the service queues the re-check after its commit, or beat sends the scheduled scan by
name; nobody calls a task by hand."""

import time

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.services import user_set_active
from continuity.models import Signal
from employers import services
from employers.services import actions
from placements import team_services
from tests.continuity.conftest import days_ago, wait_for
from wsp_crm.workdays import add_working_days

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SECONDS = 10  # how long wait_for polls (its default)


def test_a_supervisor_who_leaves_raises_the_urgent_signal_for_the_manager_within_seconds(
    continuity_worker, quiet_employer, account_manager, supervisor, make_placement
):
    placement = make_placement(quiet_employer, supervisor=supervisor)
    started = time.monotonic()

    services.contact_mark_left(contact=supervisor, left_on=days_ago(0), by=account_manager)

    signal = wait_for(
        Signal.objects.filter(kind=Signal.Kind.CONTACT_LEFT, status=Signal.Status.OPEN)
    )
    assert signal is not None, f"no contact_left signal within {SECONDS}s"
    assert time.monotonic() - started < SECONDS
    assert signal.severity == Signal.Severity.URGENT
    assert signal.assigned_to == account_manager
    assert (signal.employer, signal.contact, signal.placement) == (
        quiet_employer,
        supervisor,
        placement,
    )
    assert "begeleidt een lopende plaatsing" in signal.detail

    # The manager registers the new supervisor: the worker closes the signal just as fast.
    successor = services.contact_add(
        employer=quiet_employer, by=account_manager, name="Ingrid Smit", level="floor"
    )
    team_services.team_add(
        placement=placement, role="supervisor", contact=successor, by=account_manager
    )

    closed = wait_for(Signal.objects.filter(pk=signal.pk, status=Signal.Status.AUTO_CLOSED))
    assert closed is not None, f"the signal was not closed within {SECONDS}s"
    assert closed.closed_reason.startswith("Er is een nieuwe contactpersoon of een opvolger")


def test_both_guides_leaving_flags_the_placement_at_risk_and_a_new_supervisor_closes_it(
    continuity_worker, quiet_employer, account_manager, colleague, supervisor, make_placement
):
    """Rule 14 (R38) through the worker: the supervisor and the buddy leave (any combination
    of leavers), the re-check queued after each commit raises ONE urgent placement_at_risk for
    the fixed manager and the placement's responsible; a new supervisor on the team closes it."""
    placement = make_placement(quiet_employer, supervisor=supervisor, responsible=colleague)
    buddy = services.contact_add(
        employer=quiet_employer, by=account_manager, name="Fatima El Amrani", level="floor"
    )
    team_services.team_add(
        placement=placement, role="buddy", contact=buddy, start=days_ago(30), by=account_manager
    )
    services.contact_mark_left(contact=supervisor, left_on=days_ago(0), by=account_manager)
    services.contact_mark_left(contact=buddy, left_on=days_ago(0), by=account_manager)

    signal = wait_for(Signal.objects.filter(kind=Signal.Kind.PLACEMENT_AT_RISK))
    assert signal is not None, f"no placement_at_risk signal within {SECONDS}s"
    assert (signal.severity, signal.placement) == (Signal.Severity.URGENT, placement)
    assert (signal.assigned_to, signal.also_assigned_to) == (account_manager, colleague)

    successor = services.contact_add(
        employer=quiet_employer, by=account_manager, name="Ingrid Smit", level="floor"
    )
    team_services.team_add(
        placement=placement, role="supervisor", contact=successor, by=account_manager
    )
    closed = wait_for(Signal.objects.filter(pk=signal.pk, status=Signal.Status.AUTO_CLOSED))
    assert closed is not None, f"the signal was not closed within {SECONDS}s"
    assert Signal.objects.filter(kind=Signal.Kind.PLACEMENT_AT_RISK).count() == 1


def test_deactivating_a_manager_asks_the_team_lead_to_reassign_within_seconds(
    continuity_worker, quiet_employer, account_manager, team_lead, wsp_admin
):
    user_set_active(user=account_manager, active=False, by=wsp_admin)

    signal = wait_for(Signal.objects.filter(kind=Signal.Kind.STAFF_DEACTIVATED))
    assert signal is not None, f"no staff_deactivated signal within {SECONDS}s"
    assert (signal.assigned_to, signal.subject_user, signal.severity) == (
        team_lead,
        account_manager,
        Signal.Severity.URGENT,
    )


def test_the_scheduled_change_scan_on_a_worker_flags_an_overdue_action_and_closes_it(
    continuity_worker, quiet_employer, account_manager
):
    """Completing an action queues no re-check of its own: the change scan (every ten minutes,
    sent by beat) raises and closes the responsiveness signals."""
    due = add_working_days(timezone.localdate(), -6)
    action = actions.action_create(
        employer=quiet_employer,
        by=account_manager,
        title="Offerte jobcoaching sturen",
        due_on=due,
        check_due=False,
    )
    task_name = settings.CELERY_BEAT_SCHEDULE["continuity-change-scan"]["task"]

    continuity_worker.send_task(task_name)
    signal = wait_for(
        Signal.objects.filter(kind=Signal.Kind.ACTION_OVERDUE, status=Signal.Status.OPEN)
    )

    assert signal is not None, f"no action_overdue signal within {SECONDS}s"
    assert (signal.employer, signal.action, signal.assigned_to, signal.due_on) == (
        quiet_employer,
        action,
        account_manager,
        due,
    )

    actions.action_complete(action=action, by=account_manager)
    continuity_worker.send_task(task_name)
    closed = wait_for(Signal.objects.filter(pk=signal.pk, status=Signal.Status.AUTO_CLOSED))
    assert closed is not None, f"the signal was not closed within {SECONDS}s"
    assert closed.closed_reason == "De actie is gedaan, geannuleerd of uitgesteld."
