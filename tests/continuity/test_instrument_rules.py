"""Rules 15 and 16 (continuity/rules/instruments.py), each with dates on both sides of its
threshold: an instrument period ending before the contract without a decision on what comes
next, and the next wage-value assessment falling due."""

import pytest

from continuity.models import RegionPolicy, Signal
from placements import services as placement_services
from placements.models import Instrument, InstrumentPeriod, WageValueAssessment

from .conftest import days_ago, days_ahead, run_scan, signals_of, the_signal

K = Signal.Kind
S = Signal.Severity


@pytest.fixture
def lks(region):
    return Instrument.objects.get(region=region, name="Loonkostensubsidie")


def add_period(placement, instrument, end, **fields):
    return InstrumentPeriod.objects.create(
        placement=placement,
        instrument=instrument,
        start=days_ago(150),
        end=end,
        status=fields.pop("status", InstrumentPeriod.Status.GRANTED),
        **fields,
    )


# Rule 15: an instrument ends before the contract, nothing decided ------------------------------


@pytest.mark.parametrize(
    ("ends_in", "contract_in", "flagged"),
    [
        (41, 200, True),  # within 6 weeks, contract runs on
        (43, 200, False),  # beyond 6 weeks
        (41, None, True),  # permanent contract (no end)
        (41, 41, False),  # ends together with the contract
        (41, 30, False),  # the contract ends first
    ],
)
def test_an_instrument_ending_before_the_contract_without_a_decision_is_flagged(
    quiet_employer, region, account_manager, make_placement, lks, ends_in, contract_in, flagged
):
    contract_end = days_ahead(contract_in) if contract_in is not None else None
    placement = make_placement(quiet_employer, contract_end=contract_end)
    add_period(placement, lks, days_ahead(ends_in))

    run_scan(region)

    assert signals_of(K.INSTRUMENT_NEXT_STEP).exists() is flagged
    if flagged:
        signal = the_signal(K.INSTRUMENT_NEXT_STEP)
        assert (signal.assigned_to, signal.severity, signal.placement, signal.due_on) == (
            account_manager,
            S.ATTENTION,
            placement,
            days_ahead(ends_in),
        )
        assert signal.detail.startswith("Loonkostensubsidie")


def test_a_recorded_decision_closes_the_signal_and_a_new_end_asks_again(
    quiet_employer, region, account_manager, make_placement, lks
):
    placement = make_placement(quiet_employer, contract_end=days_ahead(300))
    period = add_period(placement, lks, days_ahead(20))
    run_scan(region)
    signal = the_signal(K.INSTRUMENT_NEXT_STEP)

    placement_services.instrument_period_decide(
        period=period, next_step="extend", note="Verlenging aangevraagd", by=account_manager
    )
    run_scan(region)

    signal.refresh_from_db()
    assert signal.status == Signal.Status.AUTO_CLOSED
    period.refresh_from_db()
    assert (period.next_step, period.next_step_by, period.next_step_at is not None) == (
        "extend",
        account_manager,
        True,
    )
    # The extension is entered: a new end clears the decision, which was about the old end.
    placement_services.instrument_period_update(
        period=period, by=account_manager, end=days_ahead(30)
    )
    period.refresh_from_db()
    assert period.next_step == ""
    run_scan(region)
    assert the_signal(K.INSTRUMENT_NEXT_STEP).due_on == days_ahead(30)


def test_a_passed_instrument_end_without_decision_is_urgent_and_ended_periods_are_not(
    quiet_employer, region, make_placement, lks
):
    placement = make_placement(quiet_employer, contract_end=days_ahead(100))
    add_period(placement, lks, days_ago(3))
    add_period(placement, lks, days_ahead(10), status=InstrumentPeriod.Status.ENDED)

    run_scan(region)

    assert the_signal(K.INSTRUMENT_NEXT_STEP).severity == S.URGENT


def test_the_decision_horizon_comes_from_the_region_policy(
    quiet_employer, region, make_placement, lks
):
    RegionPolicy.objects.create(region=region, instrument_decision_weeks=10)
    placement = make_placement(quiet_employer, contract_end=days_ahead(300))
    add_period(placement, lks, days_ahead(69))
    add_period(placement, lks, days_ahead(71))

    run_scan(region)

    assert [s.due_on for s in signals_of(K.INSTRUMENT_NEXT_STEP)] == [days_ahead(69)]


# Rule 16: the next wage-value assessment is due -------------------------------------------------


def assess(placement, assessed_ago, due_in, percentage=60):
    return WageValueAssessment.objects.create(
        placement=placement,
        assessed_on=days_ago(assessed_ago),
        percentage=percentage,
        assessor_organisation="Loonwaarde BV",
        next_due_on=days_ahead(due_in) if due_in is not None else None,
    )


@pytest.mark.parametrize(
    ("due_in", "flagged", "severity"),
    [(55, True, S.ATTENTION), (57, False, None), (-1, True, S.URGENT), (None, False, None)],
)
def test_the_next_assessment_is_flagged_eight_weeks_ahead(
    quiet_employer, region, account_manager, make_placement, due_in, flagged, severity
):
    placement = make_placement(quiet_employer)
    assess(placement, 100, due_in)

    run_scan(region)

    assert signals_of(K.ASSESSMENT_DUE).exists() is flagged
    if flagged:
        signal = the_signal(K.ASSESSMENT_DUE)
        assert (signal.assigned_to, signal.severity, signal.placement) == (
            account_manager,
            severity,
            placement,
        )


def test_a_new_assessment_closes_the_signal(
    quiet_employer, region, account_manager, make_placement
):
    placement = make_placement(quiet_employer)
    assess(placement, 300, 20)
    run_scan(region)
    signal = the_signal(K.ASSESSMENT_DUE)

    placement_services.assessment_add(
        placement=placement,
        by=account_manager,
        assessed_on=days_ago(1),
        percentage=65,
        assessor_organisation="Loonwaarde BV",
        next_due_on=days_ahead(365),
    )
    run_scan(region)

    signal.refresh_from_db()
    assert signal.status == Signal.Status.AUTO_CLOSED
    assert not signals_of(K.ASSESSMENT_DUE).exists()


def test_the_assessment_lead_time_comes_from_the_region_policy(
    quiet_employer, region, make_placement
):
    RegionPolicy.objects.create(region=region, assessment_due_weeks=2)
    assess(make_placement(quiet_employer), 100, 15)
    assess(make_placement(quiet_employer), 100, 13)

    run_scan(region)

    assert [s.due_on for s in signals_of(K.ASSESSMENT_DUE)] == [days_ahead(13)]


def test_the_rules_run_in_a_fixed_number_of_queries(
    quiet_employer, region, make_placement, lks, django_assert_max_num_queries
):
    for index in range(12):
        placement = make_placement(quiet_employer, contract_end=days_ahead(300))
        add_period(placement, lks, days_ahead(10 + index))
        assess(placement, 100, 10 + index)
    from continuity.rules import assessments_due, instrument_next_steps

    run_scan(region, rules={instrument_next_steps: (K.INSTRUMENT_NEXT_STEP,)})
    run_scan(region, rules={assessments_due: (K.ASSESSMENT_DUE,)})
    assert signals_of(K.INSTRUMENT_NEXT_STEP).count() == 12
    assert signals_of(K.ASSESSMENT_DUE).count() == 12
    with django_assert_max_num_queries(12):
        run_scan(region, rules={instrument_next_steps: (K.INSTRUMENT_NEXT_STEP,)})
