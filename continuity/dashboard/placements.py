"""The "Placements and proposals" section: active placements, overdue follow-ups, retention per
quarter of start (6, 12, 18 and 24 months), endings by reason, placements at risk by cause and
proposals by status, with the lists behind them."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Count, DateField, F, Func, Q
from django.db.models.functions import TruncQuarter
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import Proposal
from continuity.models import Signal
from placements.models import EARLY_ENDING, FollowUp, Placement

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


# Retention milestones in months: the period's quarters show each once it has passed.
MILESTONES = (6, 12, 18, 24)


def placement_tables(scope):
    """5 queries: active placements with their overdue follow-ups, retention per quarter,
    endings by reason, placements at risk by cause, proposals by status."""
    placements = Placement.objects.filter(employer__in=scope.employers())
    counts = placements.filter(status="active").aggregate(
        active=Count("pk", distinct=True),
        overdue=Count(
            "follow_ups",
            filter=Q(follow_ups__done_on__isnull=True, follow_ups__due_on__lt=scope.today),
        ),
    )
    active, overdue = counts["active"], counts["overdue"]
    milestones = {f"m{m}": AddMonths(F("start_date"), m) for m in MILESTONES}
    figures = {}
    for m in MILESTONES:
        due = Q(**{f"m{m}__lte": scope.today})
        figures[f"due{m}"] = Count("pk", filter=due)
        figures[f"kept{m}"] = Count(
            "pk", filter=due & (Q(ended_on__isnull=True) | Q(ended_on__gte=F(f"m{m}")))
        )
    retention_rows = (
        placements.filter(start_date__gte=scope.period_start, start_date__lte=scope.today)
        .annotate(quarter=TruncQuarter("start_date"), **milestones)
        .values("quarter")
        .annotate(
            started=Count("pk"),
            permanent=Count("pk", filter=Q(contract_type="permanent")),
            **figures,
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
            _("Still in the job after 18 months"),
            _("Still in the job after 24 months"),
            _("Permanent contracts"),
        ],
        [
            [
                Cell(quarter_label(row["quarter"])),
                Cell(
                    row["started"],
                    scope.list_url("placements_started", quarter=row["quarter"].isoformat()[:10]),
                ),
                *[retention_cell(row[f"kept{m}"], row[f"due{m}"]) for m in MILESTONES],
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
    return [overview, retention, endings_table(scope), at_risk_table(scope), pipeline]


def endings_table(scope):
    """1 query: the placements that ended in the period, by reason: how many, how many ended
    early (placements.models.EARLY_ENDING), and how long they had lasted."""
    labels = dict(Placement.EndReason.choices)
    lasted = {f"m{m}": AddMonths(F("start_date"), m) for m in (6, 12)}
    rows = (
        Placement.objects.filter(
            employer__in=scope.employers(),
            status="ended",
            ended_on__gte=scope.period_start,
            ended_on__lte=scope.today,
        )
        .annotate(**lasted)
        .values("end_reason")
        .annotate(
            ended=Count("pk"),
            early=Count("pk", filter=EARLY_ENDING),
            within6=Count("pk", filter=Q(ended_on__lt=F("m6"))),
            within12=Count("pk", filter=Q(ended_on__gte=F("m6"), ended_on__lt=F("m12"))),
            beyond12=Count("pk", filter=Q(ended_on__gte=F("m12"))),
        )
        .order_by()
    )
    rows = sorted(rows, key=lambda row: (-row["ended"], row["end_reason"]))
    total = sum(row["ended"] for row in rows)
    return Table(
        "endings",
        _("Endings by reason"),
        [
            _("Reason for ending"),
            _("Ended"),
            _("Share of endings"),
            _("Ended early"),
            _("Within 6 months"),
            _("After 6 to 12 months"),
            _("After more than 12 months"),
        ],
        [
            [
                Cell(labels.get(row["end_reason"], row["end_reason"]) or _("no reason given")),
                Cell(
                    row["ended"],
                    scope.list_url("placements_ended", reason=row["end_reason"] or "none"),
                ),
                pct_cell(row["ended"], total),
                Cell(row["early"]),
                Cell(row["within6"]),
                Cell(row["within12"]),
                Cell(row["beyond12"]),
            ]
            for row in rows
        ],
        description=_(
            "Placements that ended in this period. Ended early: before the contract's end (a "
            "permanent contract: any ending), except a move to another job."
        ),
        chart={"label": 0, "value": 1},
        empty=_("No placements ended in this period."),
    )


def at_risk_signals(scope):
    """The open signals of active placements that ask for action (attention or urgent),
    whatever rule raised them: their kind is the cause."""
    return (
        Signal.objects.visible_to(scope.user)
        .open()
        .filter(
            employer__in=scope.employers(),
            placement__isnull=False,
            placement__status="active",
            severity__gte=Signal.Severity.ATTENTION,
        )
    )


def at_risk_table(scope):
    """1 query: placements at risk counted per cause (a placement with two causes counts under
    both; the total counts it once)."""
    kinds = dict(Signal.Kind.choices)
    rows = (
        at_risk_signals(scope)
        .values("kind")
        .annotate(
            n=Count("placement", distinct=True),
            urgent=Count("pk", filter=Q(severity=Signal.Severity.URGENT)),
        )
        .order_by()
    )
    rows = sorted(rows, key=lambda row: (-row["n"], row["kind"]))
    return Table(
        "at_risk",
        _("Placements at risk by cause"),
        [_("Cause"), _("Placements"), _("Urgent signals")],
        [
            [
                Cell(kinds.get(row["kind"], row["kind"])),
                Cell(row["n"], scope.list_url("placements_at_risk", kind=row["kind"])),
                Cell(row["urgent"]),
            ]
            for row in rows
        ],
        description=_(
            "Active placements with an open signal that asks for action; the cause is the "
            "signal's kind."
        ),
        chart={"label": 0, "value": 1},
        empty=_("No placements at risk."),
    )


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


def list_placements_ended(scope, params):
    reason = params.get("reason", "")
    labels = dict(Placement.EndReason.choices)
    if reason != "none" and reason not in labels:
        raise UnknownList(reason)
    placements = Placement.objects.filter(
        employer__in=scope.employers(),
        status="ended",
        ended_on__gte=scope.period_start,
        ended_on__lte=scope.today,
        end_reason="" if reason == "none" else reason,
    )
    return placement_rows(
        scope,
        placements,
        _("Ended: %(reason)s") % {"reason": labels.get(reason, _("no reason given"))},
    )


def list_placements_at_risk(scope, params):
    """The placements at risk with their causes (one row per open signal: the signal is the
    cause and links to it)."""
    kinds, severities = dict(Signal.Kind.choices), dict(Signal.Severity.choices)
    signals = at_risk_signals(scope)
    kind = params.get("kind")
    if kind:
        if kind not in kinds:
            raise UnknownList(kind)
        signals = signals.filter(kind=kind)
    rows = signals.order_by("-severity", "placement__employer__name", "placement_id", "pk").values(
        "pk",
        "kind",
        "severity",
        "detail",
        "created_at",
        "placement_id",
        "placement__job_title",
        "placement__employer__name",
    )
    return Table(
        "list",
        _("Placements at risk: %(cause)s") % {"cause": kinds[kind]}
        if kind
        else _("Placements at risk"),
        [_("Placement"), _("Employer"), _("Cause"), _("Severity"), _("Detail"), _("Since")],
        [
            [
                Cell(
                    row["placement__job_title"],
                    reverse("placements:detail", args=[row["placement_id"]]),
                ),
                Cell(row["placement__employer__name"]),
                Cell(
                    kinds.get(row["kind"], row["kind"]),
                    reverse("continuity:detail", args=[row["pk"]]),
                ),
                Cell(severities.get(row["severity"], row["severity"])),
                Cell(row["detail"]),
                Cell(
                    timezone.localtime(row["created_at"]).date(),
                    display=timezone.localtime(row["created_at"]).strftime("%d-%m-%Y"),
                ),
            ]
            for row in rows
        ],
        empty=_("No placements at risk."),
    )
