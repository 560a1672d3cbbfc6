"""The audit pages: WSP admins only, scoped to their region (plus events without a region),
filters, paging, the detail table and the streamed CSV export; the candidate record views."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from accounts.models import User
from audit import services as audit
from audit.models import AuditEvent
from audit.registry import RETENTION
from candidates import services as candidate_services
from employers import services as employer_services
from tests.conftest import make_user
from tests.factories import EmployerFactory
from tests.placements.conftest import make_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def regional_admin(region):
    return make_user("beheer@wsp.test", User.Role.WSP_ADMIN, region, first_name="Bea")


@pytest.fixture
def trail(region, other_region, account_manager, outsider):
    """An event in each region and one without a region (a retention run)."""
    own = EmployerFactory(region=region, name="Ankerhof Metaal")
    other = EmployerFactory(region=other_region, name="Zuidkade Logistiek")
    employer_services.employer_update(employer=own, by=account_manager, employee_count=41)
    employer_services.employer_update(employer=other, by=outsider, employee_count=42)
    audit.record_job(RETENTION, "apply_retention", {"candidates_anonymised": 3})
    return {"own": own, "other": other}


def rows_of(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


# Who may see what -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["account_manager", "team_lead", "employer_user"])
@pytest.mark.parametrize(
    "url", ["/audit/", "/audit/export.csv", "/audit/access/", "/audit/access/export.csv"]
)
def test_only_wsp_admins_get_the_audit_pages(client, request, name, url):
    client.force_login(request.getfixturevalue(name))
    assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    response = client.get("/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_wsp_admin_sees_their_region_and_events_without_region(client, regional_admin, trail):
    client.force_login(regional_admin)
    response = client.get("/audit/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ankerhof Metaal" in content
    assert "Zuidkade Logistiek" not in content
    assert "apply_retention" in content


def test_a_national_wsp_admin_sees_every_region(client, wsp_admin, trail):
    """A WSP admin without a region sees every region's employers, so every region's events."""
    client.force_login(wsp_admin)
    content = client.get("/audit/").content.decode()
    assert "apply_retention" in content
    assert "Ankerhof Metaal" in content and "Zuidkade Logistiek" in content


def test_a_superuser_sees_every_event(client, wsp_admin, trail):
    wsp_admin.is_superuser = True
    wsp_admin.save()
    client.force_login(wsp_admin)
    content = client.get("/audit/").content.decode()
    assert "Ankerhof Metaal" in content and "Zuidkade Logistiek" in content


def test_another_regions_event_answers_404(client, regional_admin, trail):
    other_event = AuditEvent.objects.get(object_id=trail["other"].pk, action="update")
    own_event = AuditEvent.objects.get(object_id=trail["own"].pk, action="update")
    client.force_login(regional_admin)
    assert client.get(f"/audit/{other_event.pk}/").status_code == 404
    assert client.get(f"/audit/{own_event.pk}/").status_code == 200


def test_the_navigation_links_to_the_audit_trail_for_admins_only(client, regional_admin, team_lead):
    client.force_login(regional_admin)
    assert 'href="/audit/"' in client.get("/").content.decode()
    client.force_login(team_lead)
    assert 'href="/audit/"' not in client.get("/").content.decode()


# The detail page ------------------------------------------------------------------------------


def test_the_detail_shows_before_and_after_and_hides_note_content(
    client, regional_admin, region, account_manager, colleague
):
    employer = EmployerFactory(region=region, name="Ankerhof Metaal")
    employer_services.account_manager_assign(
        employer=employer, manager=colleague, by=account_manager, handover_note="Zie dossier"
    )
    employer_services.employer_update(
        employer=employer, by=account_manager, employee_count=99, knowledge_culture="Informeel"
    )
    update = AuditEvent.objects.get(object_type="employers.employer", action="update")
    assign = AuditEvent.objects.get(object_type="employers.accountassignment", action="create")
    client.force_login(regional_admin)

    content = client.get(f"/audit/{update.pk}/").content.decode()
    assert "40" in content and "99" in content
    assert "Informeel" not in content
    assert "inhoud niet vastgelegd" in content  # "changed (content not recorded)" in Dutch
    content = client.get(f"/audit/{assign.pk}/").content.decode()
    assert f"{colleague.full_name} (#{colleague.pk})" in content  # a related record's name
    assert "Zie dossier" not in content


def test_a_job_event_shows_its_counts(client, wsp_admin):
    event = audit.record_job(RETENTION, "apply_retention", {"candidates_anonymised": 7})
    client.force_login(wsp_admin)
    content = client.get(f"/audit/{event.pk}/").content.decode()
    assert "kandidaten geanonimiseerd" in content and ">7<" in content


# Filters and paging ---------------------------------------------------------------------------


def test_filters_by_actor_type_action_object_and_dates(
    client, regional_admin, region, account_manager, colleague
):
    first = EmployerFactory(region=region, name="Ankerhof Eerste")
    second = EmployerFactory(region=region, name="Ankerhof Tweede")
    employer_services.employer_update(employer=first, by=account_manager, employee_count=1)
    employer_services.employer_update(employer=second, by=colleague, employee_count=2)
    employer_services.contact_add(employer=first, by=colleague, name="Ria Ankerhof", level="floor")
    client.force_login(regional_admin)

    def labels(**params):
        response = client.get("/audit/", params)
        assert response.status_code == 200
        return {e.object_label for e in response.context["rows"]}

    assert labels(actor=account_manager.email) == {"Ankerhof Eerste"}
    assert labels(actor="Colleague") == {"Ankerhof Tweede", "Ria Ankerhof (Ankerhof Eerste)"}
    assert labels(object_type="employers.contactperson") == {"Ria Ankerhof (Ankerhof Eerste)"}
    assert labels(action="create") == {"Ria Ankerhof (Ankerhof Eerste)"}
    assert labels(object_type="employers.employer", object_id=second.pk) == {"Ankerhof Tweede"}
    today = timezone.localdate()
    assert len(labels(date_from=today.isoformat(), date_to=today.isoformat())) == 3
    assert labels(date_from=(today + datetime.timedelta(days=1)).isoformat()) == set()
    assert labels(date_to=(today - datetime.timedelta(days=1)).isoformat()) == set()


def test_a_wrong_filter_is_shown_with_its_error_and_ignored(client, regional_admin, trail):
    client.force_login(regional_admin)
    response = client.get("/audit/", {"date_from": "gisteren", "object_id": "abc"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"date_from", "object_id"}
    assert len(response.context["rows"]) == 2  # the own region's event and the job's


def test_an_end_before_the_start_is_an_error(client, regional_admin, trail):
    client.force_login(regional_admin)
    response = client.get("/audit/", {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert "date_to" in response.context["form"].errors


def test_the_list_pages_by_50(client, regional_admin, region, account_manager):
    employer = EmployerFactory(region=region, name="Ankerhof Metaal")
    for count in range(1, 56):
        employer_services.employer_update(employer=employer, by=account_manager, phone=str(count))
    client.force_login(regional_admin)
    first = client.get("/audit/")
    second = client.get("/audit/", {"page": 2})
    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 5
    assert "pagina 1 van 2" in first.content.decode()


# The CSV export -------------------------------------------------------------------------------


def test_the_export_streams_the_filtered_list(client, regional_admin, region, account_manager):
    employer = EmployerFactory(region=region, name="=Ankerhof Metaal")
    employer_services.employer_update(
        employer=employer, by=account_manager, employee_count=12, knowledge_work="Geheim"
    )
    employer_services.contact_add(
        employer=employer, by=account_manager, name="Ria Ankerhof", level="floor"
    )
    client.force_login(regional_admin)

    response = client.get("/audit/export.csv", {"object_type": "employers.employer"})

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *rows = rows_of(response)
    assert header == [
        "Wanneer",
        "Wie",
        "Actie",
        "Soort object",
        "Objectnummer",
        "Object",
        "Regio",
        "Wijzigingen",
    ]
    assert len(rows) == 1
    row = rows[0]
    assert row[1] == f"{account_manager.full_name} <{account_manager.email}>"
    assert row[2] == "Gewijzigd"
    assert row[4] == str(employer.pk)
    assert row[5] == "'=Ankerhof Metaal"  # a formula stays text in Excel
    assert row[6] == region.name
    assert "40 → 12" in row[7]
    assert "inhoud niet vastgelegd" in row[7]
    assert "Geheim" not in "".join(row)


def test_the_export_is_scoped_like_the_list(client, regional_admin, trail):
    client.force_login(regional_admin)
    text = "".join(";".join(row) for row in rows_of(client.get("/audit/export.csv")))
    assert "Ankerhof Metaal" in text
    assert "Zuidkade" not in text


# Candidate record views -----------------------------------------------------------------------


@pytest.fixture
def looks(region, other_region, account_manager, outsider):
    own = make_candidate(region, account_manager)
    other = make_candidate(other_region, outsider, first_name="Zeno")
    for user, candidate, allowed in [
        (account_manager, own, True),
        (outsider, own, False),
        (outsider, other, True),
    ]:
        candidate_services.candidate_access_log(
            user=user,
            candidate_id=candidate.pk,
            candidate=candidate if allowed else None,
            route=f"candidates:detail /candidates/{candidate.pk}/",
            method="GET",
            allowed=allowed,
        )
    return {"own": own, "other": other}


def test_the_record_views_are_scoped_to_the_admins_region(
    client, regional_admin, looks, account_manager
):
    client.force_login(regional_admin)
    response = client.get("/audit/access/")
    assert response.status_code == 200
    shown = [(row.user.email, row.candidate_ref) for row in response.context["rows"]]
    assert shown == [(account_manager.email, looks["own"].pk)]


def test_the_record_views_filter_and_export(client, wsp_admin, looks, outsider):
    wsp_admin.is_superuser = True
    wsp_admin.save()
    client.force_login(wsp_admin)

    denied = client.get("/audit/access/", {"allowed": "no"}).context["rows"]
    assert [(row.user, row.allowed) for row in denied] == [(outsider, False)]
    by_candidate = client.get("/audit/access/", {"candidate": looks["other"].pk}).context["rows"]
    assert [row.candidate_ref for row in by_candidate] == [looks["other"].pk]
    by_user = client.get("/audit/access/", {"user": "outsider"}).context["rows"]
    assert len(by_user) == 2

    header, *rows = rows_of(client.get("/audit/access/export.csv", {"allowed": "no"}))
    assert header[:3] == ["Wanneer", "Wie", "Kandidaatnummer"]
    assert [(row[1], row[2], row[5]) for row in rows] == [
        (outsider.email, str(looks["own"].pk), "Geweigerd")
    ]


def test_the_list_needs_the_same_number_of_queries_for_few_and_many_events(
    client, regional_admin, region, account_manager
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    employer = EmployerFactory(region=region, name="Ankerhof Metaal")
    client.force_login(regional_admin)

    def queries_for(count):
        for number in range(count):
            employer_services.employer_update(
                employer=employer, by=account_manager, phone=f"{count}-{number}"
            )
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/audit/").status_code == 200
        return len(captured)

    assert queries_for(3) == queries_for(30)
