"""The employer-accounts REST API under /api/v1/: who may do what, the workflow endpoints,
400s with field messages for bad input (never a 500), fixed query counts and API tokens."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from django.utils.translation import gettext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from employers.models import (
    AccountAssignment,
    ContactEvent,
    ContactPerson,
    Conversation,
    Employer,
)
from tests.conftest import make_user
from tests.factories import (
    AccountAssignmentFactory,
    ContactPersonFactory,
    ConversationFactory,
    EmployerFactory,
    LocationFactory,
    StaffUserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
API = "/api/v1"


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def nl(msgid):
    """A service's message as the Dutch UI shows it (the services own their wording)."""
    with translation.override("nl"):
        return gettext(msgid)


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def world(
    employer, contact, primary_assignment, conversation, other_employer, outsider, other_region
):
    """Everything once in the cast's region and once in the other region."""
    other_contact = ContactPersonFactory(employer=other_employer, name="Karel Visser")
    other_assignment = AccountAssignmentFactory(employer=other_employer, manager=outsider)
    other_conversation = ConversationFactory(
        employer=other_employer, author=outsider, next_action="Terugbellen"
    )
    return {
        "employers": (employer.pk, other_employer.pk),
        "contacts": (contact.pk, other_contact.pk),
        "assignments": (primary_assignment.pk, other_assignment.pk),
        "conversations": (conversation.pk, other_conversation.pk),
    }


RESOURCES = ["employers", "contacts", "assignments", "conversations"]


# --- Access matrix: reading ----------------------------------------------------------------


@pytest.mark.parametrize("resource", RESOURCES)
def test_anonymous_callers_are_refused_lists_and_details(world, resource):
    here, _there = world[resource]
    assert api().get(f"{API}/{resource}/").status_code in (401, 403)
    assert api().get(f"{API}/{resource}/{here}/").status_code in (401, 403)


@pytest.mark.parametrize("resource", RESOURCES)
def test_employer_users_are_refused_the_staff_api(world, employer_user, resource):
    here, _there = world[resource]
    client = api(employer_user)
    assert client.get(f"{API}/{resource}/").status_code == 403
    assert client.get(f"{API}/{resource}/{here}/").status_code == 403


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("who", ["account_manager", "colleague", "team_lead"])
def test_regional_staff_see_their_own_region_only(world, request, resource, who):
    client = api(request.getfixturevalue(who))
    here, there = world[resource]
    assert ids(client.get(f"{API}/{resource}/")) == {here}
    assert client.get(f"{API}/{resource}/{here}/").json()["id"] == here
    response = client.get(f"{API}/{resource}/{there}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Niet gevonden."}


@pytest.mark.parametrize("resource", RESOURCES)
def test_staff_of_another_region_get_404_and_do_not_see_rows_in_lists(world, outsider, resource):
    client = api(outsider)
    here, there = world[resource]
    assert ids(client.get(f"{API}/{resource}/")) == {there}
    assert client.get(f"{API}/{resource}/{here}/").status_code == 404


@pytest.mark.parametrize("resource", RESOURCES)
def test_wsp_admins_see_every_region(world, wsp_admin, resource):
    client = api(wsp_admin)
    here, there = world[resource]
    assert ids(client.get(f"{API}/{resource}/")) == {here, there}
    assert client.get(f"{API}/{resource}/{there}/").status_code == 200


def test_a_national_employer_is_visible_where_it_has_an_assignment(
    national_employer_assigned_here, account_manager, outsider
):
    pk = national_employer_assigned_here.pk
    assert pk in ids(api(account_manager).get(f"{API}/employers/"))
    # The employer's own region sees it anyway.
    assert api(outsider).get(f"{API}/employers/{pk}/").status_code == 200


def test_garbage_ids_in_the_url_answer_404_not_500(world, account_manager):
    client = api(account_manager)
    for resource in RESOURCES:
        for bad in ["abc", "99999999999999999999999", "-1", "0"]:
            assert client.get(f"{API}/{resource}/{bad}/").status_code == 404


# --- Access matrix: writing ----------------------------------------------------------------


def write_calls(world):
    """(method, url, payload) for every write endpoint, aimed at the cast's region."""
    employer, contact = world["employers"][0], world["contacts"][0]
    assignment, conversation = world["assignments"][0], world["conversations"][0]
    return [
        ("post", f"{API}/employers/", {"name": "Nieuw Bedrijf"}),
        ("patch", f"{API}/employers/{employer}/", {"stage": "strategic_partner"}),
        ("post", f"{API}/contacts/", {"employer": employer, "name": "Piet", "level": "floor"}),
        ("patch", f"{API}/contacts/{contact}/", {"phone": "06 1234 5678"}),
        ("post", f"{API}/contacts/{contact}/left/", {"left_on": str(TODAY)}),
        ("post", f"{API}/contacts/{contact}/verify/", {}),
        ("post", f"{API}/contacts/{contact}/change-role/", {"level": "top"}),
        ("post", f"{API}/assignments/assign/", {"employer": employer, "manager": 0}),
        ("post", f"{API}/assignments/{assignment}/end/", {}),
        (
            "post",
            f"{API}/conversations/",
            {"employer": employer, "channel": "phone", "summary": "Gebeld"},
        ),
        ("post", f"{API}/conversations/{conversation}/complete-action/", {}),
    ]


def snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (Employer, ContactPerson, ContactEvent, AccountAssignment, Conversation)
    ]


def test_anonymous_and_employer_users_cannot_write_anything(world, employer_user):
    before = snapshot()
    for method, url, payload in write_calls(world):
        assert getattr(api(), method)(url, payload, format="json").status_code in (401, 403), url
        response = getattr(api(employer_user), method)(url, payload, format="json")
        assert response.status_code == 403, url
    assert snapshot() == before


def test_staff_of_another_region_cannot_write_to_this_region(world, outsider):
    before = snapshot()
    client = api(outsider)
    for method, url, payload in write_calls(world):
        response = getattr(client, method)(url, payload, format="json")
        if url.rstrip("/").split("/")[-1].isdigit() or url.endswith(
            ("/left/", "/verify/", "/change-role/", "/end/", "/complete-action/")
        ):
            assert response.status_code == 404, url
        elif "employer" in payload:
            assert response.status_code == 400, url
            assert "employer" in response.json(), url
    # The one call that does not name this region (a new employer) lands in the outsider's own.
    assert Employer.objects.filter(name="Nieuw Bedrijf", region=outsider.region).exists()
    after = snapshot()
    after[0] = [row for row in after[0] if row["name"] != "Nieuw Bedrijf"]
    assert after == before


# --- Employers ----------------------------------------------------------------------------


