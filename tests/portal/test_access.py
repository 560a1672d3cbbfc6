"""Isolation of the employer portal: every URL and endpoint as employer A with employer B's ids
(404), anonymously (login / 401), as WSP staff (403), and staff URLs as an employer user (403)."""

import pytest
from django.urls import reverse

from portal.models import ContactProposal
from portal.services import question_ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(employer_a, employer_b, user_a, user_b, contact_a, contact_b, make_placement):
    placement_b = make_placement(employer_b)
    question_b = question_ask(user=user_b, question="Hebben jullie een heftruckchauffeur?")
    proposal_b = ContactProposal.objects.create(
        employer=employer_b, name="Nieuwe Collega", level="middle", email="nc@groen.test"
    )
    return {
        "contact_b": contact_b,
        "placement_b": placement_b,
        "question_b": question_b,
        "proposal_b": proposal_b,
        "employer_a": employer_a,
        "employer_b": employer_b,
        "user_b": user_b,
    }


PORTAL_PAGES = ["home", "contacts", "placements", "support", "question"]


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    urls = [reverse(f"portal:{name}") for name in PORTAL_PAGES] + [
        reverse("portal:contact_left", args=[world["contact_b"].pk]),
        reverse("portal:question_sent", args=[world["question_b"].pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    response = client.post(reverse("portal:contact_verify", args=[world["contact_b"].pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["account_manager", "team_lead", "wsp_admin"])
def test_staff_are_refused_portal_pages(client_for, world, request, who):
    client = client_for(request.getfixturevalue(who))
    for name in PORTAL_PAGES:
        assert client.get(reverse(f"portal:{name}")).status_code == 403, name


def test_employer_a_gets_404_for_every_page_with_employer_b_ids(client_for, world, user_a):
    client = client_for(user_a)
    contact_b = world["contact_b"]
    assert client.get(reverse("portal:contact_left", args=[contact_b.pk])).status_code == 404
    response = client.post(
        reverse("portal:contact_left", args=[contact_b.pk]), {"left_on": "2026-01-01"}
    )
    assert response.status_code == 404
    assert client.post(reverse("portal:contact_verify", args=[contact_b.pk])).status_code == 404
    question_b = world["question_b"]
    assert client.get(reverse("portal:question_sent", args=[question_b.pk])).status_code == 404
    contact_b.refresh_from_db()
    assert (contact_b.left_on, contact_b.last_verified_on) == (None, None)


def test_employer_a_never_sees_employer_b_data_on_portal_pages(client_for, world, user_a):
    client = client_for(user_a)
    for name in PORTAL_PAGES:
        text = client.get(reverse(f"portal:{name}")).text
        assert "Gerrit Groen" not in text and "Tuinderij Groen" not in text, name
        assert "Nieuwe Collega" not in text, name
    placements = client.get(reverse("portal:placements")).text
    assert world["placement_b"].job_title not in placements


STAFF_URLS = [
    lambda w: reverse("employers:list"),
    lambda w: reverse("employers:detail", args=[w["employer_a"].pk]),
    lambda w: reverse("candidates:list"),
    lambda w: reverse("placements:list"),
    lambda w: reverse("continuity:inbox"),
    lambda w: reverse("accounts:team"),
    lambda w: reverse("portal:staff_invite", args=[w["employer_a"].pk]),
]


@pytest.mark.parametrize("url", STAFF_URLS)
def test_employer_users_are_refused_staff_pages(client_for, world, user_a, url):
    assert client_for(user_a).get(url(world)).status_code == 403


def test_employer_users_cannot_use_the_staff_portal_actions(client_for, world, user_a):
    client = client_for(user_a)
    employer_a = world["employer_a"]
    posts = [
        reverse("portal:staff_invite", args=[employer_a.pk]),
        reverse("portal:staff_user_deactivate", args=[employer_a.pk, user_a.pk]),
        reverse(
            "portal:staff_proposal_accept", args=[world["employer_b"].pk, world["proposal_b"].pk]
        ),
    ]
    for url in posts:
        assert client.post(url, {"portal-email": "x@y.test"}).status_code == 403, url
    user_a.refresh_from_db()
    assert user_a.is_active


def test_staff_of_another_region_get_404_on_the_staff_portal_actions(client_for, world, outsider):
    client = client_for(outsider)
    employer_b, proposal_b = world["employer_b"], world["proposal_b"]
    urls = [
        reverse("portal:staff_invite", args=[employer_b.pk]),
        reverse("portal:staff_user_deactivate", args=[employer_b.pk, world["user_b"].pk]),
        reverse("portal:staff_proposal_accept", args=[employer_b.pk, proposal_b.pk]),
        reverse("portal:staff_proposal_decline", args=[employer_b.pk, proposal_b.pk]),
    ]
    for url in urls:
        assert client.post(url).status_code == 404, url
    proposal_b.refresh_from_db()
    world["user_b"].refresh_from_db()
    assert proposal_b.status == "pending" and world["user_b"].is_active


def test_staff_cannot_reach_another_employers_users_or_proposals_via_the_wrong_employer(
    client_for, world, account_manager
):
    """Employer A's URL with employer B's user or proposal id: 404."""
    client = client_for(account_manager)
    employer_a = world["employer_a"]
    deactivate = reverse("portal:staff_user_deactivate", args=[employer_a.pk, world["user_b"].pk])
    accept = reverse("portal:staff_proposal_accept", args=[employer_a.pk, world["proposal_b"].pk])
    assert client.post(deactivate).status_code == 404
    assert client.post(accept).status_code == 404


# API ------------------------------------------------------------------------------------------

API_LISTS = [
    "/api/v1/portal/me/contact/",
    "/api/v1/portal/contacts/",
    "/api/v1/portal/placements/",
    "/api/v1/portal/instruments/",
    "/api/v1/portal/questions/",
]


def test_api_answers_401_to_anonymous_callers(client, world):
    for url in API_LISTS:
        assert client.get(url).status_code == 401, url
    assert client.post(f"/api/v1/portal/contacts/{world['contact_b'].pk}/left/").status_code == 401


def test_api_answers_403_to_staff(client_for, world, account_manager):
    client = client_for(account_manager)
    for url in API_LISTS:
        assert client.get(url).status_code == 403, url


def test_api_answers_404_for_employer_b_ids(client_for, world, user_a):
    client = client_for(user_a)
    contact_b = world["contact_b"]
    assert client.get(f"/api/v1/portal/contacts/{contact_b.pk}/").status_code == 404
    assert client.post(f"/api/v1/portal/contacts/{contact_b.pk}/verify/").status_code == 404
    response = client.post(
        f"/api/v1/portal/contacts/{contact_b.pk}/left/",
        {"left_on": "2026-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert client.get(f"/api/v1/portal/placements/{world['placement_b'].pk}/").status_code == 404
    assert client.get(f"/api/v1/portal/questions/{world['question_b'].pk}/").status_code == 404
    contact_b.refresh_from_db()
    assert (contact_b.left_on, contact_b.last_verified_on) == (None, None)


def test_api_lists_hold_only_the_own_employer(client_for, world, user_a, contact_a):
    client = client_for(user_a)
    contacts = client.get("/api/v1/portal/contacts/").json()
    assert [row["name"] for row in contacts] == ["Sanne de Wit"]
    assert client.get("/api/v1/portal/placements/").json() == []
    assert client.get("/api/v1/portal/questions/").json() == []


@pytest.mark.parametrize(
    "url", ["/api/v1/employers/", "/api/v1/contacts/", "/api/v1/placements/", "/api/v1/signals/"]
)
def test_employer_users_are_refused_staff_endpoints(client_for, world, user_a, url):
    assert client_for(user_a).get(url).status_code == 403
