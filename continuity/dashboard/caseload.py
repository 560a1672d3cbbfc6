"""The "Caseload" section: employers per account manager, overdue next actions and employers
without a recent conversation, with the lists behind them."""

import statistics

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from employers.models import Conversation, Employer

from .scope import STALE_STAGES, last_conversation
from .tables import Cell, Table, UnknownList, as_int, days_since, employer_rows, name_of


def caseload_tables(scope):
    """3 queries: employers per manager by stage; last conversations (median and worst in
    Python); overdue open next actions per owner."""
    employers = scope.employers()
    assignments = scope.primaries().filter(employer__in=employers)
    stage_counts = {
        stage: Count("pk", filter=Q(employer__stage=stage)) for stage, _l in Employer.Stage.choices
    }
    rows = (
        assignments.values("manager_id", "manager__first_name", "manager__last_name")
        .annotate(total=Count("pk"), **stage_counts)
        .order_by("manager__first_name", "manager__last_name", "manager_id")
    )
    lasts = {}
    for manager_id, last in assignments.annotate(
        last=Subquery(
            Conversation.objects.filter(employer_id=OuterRef("employer_id"))
            .order_by("-occurred_at")
            .values("occurred_at")[:1]
        )
    ).values_list("manager_id", "last"):
        lasts.setdefault(manager_id, []).append(days_since(last, scope.today))
    overdue = dict(
        Conversation.objects.open_actions()
        .filter(employer__in=employers, next_action_due__lt=scope.today)
        .values("next_action_owner")
        .annotate(n=Count("pk"))
        .values_list("next_action_owner", "n")
    )
    table_rows = []
    for row in rows:
        days = [d for d in lasts.get(row["manager_id"], []) if d is not None]
        never = len(lasts.get(row["manager_id"], [])) - len(days)
        median = round(statistics.median(days)) if days else None
        worst = max(days) if days else None
        table_rows.append(
            [
                Cell(name_of(row["manager__first_name"], row["manager__last_name"])),
                Cell(row["total"], scope.list_url("caseload", manager_id=row["manager_id"])),
                *[Cell(row[stage]) for stage, _l in Employer.Stage.choices],
                Cell(median, display="–" if median is None else str(median)),
                Cell(worst, display="–" if worst is None else str(worst)),
                Cell(never),
                Cell(
                    overdue.get(row["manager_id"], 0),
                    scope.list_url("overdue_actions", owner=row["manager_id"]),
                ),
            ]
        )
    return [
        Table(
            "caseload",
            _("Caseload per account manager"),
            [
                _("Account manager"),
                _("Employers"),
                *[label for _s, label in Employer.Stage.choices],
                _("Days since last conversation (median)"),
                _("Days since last conversation (worst)"),
                _("Never spoken"),
                _("Overdue next actions"),
            ],
            table_rows,
            chart={"label": 0, "value": 1},
            empty=_("No employers with a fixed account manager."),
        )
    ]


def recency_tables(scope):
    """2 queries: the policies, then the stale employers per stage."""
    stale = scope.stale_q()
    counts = dict(
        scope.employers()
        .filter(stage__in=STALE_STAGES)
        .annotate(last_conversation=last_conversation())
        .filter(stale)
        .values("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    stages = dict(Employer.Stage.choices)
    rows = [
        [Cell(stages[stage]), Cell(counts.get(stage, 0), scope.list_url("stale", stage=stage))]
        for stage in STALE_STAGES
    ]
    rows.append([Cell(_("Total")), Cell(sum(counts.values()), scope.list_url("stale"))])
    return [
        Table(
            "recency",
            _("Employers without a recent conversation"),
            [_("Stage"), _("Employers")],
            rows,
            description=_(
                "No conversation for longer than the region's threshold for the stage "
                "(see the thresholds of the signals)."
            ),
        )
    ]


def list_caseload(scope, params):
    manager_id = as_int(params.get("manager_id"))
    mine = scope.primaries().filter(employer=OuterRef("pk"), manager_id=manager_id)
    return employer_rows(
        scope, scope.employers().filter(Exists(mine)), _("Caseload of the account manager")
    )


def list_stale(scope, params):
    stage = params.get("stage")
    employers = scope.employers().filter(stage__in=STALE_STAGES)
    if stage:
        if stage not in STALE_STAGES:
            raise UnknownList(stage)
        employers = employers.filter(stage=stage)
    employers = employers.annotate(last_conversation=last_conversation()).filter(scope.stale_q())
    return employer_rows(scope, employers, _("Employers without a recent conversation"))


def list_overdue_actions(scope, params):
    actions = Conversation.objects.open_actions().filter(
        employer__in=scope.employers(), next_action_due__lt=scope.today
    )
    if params.get("owner"):
        actions = actions.filter(next_action_owner_id=as_int(params["owner"]))
    rows = actions.order_by("next_action_due", "pk").values(
        "employer_id",
        "employer__name",
        "next_action",
        "next_action_due",
        "next_action_owner__first_name",
        "next_action_owner__last_name",
    )
    return Table(
        "list",
        _("Overdue next actions"),
        [_("Employer"), _("Next action"), _("Due date"), _("Owner"), _("Days overdue")],
        [
            [
                Cell(row["employer__name"], reverse("employers:detail", args=[row["employer_id"]])),
                Cell(row["next_action"]),
                Cell(row["next_action_due"], display=row["next_action_due"].strftime("%d-%m-%Y")),
                Cell(
                    name_of(
                        row["next_action_owner__first_name"], row["next_action_owner__last_name"]
                    )
                ),
                Cell((scope.today - row["next_action_due"]).days),
            ]
            for row in rows
        ],
        empty=_("No overdue next actions."),
    )
