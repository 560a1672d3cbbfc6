"""Privacy by design: what an employer may see of a candidate (consent on/off), target groups
never leaving staff pages, the access log (allowed and denied, pages and API), and anonymising
a candidate while keeping the placements for the retention figures."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from candidates import services
from candidates.models import Candidate, CandidateAccessLog, CandidateProfile, SharingConsent
from candidates.sharing import ANONYMOUS_FIELDS
from placements.models import Placement
from tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db

ALIAS = "medewerker 1"
TARGET_GROUP_WORDS = {
    "job_agreement",
    "wajong",
    "Wajong",
    "doelgroepregister",
    "Doelgroepregister banenafspraak",
    "Job-agreement target group register",
    "target_groups",
}


def shared(candidate, employer):
    candidate = Candidate.objects.select_related("profile").get(pk=candidate.pk)
    return services.shared_profile_for_employer(candidate=candidate, employer=employer, alias=ALIAS)


def flatten(value):
    """Every key and text reachable from what shared_profile_for_employer returns."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from flatten(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from flatten(item)
    elif isinstance(value, CandidateProfile):
        for field in value._meta.concrete_fields:
            yield field.name
            yield str(getattr(value, field.attname))
    elif value is not None:
        yield str(value)


def assert_no_target_groups(result):
    texts = list(flatten(result))
    for word in TARGET_GROUP_WORDS:
        assert not any(word in text for text in texts), word


# --- Consent on / off ---------------------------------------------------------------------------


def assert_anonymous(result):
    assert (result["name"], result["named"], result["contact"]) == (ALIAS, False, None)
    assert set(result["profile"]) == set(ANONYMOUS_FIELDS)  # no name, no free text


def test_without_consent_an_employer_gets_the_alias_and_nothing_else(candidate, employer):
    result = shared(candidate, employer)
    assert_anonymous(result)
    assert result["profile"]["hours_per_week"] == 24
    assert candidate.first_name not in " ".join(flatten(result))
    assert "prikkelarme" not in " ".join(flatten(result))


def test_with_consent_the_employer_gets_the_name_and_work_profile(candidate, employer, consent):
    result = shared(candidate, employer)
    assert result["named"] is True
    assert result["name"] == "Joyce de Wit"
    assert "workplace_needs" not in result["profile"]  # the consent does not name them
    assert "prikkelarme" not in " ".join(flatten(result))
    assert result["contact"] is None  # scope "name and work profile" only
    assert_no_target_groups(result)


def test_workplace_arrangements_only_when_the_consent_names_them(
    candidate, employer, account_manager
):
    services.consent_record(
        candidate=candidate, employer=employer, by=account_manager, includes_arrangements=True
    )
    result = shared(candidate, employer)
    assert result["profile"]["workplace_needs"] == "Een rustige, prikkelarme werkplek."
    assert result["arrangements_shared"] is True
    assert "work_fitness" not in result["profile"]
    assert_no_target_groups(result)


def test_contact_details_need_the_wider_consent(candidate, employer, account_manager):
    services.consent_record(
        candidate=candidate,
        employer=employer,
        by=account_manager,
        scope=SharingConsent.Scope.PROFILE_CONTACT,
    )
    result = shared(candidate, employer)
    assert result["contact"] == {"email": "joyce.dewit@example.test", "phone": "06 1234 5678"}
    assert_no_target_groups(result)


def test_a_consent_for_one_employer_does_not_reach_another(candidate, consent, region):
    elsewhere = EmployerFactory(region=region)
    assert shared(candidate, elsewhere)["named"] is False


def test_withdrawing_on_the_candidate_page_hides_the_profile_at_once(
    client, account_manager, candidate, employer, consent
):
    assert shared(candidate, employer)["named"] is True
    client.force_login(account_manager)
    client.post(reverse("candidates:consent_withdraw", args=[candidate.pk, consent.pk]))
    assert_anonymous(shared(candidate, employer))


def test_withdrawing_through_the_api_hides_the_profile_at_once(
    account_manager, candidate, employer, consent
):
    client = APIClient()
    client.force_login(account_manager)
    response = client.post(f"/api/v1/consents/{consent.pk}/withdraw/", {})
    assert response.status_code == 200
    assert shared(candidate, employer)["named"] is False


def test_recording_consent_on_the_page_makes_the_profile_named(
    client, account_manager, candidate, employer
):
    assert shared(candidate, employer)["named"] is False
    client.force_login(account_manager)
    client.post(
        reverse("candidates:consent_record", args=[candidate.pk]),
        {"employer": employer.pk, "scope": "profile"},
    )
    assert shared(candidate, employer)["named"] is True


def test_a_new_consent_after_a_withdrawal_names_the_candidate_again(
    account_manager, candidate, employer, consent
):
    services.consent_withdraw(consent=consent, by=account_manager)
    assert shared(candidate, employer)["named"] is False
    services.consent_record(candidate=candidate, employer=employer, by=account_manager)
    assert shared(candidate, employer)["named"] is True


# --- Target groups stay on staff pages ----------------------------------------------------------


def test_target_groups_are_not_on_the_list_or_pipeline_pages(
    client, account_manager, candidate, proposal
):
    client.force_login(account_manager)
    list_text = client.get(reverse("candidates:list")).text
    rows = list_text[list_text.index("<tbody>") : list_text.index("</tbody>")]
    assert candidate.full_name in rows
    pipeline = client.get(reverse("candidates:pipeline")).text
    assert candidate.full_name in pipeline
    for text in (rows, pipeline):
        assert "Wajong" not in text
        assert "Doelgroepregister banenafspraak" not in text


