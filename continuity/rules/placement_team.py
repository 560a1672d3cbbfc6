"""Rules about a placement's team (placements.TeamMember): the people who guide the employee
on the job and the job coach. Each is ONE set-based query over the scope's active placements.

- placements_at_risk (R38): no current supervisor or buddy remains -> urgent.
- job_coach_endings (R24, R22): a job coach's period ends within N weeks while the placement
  runs on, and no coach follows.
- job_coach_missing (R22): a job-coach instrument period is running, but nobody is the job
  coach."""

import datetime

from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from placements.models import InstrumentPeriod, Placement, TeamMember, current_q

from .base import Finding, K, S, active_user, current_primary

ROLE = TeamMember.Role


def current_members(on, *roles):
    """Subquery: the placement at OuterRef("pk") has a current member in one of `roles`."""
    return TeamMember.objects.filter(current_q(on), placement_id=OuterRef("pk"), role__in=roles)


def placement_rows(ctx, queryset, *fields):
    """The rows of `queryset` (active placements in scope) with their assignees' ids."""
    return (
        queryset.filter(employer__in=ctx.employers, status=Placement.Status.ACTIVE)
        .annotate(
            manager_id=current_primary("employer_id"), active_responsible=active_user("responsible")
        )
        .values("pk", "employer_id", "job_title", "manager_id", "active_responsible", *fields)
    )


def placements_at_risk(ctx):
    """Rule 14 (R38): an active placement that had a supervisor or buddy and has none left today
    (they left the employer, or their period ended; any combination) -> urgent, to the fixed
    manager and the placement's responsible staff member. Closes when a supervisor or buddy
    joins the team."""
    guides = TeamMember.objects.filter(placement_id=OuterRef("pk"), role__in=TeamMember.GUIDE_ROLES)
    rows = placement_rows(
        ctx,
        Placement.objects.filter(Exists(guides)).exclude(
            Exists(current_members(ctx.today, *TeamMember.GUIDE_ROLES))
        ),
    )
    nobody = _("no supervisor or buddy left")  # (not in an f-string: makemessages)
    for row in rows:
        assigned, also = ctx.assignees(row["manager_id"], row["active_responsible"])
        yield Finding(
            key=f"placement_at_risk:{row['pk']}",
            kind=K.PLACEMENT_AT_RISK,
            severity=S.URGENT,
            employer_id=row["employer_id"],
            assigned_to_id=assigned,
            also_assigned_to_id=also,
            detail=f"{row['job_title']} · {nobody}",
            placement_id=row["pk"],
        )


def job_coach_endings(ctx):
    """Rule 15 (R24, R22): a job coach's period ends within the region's N weeks (today
    included) while the placement runs on past it (no contract end, or a later one), and no
    other coach period continues after it -> the fixed manager and the placement's responsible.
    Closes when the period is extended, a next coach is recorded, or the day has passed."""
    horizon = ctx.today + datetime.timedelta(weeks=ctx.policy.job_coach_end_weeks)
    follows = TeamMember.objects.filter(
        placement_id=OuterRef("placement_id"), role=ROLE.JOB_COACH
    ).filter(Q(end__isnull=True) | Q(end__gt=OuterRef("end")))
    rows = (
        TeamMember.objects.filter(
            role=ROLE.JOB_COACH,
            end__gte=ctx.today,
            end__lte=horizon,
            placement__employer__in=ctx.employers,
            placement__status=Placement.Status.ACTIVE,
        )
        .filter(Q(placement__contract_end__isnull=True) | Q(placement__contract_end__gt=F("end")))
        .exclude(Exists(follows.exclude(pk=OuterRef("pk"))))
        .annotate(
            manager_id=current_primary("placement__employer_id"),
            active_responsible=active_user("placement__responsible"),
        )
        .values(
            "pk",
            "end",
            "name",
            "staff__first_name",
            "staff__last_name",
            "placement_id",
            "placement__employer_id",
            "placement__job_title",
            "manager_id",
            "active_responsible",
        )
    )
    for row in rows:
        assigned, also = ctx.assignees(row["manager_id"], row["active_responsible"])
        coach = row["name"] or f"{row['staff__first_name']} {row['staff__last_name']}".strip()
        yield Finding(
            key=f"job_coach_ending:{row['pk']}:{row['end']:%Y%m%d}",
            kind=K.JOB_COACH_ENDING,
            severity=S.ATTENTION,
            employer_id=row["placement__employer_id"],
            assigned_to_id=assigned,
            also_assigned_to_id=also,
            detail=f"{row['placement__job_title']} · {coach}",
            due_on=row["end"],
            placement_id=row["placement_id"],
        )


def job_coach_missing(ctx):
    """Rule 16 (R22): a job-coach instrument period (applied for or granted) runs today, but
    the placement has no current job coach -> the fixed manager and the placement's
    responsible. Closes when a job coach joins the team or the instrument period ends."""
    coaching = InstrumentPeriod.objects.filter(
        placement_id=OuterRef("pk"),
        instrument__kind="job_coach",
        status__in=[InstrumentPeriod.Status.APPLIED, InstrumentPeriod.Status.GRANTED],
        start__lte=ctx.today,
    ).filter(Q(end__isnull=True) | Q(end__gte=ctx.today))
    rows = placement_rows(
        ctx,
        Placement.objects.filter(Exists(coaching)).exclude(
            Exists(current_members(ctx.today, ROLE.JOB_COACH))
        ),
    )
    for row in rows:
        assigned, also = ctx.assignees(row["manager_id"], row["active_responsible"])
        yield Finding(
            key=f"job_coach_missing:{row['pk']}",
            kind=K.JOB_COACH_MISSING,
            severity=S.ATTENTION,
            employer_id=row["employer_id"],
            assigned_to_id=assigned,
            also_assigned_to_id=also,
            detail=row["job_title"],
            placement_id=row["pk"],
        )
