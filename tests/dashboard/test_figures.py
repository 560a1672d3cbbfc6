"""Every dashboard figure against the hand-built region of tests/dashboard/conftest.py."""

import pytest

from continuity.dashboard import sections
from continuity.dashboard.scope import Scope
from tests.dashboard.helpers import drilldown, figures, first_column, rows, table

pytestmark = pytest.mark.django_db


def test_fixed_manager_share_counts_active_employers_only(world, team_lead):
    result = figures(team_lead, "fixed_manager")
    assert result["Actieve werkgevers"] == ["3"]
    assert result["Met een vaste accountmanager"] == ["2"]
    assert result["Werkgevers zonder vaste accountmanager"] == ["1"]
    assert result["Aandeel met een vaste accountmanager"] == ["67%"]


def test_without_fixed_manager_links_to_the_list_of_exactly_those_employers(world, team_lead):
    cell = table(team_lead, "fixed_manager").rows[2][1]
    assert cell.url == "/dashboard/list/no_manager/"
    assert first_column(drilldown(team_lead, "no_manager")) == ["Gamma Gemeentewerken"]
    assert first_column(drilldown(team_lead, "active")) == [
        "Alfa Bouw",
        "Beta Logistiek",
        "Gamma Gemeentewerken",
    ]


def test_a_deactivated_manager_is_no_fixed_manager(world, team_lead, colleague):
    colleague.is_active = False
    colleague.save()
    assert figures(team_lead, "fixed_manager")["Werkgevers zonder vaste accountmanager"] == ["2"]


def test_manager_changes_in_12_and_24_months(world, team_lead):
    result = figures(team_lead, "manager_changes")
    assert result["Afgelopen 12 maanden"] == ["1", "1", "25%"]
    assert result["Afgelopen 24 maanden"] == ["2", "2", "50%"]
    assert first_column(drilldown(team_lead, "changed", {"months": "12"})) == ["Beta Logistiek"]
    assert first_column(drilldown(team_lead, "changed", {"months": "24"})) == [
        "Beta Logistiek",
        "Gamma Gemeentewerken",
    ]


def test_top_employers_by_changes_most_first(world, team_lead):
    assert rows(table(team_lead, "top_changes")) == [
        ["Beta Logistiek", "1", "1"],
        ["Gamma Gemeentewerken", "0", "1"],
    ]
    trend = table(team_lead, "changes_trend")
    assert sum(cell.value for _label, cell in trend.rows) == 2
    assert len(trend.bars()) == len(trend.rows)


def test_caseload_per_account_manager(world, team_lead):
    result = figures(team_lead, "caseload")
    # employers, prospect, introduction, active, strategic, median, worst, never, overdue
    assert result["Anna Test"] == ["2", "1", "0", "1", "0", "10", "10", "1", "1"]
    assert result["Cor Test"] == ["1", "0", "0", "0", "1", "–", "–", "1", "0"]


def test_caseload_median_over_several_employers(world, team_lead, account_manager):
    import datetime

    from django.utils import timezone

    from tests.factories import AccountAssignmentFactory, ConversationFactory, EmployerFactory

    for days in (20, 40):
        employer = EmployerFactory(region=world.alfa.region)
        AccountAssignmentFactory(employer=employer, manager=account_manager)
        ConversationFactory(
            employer=employer,
            author=account_manager,
            occurred_at=timezone.now() - datetime.timedelta(days=days),
        )
    # days 10, 20, 40 (and Delta never): median 20, worst 40
    assert figures(team_lead, "caseload")["Anna Test"][5:8] == ["20", "40", "1"]


def test_caseload_links_to_the_managers_employers_and_overdue_actions(
    world, team_lead, account_manager
):
    row = table(team_lead, "caseload").rows[0]
    assert first_column(drilldown(team_lead, "caseload", {"manager_id": account_manager.pk})) == [
        "Alfa Bouw",
        "Delta Drukwerk",
    ]
    assert f"manager_id={account_manager.pk}" in row[1].url
    overdue = drilldown(team_lead, "overdue_actions", {"owner": account_manager.pk})
    assert rows(overdue) == [
        [
            "Gamma Gemeentewerken",
            "Offerte jobcoaching nabellen",
            overdue.rows[0][2].display,
            "Anna Test",
            "5",
        ]
    ]


