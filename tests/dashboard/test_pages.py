"""The dashboard pages: who may see what, drill-downs, filters, exports, query counts."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from continuity.dashboard.card import employer_continuity_card
from continuity.dashboard.sections import drilldown, table_by_key
from continuity.dashboard.views import DashboardFilterForm
from tests.conftest import make_user
from tests.dashboard.helpers import rows, scope_for
from tests.factories import (
    AccountAssignmentFactory,
    ContactEventFactory,
    ContactPersonFactory,
    ConversationFactory,
    EmployerFactory,
)

pytestmark = pytest.mark.django_db

NO_MANAGER = "Werkgevers zonder vaste accountmanager"


def text(response):
    return response.content.decode()


def screen_table(response, key):
    """The dashboard table `key` as the page rendered it (from the view's context)."""
    for section in response.context["sections"]:
        for tab in section["tables"]:
            if tab.key == key:
                return tab
    raise AssertionError(key)


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/dashboard/", "/dashboard/list/no_manager/", "/dashboard/export/funnel/?format=csv"]
)
def test_anonymous_is_sent_to_login(client, world, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/login/")


@pytest.mark.parametrize(
    "url", ["/dashboard/", "/dashboard/list/no_manager/", "/dashboard/export/funnel/?format=csv"]
)
def test_employer_user_is_refused(client_for, employer_user, url):
    assert client_for(employer_user).get(url).status_code == 403


def test_team_lead_sees_the_regions_dashboard_in_dutch(client_for, team_lead, world):
    response = client_for(team_lead).get("/dashboard/")
    assert response.status_code == 200
    page = text(response)
    assert "Continuïteitsdashboard Midden-Utrecht" in page
    assert '<a href="/dashboard/list/no_manager/">1</a>' in page
    assert NO_MANAGER in page
    assert "<svg" in page and "<title" in page and "<desc" in page
    assert "Na 6 maanden nog aan het werk, per kwartaal van start" in page
    assert "Staafdiagram; de getallen staan in de tabel eronder." in page
    assert "Omega" not in page
    assert 'name="region"' not in page  # team leads have no region filter


def test_team_lead_never_sees_another_regions_employers(client_for, team_lead, world):
    client = client_for(team_lead)
    for name, params in [
        ("active", ""),
        ("no_manager", ""),
        ("employers", "?facet=stage&value=active"),
    ]:
        page = text(client.get(f"/dashboard/list/{name}/{params}"))
        assert "Omega Haven" not in page
    signals = text(client.get("/dashboard/list/signals/?kind=no_fixed_manager"))
    assert "Gamma Gemeentewerken" in signals and "Omega Haven" not in signals


def test_team_lead_of_the_other_region_sees_only_that_region(world, other_region):
    lead = make_user("lead2@wsp.test", User.Role.TEAM_LEAD, other_region)
    result = {r[0]: r[1:] for r in rows(table_by_key(scope_for(lead), "fixed_manager"))}
    assert result["Actieve werkgevers"] == ["1"]
    assert [r[0] for r in rows(drilldown(scope_for(lead), "no_manager", {}))] == ["Omega Haven"]


def test_team_lead_cannot_widen_the_scope_with_a_region_parameter(
    client_for, team_lead, world, other_region
):
    response = client_for(team_lead).get(f"/dashboard/list/no_manager/?region={other_region.pk}")
    assert response.status_code == 200
    assert "Omega Haven" not in text(response)
    assert "Gamma Gemeentewerken" in text(response)


def test_wsp_admin_sees_all_regions_and_can_filter_one(client_for, wsp_admin, world, region):
    client = client_for(wsp_admin)
    everything = screen_table(client.get("/dashboard/"), "fixed_manager")
    assert everything.rows[0][1].value == 4  # Alfa, Beta, Gamma and Omega
    response = client.get(f"/dashboard/?region={region.pk}")
    assert 'name="region"' in text(response)
    assert screen_table(response, "fixed_manager").rows[0][1].value == 3
    assert f"region={region.pk}" in screen_table(response, "fixed_manager").rows[2][1].url
    listed = text(client.get(f"/dashboard/list/no_manager/?region={region.pk}"))
    assert "Gamma Gemeentewerken" in listed and "Omega Haven" not in listed


def test_account_manager_sees_only_their_own_caseload(
    client_for, account_manager, colleague, world
):
    client = client_for(account_manager)
    response = client.get(f"/dashboard/?manager={colleague.pk}")
    assert response.status_code == 200
    assert "Dashboard van mijn caseload" in text(response)
    assert 'name="manager"' not in text(response)
    funnel = {str(r[0]): r[1].value for r in screen_table(response, "funnel").rows}
    assert funnel == {"Prospect": 1, "Kennismaking": 0, "Actief": 1, "Strategisch partner": 0}
    caseload = rows(screen_table(response, "caseload"))
    assert [r[0] for r in caseload] == ["Anna Test"]
    page = text(
        client.get(
            f"/dashboard/list/employers/?facet=stage&value=strategic_partner&manager={colleague.pk}"
        )
    )
    assert "Beta Logistiek" not in page


def test_unknown_lists_parameters_and_formats_answer_404(client_for, team_lead, world):
    client = client_for(team_lead)
    assert client.get("/dashboard/list/nonsense/").status_code == 404
    assert client.get("/dashboard/list/employers/?facet=stage&value=x").status_code == 404
    assert client.get("/dashboard/list/caseload/?manager_id=abc").status_code == 404
    assert client.get("/dashboard/list/placements_started/?quarter=2025-02-01").status_code == 404
    assert client.get("/dashboard/list/active/?format=pdf").status_code == 404
    assert client.get("/dashboard/export/nonsense/?format=csv").status_code == 404


def test_a_filter_that_is_not_understood_is_reported_and_left_out(client_for, team_lead, world):
    response = client_for(team_lead).get("/dashboard/?team=999999&period=7")
    assert response.status_code == 200
    assert "Sommige filters werden niet begrepen" in text(response)
    assert screen_table(response, "fixed_manager").rows[0][1].value == 3


def test_filter_form_offers_only_the_own_regions_people(team_lead, world, outsider, colleague):
    form = DashboardFilterForm(user=team_lead)
    assert colleague in form.fields["manager"].queryset
    assert outsider not in form.fields["manager"].queryset
    assert "region" not in form.fields


def test_drilldown_page_lists_the_rows_of_its_figure(client_for, team_lead, world):
    response = client_for(team_lead).get("/dashboard/list/stale/")
    page = text(response)
    assert response.status_code == 200
    assert "Werkgevers zonder recent gesprek" in page
    assert "2 rijen" in page
    assert "Beta Logistiek" in page and "Gamma Gemeentewerken" in page
    assert "Alfa Bouw" not in page


# --- exports --------------------------------------------------------------------------------


def parse_csv(response):
    body = response.content.decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(body), delimiter=";"))