def test_target_groups_are_not_in_the_proposal_api(account_manager, proposal):
    client = APIClient()
    client.force_login(account_manager)
    data = client.get(f"/api/v1/proposals/{proposal.pk}/").json()
    assert "target_groups" not in str(data)
    assert "wajong" not in str(data)


# --- The access log -----------------------------------------------------------------------------


def test_an_allowed_page_view_writes_who_which_when_and_route(client, team_lead, candidate):
    client.force_login(team_lead)
    url = candidate.get_absolute_url()
    client.get(url)
    row = CandidateAccessLog.objects.get()
    assert row.user == team_lead
    assert row.candidate == candidate
    assert row.candidate_ref == candidate.pk
    assert row.allowed is True
    assert row.method == "GET"
    assert "candidates:detail" in row.route and url in row.route
    assert row.at is not None


def test_a_denied_attempt_is_logged_without_revealing_the_candidate(
    client, outsider, colleague, candidate
):
    for user in (outsider, colleague):
        client.force_login(user)
        assert client.get(candidate.get_absolute_url()).status_code == 404
    rows = CandidateAccessLog.objects.order_by("pk")
    assert [(r.user, r.allowed, r.candidate) for r in rows] == [
        (outsider, False, None),
        (colleague, False, None),
    ]
    assert {r.candidate_ref for r in rows} == {candidate.pk}


def test_an_attempt_on_a_candidate_that_does_not_exist_is_logged_too(client, account_manager):
    client.force_login(account_manager)
    assert client.get("/candidates/424242/").status_code == 404
    row = CandidateAccessLog.objects.get()
    assert (row.candidate_ref, row.allowed, row.candidate) == (424242, False, None)


def test_an_employer_user_trying_a_candidate_page_is_logged_as_denied(
    client, employer_user, candidate
):
    client.force_login(employer_user)
    assert client.get(candidate.get_absolute_url()).status_code == 403
    row = CandidateAccessLog.objects.get()
    assert (row.user, row.allowed) == (employer_user, False)


def test_actions_on_a_candidate_are_logged_with_their_method(
    client, account_manager, candidate, employer
):
    client.force_login(account_manager)
    client.post(
        reverse("candidates:consent_record", args=[candidate.pk]),
        {"employer": employer.pk, "scope": "profile"},
    )
    row = CandidateAccessLog.objects.get()
    assert (row.method, row.allowed) == ("POST", True)
    assert "candidates:consent_record" in row.route


def test_the_list_logs_every_listed_candidate_and_only_those(
    client, team_lead, candidate, region, colleague
):
    from tests.candidates.conftest import make_candidate

    other = make_candidate(region, colleague, first_name="Mo", last_name="Amrani")
    client.force_login(team_lead)
    client.get(reverse("candidates:list"))
    assert sorted(CandidateAccessLog.objects.values_list("candidate_ref", flat=True)) == sorted(
        [candidate.pk, other.pk]
    )
    client.get(reverse("candidates:list") + "?target_group=wajong")
    rows = CandidateAccessLog.objects.order_by("pk")[2:]
    assert [row.candidate_ref for row in rows] == [candidate.pk]


# --- Anonymising --------------------------------------------------------------------------------


def test_anonymising_keeps_placements_but_removes_identity_and_profile_text(
    client, team_lead, candidate, employer, proposal, consent, placement
):
    client.force_login(team_lead)
    response = client.post(
        reverse("candidates:anonymise", args=[candidate.pk]), {"confirm": "on"}, follow=True
    )
    assert "De kandidaat is geanonimiseerd." in response.text
    candidate.refresh_from_db()
    assert candidate.anonymised_at is not None
    assert "Joyce" not in candidate.full_name
    assert candidate.email == "" and candidate.phone == ""
    assert candidate.target_groups == []
    profile = CandidateProfile.objects.get(candidate=candidate)
    assert all(getattr(profile, name) == "" for name in CandidateProfile.TEXT_FIELDS)
    assert profile.hours_per_week is None
    # The placement stays, for the retention figures.
    kept = Placement.objects.get(pk=placement.pk)
    assert kept.candidate_id == candidate.pk
    assert kept.start_date == placement.start_date
    assert kept.contract_type == placement.contract_type
    proposal.refresh_from_db()
    assert proposal.note == ""
    consent.refresh_from_db()
    assert consent.withdrawn_on is not None
    assert shared(candidate, employer)["named"] is False
    # What the page shows afterwards: no name, no profile text, no target groups.
    text = client.get(candidate.get_absolute_url()).text
    assert "Joyce" not in text
    assert "prikkelarme" not in text
    assert "Wajong" not in text
    assert "Medewerker inpak" in text  # the placement is still listed


def test_the_anonymise_page_says_what_stays_and_asks_to_confirm(
    client, team_lead, candidate, placement
):
    client.force_login(team_lead)
    text = client.get(reverse("candidates:anonymise", args=[candidate.pk])).text
    assert "Dit kan niet ongedaan worden gemaakt." in text
    assert "1 plaatsing blijft bewaard" in text
    assert "Definitief anonimiseren" in text
