"""Nazorg (issue 15, part 3): the follow-up horizon beyond 12 months, the next step for the
candidate after an ending (doorstroom), and early endings on the employer page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from employers.models import Action
from placements import services
from placements.models import FollowUp, FollowUpPolicy, FollowUpStep, Placement
from tests.placements.conftest import TODAY, days_ago, make_candidate, start_placement

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 3, 3)
MONTH_12 = datetime.date(2026, 3, 3)
MONTH_18 = START + datetime.timedelta(days=548)
MONTH_24 = START + datetime.timedelta(days=730)


def dues(placement):
    return list(placement.follow_ups.order_by("due_on").values_list("due_on", flat=True))


def permanent(candidate, employer, by, **fields):
    fields = {"start_date": START, "contract_type": "permanent", "contract_end": None, **fields}
    return start_placement(candidate, employer, by, **fields)


# The follow-up horizon ----------------------------------------------------------------------


def test_without_a_region_setting_the_plan_stops_at_12_months(candidate, employer, account_manager):
    placement = permanent(candidate, employer, account_manager)
    assert dues(placement)[-1] == MONTH_12
    assert len(dues(placement)) == 5


@pytest.mark.parametrize(
    ("months", "last_steps"),
    [(12, [MONTH_12]), (18, [MONTH_12, MONTH_18]), (24, [MONTH_12, MONTH_18, MONTH_24])],
)
def test_the_region_setting_extends_the_plan_of_permanent_contracts(
    region, candidate, employer, account_manager, team_lead, months, last_steps
):
    services.follow_up_policy_set(region=region, months=months, by=team_lead)
    placement = permanent(candidate, employer, account_manager)
    assert dues(placement)[4:] == last_steps
    labels = list(placement.follow_ups.order_by("due_on").values_list("kind", flat=True))
    assert labels[4:] == ["Na 12 maanden", "Na 18 maanden", "Na 24 maanden"][: len(last_steps)]


def test_a_temporary_contract_keeps_the_12_month_plan(region, candidate, employer, team_lead):
    services.follow_up_policy_set(region=region, months=24, by=team_lead)
    placement = start_placement(candidate, employer, team_lead, start_date=START)
    assert dues(placement)[-1] == MONTH_12


def test_a_region_with_its_own_plan_is_not_extended(region, candidate, employer, team_lead):
    FollowUpStep.objects.create(region=region, days_after_start=30, label="Na een maand")
    services.follow_up_policy_set(region=region, months=24, by=team_lead)
    placement = permanent(candidate, employer, team_lead)
    assert dues(placement) == [START + datetime.timedelta(days=30)]


def test_extending_gives_running_permanent_placements_only_the_steps_still_ahead(
    region, candidate, employer, account_manager, team_lead
):
    """Started 20 months ago: the 18-month step is past (left out, it would be overdue on
    arrival), the 24-month step is ahead (added). A temporary and an ended placement get
    nothing."""
    start = TODAY() - datetime.timedelta(days=600)
    running = permanent(candidate, employer, account_manager, start_date=start)
    temporary = start_placement(
        make_candidate(region, account_manager, first_name="Piet"),
        employer,
        account_manager,
        start_date=start,
        contract_end=TODAY() + datetime.timedelta(days=300),
    )
    ended = permanent(
        make_candidate(region, account_manager, first_name="Ria"),
        employer,
        account_manager,
        start_date=start,
    )
    services.placement_end(placement=ended, ended_on=days_ago(5), reason="other", by=team_lead)
    before = {p.pk: dues(p) for p in (running, temporary, ended)}

    added = services.follow_up_policy_set(region=region, months=24, by=team_lead)

    assert added == 1
    assert dues(running) == before[running.pk] + [start + datetime.timedelta(days=730)]
    assert dues(temporary) == before[temporary.pk]
    assert dues(ended) == before[ended.pk]
    # Saving the same setting again adds nothing twice.
    assert services.follow_up_policy_set(region=region, months=24, by=team_lead) == 0


def test_making_a_contract_permanent_adds_the_long_steps(
    region, candidate, employer, account_manager, team_lead
):
    services.follow_up_policy_set(region=region, months=24, by=team_lead)
    start = TODAY() - datetime.timedelta(days=100)
    placement = start_placement(candidate, employer, account_manager, start_date=start)
    assert dues(placement)[-1] == start + datetime.timedelta(days=365)

    services.placement_update(
        placement=placement, by=account_manager, contract_type="permanent", contract_end=None
    )

    assert dues(placement)[-2:] == [
        start + datetime.timedelta(days=548),
        start + datetime.timedelta(days=730),
    ]


@pytest.mark.parametrize("months", [0, 13, 36, None])
def test_a_horizon_outside_the_choices_is_refused_and_nothing_is_written(region, team_lead, months):
    with pytest.raises(ValidationError) as error:
        services.follow_up_policy_set(region=region, months=months, by=team_lead)
    assert "months" in error.value.message_dict
    assert not FollowUpPolicy.objects.exists()


def test_only_a_team_lead_of_the_region_or_an_admin_sets_the_horizon(
    region, account_manager, outsider, wsp_admin
):
    for person in (account_manager, outsider):
        with pytest.raises(PermissionDenied):
            services.follow_up_policy_set(region=region, months=24, by=person)
    assert not FollowUpPolicy.objects.exists()
    services.follow_up_policy_set(region=region, months=18, by=wsp_admin)
    assert FollowUpPolicy.objects.get(region=region).months == 18


# Ending: the next step for the candidate (doorstroom) ----------------------------------------


def end_url(placement):
    return reverse("placements:end", args=[placement.pk])


def test_ending_with_propose_now_opens_the_prefilled_proposal(
    client_for, placement, candidate, account_manager
):
    client = client_for(account_manager)
    response = client.post(
        end_url(placement),
        {"ended_on": TODAY().isoformat(), "reason": "tasks_gone", "propose_next": "on"},
    )
    expected = reverse("candidates:propose", args=[candidate.pk]) + f"?after={placement.pk}"
    assert response.status_code == 302
    assert response["Location"] == expected
    assert not Action.objects.exists()

    form = client.get(expected)
    assert form.status_code == 200
    assert "Doorstroom na Medewerker inpak bij Bakkerij De Gouden Korst" in form.text
    assert "taken verdwenen" in form.text.lower()


def test_the_prefill_only_reads_the_candidates_own_ended_placements(
    client_for, placement, region, account_manager
):
    other = make_candidate(region, account_manager, first_name="Piet")
    services.placement_end(
        placement=placement, ended_on=TODAY(), reason="other", by=account_manager
    )
    url = reverse("candidates:propose", args=[other.pk]) + f"?after={placement.pk}"
    response = client_for(account_manager).get(url)
    assert response.status_code == 200
    assert "Doorstroom na" not in response.text


def test_ending_with_an_action_gives_the_fixed_manager_a_next_step(
    client_for, placement, employer, account_manager, colleague
):
    response = client_for(account_manager).post(
        end_url(placement),
        {"ended_on": TODAY().isoformat(), "reason": "dismissed", "next_step_action": "on"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(placement.get_absolute_url())
    action = Action.objects.get()
    assert (action.employer, action.owner, action.placement_id) == (
        employer,
        account_manager,
        placement.pk,
    )
    assert action.title == "Volgende stap voor de kandidaat van Medewerker inpak (doorstroom)"
    assert action.due_on > TODAY()


def test_a_refused_ending_writes_no_action(client_for, placement, account_manager):
    response = client_for(account_manager).post(
        end_url(placement),
        {
            "ended_on": (placement.start_date - datetime.timedelta(days=1)).isoformat(),
            "reason": "dismissed",
            "next_step_action": "on",
        },
    )
    assert response.status_code == 200
    assert not Action.objects.exists()
    assert Placement.objects.get(pk=placement.pk).status == "active"


def test_the_ended_placement_page_offers_the_next_step(client_for, placement, account_manager):
    services.placement_end(
        placement=placement, ended_on=TODAY(), reason="guidance", by=account_manager
    )
    response = client_for(account_manager).get(placement.get_absolute_url())
    assert "Volgende stap: kandidaat opnieuw voordragen (doorstroom)" in response.text
    assert f"?after={placement.pk}" in response.text


def test_the_next_step_is_not_offered_to_someone_who_may_not_see_the_candidate(
    client_for, placement, account_manager, colleague
):
    services.placement_end(
        placement=placement, ended_on=TODAY(), reason="guidance", by=account_manager
    )
    response = client_for(colleague).get(placement.get_absolute_url())
    assert response.status_code == 200
    assert "opnieuw voordragen" not in response.text


# Early endings on the employer page ---------------------------------------------------------


def end_early(employer, by, ended_on, reason, first_name):
    candidate = make_candidate(employer.region, by, first_name=first_name)
    placement = start_placement(
        candidate, employer, by, start_date=ended_on - datetime.timedelta(days=60)
    )
    return services.placement_end(placement=placement, ended_on=ended_on, reason=reason, by=by)


def test_the_employer_page_shows_early_endings_by_reason(client_for, employer, account_manager):
    end_early(employer, account_manager, days_ago(10), "dismissed", "Ann")
    client = client_for(account_manager)
    one = client.get(employer.get_absolute_url())
    assert "1 plaatsing is de afgelopen 12 maanden voortijdig beëindigd" in one.text
    assert "patroon" not in one.text

    end_early(employer, account_manager, days_ago(5), "guidance", "Bob")
    two = client.get(employer.get_absolute_url())
    assert "2 plaatsingen zijn de afgelopen 12 maanden voortijdig beëindigd" in two.text
    assert "patroon" in two.text
    assert "ontslagen (1)" in two.text.lower()


def test_old_endings_and_moves_to_another_job_are_not_shown_as_early(
    client_for, employer, account_manager
):
    end_early(employer, account_manager, days_ago(400), "dismissed", "Ann")
    end_early(employer, account_manager, days_ago(5), "other_job", "Bob")
    response = client_for(account_manager).get(employer.get_absolute_url())
    assert "voortijdig beëindigd" not in response.text
    assert "2 beëindigde plaatsingen" in response.text


def test_follow_up_records_are_untouched_by_the_horizon_of_another_region(
    other_region, candidate, employer, account_manager, wsp_admin
):
    services.follow_up_policy_set(region=other_region, months=24, by=wsp_admin)
    placement = permanent(candidate, employer, account_manager)
    assert FollowUp.objects.filter(placement=placement).count() == 5


# The horizon on the catalogue page ------------------------------------------------------------

HORIZON = "/placements/instruments/follow-up-horizon/"


def test_a_team_lead_sets_the_horizon_on_the_catalogue_page(client_for, region, team_lead):
    client = client_for(team_lead)
    page = client.get(reverse("placements:instruments"))
    assert "Nazorg bij een vast contract loopt tot 12 maanden." in page.text
    assert HORIZON in page.text

    response = client.post(HORIZON, {"months": "24"}, follow=True)

    assert FollowUpPolicy.objects.get(region=region).months == 24
    assert "loopt nazorg bij een vast contract nu tot 24 maanden" in response.text
    assert "Na 18 maanden, Na 24 maanden" in response.text


@pytest.mark.parametrize("months", ["", "30", "twaalf"])
def test_a_wrong_horizon_is_refused_with_a_clear_error(client_for, region, team_lead, months):
    response = client_for(team_lead).post(HORIZON, {"months": months}, follow=True)
    assert "Kies 12, 18 of 24 maanden." in response.text
    assert not FollowUpPolicy.objects.exists()


def test_an_account_manager_cannot_set_the_horizon(client_for, region, account_manager):
    client = client_for(account_manager)
    assert client.post(HORIZON, {"months": "24"}).status_code == 403
    assert HORIZON not in client.get(reverse("placements:instruments")).text
    assert not FollowUpPolicy.objects.exists()
