"""The "Placements and proposals" section: active placements, overdue follow-ups, retention per
quarter of start and proposals by status, with the lists behind them."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Count, DateField, F, Func, Q
from django.db.models.functions import TruncQuarter
from django.urls import reverse
from django.utils.translation import gettext as _

from candidates.models import Proposal
from placements.models import FollowUp, Placement

from .tables import Cell, Table, UnknownList, pct, pct_cell, quarter_label


class AddMonths(Func):
    """date + N months in SQL (PostgreSQL interval arithmetic; SQLite's date modifiers)."""

    output_field = DateField()

    def __init__(self, expression, months):
        self.months = int(months)
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + %s::interval)::date", [*params, f"{self.months} months"]

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, %s)", [*params, f"+{self.months} months"]


def placement_tables(scope):
    """3 queries: active placements with their overdue follow-ups, retention per quarter,
    proposals by status."""
    placements = Placement.objects.filter(employer__in=scope.employers())
    counts = placements.filter(status="active").aggregate(
        active=Count("pk", distinct=True),
        overdue=Count(
            "follow_ups",
            filter=Q(follow_ups__done_on__isnull=True, follow_ups__due_on__lt=scope.today),
        ),
    )
    active, overdue = counts["active"], counts["overdue"]
    retention_rows = (
        placements.filter(start_date__gte=scope.period_start, start_date__lte=scope.today)
        .annotate(
            quarter=TruncQuarter("start_date"),
            m6=AddMonths(F("start_date"), 6),
            m12=AddMonths(F("start_date"), 12),
        )
        .values("quarter")
        .annotate(
            started=Count("pk"),
            permanent=Count("pk", filter=Q(contract_type="permanent")),
            due6=Count("pk", filter=Q(m6__lte=scope.today)),
            kept6=Count(
                "pk",
                filter=Q(m6__lte=scope.today)
                & (Q(ended_on__isnull=True) | Q(ended_on__gte=F("m6"))),
            ),
            due12=Count("pk", filter=Q(m12__lte=scope.today)),
            kept12=Count(
                "pk",
                filter=Q(m12__lte=scope.today)
                & (Q(ended_on__isnull=True) | Q(ended_on__gte=F("m12"))),
            ),
        )
        .order_by("quarter")
    )
    statuses = dict(Proposal.Status.choices)
    proposal_counts = dict(
        Proposal.objects.filter(employer__in=scope.employers())
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    overview = Table(
        "placements",
        _("Placements"),
        [_("Figure"), _("Number")],
        [
            [Cell(_("Active placements")), Cell(active, scope.list_url("placements_active"))],
            [Cell(_("Follow-ups overdue")), Cell(overdue, scope.list_url("follow_ups_overdue"))],
        ],
    )
    retention = Table(
        "retention",
        _("Retention per quarter of start"),
        [
            _("Quarter of start"),
            _("Started"),
            _("Still in the job after 6 months"),
            _("Still in the job after 12 months"),
            _("Permanent contracts"),
        ],
        [
            [
                Cell(quarter_label(row["quarter"])),
                Cell(
                    row["started"],
                    scope.list_url("placements_started", quarter=row["quarter"].isoformat()[:10]),
                ),
                retention_cell(row["kept6"], row["due6"]),
                retention_cell(row["kept12"], row["due12"]),
                pct_cell(row["permanent"], row["started"]),
            ]
            for row in retention_rows
        ],
        description=_(
            "Retention counts placements whose milestone has passed; a quarter whose "
            "milestone is still ahead shows a dash."
        ),
        chart={
            "label": 0,
            "value": 2,
            "suffix": "%",
            "title": _("Still in the job after 6 months, per quarter of start"),
        },
        empty=_("No placements started in this period."),
    )
    pipeline = Table(
        "proposals",
        _("Proposals by status"),
        [_("Status"), _("Proposals")],
        [
            [
                Cell(label),
                Cell(proposal_counts.get(status, 0), scope.list_url("proposals", status=status)),
            ]
            for status, label in statuses.items()
        ],
        chart={"label": 0, "value": 1},
    )
    return [overview, retention, pipeline]


def retention_cell(kept, due):
    share = pct(kept, due)
    if share is None:
        return Cell(None, display="–")
    return Cell(share, display=f"{share}% ({kept}/{due})")


def placement_rows(scope, placements, title):
    contract_types = dict(Placement.ContractType.choices)
    rows = placements.order_by("-start_date", "pk").values(
        "pk", "job_title", "employer__name", "start_date", "contract_type", "ended_on"
    )
    return Table(
        "list",
        title,
        [_("Placement"), _("Employer"), _("Start date"), _("Contract type"), _("Ended on")],
        [
            [
                Cell(row["job_title"], reverse("placements:detail", args=[row["pk"]])),
                Cell(row["employer__name"]),
                Cell(row["start_date"], display=row["start_date"].strftime("%d-%m-%Y")),
                Cell(contract_types.get(row["contract_type"], row["contract_type"])),
                Cell(
                    row["ended_on"],
                    display=row["ended_on"].strftime("%d-%m-%Y") if row["ended_on"] else "",
                ),
            ]
            for row in rows
        ],
        empty=_("No placements."),
    )


def list_placements_active(scope, params):
    placements = Placement.objects.filter(employer__in=scope.employers(), status="active")
    return placement_rows(scope, placements, _("Active placements"))


def list_placements_started(scope, params):
    try:
        start = datetime.date.fromisoformat(params.get("quarter", ""))
    except ValueError:
        raise UnknownList(params.get("quarter")) from None
    if start.month not in (1, 4, 7, 10) or start.day != 1:
        raise UnknownList(start)
    placements = Placement.objects.filter(
        employer__in=scope.employers(),
        start_date__gte=start,
        start_date__lt=start + relativedelta(months=3),
        start_date__lte=scope.today,
    )
    return placement_rows(
        scope,
        placements,
        _("Placements started in %(quarter)s") % {"quarter": quarter_label(start)},
    )


def list_follow_ups_overdue(scope, params):
    rows = (
        FollowUp.objects.filter(
            placement__employer__in=scope.employers(),
            placement__status="active",
            done_on__isnull=True,
            due_on__lt=scope.today,
        )
        .order_by("due_on", "pk")
        .values(
            "placement_id", "placement__job_title", "placement__employer__name", "kind", "due_on"
        )
    )
    return Table(
        "list",
        _("Follow-ups overdue"),
        [_("Placement"), _("Employer"), _("Checkpoint"), _("Due on"), _("Days overdue")],
        [
            [
                Cell(
                    row["placement__job_title"],
                    reverse("placements:detail", args=[row["placement_id"]]),
                ),
                Cell(row["placement__employer__name"]),
                Cell(row["kind"]),
                Cell(row["due_on"], display=row["due_on"].strftime("%d-%m-%Y")),
                Cell((scope.today - row["due_on"]).days),
            ]
            for row in rows
        ],
        empty=_("No overdue follow-ups."),
    )


def list_proposals(scope, params):
    """Proposals by status; no candidate details here (candidate records are opened, and logged,
    on their own pages)."""
    statuses = dict(Proposal.Status.choices)
    status = params.get("status")
    if status not in statuses:
        raise UnknownList(status)
    rows = (
        Proposal.objects.filter(employer__in=scope.employers(), status=status)
        .order_by("-proposed_on", "-pk")
        .values("employer_id", "employer__name", "proposed_on", "status_changed_on")
    )
    return Table(
        "list",
        _("Proposals: %(status)s") % {"status": statuses[status]},
        [_("Employer"), _("Proposed on"), _("Status changed on")],
        [
            [
                Cell(row["employer__name"], reverse("employers:detail", args=[row["employer_id"]])),
                Cell(row["proposed_on"], display=row["proposed_on"].strftime("%d-%m-%Y")),
                Cell(
                    row["status_changed_on"],
                    display=row["status_changed_on"].strftime("%d-%m-%Y"),
                ),
            ]
            for row in rows
        ],
        empty=_("No proposals."),
    )
