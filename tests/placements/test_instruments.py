"""Instruments lined up with the contract: the catalogue's maximum and the placement's dates
(service, page, API), the decision on what comes next, wage-value assessments, and the audit
trail. (The rules: tests/continuity/test_instrument_rules.py; the portal:
tests/portal/test_instruments.py.)"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from placements import services
from placements.models import Instrument, InstrumentPeriod, WageValueAssessment

from .conftest import TODAY
from .test_api import API, api

DAY = datetime.timedelta(days=1)


@pytest.fixture
def flat_rate(region):
    return Instrument.objects.get(region=region, name="Forfaitaire loonkostensubsidie")


def add(placement, by, instrument, start, end, **fields):
    return services.instrument_period_add(
        placement=placement, by=by, instrument=instrument, start=start, end=end, **fields
    )


def test_the_flat_rate_subsidy_lasts_at_most_six_months(placement, account_manager, flat_rate):
    start = datetime.date(2026, 1, 1)
    placement.start_date = start
    placement.save(update_fields=["start_date"])
    # Up to and including 30 June is six months ...
    period = add(placement, account_manager, flat_rate, start, datetime.date(2026, 6, 30))
    assert period.pk
    # ... one day more is refused, naming the maximum and the last day.
    with pytest.raises(ValidationError) as error:
        add(placement, account_manager, flat_rate, start, datetime.date(2026, 7, 1))
    message = error.value.message_dict["end"][0]
    assert "6 maanden" in message and "30 juni 2026" in message
    assert placement.instrument_periods.count() == 1


def test_an_instrument_with_a_maximum_needs_an_end(placement, account_manager, flat_rate):
    with pytest.raises(ValidationError) as error:
        add(placement, account_manager, flat_rate, placement.start_date, None)
    assert "6 maanden" in error.value.message_dict["end"][0]
    assert not placement.instrument_periods.exists()


def test_a_period_outside_the_placement_is_refused(placement, account_manager, instrument):
    with pytest.raises(ValidationError) as error:
        add(placement, account_manager, instrument, placement.start_date - DAY, TODAY())
    assert "start" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        add(placement, account_manager, instrument, placement.contract_end + DAY, None)
    assert "start" in error.value.message_dict
    placement = services.placement_end(
        placement=placement, ended_on=TODAY(), reason="other_job", by=account_manager
    )
    with pytest.raises(ValidationError) as error:
        add(placement, account_manager, instrument, placement.start_date, TODAY() + DAY)
    assert "end" in error.value.message_dict
    assert not placement.instrument_periods.exists()


def test_the_page_names_the_maximum_and_writes_nothing(
    client_for, placement, account_manager, flat_rate
):
    response = client_for(account_manager).post(
        reverse("placements:period_add", args=[placement.pk]),
        {
            "period-instrument": flat_rate.pk,
            "period-status": "applied",
            "period-start": placement.start_date.isoformat(),
            "period-end": (placement.start_date + datetime.timedelta(days=200)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "duurt hoogstens 6 maanden" in response.text
    assert not placement.instrument_periods.exists()


def test_the_api_names_the_maximum_and_writes_nothing(placement, account_manager, flat_rate):
    response = api(account_manager).post(
        f"{API}/instrument-periods/",
        {
            "placement": placement.pk,
            "instrument": flat_rate.pk,
            "start": placement.start_date.isoformat(),
            "end": (placement.start_date + datetime.timedelta(days=200)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "6 maanden" in response.json()["end"][0]
    assert not placement.instrument_periods.exists()


# The decision on what comes next ----------------------------------------------------------------


@pytest.fixture
def period(placement, account_manager, instrument):
    return add(placement, account_manager, instrument, placement.start_date, TODAY() + 20 * DAY)


def test_the_decision_is_recorded_on_the_page(client_for, placement, period, account_manager):
    client = client_for(account_manager)
    page = client.get(placement.get_absolute_url()).text
    assert "loopt af vóór het contract: leg vast wat er daarna komt" in page
    response = client.post(
        reverse("placements:period_next_step", args=[placement.pk, period.pk]),
        {
            f"step-{period.pk}-next_step": "other_instrument",
            f"step-{period.pk}-note": "Loondispensatie",
        },
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.next_step, period.next_step_note, period.next_step_by) == (
        "other_instrument",
        "Loondispensatie",
        account_manager,
    )
    page = client.get(placement.get_absolute_url()).text
    assert "Overstappen op een ander instrument" in page
    assert AuditEvent.objects.filter(
        object_type="placements.instrumentperiod", object_id=period.pk, action="update"
    ).exists()


def test_a_decision_without_a_choice_is_refused(client_for, placement, period, account_manager):
    response = client_for(account_manager).post(
        reverse("placements:period_next_step", args=[placement.pk, period.pk]),
        {f"step-{period.pk}-next_step": "maybe"},
    )
    assert response.status_code == 200
    period.refresh_from_db()
    assert period.next_step == ""


def test_the_decision_through_the_api(placement, period, account_manager, outsider):
    url = f"{API}/instrument-periods/{period.pk}/next-step/"
    assert api(outsider).post(url, {"next_step": "end"}, format="json").status_code == 404
    bad = api(account_manager).post(url, {"next_step": "later"}, format="json")
    assert bad.status_code == 400
    response = api(account_manager).post(
        url, {"next_step": "convert", "note": "Vast contract"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["next_step"], body["next_step_note"], body["next_step_by"]["id"]) == (
        "convert",
        "Vast contract",
        account_manager.pk,
    )


# Wage-value assessments -----------------------------------------------------------------------


@pytest.mark.parametrize("percentage", [-1, 101, 150])
def test_a_percentage_outside_0_to_100_is_refused(placement, account_manager, percentage):
    with pytest.raises(ValidationError) as error:
        services.assessment_add(
            placement=placement,
            by=account_manager,
            assessed_on=TODAY(),
            percentage=percentage,
            assessor_organisation="Loonwaarde BV",
        )
    assert error.value.message_dict["percentage"] == [
        "De loonwaarde is een percentage van 0 tot 100."
    ]
    assert not WageValueAssessment.objects.exists()


def test_an_assessment_is_recorded_on_the_page_and_a_subsidy_rests_on_it(
    client_for, placement, account_manager, region
):
    client = client_for(account_manager)
    bad = client.post(
        reverse("placements:assessment_add", args=[placement.pk]),
        {
            "assessment-assessed_on": TODAY().isoformat(),
            "assessment-percentage": "120",
            "assessment-assessor_organisation": "Loonwaarde BV",
        },
    )
    assert bad.status_code == 200
    assert "De loonwaarde is een percentage van 0 tot 100." in bad.text
    assert not WageValueAssessment.objects.exists()
    response = client.post(
        reverse("placements:assessment_add", args=[placement.pk]),
        {
            "assessment-assessed_on": TODAY().isoformat(),
            "assessment-percentage": "55",
            "assessment-assessor_organisation": "Loonwaarde BV",
            "assessment-next_due_on": (TODAY() + 365 * DAY).isoformat(),
        },
    )
    assert response.status_code == 302
    assessment = WageValueAssessment.objects.get()
    assert (assessment.percentage, assessment.created_by) == (55, account_manager)
    assert AuditEvent.objects.filter(object_type="placements.wagevalueassessment").exists()
    lks = Instrument.objects.get(region=region, name="Loonkostensubsidie")
    period = add(
        placement, account_manager, lks, TODAY(), TODAY() + 100 * DAY, assessment=assessment
    )
    page = client.get(placement.get_absolute_url()).text
    assert "55%" in page and "rust op de loonwaardemeting" in page
    # A job coach does not rest on a wage-value assessment.
    coach = Instrument.objects.get(region=region, name="Jobcoach")
    with pytest.raises(ValidationError) as error:
        add(placement, account_manager, coach, TODAY(), TODAY() + DAY, assessment=assessment)
    assert "assessment" in error.value.message_dict
    assert period.assessment == assessment


def test_assessments_through_the_api(placement, other_placement, account_manager, outsider):
    url = f"{API}/wage-value-assessments/"
    payload = {
        "placement": placement.pk,
        "assessed_on": TODAY().isoformat(),
        "percentage": 101,
        "assessor_organisation": "Loonwaarde BV",
    }
    bad = api(account_manager).post(url, payload, format="json")
    assert bad.status_code == 400
    assert bad.json()["percentage"] == ["De loonwaarde is een percentage van 0 tot 100."]
    created = api(account_manager).post(url, {**payload, "percentage": 70}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert api(outsider).get(f"{url}{pk}/").status_code == 404
    assert api(outsider).post(url, {**payload, "percentage": 70}, format="json").status_code == 400
    assert [row["id"] for row in api(account_manager).get(url).json()["results"]] == [pk]
    changed = api(account_manager).patch(f"{url}{pk}/", {"percentage": 72}, format="json")
    assert changed.status_code == 200
    assert WageValueAssessment.objects.get(pk=pk).percentage == 72
    assert InstrumentPeriod.objects.count() == 0
