"""Rules 15 and 16 through a real Celery worker on the real broker and the real database: the
service queues the re-check after its commit; nobody calls a task by hand."""

import pytest

from continuity.models import Signal
from placements import services as placement_services
from placements.models import Instrument
from tests.continuity.conftest import wait_for

from .conftest import days_ago, days_ahead

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SECONDS = 10  # how long wait_for polls (its default)


def test_an_undecided_instrument_and_a_due_assessment_are_flagged_and_closed_by_the_worker(
    continuity_worker, quiet_employer, account_manager, make_placement, region
):
    placement = make_placement(quiet_employer, contract_end=days_ahead(300))
    lks = Instrument.objects.get(region=region, name="Loonkostensubsidie")
    period = placement_services.instrument_period_add(
        placement=placement,
        by=account_manager,
        instrument=lks,
        start=placement.start_date,
        end=days_ahead(20),
        status="granted",
    )
    placement_services.assessment_add(
        placement=placement,
        by=account_manager,
        assessed_on=days_ago(300),
        percentage=50,
        assessor_organisation="Loonwaarde BV",
        next_due_on=days_ahead(30),
    )
    open_ = Signal.objects.filter(status=Signal.Status.OPEN)
    step = wait_for(open_.filter(kind=Signal.Kind.INSTRUMENT_NEXT_STEP))
    due = wait_for(open_.filter(kind=Signal.Kind.ASSESSMENT_DUE))
    assert step is not None and due is not None, f"no signals within {SECONDS}s"
    assert (step.placement, step.assigned_to) == (placement, account_manager)

    placement_services.instrument_period_decide(
        period=period, next_step="convert", by=account_manager
    )
    placement_services.assessment_add(
        placement=placement,
        by=account_manager,
        assessed_on=days_ago(0),
        percentage=55,
        assessor_organisation="Loonwaarde BV",
        next_due_on=days_ahead(365),
    )

    closed = Signal.objects.filter(status=Signal.Status.AUTO_CLOSED)
    assert wait_for(closed.filter(pk=step.pk)) is not None, "the decision did not close it"
    assert wait_for(closed.filter(pk=due.pk)) is not None, "the new assessment did not close it"
