"""The "Continuity" section: fixed account managers and account-manager changes, with the lists
behind them."""

from dateutil.relativedelta import relativedelta
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncQuarter
from django.urls import reverse
from django.utils.translation import gettext as _

from employers.models import RELATIONSHIP_STAGES, AccountAssignment

from .tables import Cell, Table, UnknownList, as_int, employer_rows, pct_cell, quarter_label

ACTIVE_STAGES = RELATIONSHIP_STAGES
TOP_CHANGES = 10


def fixed_manager_tables(scope):
    """1 query: the share of active employers with a fixed account manager."""
    row = (
        scope.employers()
        .filter(stage__in=ACTIVE_STAGES)
        .aggregate(total=Count("pk"), without=Count("pk", filter=scope.without_fixed_manager_q()))
    )
    without = row["without"]
    row["fixed"] = row["total"] - without
    return [
        Table(
            "fixed_manager",
            _("Fixed account manager"),
            [_("Figure"), _("Number")],
            [
                [Cell(_("Active employers")), Cell(row["total"], scope.list_url("active"))],
                [Cell(_("With a fixed account manager")), Cell(row["fixed"])],
                [
                    Cell(_("Employers without a fixed account manager")),
                    Cell(without, scope.list_url("no_manager")),
                ],
                [
                    Cell(_("Share with a fixed account manager")),
                    pct_cell(row["fixed"], row["total"]),
                ],
            ],
            description=_("Active employers: stage active or strategic partner."),
        )
    ]


def manager_changes(scope, months):
    since = scope.today - relativedelta(months=months)
    changes = AccountAssignment.objects.filter(
        employer=OuterRef("pk"), kind="primary", ended_on__gte=since
    )
    if scope.region is not None:
        changes = changes.filter(region=scope.region)
    counted = changes.order_by().values("employer").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), Value(0))


def change_tables(scope):
    """3 queries: employers with a change in 12 and 24 months, the top employers, and the changes
    per quarter (whose sums are the totals)."""
    employers = scope.employers().annotate(
        changes_12=manager_changes(scope, 12), changes_24=manager_changes(scope, 24)
    )
    totals = employers.aggregate(
        total=Count("pk"),
        employers_12=Count("pk", filter=Q(changes_12__gt=0)),
        employers_24=Count("pk", filter=Q(changes_24__gt=0)),
    )
    ended = AccountAssignment.objects.filter(
        kind="primary",
        employer__in=scope.employers(),
        ended_on__gte=scope.today - relativedelta(months=24),
    )
    if scope.region is not None:
        ended = ended.filter(region=scope.region)
    # Per quarter, with the part of the last 12 months: the trend, and summed, the totals.
    trend_rows = list(
        ended.annotate(quarter=TruncQuarter("ended_on"))
        .values("quarter")
        .annotate(
            n=Count("pk"),
            n12=Count("pk", filter=Q(ended_on__gte=scope.today - relativedelta(months=12))),
        )
        .order_by("quarter")
    )
    sums = {
        "n24": sum(row["n"] for row in trend_rows),
        "n12": sum(row["n12"] for row in trend_rows),
    }
    top = (
        employers.filter(changes_24__gt=0)
        .order_by("-changes_24", "-changes_12", "name")
        .values("pk", "name", "changes_12", "changes_24")[:TOP_CHANGES]
    )
    summary = Table(
        "manager_changes",
        _("Account-manager changes"),
        [_("Period"), _("Changes"), _("Employers with a change"), _("Share of employers")],
        [
            [
                Cell(_("Last 12 months")),
                Cell(sums["n12"]),
                Cell(totals["employers_12"], scope.list_url("changed", months=12)),
                pct_cell(totals["employers_12"], totals["total"]),
            ],
            [
                Cell(_("Last 24 months")),
                Cell(sums["n24"]),
                Cell(totals["employers_24"], scope.list_url("changed", months=24)),
                pct_cell(totals["employers_24"], totals["total"]),
            ],
        ],
        description=_(
            "A change is a fixed account manager's assignment that ended in the period "
            "(handed over or removed)."
        ),
    )
    top_table = Table(
        "top_changes",
        _("Employers with the most changes"),
        [_("Employer"), _("Last 12 months"), _("Last 24 months")],
        [
            [
                Cell(row["name"], reverse("employers:detail", args=[row["pk"]])),
                Cell(row["changes_12"]),
                Cell(row["changes_24"]),
            ]
            for row in top
        ],
        empty=_("No account-manager changes in the last 24 months."),
    )
    trend = Table(
        "changes_trend",
        _("Account-manager changes per quarter"),
        [_("Quarter"), _("Changes")],
        [[Cell(quarter_label(row["quarter"])), Cell(row["n"])] for row in trend_rows],
        chart={"label": 0, "value": 1},
        empty=_("No account-manager changes in the last 24 months."),
    )
    return [summary, top_table, trend]


def list_active(scope, params):
    return employer_rows(
        scope, scope.employers().filter(stage__in=ACTIVE_STAGES), _("Active employers")
    )


def list_no_manager(scope, params):
    employers = scope.employers().filter(scope.without_fixed_manager_q())
    return employer_rows(scope, employers, _("Employers without a fixed account manager"))


def list_changed(scope, params):
    months = as_int(params.get("months", 12))
    if months not in (12, 24):
        raise UnknownList(months)
    employers = (
        scope.employers().annotate(changes=manager_changes(scope, months)).filter(changes__gt=0)
    )
    return employer_rows(
        scope,
        employers,
        _("Employers with an account-manager change in the last %(months)s months")
        % {"months": months},
    )
