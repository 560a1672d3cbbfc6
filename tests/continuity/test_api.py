"""The signals API under /api/v1/signals/: who may see and who may act, the snooze and resolve
actions (rows changed through the services, 400 with Dutch field messages for bad input),
filters, explicit fields and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from continuity.models import Signal
from tests.conftest import make_user
from tests.continuity.conftest import days_ahead
from tests.factories import ContactPersonFactory, EmployerFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/signals/"


def project_registers_signals():
    from wsp_crm.api import router

    return any(prefix == "signals" for prefix, _viewset, _basename in router.registry)


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def detail(signal, action=""):
    return f"{URL}{signal.pk}/{action + '/' if action else ''}"


@pytest.fixture
def other_team_lead(other_region):
    return make_user("lead2@wsp.test", User.Role.TEAM_LEAD, other_region, first_name="Lieke")


def test_the_project_router_serves_the_signals_api():
    """continuity.api.register(router) is called in wsp_crm/api.py (by the lead)."""
    assert project_registers_signals(), "wire continuity.api.register(router) into wsp_crm/api.py"


# --- Reading -------------------------------------------------------------------------------


def test_anonymous_gets_401(am_signal):
    assert api().get(URL).status_code == 401
    assert api().get(detail(am_signal)).status_code == 401
    response = api().post(detail(am_signal, "resolve"), {"note": "x"}, format="json")
    assert response.status_code == 401


def test_employer_user_gets_403(employer_user, am_signal):
    assert api(employer_user).get(URL).status_code == 403
    assert api(employer_user).get(detail(am_signal)).status_code == 403


@pytest.mark.parametrize(
    "who, sees_mine, sees_foreign",
    [
        ("account_manager", True, False),
        ("colleague", True, False),  # through the employer, which the colleague may see
        ("team_lead", True, False),
        ("outsider", False, True),
        ("wsp_admin", True, True),
    ],
)
def test_list_is_scoped_like_everything_else(
    request, who, sees_mine, sees_foreign, am_signal, foreign_signal
):
    user = request.getfixturevalue(who)
    shown = ids(api(user).get(URL))
    assert (am_signal.pk in shown) is sees_mine
    assert (foreign_signal.pk in shown) is sees_foreign


@pytest.mark.parametrize(
    "who, status, can_act",
    [
        ("account_manager", 200, True),
        ("colleague", 200, False),
        ("team_lead", 200, True),
        ("wsp_admin", 200, True),
        ("outsider", 404, None),
        ("other_team_lead", 404, None),
    ],
)
def test_retrieve_access_and_can_act(request, who, status, can_act, am_signal):
    user = request.getfixturevalue(who)
    response = api(user).get(detail(am_signal))
    assert response.status_code == status
    if status == 200:
        assert response.json()["can_act"] is can_act
    else:
        assert response.json() == {"detail": "Niet gevonden."}


def test_a_signal_has_explicit_fields(account_manager, am_signal):
    contact = ContactPersonFactory(employer=am_signal.employer, name="Mirjam Hoekstra")
    am_signal.contact = contact
    am_signal.save()
    row = api(account_manager).get(detail(am_signal)).json()
    assert set(row) == {
        "id",
        "kind",
        "kind_display",
        "severity",
        "severity_display",
        "status",
        "status_display",
        "is_snoozed",
        "snoozed_until",
        "region",
        "employer",
        "employer_name",
        "placement",
        "contact",
        "contact_name",
        "subject_user",
        "subject_user_name",
        "assigned_to",
        "assigned_to_name",
        "also_assigned_to",
        "also_assigned_to_name",
        "action",
        "raised_by",
        "escalated_at",
        "escalated_to",
        "detail",
        "due_on",
        "created_at",
        "resolved_at",
        "resolved_by",
        "resolved_by_name",
        "note",
        "closed_reason",
        "can_act",
    }
    assert "key" not in row
    assert row["kind"] == "contact_left"
    assert row["kind_display"] == "Contactpersoon vertrokken"
    assert (row["severity"], row["severity_display"]) == (3, "Urgent")
    assert (row["status"], row["status_display"], row["is_snoozed"]) == ("open", "Open", False)
    assert row["employer_name"] == "Bakkerij Van Dam"
    assert row["contact_name"] == "Mirjam Hoekstra"
    assert row["assigned_to_name"] == "Anna Test"
    assert (row["also_assigned_to"], row["escalated_at"], row["raised_by"]) == (None, None, None)
    assert row["due_on"] == am_signal.due_on.isoformat()


def test_list_filters(
    account_manager, colleague, team_lead, signal_employer, make_signal, am_signal
):
    stale = make_signal(
        signal_employer,
        kind=Signal.Kind.STALE_RELATIONSHIP,
        severity=Signal.Severity.INFO,
        assigned_to=colleague,
    )
    snoozed = make_signal(
        signal_employer,
        assigned_to=account_manager,
        status=Signal.Status.SNOOZED,
        snoozed_until=days_ahead(9),
    )
    resolved = make_signal(
        signal_employer,
        assigned_to=account_manager,
        status=Signal.Status.RESOLVED,
        resolved_at=timezone.now(),
        note="Gebeld",
    )
    other = EmployerFactory(region=signal_employer.region, name="Andere werkgever")
    elsewhere = make_signal(other, assigned_to=account_manager)
    client = api(team_lead)
    assert ids(client.get(URL, {"kind": "stale_relationship"})) == {stale.pk}
    assert ids(client.get(URL, {"severity": 3})) == {am_signal.pk}
    assert ids(client.get(URL, {"status": "open"})) == {am_signal.pk, stale.pk, elsewhere.pk}
    assert ids(client.get(URL, {"status": "snoozed"})) == {snoozed.pk}
    assert ids(client.get(URL, {"status": "closed"})) == {resolved.pk}
    assert ids(client.get(URL, {"assigned_to": colleague.pk})) == {stale.pk}
    assert ids(client.get(URL, {"employer": other.pk})) == {elsewhere.pk}
    assert len(ids(client.get(URL))) == 5


def test_unknown_filter_values_answer_400(team_lead, other_region, foreign_signal):
    client = api(team_lead)
    assert client.get(URL, {"kind": "nonsense"}).status_code == 400
    assert client.get(URL, {"status": "gone"}).status_code == 400
    # Another region's employer is not a choice (refused like a non-existent one).
    response = client.get(URL, {"employer": foreign_signal.employer_id})
    assert response.status_code == 400
    assert "employer" in response.json()


def test_list_query_count_is_the_same_for_10_and_200_signals(
    account_manager, region, make_signal, django_assert_num_queries
):
    def add(count):
        for number in range(count):
            employer = EmployerFactory(region=region)
            make_signal(
                employer,
                assigned_to=account_manager,
                contact=ContactPersonFactory(employer=employer),
                severity=(number % 3) + 1,
            )

    client = api(account_manager)
    add(10)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"page_size": 200}).status_code == 200
    add(190)
    with django_assert_num_queries(len(queries)):
        response = client.get(URL, {"page_size": 200})
    assert len(response.json()["results"]) == 200
    assert len(queries) <= 6


def test_token_authentication_works(account_manager, am_signal):
    token = Token.objects.create(user=account_manager)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert ids(client.get(URL)) == {am_signal.pk}


# --- Acting --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, status",
    [
        ("account_manager", 200),
        ("team_lead", 200),
        ("wsp_admin", 200),
        ("colleague", 403),
        ("outsider", 404),
        ("other_team_lead", 404),
        ("employer_user", 403),
    ],
)
def test_snooze_access_and_effect(request, who, status, am_signal):
    user = request.getfixturevalue(who)
    until = days_ahead(30)
    response = api(user).post(detail(am_signal, "snooze"), {"until": until}, format="json")
    assert response.status_code == status, response.content
    am_signal.refresh_from_db()
    if status == 200:
        body = response.json()
        assert (body["status"], body["snoozed_until"], body["is_snoozed"]) == (
            "snoozed",
            until.isoformat(),
            True,
        )
        assert body["status_display"] == "Uitgesteld"
        assert (am_signal.status, am_signal.snoozed_until) == (Signal.Status.SNOOZED, until)
    else:
        assert (am_signal.status, am_signal.snoozed_until) == (Signal.Status.OPEN, None)


@pytest.mark.parametrize(
    "who, status",
    [
        ("account_manager", 200),
        ("team_lead", 200),
        ("wsp_admin", 200),
        ("colleague", 403),
        ("outsider", 404),
        ("other_team_lead", 404),
        ("employer_user", 403),
    ],
)
def test_resolve_access_and_effect(request, who, status, am_signal):
    user = request.getfixturevalue(who)
    response = api(user).post(
        detail(am_signal, "resolve"), {"note": "Opvolger gesproken."}, format="json"
    )
    assert response.status_code == status, response.content
    am_signal.refresh_from_db()
    if status == 200:
        body = response.json()
        assert (body["status"], body["note"], body["can_act"]) == (
            "resolved",
            "Opvolger gesproken.",
            False,
        )
        assert body["resolved_by"] == user.pk
        assert (am_signal.status, am_signal.resolved_by) == (Signal.Status.RESOLVED, user)
    else:
        assert (am_signal.status, am_signal.resolved_by, am_signal.note) == ("open", None, "")


def test_colleague_is_told_why_in_dutch(colleague, am_signal):
    response = api(colleague).post(detail(am_signal, "resolve"), {"note": "x"}, format="json")
    assert response.status_code == 403
    assert "teamleider van de regio of een WSP-beheerder" in response.json()["detail"]


@pytest.mark.parametrize(
    "payload, message",
    [
        ({"until": None}, None),
        ({}, None),
        ({"until": "volgende week"}, None),
        ({"until": "today"}, "Kies een datum na vandaag."),
        ({"until": "far"}, "Je kunt een signaal hooguit 90 dagen uitstellen"),
    ],
)
def test_bad_snooze_dates_answer_400_with_a_field_message(
    account_manager, am_signal, payload, message
):
    if payload.get("until") == "today":
        payload = {"until": timezone.localdate().isoformat()}
    if payload.get("until") == "far":
        payload = {"until": days_ahead(91).isoformat()}
    response = api(account_manager).post(detail(am_signal, "snooze"), payload, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert list(errors) == ["until"]
    if message:
        assert errors["until"][0].startswith(message)
    am_signal.refresh_from_db()
    assert am_signal.status == Signal.Status.OPEN


@pytest.mark.parametrize("payload", [{}, {"note": ""}, {"note": "   "}])
def test_resolve_without_a_note_answers_400(account_manager, am_signal, payload):
    response = api(account_manager).post(detail(am_signal, "resolve"), payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"note": ["Schrijf kort op wat je hebt gedaan."]}
    am_signal.refresh_from_db()
    assert am_signal.status == Signal.Status.OPEN


def test_acting_on_a_closed_signal_answers_400(account_manager, am_signal):
    am_signal.status = Signal.Status.AUTO_CLOSED
    am_signal.resolved_at = timezone.now()
    am_signal.save()
    response = api(account_manager).post(detail(am_signal, "resolve"), {"note": "x"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Dit signaal is al gesloten."]}
    response = api(account_manager).post(
        detail(am_signal, "snooze"), {"until": days_ahead(3)}, format="json"
    )
    assert response.status_code == 400
    am_signal.refresh_from_db()
    assert (am_signal.status, am_signal.note) == (Signal.Status.AUTO_CLOSED, "")


def test_a_snoozed_signal_whose_date_passed_reads_as_open(account_manager, am_signal):
    am_signal.status = Signal.Status.SNOOZED
    am_signal.snoozed_until = timezone.localdate()
    am_signal.save()
    row = api(account_manager).get(detail(am_signal)).json()
    assert (row["status"], row["is_snoozed"], row["status_display"]) == ("snoozed", False, "Open")
    assert ids(api(account_manager).get(URL, {"status": "open"})) == {am_signal.pk}
