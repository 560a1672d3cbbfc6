"""Issue 15, part 4: retention beyond 12 months, endings by reason and placements at risk by
cause (from the open placement signals, whatever rule raised them), with their lists and
exports. Starts from the dashboard `world` (tests/dashboard/conftest.py)."""

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from continuity.models import Signal
from placements.models import Placement
from tests.dashboard.conftest import days_ago, make_placement
from tests.dashboard.helpers import drilldown, figures, first_column, rows, table
from tests.dashboard.test_pages import parse_csv, parse_xlsx, screen_table

pytestmark = pytest.mark.django_db

K = Signal.Kind


def ended(employer, manager, number, *, start, end, reason, **fields):
    placement = make_placement(employer, manager, number, start_date=start, **fields)
    Placement.objects.filter(pk=placement.pk).update(
        status=Placement.Status.ENDED, ended_on=end, end_reason=reason
    )
    return placement


@pytest.fixture
def endings(world, account_manager):
    """In the period (the default 24 months) at Alfa: two
    dismissals (after 2 and after 8 months), a move to another job (after 14 months: not early)
    and a contract that ran out on its end date (not early). The world's own ending (300 days
    ago, no reason, no contract end) is in the period too. Omega's ending must never count."""
    today = timezone.localdate()
    am = account_manager
    ended(world.alfa, am, 11, start=days_ago(100), end=days_ago(40), reason="dismissed")
    ended(world.alfa, am, 12, start=days_ago(300), end=days_ago(60), reason="dismissed")
    ended(
        world.alfa,
        am,
        13,
        start=today - relativedelta(months=14),
        end=days_ago(5),
        reason="other_job",
        contract_type=Placement.ContractType.PERMANENT,
    )
    ended(
        world.alfa,
        am,
        14,
        start=days_ago(200),
        end=days_ago(20),
        reason="contract_ended",
        contract_end=days_ago(20),
    )
    ended(world.omega, am, 15, start=days_ago(100), end=days_ago(10), reason="dismissed")
    return world


def test_endings_by_reason_with_early_endings_and_how_long_they_lasted(endings, team_lead):
    result = figures(team_lead, "endings")
    # Ended, share, early, within 6 months, 6-12 months, beyond 12 months.
    assert result["Ontslagen"] == ["2", "40%", "2", "1", "1", "0"]
    assert result["Naar een andere baan"] == ["1", "20%", "0", "0", "0", "1"]
    assert result["Contract niet verlengd"] == ["1", "20%", "0", "1", "0", "0"]
    assert result["geen reden opgegeven"] == ["1", "20%", "1", "1", "0", "0"]
    assert len(result) == 4  # Omega is in another region

    listed = drilldown(team_lead, "placements_ended", {"reason": "dismissed"})
    assert first_column(listed) == ["Medewerker productie 11", "Medewerker productie 12"]
    assert len(drilldown(team_lead, "placements_ended", {"reason": "none"}).rows) == 1


def test_an_unknown_reason_is_an_unknown_list(endings, team_lead):
    from continuity.dashboard.tables import UnknownList

    with pytest.raises(UnknownList):
        drilldown(team_lead, "placements_ended", {"reason": "nonsense"})
    with pytest.raises(UnknownList):
        drilldown(team_lead, "placements_at_risk", {"kind": "nonsense"})


def test_retention_after_18_and_24_months(world, team_lead, account_manager):
    """A period of 36 months reaches back far enough: started 25 months ago, one still going
    and one that ended after 20 months -> 100% after 18 months, 50% after 24."""
    start = timezone.localdate() - relativedelta(months=25)
    make_placement(world.alfa, account_manager, 21, start_date=start)
    ended(
        world.alfa,
        account_manager,
        22,
        start=start,
        end=start + relativedelta(months=20),
        reason="dismissed",
    )
    quarter = rows(table(team_lead, "retention", period="36"))[0]
    assert quarter[1] == "2"
    assert quarter[4:6] == ["100% (2/2)", "50% (1/2)"]


