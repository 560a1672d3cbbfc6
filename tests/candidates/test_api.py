"""The candidates API under /api/v1/: candidates (with the work profile), consents, staffing
requests and proposals. Scoping matrix for every endpoint, writes through the services, 400 with
field messages for bad or foreign input (never a 500), and fixed query counts for the lists."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from rest_framework.test import APIClient

from candidates import services
from candidates.models import (
    Candidate,
    CandidateAccessLog,
    Proposal,
    SharingConsent,
    StaffingRequest,
)
from tests.candidates.conftest import make_candidate
from tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
TODAY = timezone.localdate()


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def nl(msgid):
    with translation.override("nl"):
        return gettext(msgid)


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def world(
    candidate,
    proposal,
    consent,
    staffing_request,
    other_candidate,
    other_employer,
    outsider,
):
    """Everything once in the cast's region and once in the other region."""
    other_request = services.staffing_request_create(
        employer=other_employer, by=outsider, title="Havenmedewerker"
    )
    other_proposal = services.proposal_create(
        candidate=other_candidate, employer=other_employer, request=other_request, by=outsider
    )
    other_consent = services.consent_record(
        candidate=other_candidate, employer=other_employer, by=outsider
    )
    return {
        "candidates": (candidate.pk, other_candidate.pk),
        "consents": (consent.pk, other_consent.pk),
        "staffing-requests": (staffing_request.pk, other_request.pk),
        "proposals": (proposal.pk, other_proposal.pk),
    }


RESOURCES = ["candidates", "consents", "staffing-requests", "proposals"]

# Which of (own, other-region) row each user sees. Candidate-bound rows (candidates, consents,
# proposals) follow the candidate rule; staffing requests follow the employer rule.
SEES = {
    "account_manager": {"candidates": "own", "staffing-requests": "own"},
    "holder": {"candidates": "own", "staffing-requests": "own"},
    "colleague": {"candidates": None, "staffing-requests": "own"},
    "outsider": {"candidates": "other", "staffing-requests": "other"},
    "team_lead": {"candidates": "own", "staffing-requests": "own"},
    "wsp_admin": {"candidates": "both", "staffing-requests": "both"},
}


def expected_ids(world, resource, who):
    rule = SEES[who]["staffing-requests" if resource == "staffing-requests" else "candidates"]
    own, other = world[resource]
    return {"own": {own}, "other": {other}, "both": {own, other}, None: set()}[rule]


# --- Access matrix: reading -----------------------------------------------------------------


@pytest.mark.parametrize("resource", RESOURCES)
def test_anonymous_callers_get_401_or_403(world, resource):
    assert api().get(f"{API}/{resource}/").status_code in (401, 403)
    own = world[resource][0]
    assert api().get(f"{API}/{resource}/{own}/").status_code in (401, 403)


@pytest.mark.parametrize("resource", RESOURCES)
def test_employer_users_get_403(world, resource, employer_user):
    assert api(employer_user).get(f"{API}/{resource}/").status_code == 403
    own = world[resource][0]
    assert api(employer_user).get(f"{API}/{resource}/{own}/").status_code == 403


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("who", SEES)
def test_lists_contain_exactly_what_the_user_may_see(request, world, resource, who):
    user = request.getfixturevalue(who)
    assert ids(api(user).get(f"{API}/{resource}/")) == expected_ids(world, resource, who)


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("who", SEES)
def test_a_row_the_user_may_not_see_answers_404(request, world, resource, who):
    user = request.getfixturevalue(who)
    visible = expected_ids(world, resource, who)
    for pk in world[resource]:
        response = api(user).get(f"{API}/{resource}/{pk}/")
        assert response.status_code == (200 if pk in visible else 404), (pk, response.content)


@pytest.mark.parametrize("resource", RESOURCES)
def test_garbage_and_huge_ids_answer_404(world, resource, account_manager):
    for pk in ("abc", "1.5", "99999999999999999999999", "-1"):
        assert api(account_manager).get(f"{API}/{resource}/{pk}/").status_code == 404


