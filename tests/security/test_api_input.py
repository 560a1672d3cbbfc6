"""What the API fuzzing found, pinned down one by one: the API reads JSON only, query filters and
page sizes refuse values the schema does not allow, and the schema describes the answers."""

import pytest
from django.conf import settings
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from employers.models import ContactPerson
from tests.factories import AccountAssignmentFactory, ContactPersonFactory, EmployerFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def api(account_manager):
    client = APIClient()
    client.force_login(account_manager)
    return client


@pytest.fixture
def contact(account_manager):
    employer = EmployerFactory(region=account_manager.region, name="Drukkerij Het Anker")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    return ContactPersonFactory(
        employer=employer, name="Sanne de Wit", is_hr=True, is_supervisor=True
    )


def test_a_form_post_is_refused_and_changes_nothing(api, contact):
    """A multipart body used to read as "every role off" (unchecked checkboxes)."""
    response = api.post(f"{API}/contacts/{contact.pk}/change-role/", {}, format="multipart")
    assert response.status_code == 415
    contact.refresh_from_db()
    assert contact.is_hr and contact.is_supervisor


def test_an_empty_json_role_change_names_what_is_missing(api, contact):
    response = api.post(f"{API}/contacts/{contact.pk}/change-role/", {}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    contact.refresh_from_db()
    assert contact.is_hr and contact.is_supervisor


def test_a_json_role_change_still_works(api, contact):
    response = api.post(
        f"{API}/contacts/{contact.pk}/change-role/", {"is_hr": False}, format="json"
    )
    assert response.status_code == 200, response.content
    contact.refresh_from_db()
    assert not contact.is_hr and contact.is_supervisor


@pytest.mark.parametrize(
    "query", ["current=maybe", "current=null", "current=", "level=", "level=boss"]
)
def test_unknown_or_empty_filter_values_are_refused(api, contact, query):
    response = api.get(f"{API}/contacts/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_known_filter_values_filter(api, contact):
    ContactPerson.objects.filter(pk=contact.pk).update(left_on="2024-01-31")
    assert api.get(f"{API}/contacts/?current=true").json()["count"] == 0
    assert api.get(f"{API}/contacts/?current=false").json()["count"] == 1
    assert api.get(f"{API}/contacts/").json()["count"] == 1


@pytest.mark.parametrize("size", ["0", "-3", "0.5", "many", ""])
def test_a_bad_page_size_is_refused(api, contact, size):
    response = api.get(f"{API}/contacts/?page_size={size}")
    assert response.status_code == 400
    assert "page_size" in response.json()


def test_a_good_page_size_is_used_and_capped(api, contact):
    for number in range(3):
        ContactPersonFactory(employer=contact.employer, name=f"Collega {number}")
    assert len(api.get(f"{API}/contacts/?page_size=2").json()["results"]) == 2
    assert api.get(f"{API}/contacts/?page_size=5000").status_code == 200


def test_the_schema_describes_what_the_api_answers(api):
    schema = api.get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]
    signal = components["Signal"]["properties"]
    for name in ("contact_name", "assigned_to_name", "subject_user_name", "resolved_by_name"):
        assert signal[name].get("nullable") is True, name
    # Blank until recorded / ended: the enums admit "".
    assert "BlankEnum" in str(components["FollowUp"]["properties"]["outcome"])
    assert "BlankEnum" in str(components["Placement"]["properties"]["end_reason"])
    # The fixed contact is one object, not a list.
    answer = schema["paths"]["/api/v1/portal/me/contact/"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PortalFixedContact"
    }
    # Request bodies are JSON only.
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if "requestBody" in operation:
                assert set(operation["requestBody"]["content"]) == {"application/json"}, (
                    method,
                    path,
                )


@pytest.mark.parametrize(
    "value", ["1.5", "-9.5e+111", "0", "-1", "1e3", "٣", "99999999999999999999"]
)
def test_an_id_filter_takes_whole_numbers_of_one_or_more(api, contact, value):
    """A number filter took any number: `-9.5e+111` answered 500 (too large for the database)."""
    for query in (f"next_action_owner={value}", f"employer={value}"):
        response = api.get(f"{API}/conversations/?{query}")
        assert response.status_code == 400, (query, response.content)
        assert query.split("=")[0] in response.json()


def test_an_id_filter_still_filters(api, contact, account_manager):
    response = api.get(f"{API}/conversations/?next_action_owner={account_manager.pk}")
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    "path", ["/employers/1.5/", "/employers/1/x/y/", "/nothing-here/", "/employers/1.json"]
)
def test_a_path_that_matches_no_route_answers_json_404(api, contact, path):
    response = api.get(API + path)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_a_page_outside_the_api_still_gets_the_html_404(client, account_manager):
    client.force_login(account_manager)
    response = client.get("/employers/no-such-page/")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")


def test_a_session_without_the_role_gets_403_before_its_body_is_read(employer_user):
    """The CSRF check read DRF's parsed body first, so a malformed body answered 400 where the
    employer user may not call the staff API at all."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(employer_user)
    token = get_token(RequestFactory().get("/"))
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    response = client.post(
        f"{API}/employers/", "{not json", content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 403
    assert "CSRF" not in response.json()["detail"]


def test_a_session_write_still_needs_the_csrf_token(employer_user):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(employer_user)
    response = api.post(f"{API}/portal/questions/", {"question": "Mag dit?"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