def placement_signal(key, kind, severity, placement, **fields):
    return Signal.objects.create(
        key=key,
        kind=kind,
        severity=severity,
        region=placement.employer.region,
        employer=placement.employer,
        placement=placement,
        **fields,
    )


@pytest.fixture
def at_risk(world, account_manager, outsider):
    recent, kept = world.recent, world.kept
    placement_signal("r1", K.FOLLOW_UP_AT_RISK, 3, recent, detail="Na 3 maanden op 01-12-2026")
    placement_signal("r2", K.CONTRACT_ENDING, 2, recent)
    placement_signal("r3", K.INSTRUMENT_ENDING, 3, kept)
    placement_signal("r4", K.CONTRACT_ENDING, 2, kept)
    # Not at risk: information only, resolved, or in another region.
    placement_signal("r5", K.FOLLOW_UP_DUE, 1, kept)
    placement_signal("r6", K.FOLLOW_UP_AT_RISK, 3, kept, status=Signal.Status.RESOLVED)
    omega_placement = make_placement(world.omega, outsider, 31, start_date=days_ago(50))
    placement_signal("r7", K.FOLLOW_UP_AT_RISK, 3, omega_placement)
    return world


def test_placements_at_risk_by_cause(at_risk, team_lead):
    result = figures(team_lead, "at_risk")
    assert result == {
        "Contract loopt binnenkort af": ["2", "0"],
        "Periode van instrument loopt binnenkort af": ["1", "1"],
        "Plaatsing in gevaar (nazorg)": ["1", "1"],
    }
    listed = drilldown(team_lead, "placements_at_risk", {})
    assert sorted(r[2] for r in rows(listed)) == [
        "Contract loopt binnenkort af",
        "Contract loopt binnenkort af",
        "Periode van instrument loopt binnenkort af",
        "Plaatsing in gevaar (nazorg)",
    ]
    only = drilldown(team_lead, "placements_at_risk", {"kind": K.FOLLOW_UP_AT_RISK})
    assert rows(only)[0][:3] == [
        at_risk.recent.job_title,
        "Alfa Bouw",
        "Plaatsing in gevaar (nazorg)",
    ]
    assert rows(only)[0][4] == "Na 3 maanden op 01-12-2026"


def test_a_cause_raised_by_any_rule_is_counted(at_risk, team_lead):
    """The cause is whatever kind the open signal has: a kind this table does not know by name
    (another rule's) still counts."""
    placement_signal("r8", K.CONTACT_LEFT, 3, at_risk.kept)
    assert figures(team_lead, "at_risk")["Contactpersoon vertrokken"] == ["1", "1"]


def test_an_ended_placement_is_no_longer_at_risk(at_risk, team_lead):
    Placement.objects.filter(pk=at_risk.recent.pk).update(
        status=Placement.Status.ENDED, ended_on=days_ago(0)
    )
    assert "Plaatsing in gevaar (nazorg)" not in figures(team_lead, "at_risk")


@pytest.mark.parametrize("key", ["endings", "at_risk"])
def test_the_new_tables_export_as_shown(client_for, team_lead, endings, at_risk, key):
    client = client_for(team_lead)
    shown = screen_table(client.get("/dashboard/"), key)
    expected = [[str(c) for c in shown.columns], *rows(shown)]
    assert len(expected) > 1
    assert parse_csv(client.get(f"/dashboard/export/{key}/?format=csv")) == expected
    assert parse_xlsx(client.get(f"/dashboard/export/{key}/?format=xlsx"))[0] == expected[0]


def test_the_at_risk_list_exports_as_shown(client_for, team_lead, at_risk):
    client = client_for(team_lead)
    page = client.get("/dashboard/list/placements_at_risk/")
    assert page.status_code == 200
    shown = page.context["table"]
    expected = [[str(c) for c in shown.columns], *rows(shown)]
    assert parse_csv(client.get("/dashboard/list/placements_at_risk/?format=csv")) == expected
    assert "Omega" not in client.get("/dashboard/list/placements_at_risk/?format=csv").text