def test_an_account_manager_adds_an_employer_in_their_own_region(account_manager, region):
    response = api(account_manager).post(
        f"{API}/employers/",
        {
            "name": "Zorggroep De Linde",
            "kvk_number": "41234567",
            "sector": "care",
            "employee_count": 320,
            "inclusion": "inclusive",
            "style_unburdening": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    employer = Employer.objects.get(name="Zorggroep De Linde")
    assert employer.region == region
    assert employer.created_by == account_manager
    body = response.json()
    assert body["id"] == employer.pk
    assert body["region"] == region.pk
    assert body["size_class"] == "large"
    assert body["job_agreement_applies"] is True
    assert body["fixed_account_manager"] is None


def test_only_wsp_admins_choose_the_region_of_a_new_employer(
    account_manager, wsp_admin, other_region
):
    response = api(account_manager).post(
        f"{API}/employers/", {"name": "Elders B.V.", "region": other_region.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["region"] == ["Je kunt alleen werkgevers in je eigen regio toevoegen."]
    assert not Employer.objects.filter(name="Elders B.V.").exists()

    response = api(wsp_admin).post(
        f"{API}/employers/", {"name": "Elders B.V.", "region": other_region.pk}, format="json"
    )
    assert response.status_code == 201
    assert Employer.objects.get(name="Elders B.V.").region == other_region


def test_a_wsp_admin_without_a_region_must_name_one(wsp_admin):
    response = api(wsp_admin).post(f"{API}/employers/", {"name": "Nergens B.V."}, format="json")
    assert response.status_code == 400
    assert response.json()["region"] == ["Kies de regio van de werkgever."]
    assert not Employer.objects.filter(name="Nergens B.V.").exists()


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"name": "X", "kvk_number": "1234"}, "kvk_number"),
        ({"name": "X", "kvk_number": "1234567a"}, "kvk_number"),
        ({"name": "X", "kvk_number": "30123456"}, "kvk_number"),  # the fixture's, taken
        ({"name": "X", "branch_number": "12"}, "branch_number"),
        ({"name": "X", "employee_count": "veel"}, "employee_count"),
        ({"name": "X", "employee_count": -3}, "employee_count"),
        ({"name": "X", "employee_count": 10**30}, "employee_count"),
        ({"name": "X", "stage": "married"}, "stage"),
        ({"name": "X", "sector": ["care"]}, "sector"),
        ({"name": "X", "website": "not a url"}, "website"),
        ({"name": "X", "is_national": "misschien"}, "is_national"),
        ({"name": ""}, "name"),
        ({"name": "X" * 201}, "name"),
        ({}, "name"),
        ({"name": "X", "region": "abc"}, "region"),
        ({"name": "X", "region": 10**25}, "region"),
    ],
)
def test_bad_employer_input_answers_400_with_the_field(employer, account_manager, payload, field):
    count = Employer.objects.count()
    response = api(account_manager).post(f"{API}/employers/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Employer.objects.count() == count


def test_a_taken_kvk_number_is_explained_in_dutch(employer, account_manager):
    response = api(account_manager).post(
        f"{API}/employers/", {"name": "Dubbel", "kvk_number": "30123456"}, format="json"
    )
    assert "bestaat al" in response.json()["kvk_number"][0]


def test_model_rules_from_the_service_come_back_as_field_errors(account_manager):
    response = api(account_manager).post(
        f"{API}/employers/", {"name": "Geen SE", "pso_level": "step_1"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "pso_level": [nl("Only a social enterprise can hold a PSO certification.")]
    }


def test_non_object_and_malformed_bodies_answer_400(account_manager):
    client = api(account_manager)
    assert client.post(f"{API}/employers/", [1, 2], format="json").status_code == 400
    response = client.post(f"{API}/employers/", "{nope", content_type="application/json")
    assert response.status_code == 400
    assert client.post(f"{API}/employers/", "null", content_type="application/json").status_code
    assert Employer.objects.count() == 0


def test_an_employer_is_updated_through_the_service(employer, account_manager):
    response = api(account_manager).patch(
        f"{API}/employers/{employer.pk}/",
        {"stage": "strategic_partner", "knowledge_culture": "Informeel, veel buddy's."},
        format="json",
    )
    assert response.status_code == 200, response.content
    employer.refresh_from_db()
    assert employer.stage == "strategic_partner"
    assert employer.knowledge_culture == "Informeel, veel buddy's."
    assert employer.updated_by == account_manager
    assert employer.name == "Bakkerij De Gouden Korst"  # untouched by a partial update


def test_an_employer_keeps_its_region(employer, wsp_admin, other_region, region):
    response = api(wsp_admin).patch(
        f"{API}/employers/{employer.pk}/", {"region": other_region.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["region"] == ["De regio van een werkgever kan niet worden gewijzigd."]
    employer.refresh_from_db()
    assert employer.region == region


def test_employers_cannot_be_replaced_or_deleted_through_the_api(employer, account_manager):
    client = api(account_manager)
    assert client.put(f"{API}/employers/{employer.pk}/", {"name": "Y"}).status_code == 405
    assert client.delete(f"{API}/employers/{employer.pk}/").status_code == 405
    assert Employer.objects.filter(pk=employer.pk, name="Bakkerij De Gouden Korst").exists()


def test_the_employer_shows_its_fixed_account_manager_and_locations(
    employer, primary_assignment, account_manager
):
    body = api(account_manager).get(f"{API}/employers/{employer.pk}/").json()
    assert body["fixed_account_manager"] == {
        "assignment": primary_assignment.pk,
        "id": account_manager.pk,
        "name": account_manager.full_name,
        "since": str(primary_assignment.started_on),
    }
    assert [location["city"] for location in body["locations"]] == ["Utrecht"]
    assert body["region_name"] == "Midden-Utrecht"


def test_the_employer_list_filters_searches_and_sorts(
    employer, primary_assignment, account_manager, region
):
    prospect = EmployerFactory(region=region, name="Aannemer Prospect", stage="prospect")
    LocationFactory(employer=prospect, city="Amersfoort")
    client = api(account_manager)
    assert ids(client.get(f"{API}/employers/", {"stage": "prospect"})) == {prospect.pk}
    # A prospect without a manager is no gap; a running relationship without one is.
    assert ids(client.get(f"{API}/employers/", {"no_manager": "true"})) == set()
    orphan = EmployerFactory(region=region, name="Zonder Manager", stage="active")
    assert ids(client.get(f"{API}/employers/", {"no_manager": "true"})) == {orphan.pk}
    orphan.delete()
    assert ids(client.get(f"{API}/employers/", {"manager": account_manager.pk})) == {employer.pk}
    assert ids(client.get(f"{API}/employers/", {"q": "amersf"})) == {prospect.pk}
    assert ids(client.get(f"{API}/employers/", {"q": "3012"})) == {employer.pk}
    assert ids(client.get(f"{API}/employers/", {"search": "Gouden"})) == {employer.pk}
    names = [
        row["name"]
        for row in client.get(f"{API}/employers/", {"ordering": "-name"}).json()["results"]
    ]
    assert names == ["Bakkerij De Gouden Korst", "Aannemer Prospect"]


def test_bad_filter_values_answer_400_not_500(employer, account_manager, outsider):
    client = api(account_manager)
    for params in [{"stage": "nope"}, {"manager": "abc"}, {"manager": outsider.pk}]:
        response = client.get(f"{API}/employers/", params)
        assert response.status_code == 400, params
        assert set(response.json()) == set(params)
    assert client.get(f"{API}/employers/", {"page": "999"}).status_code == 404
    assert client.get(f"{API}/employers/", {"ordering": "password"}).status_code == 200


def test_the_list_is_paginated_with_an_optional_page_size(account_manager, region):
    EmployerFactory.create_batch(7, region=region)
    body = api(account_manager).get(f"{API}/employers/", {"page_size": 3, "page": 2}).json()
    assert body["count"] == 7
    assert len(body["results"]) == 3
    assert body["next"] and body["previous"]


# --- Contact persons ----------------------------------------------------------------------


def test_a_contact_person_is_added_through_the_service(employer, account_manager):
    response = api(account_manager).post(
        f"{API}/contacts/",
        {
            "employer": employer.pk,
            "name": "Sanne de Wit",
            "job_title": "Teamleider productie",
            "level": "floor",
            "is_supervisor": True,
            "email": "sanne@goudenkorst.test",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    contact = ContactPerson.objects.get(name="Sanne de Wit")
    assert contact.employer == employer
    assert contact.is_supervisor
    assert contact.active_since == TODAY
    assert contact.events.get().kind == ContactEvent.Kind.ADDED
    assert response.json()["employer_name"] == "Bakkerij De Gouden Korst"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"level": "boss"}, "level"),
        ({"level": None}, "level"),
        ({"email": "geen-mail"}, "email"),
        ({"active_since": "31-02-2024"}, "active_since"),
        ({"active_since": 20240101}, "active_since"),
        ({"is_champion": "ja hoor"}, "is_champion"),
        ({"employer": "abc"}, "employer"),
        ({"employer": None}, "employer"),
    ],
)
def test_bad_contact_input_answers_400(employer, account_manager, change, field):
    payload = {"employer": employer.pk, "name": "Test", "level": "top", **change}
    response = api(account_manager).post(f"{API}/contacts/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not ContactPerson.objects.exists()


def test_contacts_are_listed_per_employer(
    employer, contact, account_manager, other_employer, region
):
    second = EmployerFactory(region=region)
    ContactPersonFactory(employer=second)
    left = ContactPersonFactory(employer=employer, left_on=TODAY - datetime.timedelta(days=3))
    client = api(account_manager)
    assert ids(client.get(f"{API}/contacts/", {"employer": employer.pk})) == {contact.pk, left.pk}
    assert ids(client.get(f"{API}/contacts/", {"employer": employer.pk, "current": "true"})) == {
        contact.pk
    }
    assert ids(client.get(f"{API}/contacts/", {"employer": employer.pk, "current": "false"})) == {
        left.pk
    }
    response = client.get(f"{API}/contacts/", {"employer": other_employer.pk})
    assert response.status_code == 400
    assert "employer" in response.json()


def test_correcting_a_contact_does_not_record_a_role_change(contact, account_manager):
    response = api(account_manager).patch(
        f"{API}/contacts/{contact.pk}/", {"phone": "06 9876 5432"}, format="json"
    )
    assert response.status_code == 200, response.content
    contact.refresh_from_db()
    assert contact.phone == "06 9876 5432"
    assert not contact.events.filter(kind=ContactEvent.Kind.ROLE_CHANGED).exists()


def test_patching_roles_goes_through_the_role_change_workflow(contact, account_manager):
    response = api(account_manager).patch(
        f"{API}/contacts/{contact.pk}/",
        {"is_champion": False, "job_title": "Directeur", "email": "m.hoekstra@goudenkorst.test"},
        format="json",
    )
    assert response.status_code == 200, response.content
    contact.refresh_from_db()
    assert (contact.is_champion, contact.job_title) == (False, "Directeur")
    assert contact.email == "m.hoekstra@goudenkorst.test"
    event = contact.events.get(kind=ContactEvent.Kind.ROLE_CHANGED)
    assert event.by == account_manager
    assert "Directeur" in event.details


def test_a_contact_cannot_move_to_another_employer(contact, account_manager, region):
    elsewhere = EmployerFactory(region=region)
    response = api(account_manager).patch(
        f"{API}/contacts/{contact.pk}/", {"employer": elsewhere.pk}, format="json"
    )
    assert response.status_code == 400
    assert "employer" in response.json()
    contact.refresh_from_db()
    assert contact.employer_id != elsewhere.pk


def test_marking_a_contact_as_left_records_date_reason_and_successor(
    employer, contact, account_manager
):
    successor = ContactPersonFactory(employer=employer, name="Joost Bakker")
    left_on = TODAY - datetime.timedelta(days=2)
    response = api(account_manager).post(
        f"{API}/contacts/{contact.pk}/left/",
        {"left_on": str(left_on), "reason": "Nieuwe baan", "successor": successor.pk},
        format="json",
    )
    assert response.status_code == 200, response.content
    contact.refresh_from_db()
    assert contact.left_on == left_on
    assert contact.left_reason == "Nieuwe baan"
    assert contact.successor == successor
    assert response.json()["has_left"] is True
    event = contact.events.get(kind=ContactEvent.Kind.LEFT)
    assert "Joost Bakker" in event.details
    assert event.by == account_manager


def test_marking_left_refuses_bad_input(employer, contact, account_manager, other_employer, region):
    same_region_elsewhere = ContactPersonFactory(employer=EmployerFactory(region=region))
    foreign = ContactPersonFactory(employer=other_employer)
    url = f"{API}/contacts/{contact.pk}/left/"
    client = api(account_manager)
    cases = [
        ({}, "left_on"),
        ({"left_on": "gisteren"}, "left_on"),
        ({"left_on": "2024-13-01"}, "left_on"),
        ({"left_on": str(contact.active_since - datetime.timedelta(days=1))}, "left_on"),
        ({"left_on": str(TODAY), "successor": same_region_elsewhere.pk}, "successor"),
        ({"left_on": str(TODAY), "successor": foreign.pk}, "successor"),
        ({"left_on": str(TODAY), "successor": contact.pk}, "successor"),
        ({"left_on": str(TODAY), "successor": "abc"}, "successor"),
        ({"left_on": str(TODAY), "reason": "x" * 201}, "reason"),
    ]
    for payload, field in cases:
        response = client.post(url, payload, format="json")
        assert response.status_code == 400, (payload, response.content)
        assert field in response.json(), payload
    contact.refresh_from_db()
    assert contact.left_on is None
    assert not contact.events.filter(kind=ContactEvent.Kind.LEFT).exists()


def test_a_contact_cannot_leave_twice(contact, account_manager):
    client = api(account_manager)
    url = f"{API}/contacts/{contact.pk}/left/"
    assert client.post(url, {"left_on": str(TODAY)}, format="json").status_code == 200
    response = client.post(url, {"left_on": str(TODAY)}, format="json")
    assert response.status_code == 400
    assert response.json() == {"left_on": [nl("This person is already marked as left.")]}


def test_verifying_a_contact_records_the_day(contact, account_manager):
    response = api(account_manager).post(f"{API}/contacts/{contact.pk}/verify/", format="json")
    assert response.status_code == 200, response.content
    contact.refresh_from_db()
    assert contact.last_verified_on == TODAY
    assert response.json()["last_verified_on"] == str(TODAY)
    assert contact.events.get(kind=ContactEvent.Kind.VERIFIED).by == account_manager


def test_verifying_refuses_future_dates_and_people_who_left(employer, contact, account_manager):
    client = api(account_manager)
    tomorrow = str(TODAY + datetime.timedelta(days=1))
    response = client.post(f"{API}/contacts/{contact.pk}/verify/", {"on": tomorrow})
    assert response.status_code == 400
    assert response.json() == {"on": ["Deze datum ligt in de toekomst."]}
    gone = ContactPersonFactory(employer=employer, left_on=TODAY - datetime.timedelta(days=1))
    response = client.post(f"{API}/contacts/{gone.pk}/verify/", format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [nl("A person who has left cannot be verified.")]
    }
    contact.refresh_from_db()
    assert contact.last_verified_on is None


def test_changing_a_role_is_kept_in_the_history(contact, account_manager):
    response = api(account_manager).post(
        f"{API}/contacts/{contact.pk}/change-role/",
        {"level": "top", "is_director": True, "on": str(TODAY - datetime.timedelta(days=1))},
        format="json",
    )
    assert response.status_code == 200, response.content
    contact.refresh_from_db()
    assert contact.level == "top" and contact.is_director
    event = contact.events.get(kind=ContactEvent.Kind.ROLE_CHANGED)
    assert event.on == TODAY - datetime.timedelta(days=1)
    assert response.json()["level"] == "top"


def test_a_role_change_needs_a_change(contact, account_manager):
    client = api(account_manager)
    url = f"{API}/contacts/{contact.pk}/change-role/"
    response = client.post(url, {}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Geef het nieuwe niveau, de functie of de rollen van deze persoon."]
    }
    assert client.post(url, {"level": "ceo"}, format="json").status_code == 400
    assert client.post(url, {"on": "nooit", "level": "top"}, format="json").status_code == 400
    contact.refresh_from_db()
    assert contact.level == "middle"
    assert not contact.events.exists()


# --- Assignments --------------------------------------------------------------------------


def test_assigning_a_fixed_account_manager_creates_the_assignment(
    employer, account_manager, colleague
):
    response = api(account_manager).post(
        f"{API}/assignments/assign/",
        {"employer": employer.pk, "manager": colleague.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    assignment = AccountAssignment.objects.get(employer=employer)
    assert assignment.manager == colleague
    assert assignment.assigned_by == account_manager
    assert assignment.kind == "primary" and assignment.ended_on is None
    assert response.json()["manager"] == {"id": colleague.pk, "name": colleague.full_name}


def test_reassigning_needs_a_handover_note_and_ends_the_previous_one(
    employer, primary_assignment, team_lead, colleague
):
    client = api(team_lead)
    payload = {"employer": employer.pk, "manager": colleague.pk}
    response = client.post(f"{API}/assignments/assign/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "handover_note": [nl("Write a handover note for the new account manager.")]
    }
    assert AccountAssignment.objects.current().get(employer=employer) == primary_assignment

    payload["handover_note"] = "Contact via Mirjam (HR); loopt een LKS-aanvraag."
    response = client.post(f"{API}/assignments/assign/", payload, format="json")
    assert response.status_code == 201, response.content
    primary_assignment.refresh_from_db()
    assert primary_assignment.ended_on == TODAY
    current = AccountAssignment.objects.current().get(employer=employer)
    assert current.manager == colleague
    assert current.handover_note.startswith("Contact via Mirjam")


def test_assigning_refuses_managers_and_employers_the_user_may_not_see(
    employer, account_manager, outsider, other_employer, employer_user, colleague
):
    client = api(account_manager)
    cases = [
        ({"employer": employer.pk, "manager": outsider.pk}, "manager"),
        ({"employer": employer.pk, "manager": employer_user.pk}, "manager"),
        ({"employer": other_employer.pk, "manager": colleague.pk}, "employer"),
        ({"employer": employer.pk}, "manager"),
        ({"employer": employer.pk, "manager": colleague.pk, "kind": "boss"}, "kind"),
        ({"employer": employer.pk, "manager": colleague.pk, "started_on": "morgen"}, "started_on"),
        ({"employer": [employer.pk], "manager": colleague.pk}, "employer"),
    ]
    for payload, field in cases:
        response = client.post(f"{API}/assignments/assign/", payload, format="json")
        assert response.status_code == 400, payload
        assert field in response.json(), payload
    assert not AccountAssignment.objects.exists()


def test_an_admin_gets_the_services_region_check_as_a_field_error(employer, wsp_admin, outsider):
    response = api(wsp_admin).post(
        f"{API}/assignments/assign/",
        {"employer": employer.pk, "manager": outsider.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"manager": [nl("The account manager works in another region.")]}


def test_a_national_employer_is_assigned_in_the_managers_region(
    national_employer_assigned_here, account_manager, colleague, region
):
    response = api(account_manager).post(
        f"{API}/assignments/assign/",
        {
            "employer": national_employer_assigned_here.pk,
            "manager": colleague.pk,
            "handover_note": "Landelijk contact via het hoofdkantoor.",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    current = AccountAssignment.objects.current().get(employer=national_employer_assigned_here)
    assert (current.manager, current.region) == (colleague, region)


def test_assignments_are_filtered_by_employer_manager_and_current(
    employer, primary_assignment, account_manager, colleague, region
):
    old = AccountAssignmentFactory(
        employer=employer,
        manager=colleague,
        started_on=TODAY - datetime.timedelta(days=400),
        ended_on=TODAY - datetime.timedelta(days=90),
    )
    other = AccountAssignmentFactory(employer=EmployerFactory(region=region), manager=colleague)
    client = api(account_manager)
    url = f"{API}/assignments/"
    assert ids(client.get(url, {"employer": employer.pk})) == {primary_assignment.pk, old.pk}
    assert ids(client.get(url, {"manager": colleague.pk})) == {old.pk, other.pk}
    assert ids(client.get(url, {"current": "true"})) == {primary_assignment.pk, other.pk}
    assert ids(client.get(url, {"current": "false"})) == {old.pk}
    assert client.get(url, {"manager": "Anna"}).status_code == 400


def test_ending_a_backup_assignment(employer, account_manager, colleague):
    backup = AccountAssignmentFactory(employer=employer, manager=colleague, kind="backup")
    client = api(account_manager)
    response = client.post(f"{API}/assignments/{backup.pk}/end/", format="json")
    assert response.status_code == 200, response.content
    backup.refresh_from_db()
    assert backup.ended_on == TODAY
    response = client.post(f"{API}/assignments/{backup.pk}/end/", format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [nl("This assignment has already ended.")]}


# --- Conversations ------------------------------------------------------------------------


def test_logging_a_conversation_through_the_api(employer, contact, account_manager):
    due = TODAY + datetime.timedelta(days=14)
    response = api(account_manager).post(
        f"{API}/conversations/",
        {
            "employer": employer.pk,
            "channel": "visit",
            "occurred_at": "2025-03-04T10:30:00+01:00",
            "participants": [contact.pk],
            "topics": ["staffing", "instruments", "staffing"],
            "service_style": "unburdening",
            "summary": "Rondleiding in de bakkerij; twee plekken in de inpak.",
            "next_action": "Profielen sturen",
            "next_action_due": str(due),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    conversation = Conversation.objects.get(employer=employer)
    assert conversation.author == account_manager
    assert conversation.next_action_owner == account_manager
    assert conversation.topics == ["staffing", "instruments"]
    assert list(conversation.participants.all()) == [contact]
    assert conversation.next_action_due == due
    body = response.json()
    assert body["participant_details"] == [
        {"id": contact.pk, "name": "Mirjam Hoekstra", "job_title": "HR-manager", "has_left": False}
    ]
    assert body["has_open_action"] is True


def test_bad_conversation_input_answers_400(
    employer, contact, account_manager, other_employer, region, outsider
):
    same_region_elsewhere = ContactPersonFactory(employer=EmployerFactory(region=region))
    foreign = ContactPersonFactory(employer=other_employer)
    base = {"employer": employer.pk, "channel": "phone", "summary": "Gebeld"}
    cases = [
        ({"topics": ["staffing", "gossip"]}, "topics"),
        ({"topics": "staffing"}, "topics"),
        ({"topics": [{"code": "staffing"}]}, "topics"),
        ({"participants": [same_region_elsewhere.pk]}, "participants"),
        ({"participants": [foreign.pk]}, "participants"),
        ({"participants": ["abc"]}, "participants"),
        ({"participants": contact.pk}, "participants"),
        ({"channel": "pigeon"}, "channel"),
        ({"summary": "   "}, "summary"),
        ({"occurred_at": "gisteren"}, "occurred_at"),
        ({"next_action_due": str(TODAY)}, "next_action"),
        ({"next_action": "Bellen", "next_action_due": "31-12"}, "next_action_due"),
        ({"next_action": "Bellen", "next_action_owner": outsider.pk}, "next_action_owner"),
        ({"service_style": "charm"}, "service_style"),
        ({"employer": other_employer.pk}, "employer"),
    ]
    client = api(account_manager)
    for change, field in cases:
        response = client.post(f"{API}/conversations/", {**base, **change}, format="json")
        assert response.status_code == 400, (change, response.content)
        assert field in response.json(), change
    assert not Conversation.objects.exists()


def test_participants_of_another_employer_are_refused_by_the_service(
    employer, account_manager, region
):
    stranger = ContactPersonFactory(employer=EmployerFactory(region=region))
    response = api(account_manager).post(
        f"{API}/conversations/",
        {
            "employer": employer.pk,
            "channel": "phone",
            "summary": "X",
            "participants": [stranger.pk],
        },
        format="json",
    )
    assert response.json() == {
        "participants": [nl("Participants must be contact persons of this employer.")]
    }


def test_completing_the_next_action(conversation, colleague, account_manager):
    url = f"{API}/conversations/{conversation.pk}/complete-action/"
    # A colleague who neither owns the action nor holds the employer may not close it.
    assert api(colleague).post(url, format="json").status_code == 403
    conversation.refresh_from_db()
    assert conversation.has_open_action
    client = api(account_manager)  # the action's owner
    response = client.post(url, format="json")
    assert response.status_code == 200, response.content
    conversation.refresh_from_db()
    assert conversation.next_action_done_by == account_manager
    assert conversation.next_action_done_at is not None
    assert response.json()["has_open_action"] is False
    assert response.json()["next_action_done_by"]["id"] == account_manager.pk
    # Completing again changes nothing.
    done_at = conversation.next_action_done_at
    assert client.post(url, format="json").status_code == 200
    conversation.refresh_from_db()
    assert conversation.next_action_done_at == done_at


def test_a_conversation_without_next_action_cannot_be_completed(employer, account_manager):
    conversation = ConversationFactory(employer=employer, author=account_manager)
    response = api(account_manager).post(
        f"{API}/conversations/{conversation.pk}/complete-action/", format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [nl("This conversation has no next action.")]}


def test_conversations_are_filtered_by_employer_topic_and_open_action(
    employer, conversation, account_manager, region
):
    elsewhere = ConversationFactory(
        employer=EmployerFactory(region=region), author=account_manager, topics=["retention"]
    )
    client = api(account_manager)
    url = f"{API}/conversations/"
    assert ids(client.get(url, {"employer": employer.pk})) == {conversation.pk}
    assert ids(client.get(url, {"topic": "retention"})) == {elsewhere.pk}
    assert ids(client.get(url, {"open_action": "true"})) == {conversation.pk}
    assert ids(client.get(url, {"open_action": "false"})) == {elsewhere.pk}
    assert client.get(url, {"topic": "gossip"}).status_code == 400
    assert client.get(url, {"occurred_after": "ooit"}).status_code == 400
    newest_first = [row["id"] for row in client.get(url).json()["results"]]
    assert newest_first == sorted(
        [conversation.pk, elsewhere.pk],
        key=lambda pk: Conversation.objects.get(pk=pk).occurred_at,
        reverse=True,
    )


# --- Fixed number of queries --------------------------------------------------------------


def fill_region(region, rows):
    """`rows` employers with a location, a fixed manager, a contact and a conversation each."""
    manager = StaffUserFactory(region=region)
    for _ in range(rows):
        employer = EmployerFactory(region=region)
        LocationFactory(employer=employer)
        contact = ContactPersonFactory(employer=employer)
        AccountAssignmentFactory(employer=employer, manager=manager)
        ConversationFactory(
            employer=employer,
            author=manager,
            participants=[contact],
            next_action="Bellen",
            next_action_owner=manager,
        )


# Session + user + the session's two-factor device, count, page: the same whatever the number
# of rows (prefetches add one each).
LIST_QUERIES = {"employers": 7, "contacts": 5, "assignments": 5, "conversations": 7}


@pytest.mark.parametrize("rows", [10, 200])
@pytest.mark.parametrize("resource", RESOURCES)
def test_lists_use_a_fixed_number_of_queries(
    account_manager, region, resource, rows, django_assert_num_queries
):
    fill_region(region, rows)
    client = api(account_manager)
    with django_assert_num_queries(LIST_QUERIES[resource]):
        response = client.get(f"{API}/{resource}/", {"page_size": 200})
    assert len(response.json()["results"]) == rows


# --- Token authentication and the token command -------------------------------------------


def test_token_authentication_works_and_a_wrong_token_is_refused(employer, account_manager):
    out = io.StringIO()
    call_command("create_api_token", "AM@wsp.test", stdout=out, stderr=io.StringIO())
    key = out.getvalue().strip()
    assert Token.objects.get(user=account_manager).key == key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert ids(client.get(f"{API}/employers/")) == {employer.pk}
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    response = client.get(f"{API}/employers/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Ongeldige token."}


def test_the_token_command_rotates_only_when_asked(account_manager):
    out = io.StringIO()
    call_command("create_api_token", "am@wsp.test", stdout=out, stderr=io.StringIO())
    first = out.getvalue().strip()
    with pytest.raises(CommandError, match="--rotate|Roteer|Rotate"):
        call_command("create_api_token", "am@wsp.test", stdout=io.StringIO())
    assert Token.objects.get(user=account_manager).key == first

    out = io.StringIO()
    call_command("create_api_token", "am@wsp.test", "--rotate", stdout=out, stderr=io.StringIO())
    second = out.getvalue().strip()
    assert second != first
    assert list(Token.objects.filter(user=account_manager).values_list("key", flat=True)) == [
        second
    ]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert client.get(f"{API}/employers/").status_code == 401


def test_the_token_command_refuses_unknown_and_non_staff_users(employer_user, region):
    with pytest.raises(CommandError, match="nobody@wsp.test"):
        call_command("create_api_token", "nobody@wsp.test")
    with pytest.raises(CommandError):
        call_command("create_api_token", employer_user.email)
    gone = make_user("gone@wsp.test", User.Role.ACCOUNT_MANAGER, region, is_active=False)
    with pytest.raises(CommandError):
        call_command("create_api_token", gone.email)
    assert not Token.objects.exists()


def test_the_admin_action_issues_a_token_and_shows_the_key_once(
    client_for, wsp_admin, account_manager, employer_user
):
    response = client_for(wsp_admin).post(
        "/admin/accounts/user/",
        {
            "action": "api_token_rotate",
            "_selected_action": [account_manager.pk, employer_user.pk],
        },
        follow=True,
    )
    assert response.status_code == 200
    key = Token.objects.get(user=account_manager).key
    assert key in response.text
    assert not Token.objects.filter(user=employer_user).exists()


# --- Schema and docs ----------------------------------------------------------------------


def test_the_openapi_schema_builds_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for path in [
        "/api/v1/employers/",
        "/api/v1/contacts/{id}/left/",
        "/api/v1/contacts/{id}/verify/",
        "/api/v1/contacts/{id}/change-role/",
        "/api/v1/assignments/assign/",
        "/api/v1/conversations/{id}/complete-action/",
    ]:
        assert f"{path}:" in schema


def test_the_docs_page_renders_for_staff_only(client_for, client, account_manager, employer_user):
    assert client.get("/api/docs/").status_code in (401, 403)
    assert client_for(employer_user).get("/api/docs/").status_code == 403
    response = client_for(account_manager).get("/api/docs/")
    assert response.status_code == 200
    assert "swagger-ui" in response.text
    assert "cdn" not in response.text.lower()


# --- More garbage, never a 500 ------------------------------------------------------------


def test_null_characters_and_impossible_dates_answer_400(employer, account_manager):
    client = api(account_manager)
    for params in [{"search": "Gou\x00den"}, {"q": "Gou\x00den"}]:
        response = client.get(f"{API}/employers/", params)
        assert response.status_code == 400, params
        assert "Null-tekens zijn niet toegestaan." in response.text
    response = client.post(f"{API}/employers/", {"name": "Nul\x00teken"}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()
    base = {"employer": employer.pk, "channel": "phone", "summary": "Gebeld"}
    for moment in ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "2025-02-30T10:00"]:
        response = client.post(
            f"{API}/conversations/", {**base, "occurred_at": moment}, format="json"
        )
        assert response.status_code == 400, moment
        assert "occurred_at" in response.json()
    assert not Conversation.objects.exists()


@pytest.mark.parametrize("resource", RESOURCES)
def test_nothing_is_deleted_or_replaced_through_the_api(world, account_manager, resource):
    here, _there = world[resource]
    client = api(account_manager)
    assert client.delete(f"{API}/{resource}/{here}/").status_code == 405
    assert client.put(f"{API}/{resource}/{here}/", {}, format="json").status_code == 405
    model = {
        "employers": Employer,
        "contacts": ContactPerson,
        "assignments": AccountAssignment,
        "conversations": Conversation,
    }[resource]
    assert model.objects.filter(pk=here).exists()


@pytest.mark.parametrize("resource", RESOURCES)
def test_the_browsable_api_renders_for_staff(world, account_manager, resource):
    client = api(account_manager)
    response = client.get(f"{API}/{resource}/", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "<form" in response.text
