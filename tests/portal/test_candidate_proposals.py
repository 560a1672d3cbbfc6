"""Proposed candidates in the portal: the named profile with the candidate's consent for that
employer, an anonymous one without, a withdrawal that hides the name at once, and the
employer's response (invite, question, decline) becoming an action for the staff."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from candidates import services
from candidates.models import Candidate, CandidateAccessLog, ProposalResponse, SharingConsent
from employers.models import Action

pytestmark = pytest.mark.django_db

PROFILE = {
    "strengths": "Secuur en rustig in de omgang.",
    "motivation": "Wil graag met papier en machines werken.",
    "hours_per_week": 20,
    "preferred_days": ["mon", "wed"],
    "work_fitness": "Kan niet lang achter elkaar tillen.",
    "workplace_needs": "Een vaste werkplek met weinig doorloop.",
}


@pytest.fixture
def person(region, account_manager):
    return services.candidate_create(
        region=region,
        by=account_manager,
        responsible=account_manager,
        first_name="Noor",
        last_name="Bakker",
        email="noor@example.test",
        phone="06 5555 1234",
        target_groups=[Candidate.TargetGroup.WAJONG],
        profile=PROFILE,
    )


@pytest.fixture
def proposed(person, employer_a, account_manager):
    return services.proposal_create(candidate=person, employer=employer_a, by=account_manager)


@pytest.fixture
def consented(person, employer_a, account_manager):
    return services.consent_record(candidate=person, employer=employer_a, by=account_manager)


def detail(proposal):
    return reverse("portal:proposal", args=[proposal.pk])


def test_with_consent_the_employer_sees_the_named_work_profile(client, user_a, proposed, consented):
    client.force_login(user_a)
    listing = client.get(reverse("portal:proposals")).text
    assert "Noor Bakker" in listing
    text = client.get(detail(proposed)).text
    assert "Noor Bakker" in text
    assert "Wil graag met papier en machines werken." in text
    assert "maandag, woensdag" in text
    for never in ("Kan niet lang", "Wajong", "weinig doorloop", "noor@example.test"):
        assert never not in text


def test_without_consent_the_profile_is_anonymous(client, user_a, proposed):
    client.force_login(user_a)
    text = client.get(detail(proposed)).text
    assert f"Kandidaat V-{proposed.pk}" in text
    for never in ("Noor", "Bakker", "Secuur", "Wil graag", "06 5555"):
        assert never not in text
    assert "20" in text  # hours: a fact about work that identifies nobody


def test_withdrawing_the_consent_hides_the_name_at_once(
    client, user_a, account_manager, proposed, consented
):
    client.force_login(user_a)
    api = APIClient()
    api.force_login(user_a)
    assert "Noor Bakker" in client.get(detail(proposed)).text
    services.consent_withdraw(consent=consented, by=account_manager)
    assert "Noor Bakker" not in client.get(detail(proposed)).text
    assert "Noor Bakker" not in client.get(reverse("portal:proposals")).text
    data = api.get(f"/api/v1/portal/proposals/{proposed.pk}/").json()
    assert (data["named"], data["contact"]) == (False, None)
    assert "Noor" not in str(data)


def test_arrangements_need_a_consent_that_names_them(
    client, user_a, account_manager, person, employer_a, proposed
):
    services.consent_record(
        candidate=person,
        employer=employer_a,
        by=account_manager,
        includes_arrangements=True,
        scope=SharingConsent.Scope.PROFILE_CONTACT,
    )
    client.force_login(user_a)
    text = client.get(detail(proposed)).text
    assert "Een vaste werkplek met weinig doorloop." in text
    assert "noor@example.test" in text
    assert "Kan niet lang" not in text  # work fitness: never


def test_an_invitation_becomes_an_action_for_the_fixed_manager(
    client, user_a, account_manager, proposed, consented
):
    client.force_login(user_a)
    response = client.post(detail(proposed), {"kind": "invite", "text": "Dinsdag om tien uur?"})
    assert response.status_code == 302, response.text[response.text.find("<form") :][:3000]
    answer = ProposalResponse.objects.get()
    assert (answer.kind, answer.by, answer.text) == ("invite", user_a, "Dinsdag om tien uur?")
    action = Action.objects.get(proposal=proposed)
    assert action == answer.action
    assert action.owner == account_manager  # the fixed manager of employer A
    assert action.is_open and action.due_on is not None
    assert f"nodigt Kandidaat V-{proposed.pk} uit voor een kennismaking" in action.title
    assert "Noor" not in action.title  # the whole region's staff read action titles
    # The staff see it on the proposal.
    client.force_login(account_manager)
    page = client.get(proposed.candidate.get_absolute_url()).text
    assert "Uitnodiging voor een kennismaking" in page
    assert "Dinsdag om tien uur?" in page


def test_declining_needs_a_reason(client, user_a, proposed):
    client.force_login(user_a)
    response = client.post(detail(proposed), {"kind": "decline", "text": ""})
    assert response.status_code == 400
    assert "Geef de reden." in response.text
    assert not ProposalResponse.objects.exists() and not Action.objects.exists()
    response = client.post(detail(proposed), {"kind": "decline", "text": "Te weinig uren."})
    assert response.status_code == 302
    assert Action.objects.get().note == "Te weinig uren."


def test_a_question_through_the_api(user_a, proposed):
    api = APIClient()
    api.force_login(user_a)
    url = f"/api/v1/portal/proposals/{proposed.pk}/respond/"
    assert api.post(url, {"kind": "question"}, format="json").status_code == 400
    response = api.post(url, {"kind": "question", "text": "Heeft zij een VCA?"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "question"
    assert Action.objects.get(proposal=proposed).note == "Heeft zij een VCA?"
    listed = api.get("/api/v1/portal/proposals/").json()
    assert [row["id"] for row in listed] == [proposed.pk]
    assert listed[0]["responses"][0]["text"] == "Heeft zij een VCA?"


def test_another_employers_or_a_closed_proposal_answers_404(
    client, user_b, user_a, account_manager, proposed
):
    client.force_login(user_b)
    assert client.get(detail(proposed)).status_code == 404
    assert client.post(detail(proposed), {"kind": "invite"}).status_code == 404
    services.proposal_set_status(
        proposal=proposed, status="withdrawn", reason="Ander werk", by=account_manager
    )
    client.force_login(user_a)
    assert client.get(detail(proposed)).status_code == 404


def test_portal_reads_are_in_the_access_log(client, user_a, proposed):
    client.force_login(user_a)
    client.get(reverse("portal:proposals"))
    client.get(detail(proposed))
    rows = list(CandidateAccessLog.objects.order_by("pk"))
    assert [(r.user, r.candidate_ref, r.allowed) for r in rows] == [
        (user_a, proposed.candidate_id, True),
        (user_a, proposed.candidate_id, True),
    ]
    assert "portal:proposals" in rows[0].route and "portal:proposal " in rows[1].route
