"""Rules about instruments lined up with the contract (R23): an instrument period ending, an
instrument period that ends while the contract runs on without a decision on what comes next,
and a wage-value assessment falling due. Each rule is one set-based query over the scope."""

import datetime

from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from placements.models import InstrumentPeriod, WageValueAssessment

from .base import Finding, K, S, current_primary

RUNNING = [InstrumentPeriod.Status.APPLIED, InstrumentPeriod.Status.GRANTED]
PLACEMENT_PEOPLE = (
    "placement_id",
    "placement__employer_id",
    "placement__responsible_id",
    "placement__responsible__is_active",
    "manager_id",
)


def _assignees(ctx, row):
    """The fixed manager and the placement's responsible staff member (while active)."""
    responsible = (
        row["placement__responsible_id"] if row["placement__responsible__is_active"] else None
    )
    return ctx.assignees(row["manager_id"], responsible)


def _running_periods(ctx, horizon):
    return InstrumentPeriod.objects.filter(
        placement__employer__in=ctx.employers,
        placement__status="active",
        status__in=RUNNING,
        end__isnull=False,
        end__lte=horizon,
    ).annotate(manager_id=current_primary("placement__employer_id"))


def instrument_endings(ctx):
    """Rule 12: an instrument period (LKS decision, job coach, no-risk, trial) ends soon -> the
    fixed manager and the placement's responsible."""
    horizon = ctx.today + datetime.timedelta(weeks=ctx.policy.instrument_end_weeks)
    rows = _running_periods(ctx, horizon).values("pk", "end", "instrument__name", *PLACEMENT_PEOPLE)
    for row in rows:
        assigned, also = _assignees(ctx, row)
        yield Finding(
            key=f"instrument_ending:{row['pk']}:{row['end']:%Y%m%d}",
            kind=K.INSTRUMENT_ENDING,
            severity=S.URGENT if row["end"] < ctx.today else S.ATTENTION,
            employer_id=row["placement__employer_id"],
            assigned_to_id=assigned,
            also_assigned_to_id=also,
            detail=row["instrument__name"],
            due_on=row["end"],
            placement_id=row["placement_id"],
        )


def instrument_next_steps(ctx):
    """Rule 15: an instrument period ends before the contract does (or the contract has no end)
    and nobody recorded what comes next (extend, continue without, another instrument, stop),
    within N weeks of its end (region setting, default 6) -> the fixed manager and the
    placement's responsible; urgent once the end has passed."""
    horizon = ctx.today + datetime.timedelta(weeks=ctx.policy.instrument_decision_weeks)
    rows = (
        _running_periods(ctx, horizon)
        .filter(next_step="")
        .filter(Q(placement__contract_end__isnull=True) | Q(end__lt=F("placement__contract_end")))
        .values("pk", "end", "instrument__name", "placement__contract_end", *PLACEMENT_PEOPLE)
    )
    for row in rows:
        assigned, also = _assignees(ctx, row)
        contract_end = row["placement__contract_end"]
        detail = row["instrument__name"]
        if contract_end:
            contract = _("contract until %(date)s") % {"date": contract_end.strftime("%d-%m-%Y")}
            detail = f"{detail} · {contract}"
        yield Finding(
            key=f"instrument_next_step:{row['pk']}:{row['end']:%Y%m%d}",
            kind=K.INSTRUMENT_NEXT_STEP,
            severity=S.URGENT if row["end"] < ctx.today else S.ATTENTION,
            employer_id=row["placement__employer_id"],
            assigned_to_id=assigned,
            also_assigned_to_id=also,
            detail=detail,
            due_on=row["end"],
            placement_id=row["placement_id"],
        )


def assessments_due(ctx):
    """Rule 16: the next wage-value assessment of an active placement is due within N weeks
    (region setting, default 8: time to plan the assessor and have the new decision in time), or
    overdue -> the fixed manager and the placement's responsible. Only the placement's latest
    assessment counts: recording a new one closes the signal."""
    horizon = ctx.today + datetime.timedelta(weeks=ctx.policy.assessment_due_weeks)
    later = WageValueAssessment.objects.filter(placement_id=OuterRef("placement_id")).filter(
        Q(assessed_on__gt=OuterRef("assessed_on"))
        | Q(assessed_on=OuterRef("assessed_on"), pk__gt=OuterRef("pk"))
    )
    rows = (
        WageValueAssessment.objects.filter(
            placement__employer__in=ctx.employers,
            placement__status="active",
            next_due_on__isnull=False,
            next_due_on__lte=horizon,
        )
        .filter(~Exists(later))
        .annotate(manager_id=current_primary("placement__employer_id"))
        .values("pk", "next_due_on", "placement__job_title", *PLACEMENT_PEOPLE)
    )
    for row in rows:
        assigned, also = _assignees(ctx, row)
        yield Finding(
            key=f"assessment_due:{row['pk']}:{row['next_due_on']:%Y%m%d}",
            kind=K.ASSESSMENT_DUE,
            severity=S.URGENT if row["next_due_on"] < ctx.today else S.ATTENTION,
            employer_id=row["placement__employer_id"],
            assigned_to_id=assigned,
            also_assigned_to_id=also,
            detail=row["placement__job_title"],
            due_on=row["next_due_on"],
            placement_id=row["placement_id"],
        )
