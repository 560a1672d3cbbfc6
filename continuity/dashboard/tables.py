"""What every section builds: a `Table` of `Cell`s, the formatting helpers, and the employer
list behind many figures.

A cell may link to its drill-down list. The page, the CSV and the XLSX exports render the same
tables. A drill-down list raises `UnknownList` for a name or parameter it does not know (the
view answers 404).
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.models import Employer

from .scope import last_conversation


@dataclass
class Cell:
    value: object
    url: str = ""
    display: str = ""

    def __str__(self):
        if self.display:
            return self.display
        return "" if self.value is None else str(self.value)


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    description: str = ""
    chart: dict | None = None  # {"label": column index, "value": column index}
    empty: str = ""

    def bars(self):
        """The chart's bars: label, value and width in percent of the largest value. A row
        without a value (the table shows "–") gets no bar but "no data", never a 0 % bar."""
        if not self.chart:
            return []
        label, value = self.chart["label"], self.chart["value"]
        values = [row[value].value for row in self.rows]
        top = max((v for v in values if v is not None), default=0) or 1
        return [
            {
                "label": str(row[label]),
                "value": _("no data") if v is None else f"{v}{self.chart.get('suffix', '')}",
                "no_data": v is None,
                "width": 0 if v is None else round(100 * v / top, 1),
                "y": i * 28,
            }
            for i, (row, v) in enumerate(zip(self.rows, values, strict=True))
        ]

    def chart_height(self):
        return max(len(self.rows), 1) * 28


def pct(part, whole):
    return round(100 * part / whole) if whole else None


def pct_cell(part, whole):
    share = pct(part, whole)
    return Cell(share, display="–" if share is None else f"{share}%")


def name_of(first, last):
    return f"{first or ''} {last or ''}".strip()


def days_since(moment, today):
    if moment is None:
        return None
    return (today - timezone.localtime(moment).date()).days


def quarter_label(day):
    if isinstance(day, datetime.datetime):
        day = day.date()
    return f"{day.year} K{(day.month - 1) // 3 + 1}"


class UnknownList(Exception):
    """The list name or one of its parameters is not one we know (the view answers 404)."""


def as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise UnknownList(value) from None


def employer_rows(scope, employers, title, description=""):
    rows = (
        employers.annotate(manager_name=scope.fixed_manager_name(), last=last_conversation())
        .order_by("name", "pk")
        .values("pk", "name", "stage", "manager_name", "last", "region__name")
    )
    stages = dict(Employer.Stage.choices)
    return Table(
        "list",
        title,
        [
            _("Employer"),
            _("Stage"),
            _("Fixed account manager"),
            _("Last conversation"),
            _("Days since"),
            _("Region"),
        ],
        [
            [
                Cell(row["name"], reverse("employers:detail", args=[row["pk"]])),
                Cell(stages.get(row["stage"], row["stage"])),
                Cell(row["manager_name"] or "", display=row["manager_name"] or _("none")),
                Cell(
                    timezone.localtime(row["last"]).date() if row["last"] else None,
                    display=timezone.localtime(row["last"]).strftime("%d-%m-%Y")
                    if row["last"]
                    else _("never"),
                ),
                Cell(days_since(row["last"], scope.today)),
                Cell(row["region__name"]),
            ]
            for row in rows
        ],
        description=description,
        empty=_("No employers."),
    )