# --- Candidates -----------------------------------------------------------------------------


def test_a_candidate_shows_identity_target_groups_and_profile(account_manager, candidate):
    data = api(account_manager).get(f"{API}/candidates/{candidate.pk}/").json()
    assert data["full_name"] == "Joyce de Wit"
    assert data["responsible"] == account_manager.pk
    assert data["target_groups"] == ["job_agreement", "wajong"]
    assert data["profile"]["availability"] == "Alleen tijdens schooltijden"
    assert data["profile"]["hours_per_week"] == 24
    assert data["is_anonymised"] is False


def test_creating_a_candidate_with_a_profile(account_manager):
    payload = {
        "first_name": "Daan",
        "last_name": "Visser",
        "municipality": "Houten",
        "target_groups": ["participation_act", "participation_act"],
        "profile": {"strengths": "Handig met gereedschap.", "hours_per_week": 32},
    }
    response = api(account_manager).post(f"{API}/candidates/", payload, format="json")
    assert response.status_code == 201, response.content
    candidate = Candidate.objects.get(last_name="Visser")
    assert response.json()["id"] == candidate.pk
    assert candidate.responsible == account_manager  # defaults to the author
    assert candidate.region == account_manager.region
    assert candidate.target_groups == ["participation_act"]
    assert candidate.profile.strengths == "Handig met gereedschap."
    assert candidate.profile.updated_by == account_manager


def test_a_wsp_admin_must_choose_region_and_responsible(wsp_admin, region, account_manager):
    client = api(wsp_admin)
    response = client.post(f"{API}/candidates/", {"first_name": "A", "last_name": "B"})
    assert response.status_code == 400
    assert "region" in response.json()
    response = client.post(
        f"{API}/candidates/", {"first_name": "A", "last_name": "B", "region": region.pk}
    )
    assert response.status_code == 400
    assert "responsible" in response.json()
    response = client.post(
        f"{API}/candidates/",
        {
            "first_name": "A",
            "last_name": "B",
            "region": region.pk,
            "responsible": account_manager.pk,
        },
    )
    assert response.status_code == 201


def test_a_responsible_of_another_region_is_refused(account_manager, outsider):
    payload = {"first_name": "A", "last_name": "B", "responsible": outsider.pk}
    response = api(account_manager).post(f"{API}/candidates/", payload)
    assert response.status_code == 400
    assert "responsible" in response.json()
    assert not Candidate.objects.filter(last_name="B").exists()


def test_candidates_are_added_to_the_own_region_only(account_manager, other_region):
    payload = {"first_name": "A", "last_name": "B", "region": other_region.pk}
    response = api(account_manager).post(f"{API}/candidates/", payload)
    assert response.status_code == 400
    assert response.json()["region"] == [nl("You can only add candidates to your own region.")]