def parse_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("key", ["fixed_manager", "caseload", "retention", "employer_base"])
def test_table_exports_match_the_screen(client_for, team_lead, world, key):
    client = client_for(team_lead)
    shown = screen_table(client.get("/dashboard/"), key)
    expected = [[str(c) for c in shown.columns], *rows(shown)]
    as_csv = client.get(f"/dashboard/export/{key}/?format=csv")
    assert as_csv["Content-Type"].startswith("text/csv")
    assert "attachment" in as_csv["Content-Disposition"]
    assert parse_csv(as_csv) == expected
    as_xlsx = client.get(f"/dashboard/export/{key}/?format=xlsx")
    assert as_xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert parse_xlsx(as_xlsx) == expected


def test_drilldown_exports_match_the_list(client_for, team_lead, world):
    client = client_for(team_lead)
    page = client.get("/dashboard/list/stale/")
    shown = page.context["table"]
    expected = [[str(c) for c in shown.columns], *rows(shown)]
    assert parse_csv(client.get("/dashboard/list/stale/?format=csv")) == expected
    xlsx = parse_xlsx(client.get("/dashboard/list/stale/?format=xlsx"))
    assert xlsx[0] == expected[0]
    assert [r[0] for r in xlsx[1:]] == ["Beta Logistiek", "Gamma Gemeentewerken"]
    assert "Omega" not in client.get("/dashboard/list/active/?format=csv").content.decode()


def test_exports_keep_the_filters(client_for, wsp_admin, world, other_region):
    rows_ = parse_csv(
        client_for(wsp_admin).get(
            f"/dashboard/list/no_manager/?region={other_region.pk}&format=csv"
        )
    )
    assert [r[0] for r in rows_[1:]] == ["Omega Haven"]


# --- query counts ---------------------------------------------------------------------------


def grow_region(region, manager, count):
    """`count` more employers, each with a manager, contacts, changes and conversations."""
    for number in range(count):
        employer = EmployerFactory(region=region, name=f"Groei {number:03d}")
        AccountAssignmentFactory(
            employer=employer,
            manager=manager,
            started_on=timezone.localdate() - datetime.timedelta(days=300),
            ended_on=timezone.localdate() - datetime.timedelta(days=100),
        )
        AccountAssignmentFactory(employer=employer, manager=manager)
        contact = ContactPersonFactory(employer=employer, is_champion=True)
        ContactEventFactory(contact=contact)
        ConversationFactory(
            employer=employer,
            author=manager,
            next_action="Bellen",
            next_action_due=timezone.localdate() - datetime.timedelta(days=3),
            next_action_owner=manager,
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/",
        "/dashboard/list/active/",
        "/dashboard/list/stale/",
        "/dashboard/list/unverified/",
        "/dashboard/list/overdue_actions/",
        "/dashboard/list/signals/?kind=no_fixed_manager",
        "/dashboard/export/caseload/?format=xlsx",
    ],
)
def test_query_count_does_not_grow_with_the_region(
    client_for, team_lead, world, region, colleague, url
):
    client = client_for(team_lead)
    count_queries(client, url)  # the first request of a session does its own bookkeeping
    small = count_queries(client, url)
    grow_region(region, colleague, 55)
    assert count_queries(client, url) == small


def test_continuity_card_query_count_is_fixed(world, django_assert_num_queries, colleague):
    with django_assert_num_queries(4):
        employer_continuity_card(world.beta)
    grow_region(world.beta.region, colleague, 3)
    for _number in range(5):
        ContactEventFactory(contact=ContactPersonFactory(employer=world.beta))
    with django_assert_num_queries(4):
        employer_continuity_card(world.beta)
