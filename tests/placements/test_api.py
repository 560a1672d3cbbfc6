"""The placements API under /api/v1/: placements, follow-ups, instrument periods and the
instrument catalogue. Who may do what, the workflow endpoints, 400s with Dutch field messages
for bad input (never a 500), the candidate's name and its access log, and fixed query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from candidates import services as candidate_services
from candidates.models import CandidateAccessLog, Proposal
from placements import services
from placements.models import FollowUp, Instrument, InstrumentPeriod, Placement
from tests.factories import ContactPersonFactory, LocationFactory
from tests.placements.conftest import days_ago, make_candidate, start_placement

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
API = "/api/v1"


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def world(placement, other_placement, instrument, other_instrument, account_manager, outsider):
    period = services.instrument_period_add(
        placement=placement,
        by=account_manager,
        instrument=instrument,
        start=TODAY(),
        end=TODAY() + datetime.timedelta(days=90),
    )
    other_period = services.instrument_period_add(
        placement=other_placement,
        by=outsider,
        instrument=other_instrument,
        start=TODAY(),
        end=TODAY() + datetime.timedelta(days=90),
    )
    return {
        "placements": (placement.pk, other_placement.pk),
        "follow-ups": (
            placement.follow_ups.order_by("due_on").first().pk,
            other_placement.follow_ups.order_by("due_on").first().pk,
        ),
        "instrument-periods": (period.pk, other_period.pk),
        "instruments": (instrument.pk, other_instrument.pk),
    }


RESOURCES = ["placements", "follow-ups", "instrument-periods", "instruments"]


def _new_placement_payload(candidate, employer, **changes):
    """A valid body for starting a placement, with `changes` on top (any field, also the
    candidate or employer)."""
    payload = {
        "candidate": candidate.pk,
        "employer": employer.pk,
        "job_title": "Orderpicker",
        "start_date": TODAY().isoformat(),
        "contract_type": "temporary",
        "contract_end": (TODAY() + datetime.timedelta(days=180)).isoformat(),
        "hours_per_week": "24.0",
    }
    payload.update(changes)
    return payload


# Access matrix: reading -----------------------------------------------------------------------


@pytest.mark.parametrize("resource", RESOURCES)
def test_anonymous_callers_are_refused(world, resource):
    here, _there = world[resource]
    assert api().get(f"{API}/{resource}/").status_code in (401, 403)
    assert api().get(f"{API}/{resource}/{here}/").status_code in (401, 403)


@pytest.mark.parametrize("resource", RESOURCES)
def test_employer_users_are_refused(world, employer_user, resource):
    here, _there = world[resource]
    client = api(employer_user)
    assert client.get(f"{API}/{resource}/").status_code == 403
    assert client.get(f"{API}/{resource}/{here}/").status_code == 403


@pytest.mark.parametrize("resource", ["placements", "follow-ups", "instrument-periods"])
@pytest.mark.parametrize("who", ["account_manager", "colleague", "team_lead"])
def test_regional_staff_see_their_own_region_only(world, request, resource, who):
    client = api(request.getfixturevalue(who))
    here, there = world[resource]
    listed = ids(client.get(f"{API}/{resource}/"))
    assert here in listed and there not in listed
    assert client.get(f"{API}/{resource}/{here}/").json()["id"] == here
    response = client.get(f"{API}/{resource}/{there}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Niet gevonden."}


@pytest.mark.parametrize("resource", RESOURCES)
def test_another_regions_staff_get_404_for_our_rows(world, outsider, resource):
    client = api(outsider)
    here, there = world[resource]
    listed = ids(client.get(f"{API}/{resource}/?page_size=200"))
    assert there in listed and here not in listed
    assert client.get(f"{API}/{resource}/{here}/").status_code == 404


@pytest.mark.parametrize("resource", RESOURCES)
def test_wsp_admins_see_every_region(world, wsp_admin, resource):
    client = api(wsp_admin)
    here, there = world[resource]
    for pk in (here, there):
        assert client.get(f"{API}/{resource}/{pk}/").status_code == 200


def test_the_instrument_catalogue_is_the_users_region(world, account_manager, region):
    rows = api(account_manager).get(f"{API}/instruments/?page_size=200").json()["results"]
    assert len(rows) == 10
    assert {row["region"] for row in rows} == {region.pk}
    assert {"name", "provider", "max_duration_months", "description", "is_active"} <= set(rows[0])


def test_garbage_ids_answer_404_not_500(world, account_manager):
    client = api(account_manager)
    for resource in RESOURCES:
        for bad in ["abc", "99999999999999999999999", "-1", "0"]:
            assert client.get(f"{API}/{resource}/{bad}/").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "placements/?employer=abc",
        "placements/?employer=99999999999999999999",
        "placements/?status=nonsense",
        "placements/?responsible=abc",
        "placements/?candidate=xyz",
        "placements/?start_after=31-31-2020",
        "follow-ups/?placement=abc",
        "follow-ups/?due_before=gisteren",
        "instrument-periods/?status=nonsense",
        "instruments/?region=abc",
    ],
)
def test_garbage_filters_answer_400_not_500(world, account_manager, query):
    assert api(account_manager).get(f"{API}/{query}").status_code == 400


# The candidate's name -------------------------------------------------------------------------


def test_reading_a_placement_shows_the_candidate_and_logs_the_access(
    world, account_manager, placement
):
    response = api(account_manager).get(f"{API}/placements/{placement.pk}/")
    body = response.json()
    assert body["candidate_name"] == "Joyce de Vries"
    assert body["supervisor_name"] == "Kees Bouwman"
    assert body["supervisor_has_left"] is False
    assert body["overdue_follow_ups"] == 1
    assert body["retained_after_6_months"] is None
    log = CandidateAccessLog.objects.get(user=account_manager, candidate=placement.candidate)
    assert log.allowed and f"/placements/{placement.pk}/" in log.route


def test_staff_who_may_not_see_the_candidate_get_no_name_and_a_denied_log_row(
    world, colleague, placement
):
    client = api(colleague)
    assert client.get(f"{API}/placements/").json()["results"][0]["candidate_name"] is None
    body = client.get(f"{API}/placements/{placement.pk}/").json()
    assert body["candidate_name"] is None
    assert body["candidate"] == placement.candidate_id
    assert CandidateAccessLog.objects.filter(
        user=colleague, candidate_ref=placement.candidate_id, allowed=False
    ).exists()


# Placements: writing --------------------------------------------------------------------------


def test_starting_a_placement_creates_its_plan_and_places_the_proposal(
    world, account_manager, region, employer, location, supervisor
):
    candidate = make_candidate(region, account_manager, first_name="Sam")
    proposal = candidate_services.proposal_create(
        candidate=candidate, employer=employer, by=account_manager
    )
    response = api(account_manager).post(
        f"{API}/placements/",
        _new_placement_payload(
            candidate,
            employer,
            proposal=proposal.pk,
            location=location.pk,
            supervisor=supervisor.pk,
            job_coach_name="Sanne Jansen",
            job_coach_hours="2.5",
        ),
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    placement = Placement.objects.get(pk=body["id"])
    assert body["candidate_name"] == "Sam de Vries"
    assert body["responsible"] == account_manager.pk
    assert body["next_follow_up_on"] == (TODAY() + datetime.timedelta(days=14)).isoformat()
    assert placement.follow_ups.count() == 5
    assert Proposal.objects.get(pk=proposal.pk).status == "placed"


@pytest.mark.parametrize("field", ["supervisor", "location"])
def test_a_supervisor_or_location_of_another_employer_is_refused(
    world, account_manager, region, employer, outsider, other_employer, field
):
    # Visible to a WSP admin, so the scope does not hide it: the employer rule refuses it.
    from tests.conftest import make_user

    admin = make_user("admin2@wsp.test", "wsp_admin")
    foreign = {
        "supervisor": ContactPersonFactory(employer=other_employer),
        "location": LocationFactory(employer=other_employer),
    }[field]
    candidate = make_candidate(region, account_manager, first_name="Ilse")
    response = api(admin).post(
        f"{API}/placements/",
        _new_placement_payload(candidate, employer, **{field: foreign.pk}),
        format="json",
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Placement.objects.filter(candidate=candidate).exists()
    # For regional staff another region's row is not even choosable.
    response = api(account_manager).post(
        f"{API}/placements/",
        _new_placement_payload(candidate, employer, **{field: foreign.pk}),
        format="json",
    )
    assert response.status_code == 400
    assert field in response.json()


def test_a_candidate_or_employer_the_user_may_not_see_is_refused(
    world, account_manager, other_candidate, other_employer, region, employer
):
    client = api(account_manager)
    mine = make_candidate(region, account_manager, first_name="Mo")
    response = client.post(
        f"{API}/placements/", _new_placement_payload(other_candidate, employer), format="json"
    )
    assert response.status_code == 400 and "candidate" in response.json()
    response = client.post(
        f"{API}/placements/", _new_placement_payload(mine, other_employer), format="json"
    )
    assert response.status_code == 400 and "employer" in response.json()
    assert not Placement.objects.filter(candidate__in=[mine, other_candidate], employer=employer)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contract_type": "permanent"}, "contract_end"),
        ({"contract_end": None}, "contract_end"),
        ({"contract_end": "2001-01-01"}, "contract_end"),
        ({"hours_per_week": "veel"}, "hours_per_week"),
        ({"hours_per_week": "500"}, "hours_per_week"),
        ({"start_date": "31-02-2025"}, "start_date"),
        ({"contract_type": "forever"}, "contract_type"),
        ({"job_title": "  "}, "job_title"),
        ({"is_carved_job": True, "carved_tasks": ""}, "carved_tasks"),
        ({"candidate": "abc"}, "candidate"),
        ({"responsible": 999999}, "responsible"),
        ({"proposal": [1, 2]}, "proposal"),
        ({"employer": 10**30}, "employer"),
        ({"supervisor": -5}, "supervisor"),
        ({"hours_per_week": "Infinity"}, "hours_per_week"),
    ],
)
def test_bad_placement_input_answers_400_with_the_field(
    world, account_manager, region, employer, changes, field
):
    candidate = make_candidate(region, account_manager, first_name="Bo")
    payload = _new_placement_payload(candidate, employer)
    payload.update(changes)
    response = api(account_manager).post(f"{API}/placements/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Placement.objects.filter(candidate=candidate).exists()


def test_garbage_bodies_answer_400(world, account_manager, placement):
    client = api(account_manager)
    for url in [
        f"{API}/placements/",
        f"{API}/placements/{placement.pk}/end/",
        f"{API}/follow-ups/",
        f"{API}/instrument-periods/",
    ]:
        response = client.post(url, "{not json", content_type="application/json")
        assert response.status_code == 400
        assert client.post(url, [1, 2, 3], format="json").status_code == 400


def test_changing_a_placement_goes_through_the_service_and_keeps_its_start(
    world, account_manager, placement, colleague
):
    client = api(account_manager)
    response = client.patch(
        f"{API}/placements/{placement.pk}/",
        {"hours_per_week": "28.0", "responsible": colleague.pk},
        format="json",
    )
    assert response.status_code == 200, response.content
    placement.refresh_from_db()
    assert (placement.hours_per_week, placement.responsible) == (28, colleague)
    response = client.patch(
        f"{API}/placements/{placement.pk}/", {"start_date": "2020-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["start_date"] == ["Dit kan na de start niet meer worden gewijzigd."]


def test_a_supervisor_who_has_left_cannot_be_chosen(
    world, account_manager, region, employer, placement
):
    gone = ContactPersonFactory(employer=employer, left_on=days_ago(1))
    candidate = make_candidate(region, account_manager, first_name="Bo")
    payload = {**_new_placement_payload(candidate, employer), "supervisor": gone.pk}
    response = api(account_manager).post(f"{API}/placements/", payload, format="json")
    assert response.status_code == 400
    assert "vertrokken" in response.json()["supervisor"][0]
    # Later the supervisor is changed in the team (the field is read-only then).
    response = api(account_manager).patch(
        f"{API}/placements/{placement.pk}/", {"supervisor": gone.pk}, format="json"
    )
    assert response.status_code == 400
    assert "/team/" in response.json()["supervisor"][0]


def test_ending_a_placement_drops_later_checkpoints(world, account_manager, placement):
    client = api(account_manager)
    response = client.post(
        f"{API}/placements/{placement.pk}/end/",
        {
            "ended_on": TODAY().isoformat(),
            "end_reason": "contract_ended",
            "end_note": "Geen budget",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ended"
    assert not placement.follow_ups.filter(due_on__gt=TODAY()).exists()
    again = client.post(
        f"{API}/placements/{placement.pk}/end/",
        {"ended_on": TODAY().isoformat(), "end_reason": "other"},
        format="json",
    )
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["Deze plaatsing is al beëindigd."]}
    edit = client.patch(f"{API}/placements/{placement.pk}/", {"job_title": "X"}, format="json")
    assert edit.status_code == 400


def test_ending_before_the_start_is_a_field_error(world, account_manager, placement):
    response = api(account_manager).post(
        f"{API}/placements/{placement.pk}/end/",
        {"ended_on": "2000-01-01", "end_reason": "other"},
        format="json",
    )
    assert response.status_code == 400
    assert "ended_on" in response.json()


@pytest.mark.parametrize("who", ["outsider", "employer_user"])
def test_others_cannot_write_our_placements(world, request, placement, who):
    client = api(request.getfixturevalue(who))
    patch = client.patch(f"{API}/placements/{placement.pk}/", {"job_title": "X"}, format="json")
    end = client.post(
        f"{API}/placements/{placement.pk}/end/",
        {"ended_on": TODAY().isoformat(), "end_reason": "other"},
        format="json",
    )
    assert patch.status_code in (403, 404) and end.status_code in (403, 404)
    assert Placement.objects.get(pk=placement.pk).status == "active"


# Follow-ups -----------------------------------------------------------------------------------


def test_follow_ups_are_listed_per_placement_with_their_state(world, account_manager, placement):
    rows = api(account_manager).get(f"{API}/follow-ups/?placement={placement.pk}").json()
    states = [row["state"] for row in rows["results"]]
    assert states[0] == "overdue"
    assert len(states) == 5
    overdue = api(account_manager).get(f"{API}/follow-ups/?overdue=true").json()["results"]
    assert [row["id"] for row in overdue] == [world["follow-ups"][0]]


def test_adding_moving_and_recording_a_checkpoint(world, account_manager, placement):
    client = api(account_manager)
    created = client.post(
        f"{API}/follow-ups/",
        {"placement": placement.pk, "kind": " Evaluatie ", "due_on": TODAY().isoformat()},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["kind"] == "Evaluatie"
    later = (TODAY() + datetime.timedelta(days=9)).isoformat()
    moved = client.post(f"{API}/follow-ups/{pk}/move/", {"due_on": later}, format="json")
    assert moved.status_code == 200 and moved.json()["due_on"] == later
    recorded = client.post(
        f"{API}/follow-ups/{pk}/record/",
        {"outcome": "attention", "note": "Werkdruk hoog"},
        format="json",
    )
    assert recorded.status_code == 200, recorded.content
    body = recorded.json()
    assert (body["state"], body["done_on"], body["by"]["id"]) == (
        "done",
        TODAY().isoformat(),
        account_manager.pk,
    )


def test_a_done_checkpoint_cannot_move_and_the_future_cannot_be_recorded(world, account_manager):
    client = api(account_manager)
    pk = world["follow-ups"][0]
    future = client.post(
        f"{API}/follow-ups/{pk}/record/",
        {"outcome": "going_well", "done_on": (TODAY() + datetime.timedelta(days=1)).isoformat()},
        format="json",
    )
    assert future.status_code == 400
    assert future.json() == {"done_on": ["Nazorg kan niet in de toekomst gedaan zijn."]}
    assert (
        client.post(
            f"{API}/follow-ups/{pk}/record/", {"outcome": "going_well"}, format="json"
        ).status_code
        == 200
    )
    moved = client.post(
        f"{API}/follow-ups/{pk}/move/", {"due_on": TODAY().isoformat()}, format="json"
    )
    assert moved.status_code == 400
    assert moved.json() == {"non_field_errors": ["Dit contactmoment is al gedaan."]}


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("record", {"outcome": "fantastic"}, "outcome"),
        ("record", {}, "outcome"),
        ("record", {"outcome": "going_well", "done_on": "gisteren"}, "done_on"),
        ("move", {"due_on": ""}, "due_on"),
        ("move", {}, "due_on"),
    ],
)
def test_bad_follow_up_input_answers_400(world, account_manager, path, payload, field):
    pk = world["follow-ups"][0]
    response = api(account_manager).post(f"{API}/follow-ups/{pk}/{path}/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert FollowUp.objects.get(pk=pk).done_on is None


@pytest.mark.parametrize(
    "payload",
    [
        {"placement": 10**30, "kind": "X", "due_on": "2025-01-01"},
        {"placement": "abc", "kind": "X", "due_on": "2025-01-01"},
        {"kind": "", "due_on": "2025-01-01"},
        {"kind": "X" * 61, "due_on": "2025-01-01"},
        {"kind": "X", "due_on": "2025-13-01"},
    ],
)
def test_bad_checkpoints_answer_400(world, account_manager, placement, payload):
    payload = {"placement": placement.pk, **payload}
    response = api(account_manager).post(f"{API}/follow-ups/", payload, format="json")
    assert response.status_code == 400
    assert placement.follow_ups.count() == 5


def test_a_checkpoint_cannot_be_added_to_another_regions_placement(
    world, account_manager, other_placement
):
    response = api(account_manager).post(
        f"{API}/follow-ups/",
        {"placement": other_placement.pk, "kind": "Sluipen", "due_on": TODAY().isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert "placement" in response.json()
    assert not other_placement.follow_ups.filter(kind="Sluipen").exists()


def test_another_regions_checkpoint_cannot_be_recorded(world, account_manager):
    there = world["follow-ups"][1]
    response = api(account_manager).post(
        f"{API}/follow-ups/{there}/record/", {"outcome": "going_well"}, format="json"
    )
    assert response.status_code == 404
    assert FollowUp.objects.get(pk=there).done_on is None


# Instrument periods ---------------------------------------------------------------------------


def test_an_instrument_period_is_added_and_changed(world, account_manager, placement, region):
    client = api(account_manager)
    lks = Instrument.objects.get(region=region, name="Forfaitaire loonkostensubsidie")
    created = client.post(
        f"{API}/instrument-periods/",
        {
            "placement": placement.pk,
            "instrument": lks.pk,
            "start": placement.start_date.isoformat(),
            "end": (placement.start_date + datetime.timedelta(days=170)).isoformat(),
            "status": "applied",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["instrument_name"] == "Forfaitaire loonkostensubsidie"
    changed = client.patch(
        f"{API}/instrument-periods/{pk}/",
        {"status": "granted", "decision_reference": "LKS-77"},
        format="json",
    )
    assert changed.status_code == 200
    assert InstrumentPeriod.objects.get(pk=pk).decision_reference == "LKS-77"


def test_an_instrument_of_another_region_is_refused(
    world, account_manager, wsp_admin, placement, other_instrument
):
    payload = {
        "placement": placement.pk,
        "instrument": other_instrument.pk,
        "start": TODAY().isoformat(),
    }
    for user in (account_manager, wsp_admin):  # hidden for one, refused by the rule for both
        response = api(user).post(f"{API}/instrument-periods/", payload, format="json")
        assert response.status_code == 400
        assert "instrument" in response.json()
    assert placement.instrument_periods.count() == 1


def test_an_instrument_no_longer_in_use_is_refused_for_new_periods(
    world, account_manager, placement, region
):
    retired = Instrument.objects.get(region=region, name="Detachering")
    retired.is_active = False
    retired.save()
    response = api(account_manager).post(
        f"{API}/instrument-periods/",
        {"placement": placement.pk, "instrument": retired.pk, "start": TODAY().isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["instrument"] == ["Dit instrument wordt niet meer gebruikt."]


def test_an_instrument_period_ending_before_it_starts_is_refused(world, account_manager):
    pk = world["instrument-periods"][0]
    response = api(account_manager).patch(
        f"{API}/instrument-periods/{pk}/", {"end": "2000-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert "end" in response.json()


def test_a_period_cannot_move_to_another_placement(world, account_manager, region, employer):
    pk = world["instrument-periods"][0]
    another = start_placement(make_candidate(region, account_manager), employer, account_manager)
    response = api(account_manager).patch(
        f"{API}/instrument-periods/{pk}/", {"placement": another.pk}, format="json"
    )
    assert response.status_code == 400
    assert InstrumentPeriod.objects.get(pk=pk).placement_id == world["placements"][0]


def test_instruments_are_read_only(world, wsp_admin):
    here = world["instruments"][0]
    client = api(wsp_admin)
    assert client.post(f"{API}/instruments/", {"name": "X"}, format="json").status_code == 405
    assert client.patch(f"{API}/instruments/{here}/", {"name": "X"}).status_code == 405


# Query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", ["placements", "follow-ups", "instrument-periods"])
def test_lists_use_the_same_number_of_queries_for_10_and_60_placements(
    account_manager, region, employer, instrument, resource
):
    def add(count, offset):
        for index in range(count):
            candidate = make_candidate(region, account_manager, first_name=f"Q{offset + index}")
            placement = start_placement(candidate, employer, account_manager)
            services.instrument_period_add(
                placement=placement,
                by=account_manager,
                instrument=instrument,
                start=TODAY(),
                end=TODAY() + datetime.timedelta(days=90),
            )
            services.follow_up_record(
                follow_up=placement.follow_ups.first(), outcome="going_well", by=account_manager
            )

    client = api(account_manager)
    url = f"{API}/{resource}/?page_size=200"
    add(10, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(50, 10)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.json()["count"] >= 60
    assert len(many) == len(few)


def test_ending_through_the_api_can_add_the_next_step_action(world, account_manager, placement):
    from employers.models import Action

    client = api(account_manager)
    response = client.post(
        f"{API}/placements/{placement.pk}/end/",
        {"ended_on": TODAY().isoformat(), "end_reason": "dismissed", "next_step_action": True},
        format="json",
    )
    assert response.status_code == 200, response.content
    action = Action.objects.get(placement=placement)
    assert action.owner == account_manager
    assert "doorstroom" in action.title
    bad = client.post(
        f"{API}/placements/{placement.pk}/end/",
        {"ended_on": TODAY().isoformat(), "end_reason": "other", "next_step_action": "perhaps"},
        format="json",
    )
    assert bad.status_code == 400
    assert Action.objects.filter(placement=placement).count() == 1
