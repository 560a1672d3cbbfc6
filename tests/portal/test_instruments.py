"""The portal's instrument view: per placement, which instruments run, until when and what the
employer has to do, in plain Dutch; and what it must never show (internal notes, decision
references, wage-value percentages, health details)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from placements import services as placement_services
from placements.models import Instrument, InstrumentPeriod

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)

SECRETS = [
    "Rugklachten, overleg met bedrijfsarts",  # period note
    "LKS-GEHEIM-4711",  # decision reference
    "Verlenging besproken met de klantmanager",  # note on the decision
    "47%",  # the wage-value percentage
    "Medisch advies meegenomen",  # assessment note
    "Hernia: niet tillen",  # health detail in the profile
    "Coachverslag intern",  # follow-up note
]


@pytest.fixture
def lined_up(employer_a, make_placement, account_manager, region):
    placement = make_placement(
        employer_a, consent=True, first_name="Joyce", contract_end=TODAY() + 300 * DAY
    )
    profile = placement.candidate.profile
    profile.work_fitness = "Hernia: niet tillen"
    profile.save()
    assessment = placement_services.assessment_add(
        placement=placement,
        by=account_manager,
        assessed_on=TODAY() - 10 * DAY,
        percentage=47,
        assessor_organisation="Loonwaarde BV",
        next_due_on=TODAY() + 120 * DAY,
        note="Medisch advies meegenomen",
    )
    lks = Instrument.objects.get(region=region, name="Loonkostensubsidie")
    subsidy = placement_services.instrument_period_add(
        placement=placement,
        by=account_manager,
        instrument=lks,
        start=placement.start_date,
        end=TODAY() + 100 * DAY,
        status="granted",
        decision_reference="LKS-GEHEIM-4711",
        note="Rugklachten, overleg met bedrijfsarts",
        assessment=assessment,
    )
    coach = Instrument.objects.get(region=region, name="Jobcoach")
    coaching = placement_services.instrument_period_add(
        placement=placement,
        by=account_manager,
        instrument=coach,
        start=placement.start_date,
        end=TODAY() + 60 * DAY,
        status="granted",
    )
    placement_services.instrument_period_decide(
        period=coaching,
        next_step="end",
        note="Verlenging besproken met de klantmanager",
        by=account_manager,
    )
    ended = placement_services.instrument_period_add(
        placement=placement,
        by=account_manager,
        instrument=Instrument.objects.get(region=region, name="Werkplekaanpassing"),
        start=placement.start_date,
        end=TODAY() + 10 * DAY,
        status="ended",
    )
    follow_up = placement.follow_ups.order_by("due_on").first()
    placement_services.follow_up_record(
        follow_up=follow_up, outcome="going_well", note="Coachverslag intern", by=account_manager
    )
    return placement, subsidy, coaching, ended


def day(value):
    return date_format(value, "j F Y")


def test_the_portal_shows_what_runs_and_what_to_do_in_plain_dutch(client_for, user_a, lined_up):
    placement, subsidy, coaching, ended = lined_up
    text = client_for(user_a).get(reverse("portal:placements")).text
    assert "Loonkostensubsidie" in text and f"tot {day(subsidy.end)}" in text
    deadline = subsidy.end - datetime.timedelta(weeks=6)
    assert f"Vraag vóór {day(deadline)} de verlenging aan." in text
    next_due = TODAY() + 120 * DAY
    assert f"Plan vóór {day(next_due)} de nieuwe loonwaardemeting op de werkplek." in text
    assert f"Loopt af op {day(coaching.end)} en wordt niet verlengd." in text
    assert "Werkplekaanpassing" not in text  # ended: no longer runs


def test_the_portal_never_shows_notes_references_percentages_or_health(
    client_for, user_a, lined_up
):
    client = client_for(user_a)
    page = client.get(reverse("portal:placements")).text
    api = client.get("/api/v1/portal/placements/").content.decode()
    for secret in SECRETS:
        assert secret not in page, secret
        assert secret not in api, secret


def test_the_api_lists_the_running_instruments_with_the_todo(client_for, user_a, lined_up):
    placement, subsidy, coaching, _ended = lined_up
    row = client_for(user_a).get(f"/api/v1/portal/placements/{placement.pk}/").json()
    assert [(i["name"], i["end"]) for i in row["instruments"]] == [
        ("Loonkostensubsidie", subsidy.end.isoformat()),
        ("Jobcoach", coaching.end.isoformat()),
    ]
    assert row["instruments"][0]["todo"][0].startswith("Vraag vóór")


def test_another_employers_instruments_are_not_shown(client_for, user_b, lined_up):
    text = client_for(user_b).get(reverse("portal:placements")).text
    assert "Loonkostensubsidie" not in text


def test_an_instrument_ending_with_the_contract_asks_nothing(
    client_for, user_a, employer_a, make_placement, account_manager, region
):
    end = TODAY() + 90 * DAY
    placement = make_placement(employer_a, contract_end=end)
    placement_services.instrument_period_add(
        placement=placement,
        by=account_manager,
        instrument=Instrument.objects.get(region=region, name="No-riskpolis"),
        start=placement.start_date,
        end=end,
        status=InstrumentPeriod.Status.APPLIED,
    )
    text = client_for(user_a).get(reverse("portal:placements")).text
    assert "Aangevraagd: u hoort van ons zodra de beschikking er is." in text
    assert "de verlenging aan" not in text
