"""The work profile in work terms (motivation, preferences, availability, workplace
arrangements), the printable one-page profile of a proposal, and a consent that names another
region's employer."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from candidates import services
from candidates.models import CandidateAccessLog, CandidateProfile, SharingConsent

pytestmark = pytest.mark.django_db


def test_the_profile_page_saves_motivation_preferences_and_arrangements(
    client, account_manager, candidate
):
    client.force_login(account_manager)
    url = reverse("candidates:profile", args=[candidate.pk])
    page = client.get(url).text
    # The help texts steer away from medical wording.
    assert "Nooit een diagnose, aandoening, medicijn of behandeling." in page
    assert "Wensen over werk, niet de voorgeschiedenis." in page
    response = client.post(
        url,
        {
            "strengths": "Nauwkeurig",
            "motivation": "Wil graag met de handen werken.",
            "hours_per_week": "24",
            "preferred_days": ["mon", "tue", "thu"],
            "sectors": ["logistics", "retail"],
            "available_from": "2030-03-01",
            "max_travel_km": "15",
            "workplace_needs": "Een vaste werkplek bij het raam.",
        },
    )
    assert response.status_code == 302
    profile = CandidateProfile.objects.get(candidate=candidate)
    assert profile.motivation == "Wil graag met de handen werken."
    assert profile.preferred_days == ["mon", "tue", "thu"]
    assert profile.sectors == ["logistics", "retail"]
    assert profile.available_from == datetime.date(2030, 3, 1)
    assert profile.max_travel_km == 15
    text = client.get(candidate.get_absolute_url()).text
    assert "maandag, dinsdag, donderdag" in text
    assert "Wil graag met de handen werken." in text


def test_unknown_days_or_sectors_are_refused_by_the_service(account_manager, candidate):
    with pytest.raises(ValidationError) as error:
        services.candidate_profile_update(
            candidate=candidate, by=account_manager, preferred_days=["funday"]
        )
    assert "preferred_days" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.candidate_profile_update(candidate=candidate, by=account_manager, sectors=["x"])


def test_the_api_writes_and_reads_the_new_profile_fields(account_manager, candidate):
    api = APIClient()
    api.force_login(account_manager)
    response = api.patch(
        f"/api/v1/candidates/{candidate.pk}/profile/",
        {"motivation": "Buiten werken", "sectors": ["agriculture"], "max_travel_km": 20},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["sectors"] == ["agriculture"]
    assert response.json()["motivation"] == "Buiten werken"


# --- The printable profile ------------------------------------------------------------------


def print_url(proposal):
    return reverse("candidates:proposal_print", args=[proposal.candidate_id, proposal.pk])


def test_the_print_page_shows_the_named_profile_with_consent(
    client, account_manager, candidate, proposal, consent
):
    services.candidate_profile_update(
        candidate=candidate, by=account_manager, motivation="Wil in een team werken."
    )
    client.force_login(account_manager)
    response = client.get(print_url(proposal))
    assert response.status_code == 200
    text = response.text
    assert "Joyce de Wit" in text
    assert "Wil in een team werken." in text
    assert "@media print" not in text  # the stylesheet is a file
    assert "css/candidates.css" in text
    for never in ("Wajong", "Kan vier uur achter elkaar", "prikkelarme", "joyce.dewit@"):
        assert never not in text  # target groups, work fitness, arrangements, contact
    row = CandidateAccessLog.objects.get()
    assert (row.candidate_id, row.allowed) == (candidate.pk, True)


def test_the_print_page_is_anonymous_without_consent(client, account_manager, proposal):
    client.force_login(account_manager)
    text = client.get(print_url(proposal)).text
    assert f"Kandidaat V-{proposal.pk}" in text
    assert "Joyce" not in text
    assert "Nauwkeurig, houdt van vaste routines" not in text  # free text
    assert "Zonder toestemming" in text


def test_the_print_page_shows_arrangements_only_when_the_consent_names_them(
    client, account_manager, candidate, employer, proposal
):
    services.consent_record(
        candidate=candidate, employer=employer, by=account_manager, includes_arrangements=True
    )
    client.force_login(account_manager)
    assert "Een rustige, prikkelarme werkplek." in client.get(print_url(proposal)).text


def test_the_print_page_of_another_region_answers_404(client, outsider, proposal):
    client.force_login(outsider)
    assert client.get(print_url(proposal)).status_code == 404


# --- Consent for another region's employer ------------------------------------------------------


def test_a_consent_for_another_regions_employer_is_a_clear_error(
    account_manager, wsp_admin, candidate, other_employer
):
    with pytest.raises(ValidationError) as error:
        services.consent_record(candidate=candidate, employer=other_employer, by=wsp_admin)
    message = " ".join(error.value.message_dict["employer"])
    assert "Havenbedrijf Maaskade is een werkgever van een andere regio (Rijnmond)" in message
    assert not SharingConsent.objects.exists()


def test_the_api_answers_400_with_the_reason(wsp_admin, candidate, other_employer):
    api = APIClient()
    api.force_login(wsp_admin)
    response = api.post(
        "/api/v1/consents/",
        {"candidate": candidate.pk, "employer": other_employer.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "andere regio" in str(response.json()["employer"])
    assert not SharingConsent.objects.exists()


def test_the_consent_form_names_the_fields_the_employer_will_see(
    client, account_manager, candidate
):
    client.force_login(account_manager)
    text = client.get(reverse("candidates:consent_record", args=[candidate.pk])).text
    assert "De werkgever ziet precies deze gegevens:" in text
    assert "Motivatie" in text
    assert "Ook wat deze persoon helpt op het werk" in text