def test_contact_coverage_of_levels_and_champions(world, team_lead):
    result = figures(team_lead, "contact_coverage")
    for label in result:
        assert result[label] == ["1", "2", "33%"], label
    assert first_column(drilldown(team_lead, "missing_contact", {"level": "top"})) == [
        "Beta Logistiek",
        "Gamma Gemeentewerken",
    ]
    assert first_column(drilldown(team_lead, "missing_contact", {"level": "floor"})) == [
        "Alfa Bouw",
        "Gamma Gemeentewerken",
    ]


def test_contact_changes_and_unverified_contacts(world, team_lead):
    result = figures(team_lead, "contact_changes")
    assert result["Toegevoegd in de afgelopen 90 dagen"] == ["1"]
    assert result["Vertrokken in de afgelopen 90 dagen"] == ["0"]
    assert result["Contactpersonen 12 maanden niet gecontroleerd"] == ["1"]
    assert [r[:2] for r in rows(drilldown(team_lead, "unverified"))] == [
        ["Beta Logistiek", "Vera Vloer"]
    ]
    assert [r[:2] for r in rows(drilldown(team_lead, "contact_changes", {"kind": "added"}))] == [
        ["Beta Logistiek", "Vera Vloer"]
    ]


def test_relationship_recency_uses_stage_thresholds(world, team_lead):
    result = figures(team_lead, "recency")
    assert result["Actief"] == ["1"]
    assert result["Strategisch partner"] == ["1"]
    assert result["Kennismaking"] == ["0"]
    assert result["Totaal"] == ["2"]
    assert first_column(drilldown(team_lead, "stale")) == [
        "Beta Logistiek",
        "Gamma Gemeentewerken",
    ]


def test_recency_follows_the_regions_policy(world, team_lead, region):
    from continuity.models import RegionPolicy

    RegionPolicy.objects.create(region=region, stale_days_active=120)
    assert figures(team_lead, "recency")["Actief"] == ["0"]


def test_open_signals_by_kind_severity_and_staff(world, team_lead):
    assert figures(team_lead, "signals_kind") == {
        "Geen vaste accountmanager": ["1"],
        "Geen recent gesprek": ["1"],
    }
    assert figures(team_lead, "signals_severity") == {"Aandacht": ["1"], "Info": ["1"]}
    assert figures(team_lead, "signals_staff") == {"Cor Test": ["1"], "Lotte Test": ["1"]}
    listed = drilldown(team_lead, "signals", {"kind": "no_fixed_manager"})
    assert [r[2] for r in rows(listed)] == ["Gamma Gemeentewerken"]


def test_placements_retention_and_permanent_share_per_quarter(world, team_lead):
    assert figures(team_lead, "placements") == {
        "Actieve plaatsingen": ["2"],
        "Nazorg te laat": ["1"],
    }
    retention = rows(table(team_lead, "retention"))
    # 6, 12, 18 and 24 months: the world's placements started 13 months ago at most.
    assert retention[0][1:] == ["2", "50% (1/2)", "50% (1/2)", "–", "–", "50%"]
    assert retention[1][1:] == ["1", "–", "–", "–", "–", "0%"]
    assert first_column(drilldown(team_lead, "follow_ups_overdue")) == [world.recent.job_title]
    quarter = table(team_lead, "retention").rows[0][1].url.split("quarter=")[1]
    assert len(drilldown(team_lead, "placements_started", {"quarter": quarter}).rows) == 2


def test_retention_matches_placement_retained_after(world, team_lead):
    from placements.models import Placement

    placements = Placement.objects.filter(employer=world.alfa)
    kept6 = sum(1 for p in placements if p.retained_after(6))
    due6 = sum(1 for p in placements if p.retained_after(6) is not None)
    assert (
        rows(table(team_lead, "retention"))[0][2]
        == f"{round(100 * kept6 / due6)}% ({kept6}/{due6})"
    )


def test_a_shorter_period_leaves_older_quarters_out(world, team_lead):
    assert len(table(team_lead, "retention", period="6").rows) == 1


def test_proposals_by_status(world, team_lead):
    result = figures(team_lead, "proposals")
    assert result["Voorgedragen"] == ["1"]
    assert result["Geplaatst"] == ["0"]
    assert first_column(drilldown(team_lead, "proposals", {"status": "proposed"})) == [
        "Beta Logistiek"
    ]


