"""Every view that names candidates writes the access log: one row per candidate shown, in one
insert per request; and the audit page answers "who saw candidate X in the last 90 days"."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from candidates import services
from candidates.models import CandidateAccessLog
from tests.candidates.conftest import make_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_proposed(region, account_manager, employer, holding):
    people = [
        make_candidate(region, account_manager, first_name=name, last_name="Lijst")
        for name in ("Ada", "Bo", "Cas")
    ]
    for person in people:
        services.proposal_create(candidate=person, employer=employer, by=account_manager)
    return people


def inserts_into_the_log(queries):
    return [
        q for q in queries if q["sql"].startswith('INSERT INTO "candidates_candidateaccesslog"')
    ]


def logged(user):
    return sorted(
        CandidateAccessLog.objects.filter(user=user).values_list("candidate_ref", flat=True)
    )


@pytest.mark.parametrize(
    "url",
    [
        "/candidates/?mine=false",
        "/candidates/pipeline/",
        "/api/v1/proposals/",
        "/api/v1/candidates/",
        "employer",
    ],
)
def test_a_list_logs_the_candidates_it_shows_in_one_insert(
    client, account_manager, employer, three_proposed, url
):
    if url == "employer":
        url = employer.get_absolute_url()
    client.force_login(account_manager)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(inserts_into_the_log(queries.captured_queries)) == 1
    assert logged(account_manager) == sorted(p.pk for p in three_proposed)
    assert all(row.allowed for row in CandidateAccessLog.objects.all())


def test_one_proposal_through_the_api_is_logged(account_manager, three_proposed):
    api = APIClient()
    api.force_login(account_manager)
    proposal = three_proposed[0].proposals.get()
    assert api.get(f"/api/v1/proposals/{proposal.pk}/").status_code == 200
    assert logged(account_manager) == [three_proposed[0].pk]


def test_placement_lists_log_the_named_candidates(client, account_manager, placement, candidate):
    client.force_login(account_manager)
    client.get(reverse("placements:list"))
    api = APIClient()
    api.force_login(account_manager)
    api.get("/api/v1/placements/")
    assert logged(account_manager) == [candidate.pk, candidate.pk]


def test_an_empty_list_writes_nothing(client, account_manager):
    client.force_login(account_manager)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("candidates:pipeline"))
    assert inserts_into_the_log(queries.captured_queries) == []


def test_the_audit_page_says_who_saw_a_candidate_in_the_last_90_days(
    client, wsp_admin, account_manager, team_lead, colleague, candidate
):
    client.force_login(account_manager)
    client.get(candidate.get_absolute_url())
    client.get(candidate.get_absolute_url())
    client.force_login(team_lead)
    client.get(reverse("candidates:list"))
    CandidateAccessLog.objects.create(  # long ago: not in the answer
        user=colleague,
        candidate=candidate,
        candidate_ref=candidate.pk,
        route="candidates:detail",
        method="GET",
        allowed=True,
        at=timezone.now() - datetime.timedelta(days=100),
    )
    client.force_login(wsp_admin)
    page = client.get(candidate.get_absolute_url()).text
    link = f"{reverse('audit:access')}?candidate={candidate.pk}"
    assert link in page
    text = client.get(link).text
    box = text[text.index("who-saw") : text.index("</section>", text.index("who-saw"))]
    assert f"Wie zag kandidaat #{candidate.pk} in de laatste 90 dagen" in box
    assert "Anna Test" in box and "2 keer" in box
    assert "Lotte Test" in box and "1 keer" in box
    assert colleague.full_name not in box
