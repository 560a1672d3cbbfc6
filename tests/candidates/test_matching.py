"""Matching: candidates for a staffing request and requests for a candidate, on hours, distance
by postcode area, sectors, target group and start date; an invalid postcode is a clear error."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from candidates import matching, services
from candidates.models import Candidate, CandidateAccessLog
from employers.models import Location
from tests.candidates.conftest import make_candidate

pytestmark = pytest.mark.django_db


def person(region, manager, name, *, postcode="3512", groups=(), **profile):
    base = {"hours_per_week": 24}
    base.update(profile)
    return make_candidate(
        region,
        manager,
        first_name=name,
        last_name="Match",
        postcode_area=postcode,
        target_groups=list(groups),
        profile=base,
    )


@pytest.fixture
def job(employer, account_manager):
    location = Location.objects.create(
        employer=employer, street="Oudegracht 1", postcode="3511 AB", city="Utrecht"
    )
    return services.staffing_request_create(
        employer=employer,
        by=account_manager,
        title="Inpakker",
        hours_per_week=24,
        location=location,
    )


@pytest.fixture
def cast(region, account_manager):
    later = timezone.localdate() + datetime.timedelta(days=400)
    return {
        "near": person(region, account_manager, "Dichtbij"),
        "amersfoort": person(
            region, account_manager, "Amersfoort", postcode="3811", hours_per_week=30,
            max_travel_km=30,
        ),
        "groningen": person(region, account_manager, "Groningen", postcode="9711"),
        "fulltime": person(region, account_manager, "Voltijd", hours_per_week=40),
        "care": person(region, account_manager, "Zorg", sectors=["care"]),
        "later": person(region, account_manager, "Later", available_from=later),
        "manufacturing": person(
            region, account_manager, "Fabriek", sectors=["manufacturing"], postcode="3511"
        ),
    }  # fmt: skip


def names(rows):
    return [row["first_name"] for row, _match in rows]


def test_the_candidates_who_fit_come_ranked_with_reasons(team_lead, job, cast):
    rows = matching.candidates_for_request(job, team_lead)
    assert names(rows) == ["Fabriek", "Dichtbij", "Amersfoort"]
    _row, best = rows[0]
    assert "wil in deze sector werken" in best.reasons
    assert any("km" in reason for reason in best.reasons)
    _row, far = rows[2]
    assert 15 <= far.distance <= 30  # Utrecht - Amersfoort, about 20 km


def test_a_request_for_a_target_group_only_lists_that_group(team_lead, job, region, cast):
    services.staffing_request_update(
        request=job, by=team_lead, target_groups=[Candidate.TargetGroup.JOB_AGREEMENT]
    )
    member = person(region, team_lead, "Register", groups=["job_agreement"])
    job.refresh_from_db()
    rows = matching.candidates_for_request(job, team_lead)
    assert [row["pk"] for row, _match in rows] == [member.pk]


def test_an_account_manager_only_gets_candidates_they_may_see(
    account_manager, colleague, region, job, cast
):
    person(region, colleague, "Anderman")
    assert "Anderman" not in names(matching.candidates_for_request(job, account_manager))


def test_the_page_lists_and_logs_the_matches(client, team_lead, job, cast):
    client.force_login(team_lead)
    response = client.get(reverse("candidates:request_matches", args=[job.pk]))
    assert response.status_code == 200
    assert "Fabriek Match" in response.text and "Groningen Match" not in response.text
    logged = set(CandidateAccessLog.objects.values_list("candidate_ref", flat=True))
    assert logged == {cast["manufacturing"].pk, cast["near"].pk, cast["amersfoort"].pk}


def test_another_postcode_measures_from_there(client, team_lead, job, cast):
    client.force_login(team_lead)
    url = reverse("candidates:request_matches", args=[job.pk])
    text = client.get(url + "?postcode=9712AB").text
    assert "Groningen Match" in text and "Dichtbij Match" not in text


@pytest.mark.parametrize("postcode", ["12345", "0123 AB", "abcd", "3511 A"])
def test_an_invalid_postcode_is_a_clear_error_and_lists_nobody(
    client, team_lead, job, cast, postcode
):
    client.force_login(team_lead)
    response = client.get(
        reverse("candidates:request_matches", args=[job.pk]), {"postcode": postcode}
    )
    assert response.status_code == 400
    assert "is geen Nederlandse postcode" in response.text
    assert "Match" not in response.text.split("</form>", 1)[1]
    api = APIClient()
    api.force_login(team_lead)
    answer = api.get(f"/api/v1/staffing-requests/{job.pk}/matches/", {"postcode": postcode})
    assert answer.status_code == 400
    assert "postcode" in answer.json()
    assert not CandidateAccessLog.objects.exists()


def test_the_api_answers_the_matches(team_lead, job, cast):
    api = APIClient()
    api.force_login(team_lead)
    data = api.get(f"/api/v1/staffing-requests/{job.pk}/matches/").json()
    assert [row["name"] for row in data] == ["Fabriek Match", "Dichtbij Match", "Amersfoort Match"]
    assert data[0]["reasons"] and data[0]["distance_km"] == 1


def test_the_requests_that_fit_a_candidate(client, team_lead, employer, job, cast):
    services.staffing_request_create(
        employer=employer, by=team_lead, title="Voltijdbaan", hours_per_week=40
    )
    client.force_login(team_lead)
    text = client.get(reverse("candidates:matches", args=[cast["near"].pk])).text
    assert "Inpakker" in text and "Voltijdbaan" not in text
    api = APIClient()
    api.force_login(team_lead)
    data = api.get(f"/api/v1/candidates/{cast['fulltime'].pk}/matches/").json()
    assert [row["title"] for row in data] == ["Voltijdbaan"]


def test_distance_approximation():
    assert matching.distance_km("3511", "3511") == 1.0
    assert matching.distance_km("3511", "3584") == 6.0
    assert 30 <= matching.distance_km("3511", "1012") <= 40  # Utrecht - Amsterdam
    assert matching.distance_km("3511", "") is None
    assert set(matching.PC2_CENTRES) == set(range(10, 100))


def test_the_travel_limit_decides_in_sql_and_python_alike(team_lead, region, job):
    willing = person(region, team_lead, "Ver", postcode="1012", max_travel_km=40)
    person(region, team_lead, "Standaard", postcode="1012")  # 25 km by default: too far
    person(region, team_lead, "Minuten", postcode="1012", max_travel_minutes=60)  # 30 km
    rows = matching.candidates_for_request(job, team_lead)
    assert [row["pk"] for row, _match in rows] == [willing.pk]
