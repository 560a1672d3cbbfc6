"""Rules about placements after the start: follow-ups due, contracts ending. (Instrument
periods and wage-value assessments: rules/instruments.py.)"""

import datetime

from placements.models import FollowUp, Placement

from .base import Finding, K, S, current_primary


def follow_ups(ctx):
    """Rule 10: a follow-up checkpoint due soon, or overdue -> the placement's responsible (and
    the fixed manager)."""
    horizon = ctx.today + datetime.timedelta(days=ctx.policy.follow_up_due_days)
    rows = (
        FollowUp.objects.filter(
            placement__employer__in=ctx.employers,
            placement__status="active",
            done_on__isnull=True,
            due_on__lte=horizon,
        )
        .annotate(manager_id=current_primary("placement__employer_id"))
        .values(
            "pk",
            "kind",
            "due_on",
            "placement_id",
            "placement__employer_id",
            "placement__responsible_id",
            "placement__responsible__is_active",
            "manager_id",
        )
    )
    for row in rows:
        overdue = row["due_on"] < ctx.today
        responsible = (
            row["placement__responsible_id"] if row["placement__responsible__is_active"] else None
        )
        assigned, also = ctx.assignees(responsible, row["manager_id"])
        yield Finding(
            key=f"{'follow_up_overdue' if overdue else 'follow_up_due'}:{row['pk']}",
            kind=K.FOLLOW_UP_OVERDUE if overdue else K.FOLLOW_UP_DUE,
            severity=S.ATTENTION if overdue else S.INFO,
            employer_id=row["placement__employer_id"],
            assigned_to_id=assigned,
            also_assigned_to_id=also,
            detail=row["kind"],
            due_on=row["due_on"],
            placement_id=row["placement_id"],
        )


def contract_endings(ctx):
    """Rule 11: a contract ends soon: extend, make permanent, or arrange an instrument -> the
    fixed manager and the placement's responsible."""
    horizon = ctx.today + datetime.timedelta(weeks=ctx.policy.contract_end_weeks)
    rows = (
        Placement.objects.filter(
            employer__in=ctx.employers,
            status="active",
            contract_end__isnull=False,
            contract_end__lte=horizon,
        )
        .annotate(manager_id=current_primary("employer_id"))
        .values(
            "pk",
            "employer_id",
            "manager_id",
            "responsible_id",
            "responsible__is_active",
            "contract_end",
            "job_title",
        )
    )
    for row in rows:
        responsible = row["responsible_id"] if row["responsible__is_active"] else None
        assigned, also = ctx.assignees(row["manager_id"], responsible)
        yield Finding(
            key=f"contract_ending:{row['pk']}:{row['contract_end']:%Y%m%d}",
            kind=K.CONTRACT_ENDING,
            severity=S.URGENT if row["contract_end"] < ctx.today else S.ATTENTION,
            employer_id=row["employer_id"],
            assigned_to_id=assigned,
            also_assigned_to_id=also,
            detail=row["job_title"],
            due_on=row["contract_end"],
            placement_id=row["pk"],
        )