def test_employer_base(world, team_lead):
    funnel = figures(team_lead, "funnel")
    assert funnel == {
        "Prospect": ["1", "25%"],
        "Kennismaking": ["0", "0%"],
        "Actief": ["2", "50%"],
        "Strategisch partner": ["1", "25%"],
    }
    base = figures(team_lead, "employer_base")
    assert base["Inclusief"] == ["3", "75%"]
    assert base["Nog niet inclusief"] == ["1", "25%"]
    assert base["250 of meer medewerkers"] == ["1", "25%"]
    assert base["Minder dan 250 medewerkers"] == ["2", "50%"]
    assert base["Grootte onbekend"] == ["1", "25%"]
    assert base["Publiek"] == ["1", "25%"]
    assert base["Sociale ondernemingen"] == ["1", "25%"]
    assert base["Dienstverlening: strategisch partnerschap"] == ["1", "25%"]


@pytest.mark.parametrize(
    ("facet", "value", "expected"),
    [
        ("stage", "active", ["Alfa Bouw", "Gamma Gemeentewerken"]),
        ("inclusion", "not_yet", ["Delta Drukwerk"]),
        ("size", "unknown", ["Gamma Gemeentewerken"]),
        ("ownership", "public", ["Gamma Gemeentewerken"]),
        ("social", "1", ["Alfa Bouw"]),
        ("style", "strategic", ["Beta Logistiek"]),
    ],
)
def test_employer_base_drilldowns_match_the_figures(world, team_lead, facet, value, expected):
    assert first_column(drilldown(team_lead, "employers", {"facet": facet, "value": value})) == (
        expected
    )


def test_every_linked_figure_equals_the_length_of_its_list(world, team_lead):
    """Walk every table: a number that links to a list has exactly that many rows."""
    from urllib.parse import parse_qsl, urlsplit

    scope = Scope(user=team_lead, region=team_lead.region)
    checked = 0
    for section in sections.dashboard_sections(scope):
        for tab in section["tables"]:
            for row in tab.rows:
                for cell in row[1:]:
                    if cell.url and isinstance(cell.value, int):
                        parts = urlsplit(cell.url)
                        name = parts.path.rstrip("/").rsplit("/", 1)[1]
                        listed = sections.drilldown(scope, name, dict(parse_qsl(parts.query)))
                        assert len(listed.rows) == cell.value, (tab.key, row[0], name)
                        checked += 1
    assert checked >= 30


def test_filters_narrow_to_the_managers_caseload(world, team_lead, account_manager, colleague):
    result = figures(team_lead, "funnel", manager=colleague)
    assert result["Strategisch partner"] == ["1", "100%"]
    assert result["Actief"] == ["0", "0%"]


def test_team_and_home_organisation_filters(world, team_lead, municipality, uwv, team):
    # account_manager (municipality) holds Alfa and Delta; colleague (UWV) holds Beta.
    assert figures(team_lead, "funnel", organisation=uwv)["Strategisch partner"] == ["1", "100%"]
    assert figures(team_lead, "funnel", organisation=municipality)["Prospect"] == ["1", "50%"]
    assert sum(int(v[0]) for v in figures(team_lead, "funnel", team=team).values()) == 3


def test_the_start_page_the_list_and_the_dashboard_count_the_same_employers_without_manager(
    world, team_lead, colleague, client, wsp_admin
):
    """One definition (employers.models.without_fixed_manager_q) behind all three; a
    deactivated holder counts as none everywhere (issue 17: the start page said 6, the
    dashboard 1)."""
    colleague.is_active = False
    colleague.save()
    counts = {}
    for viewer in (team_lead, wsp_admin):
        client.force_login(viewer)
        home = client.get("/").context["without_manager_count"]
        listed = client.get("/employers/", {"manager": "", "no_manager": "true"})
        dashboard = figures(viewer, "fixed_manager")["Werkgevers zonder vaste accountmanager"]
        assert [str(home)] == dashboard == [str(listed.context["page"].paginator.count)], (
            viewer.role
        )
        counts[viewer.role] = home
    assert counts == {"team_lead": 2, "wsp_admin": 3}  # the admin also sees another region


def test_a_chart_shows_no_data_where_the_table_has_no_figure():
    from continuity.dashboard.tables import Cell, Table

    table = Table(
        "retention",
        "Behoud",
        ["Kwartaal", "Na 6 maanden"],
        rows=[[Cell("2026 K1"), Cell(80, display="80%")], [Cell("2026 K2"), Cell(None)]],
        chart={"label": 0, "value": 1, "suffix": "%"},
    )
    measured, unknown = table.bars()
    assert (measured["value"], measured["width"], measured["no_data"]) == ("80%", 100.0, False)
    assert (unknown["value"], unknown["width"], unknown["no_data"]) == ("geen gegevens", 0, True)