def test_updating_a_candidate_and_its_profile(account_manager, candidate):
    response = api(account_manager).patch(
        f"{API}/candidates/{candidate.pk}/",
        {"municipality": "Zeist", "profile": {"workplace_needs": "Vaste werkplek bij het raam."}},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["municipality"] == "Zeist"
    candidate.refresh_from_db()
    assert candidate.municipality == "Zeist"
    assert candidate.profile.workplace_needs == "Vaste werkplek bij het raam."
    assert candidate.profile.strengths  # untouched fields stay


def test_the_region_of_a_candidate_cannot_change(account_manager, candidate, other_region):
    response = api(account_manager).patch(
        f"{API}/candidates/{candidate.pk}/", {"region": other_region.pk}
    )
    assert response.status_code == 400
    assert "region" in response.json()


def test_handing_a_candidate_over_still_answers_with_what_was_saved(
    account_manager, colleague, candidate
):
    response = api(account_manager).patch(
        f"{API}/candidates/{candidate.pk}/", {"responsible": colleague.pk}
    )
    assert response.status_code == 200
    assert response.json()["responsible"] == colleague.pk
    assert api(account_manager).get(f"{API}/candidates/{candidate.pk}/").status_code == 404


def test_the_profile_endpoint_reads_and_writes_the_profile(account_manager, candidate):
    client = api(account_manager)
    url = f"{API}/candidates/{candidate.pk}/profile/"
    assert client.get(url).json()["work_fitness"] == "Kan vier uur achter elkaar staand werken."
    response = client.patch(url, {"hours_per_week": 28}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["hours_per_week"] == 28
    candidate.profile.refresh_from_db()
    assert candidate.profile.hours_per_week == 28
    assert client.patch(url, {"hours_per_week": 99}, format="json").status_code == 400


def test_the_profile_endpoint_follows_the_candidate_rule(colleague, outsider, candidate):
    url = f"{API}/candidates/{candidate.pk}/profile/"
    assert api(colleague).get(url).status_code == 404
    assert api(outsider).patch(url, {"hours_per_week": 1}, format="json").status_code == 404
    candidate.profile.refresh_from_db()
    assert candidate.profile.hours_per_week == 24


def test_an_anonymised_candidate_cannot_be_changed(team_lead, candidate):
    services.candidate_anonymise(candidate=candidate, by=team_lead)
    client = api(team_lead)
    response = client.patch(f"{API}/candidates/{candidate.pk}/", {"first_name": "Terug"})
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [nl("This candidate has been anonymised.")]
    response = client.patch(
        f"{API}/candidates/{candidate.pk}/profile/", {"strengths": "x"}, format="json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "payload",
    [
        {"first_name": "A", "last_name": "B", "target_groups": ["diagnosis"]},
        {"first_name": "A", "last_name": "B", "target_groups": "wajong"},
        {"first_name": "A", "last_name": "B", "responsible": "abc"},
        {"first_name": "A", "last_name": "B", "responsible": 99999999999999999999},
        {"first_name": "A", "last_name": "B", "email": "geen-adres"},
        {"first_name": "A", "last_name": "B", "profile": {"hours_per_week": -3}},
        {"first_name": "A", "last_name": "B", "profile": {"hours_per_week": 99999999999}},
        {"first_name": "A", "last_name": "B", "profile": "veel"},
        {"first_name": "", "last_name": "B"},
        {"first_name": "A" * 500, "last_name": "B"},
        ["not", "an", "object"],
    ],
)
def test_garbage_candidate_input_answers_400(account_manager, payload):
    response = api(account_manager).post(f"{API}/candidates/", payload, format="json")
    assert response.status_code == 400, response.content
    assert not Candidate.objects.filter(last_name="B").exists()


def test_malformed_json_answers_400(account_manager):
    response = api(account_manager).generic(
        "POST", f"{API}/candidates/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400


def test_the_candidate_list_filters_like_the_page(team_lead, colleague, region, candidate):
    other = make_candidate(region, colleague, first_name="Mo", last_name="El Amrani")
    client = api(team_lead)
    assert ids(client.get(f"{API}/candidates/?q=amrani")) == {other.pk}
    assert ids(client.get(f"{API}/candidates/?target_group=wajong")) == {candidate.pk}
    assert ids(client.get(f"{API}/candidates/?responsible={colleague.pk}")) == {other.pk}
    assert client.get(f"{API}/candidates/?target_group=onzin").status_code == 400
    assert client.get(f"{API}/candidates/?responsible=abc").status_code == 400


def test_the_candidate_list_uses_the_same_number_of_queries_for_10_and_200(
    team_lead, account_manager, region, django_assert_num_queries
):
    def add(start, stop):
        for index in range(start, stop):
            make_candidate(region, account_manager, first_name=f"K{index:03d}", last_name="Test")

    add(0, 10)
    client = api(team_lead)
    url = f"{API}/candidates/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).json()["results"]) == 10
    add(10, 200)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert len(response.json()["results"]) == 50  # one page; every row logged in one insert
    assert response.json()["count"] == 200


# --- Consents -----------------------------------------------------------------------------------


def test_recording_and_withdrawing_a_consent(account_manager, candidate, region):
    employer = EmployerFactory(region=region, name="Zorggroep De Linde")
    client = api(account_manager)
    response = client.post(
        f"{API}/consents/",
        {"candidate": candidate.pk, "employer": employer.pk, "scope": "profile_contact"},
    )
    assert response.status_code == 201, response.content
    consent = SharingConsent.objects.get(pk=response.json()["id"])
    assert consent.recorded_by == account_manager
    assert consent.scope == "profile_contact"
    assert response.json()["is_current"] is True

    response = client.post(f"{API}/consents/{consent.pk}/withdraw/", {})
    assert response.status_code == 200, response.content
    assert response.json()["is_current"] is False
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    assert consent.withdrawn_by == account_manager
    response = client.post(f"{API}/consents/{consent.pk}/withdraw/", {})
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [nl("This consent has already been withdrawn.")]


def test_a_second_current_consent_is_refused(account_manager, consent):
    response = api(account_manager).post(
        f"{API}/consents/", {"candidate": consent.candidate_id, "employer": consent.employer_id}
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        nl("There already is a current consent for this employer.")
    ]


def test_consents_only_reference_visible_candidates_and_employers(
    account_manager, colleague, candidate, other_candidate, other_employer, employer
):
    client = api(account_manager)
    response = client.post(
        f"{API}/consents/", {"candidate": candidate.pk, "employer": other_employer.pk}
    )
    assert response.status_code == 400
    assert "employer" in response.json()
    response = client.post(
        f"{API}/consents/", {"candidate": other_candidate.pk, "employer": employer.pk}
    )
    assert response.status_code == 400
    assert "candidate" in response.json()
    response = api(colleague).post(
        f"{API}/consents/", {"candidate": candidate.pk, "employer": employer.pk}
    )
    assert response.status_code == 400
    assert not SharingConsent.objects.exists()


def test_a_consent_withdrawal_cannot_be_dated_in_the_future_or_before_it_was_given(
    account_manager, consent
):
    url = f"{API}/consents/{consent.pk}/withdraw/"
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    last_year = (TODAY - datetime.timedelta(days=365)).isoformat()
    for date in (tomorrow, last_year, "gisteren"):
        response = api(account_manager).post(url, {"withdrawn_on": date})
        assert response.status_code == 400
        assert "withdrawn_on" in response.json()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_consents_filter_by_candidate_and_current(account_manager, consent, candidate):
    client = api(account_manager)
    assert ids(client.get(f"{API}/consents/?candidate={candidate.pk}")) == {consent.pk}
    assert ids(client.get(f"{API}/consents/?current=false")) == set()


# --- Staffing requests --------------------------------------------------------------------------


def test_creating_and_updating_a_staffing_request(account_manager, employer):
    location = employer.locations.first()
    client = api(account_manager)
    response = client.post(
        f"{API}/staffing-requests/",
        {
            "employer": employer.pk,
            "title": "Medewerker groenonderhoud",
            "kind": "carved",
            "tasks": "Snoeien en vegen.",
            "hours_per_week": 20,
            "location": location.pk,
        },
    )
    assert response.status_code == 201, response.content
    staffing_request = StaffingRequest.objects.get(pk=response.json()["id"])
    assert staffing_request.created_by == account_manager
    assert staffing_request.location == location
    response = client.patch(f"{API}/staffing-requests/{staffing_request.pk}/", {"status": "filled"})
    assert response.status_code == 200, response.content
    staffing_request.refresh_from_db()
    assert staffing_request.status == "filled"
    assert staffing_request.title == "Medewerker groenonderhoud"


def test_staffing_requests_only_reference_visible_employers_and_their_locations(
    account_manager, employer, other_employer, staffing_request
):
    client = api(account_manager)
    response = client.post(
        f"{API}/staffing-requests/", {"employer": other_employer.pk, "title": "X"}
    )
    assert response.status_code == 400
    assert "employer" in response.json()
    own_other = EmployerFactory(region=employer.region)
    from tests.factories import LocationFactory

    foreign_location = LocationFactory(employer=own_other)
    response = client.post(
        f"{API}/staffing-requests/",
        {"employer": employer.pk, "title": "X", "location": foreign_location.pk},
    )
    assert response.status_code == 400
    assert "location" in response.json()
    response = client.patch(
        f"{API}/staffing-requests/{staffing_request.pk}/", {"employer": own_other.pk}
    )
    assert response.status_code == 400
    assert not StaffingRequest.objects.filter(title="X").exists()


@pytest.mark.parametrize(
    "changes",
    [{"hours_per_week": 0}, {"hours_per_week": "veel"}, {"kind": "stage"}, {"opened_on": "morgen"}],
)
def test_garbage_staffing_request_input_answers_400(account_manager, employer, changes):
    payload = {"employer": employer.pk, "title": "Y", **changes}
    response = api(account_manager).post(f"{API}/staffing-requests/", payload)
    assert response.status_code == 400, response.content
    assert not StaffingRequest.objects.filter(title="Y").exists()


# --- Proposals ----------------------------------------------------------------------------------


def test_proposing_without_a_vacancy(account_manager, candidate, region):
    employer = EmployerFactory(region=region)
    response = api(account_manager).post(
        f"{API}/proposals/", {"candidate": candidate.pk, "employer": employer.pk}
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "proposed"
    assert data["request"] is None
    assert data["next_statuses"] == list(Proposal.NEXT_STATUSES["proposed"])
    assert Proposal.objects.get(pk=data["id"]).proposed_by == account_manager


def test_proposing_to_a_request_takes_its_employer(account_manager, candidate, region):
    employer = EmployerFactory(region=region)
    vacancy = services.staffing_request_create(employer=employer, by=account_manager, title="Kok")
    response = api(account_manager).post(
        f"{API}/proposals/", {"candidate": candidate.pk, "request": vacancy.pk}
    )
    assert response.status_code == 201, response.content
    assert response.json()["employer"] == employer.pk


def test_proposals_refuse_foreign_or_mismatched_references(
    account_manager, candidate, other_candidate, other_employer, employer, staffing_request
):
    client = api(account_manager)
    second = EmployerFactory(region=employer.region)
    cases = [
        ({"candidate": other_candidate.pk, "employer": employer.pk}, "candidate"),
        ({"candidate": candidate.pk, "employer": other_employer.pk}, "employer"),
        ({"candidate": candidate.pk}, "employer"),
        (
            {"candidate": candidate.pk, "employer": second.pk, "request": staffing_request.pk},
            "request",
        ),
        ({"candidate": candidate.pk, "employer": second.pk, "proposed_on": "2999-01-01"}, None),
    ]
    for payload, field in cases:
        response = client.post(f"{API}/proposals/", payload)
        assert response.status_code == 400, payload
        if field:
            assert field in response.json(), response.json()
    assert not Proposal.objects.filter(employer__in=[second, other_employer]).exists()


def test_set_status_moves_a_proposal_and_needs_a_reason_to_close_it(account_manager, proposal):
    client = api(account_manager)
    url = f"{API}/proposals/{proposal.pk}/set-status/"
    response = client.post(url, {"status": "introduction"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "introduction"
    response = client.post(url, {"status": "declined"})
    assert response.status_code == 400
    assert response.json() == {"reason": [nl("Give the reason.")]}
    response = client.post(url, {"status": "proposed"})
    assert response.status_code == 400
    assert "status" in response.json()
    response = client.post(url, {"status": "declined", "reason": "Geen klik in het team."})
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decline_reason) == ("declined", "Geen klik in het team.")
    assert client.post(url, {"status": "trial"}).status_code == 400


def test_set_status_never_places_without_a_placement(account_manager, proposal):
    response = api(account_manager).post(
        f"{API}/proposals/{proposal.pk}/set-status/", {"status": "placed"}
    )
    assert response.status_code == 400
    assert "status" in response.json()
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


@pytest.mark.parametrize(
    "payload",
    [
        {"status": "hired"},
        {"status": "introduction", "on": "gisteren"},
        {"status": "introduction", "on": "2999-01-01"},
        {"status": "introduction", "on": "2000-01-01"},
        {"status": "withdrawn", "reason": "x" * 301},
        {},
    ],
)
def test_garbage_status_input_answers_400(account_manager, proposal, payload):
    response = api(account_manager).post(
        f"{API}/proposals/{proposal.pk}/set-status/", payload, format="json"
    )
    assert response.status_code == 400, response.content
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


@pytest.mark.parametrize("who", ["colleague", "outsider"])
def test_set_status_on_a_proposal_the_user_may_not_see_is_404(request, proposal, who):
    user = request.getfixturevalue(who)
    response = api(user).post(
        f"{API}/proposals/{proposal.pk}/set-status/", {"status": "introduction"}
    )
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_proposals_filter_by_status_and_open(account_manager, proposal, region, candidate):
    employer = EmployerFactory(region=region)
    closed = services.proposal_create(candidate=candidate, employer=employer, by=account_manager)
    services.proposal_set_status(
        proposal=closed, status="withdrawn", reason="Verhuisd.", by=account_manager
    )
    client = api(account_manager)
    assert ids(client.get(f"{API}/proposals/?open=true")) == {proposal.pk}
    assert ids(client.get(f"{API}/proposals/?status=withdrawn")) == {closed.pk}
    assert ids(client.get(f"{API}/proposals/?employer={employer.pk}")) == {closed.pk}
    assert client.get(f"{API}/proposals/?status=hired").status_code == 400


def test_the_proposal_list_uses_the_same_number_of_queries_for_10_and_200(
    team_lead, account_manager, region, employer, django_assert_num_queries
):
    def add(start, stop):
        for index in range(start, stop):
            candidate = make_candidate(
                region, account_manager, first_name=f"K{index}", last_name="T", profile={}
            )
            services.proposal_create(candidate=candidate, employer=employer, by=account_manager)

    add(0, 10)
    client = api(team_lead)
    url = f"{API}/proposals/?page_size=200"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).json()["results"]) == 10
    add(10, 200)
    with django_assert_num_queries(len(few)):
        assert len(client.get(url).json()["results"]) == 200


# --- The access log from the API ----------------------------------------------------------------


def test_reading_a_candidate_through_the_api_is_logged_allowed_and_denied(
    account_manager, outsider, employer_user, candidate
):
    url = f"{API}/candidates/{candidate.pk}/"
    api(account_manager).get(url)
    api(outsider).get(url)
    api(employer_user).get(url)
    rows = list(CandidateAccessLog.objects.filter(candidate_ref=candidate.pk).order_by("pk"))
    assert [(r.user, r.allowed, r.method) for r in rows] == [
        (account_manager, True, "GET"),
        (outsider, False, "GET"),
        (employer_user, False, "GET"),
    ]
    assert rows[0].candidate == candidate
    assert rows[1].candidate is None
    assert url in rows[0].route


def test_the_candidate_list_logs_every_listed_candidate(team_lead, candidate, region, colleague):
    other = make_candidate(region, colleague, first_name="Mo", last_name="Amrani")
    api(team_lead).get(f"{API}/candidates/")
    logged = set(
        CandidateAccessLog.objects.filter(user=team_lead, allowed=True).values_list(
            "candidate_ref", flat=True
        )
    )
    assert logged == {candidate.pk, other.pk}


def test_referring_to_a_hidden_candidate_is_logged_as_denied(colleague, candidate, employer):
    api(colleague).post(f"{API}/proposals/", {"candidate": candidate.pk, "employer": employer.pk})
    row = CandidateAccessLog.objects.get(candidate_ref=candidate.pk)
    assert (row.user, row.allowed, row.method) == (colleague, False, "POST")


def test_the_openapi_schema_describes_the_candidate_endpoints(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--file", str(target))
    schema = target.read_text()
    for path in [
        "/api/v1/candidates/",
        "/api/v1/candidates/{id}/profile/",
        "/api/v1/consents/{id}/withdraw/",
        "/api/v1/staffing-requests/{id}/",
        "/api/v1/proposals/{id}/set-status/",
    ]:
        assert f"{path}:" in schema
