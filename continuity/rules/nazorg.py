"""Rules about what follow-up (nazorg) finds: a placement at risk, and an employer where
placements keep ending early."""

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Max, OuterRef, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from placements.models import (
    EARLY_ENDING,
    EARLY_ENDING_MONTHS,
    EARLY_ENDING_PATTERN,
    FollowUp,
    Placement,
)

from .base import Finding, K, S, current_primary

# Two or more early endings at one employer within twelve months (R35; placements.models).
EARLY_ENDINGS_MIN = EARLY_ENDING_PATTERN
EARLY_ENDINGS_MONTHS = EARLY_ENDING_MONTHS


def follow_up_at_risk(ctx):
    """Rule 15: the latest recorded follow-up of an active placement says "at risk" -> urgent,
    to the fixed manager and the placement's responsible, escalated to the team lead at once.
    A later follow-up with another outcome, or the end of the placement, closes it; a later one
    at risk again replaces it."""
    latest = FollowUp.objects.filter(placement_id=OuterRef("pk"), done_on__isnull=False).order_by(
        "-done_on", "-pk"
    )
    rows = (
        Placement.objects.filter(employer__in=ctx.employers, status="active")
        .annotate(
            last_outcome=Subquery(latest.values("outcome")[:1]),
            last_pk=Subquery(latest.values("pk")[:1]),
            last_kind=Subquery(latest.values("kind")[:1]),
            last_done=Subquery(latest.values("done_on")[:1]),
        )
        .filter(last_outcome=FollowUp.Outcome.AT_RISK)
        .annotate(manager_id=current_primary("employer_id"))
        .values(
            "pk",
            "employer_id",
            "job_title",
            "responsible_id",
            "responsible__is_active",
            "manager_id",
            "last_pk",
            "last_kind",
            "last_done",
        )
    )
    for row in rows:
        responsible = row["responsible_id"] if row["responsible__is_active"] else None
        assigned, also = ctx.assignees(row["manager_id"], responsible)
        # One signal per "at risk" recorded (a newer one replaces it: news again). The detail
        # names the checkpoint and its date only: the note may hold health details.
        yield Finding(
            key=f"follow_up_at_risk:{row['pk']}:{row['last_pk']}",
            kind=K.FOLLOW_UP_AT_RISK,
            severity=S.URGENT,
            employer_id=row["employer_id"],
            assigned_to_id=assigned,
            also_assigned_to_id=also,
            detail=_("%(job)s: %(kind)s on %(date)s")
            % {
                "job": row["job_title"],
                "kind": row["last_kind"],
                "date": date_format(row["last_done"], "d-m-Y"),
            },
            due_on=row["last_done"],
            placement_id=row["pk"],
            escalate=True,
        )


def early_endings(ctx):
    """Rule 16: two or more placements at one employer ended early within twelve months ->
    the fixed manager (else the team lead). A newer early ending is a new signal (the key
    carries its date); one that leaves the window closes it."""
    since = ctx.today - relativedelta(months=EARLY_ENDINGS_MONTHS)
    rows = (
        Placement.objects.filter(
            EARLY_ENDING,
            employer__in=ctx.employers,
            ended_on__gt=since,
            ended_on__lte=ctx.today,
        )
        .values("employer_id")
        .annotate(n=Count("pk"), latest=Max("ended_on"))
        .filter(n__gte=EARLY_ENDINGS_MIN)
        .values("employer_id", "n", "latest")
    )
    rows = list(rows)
    if not rows:
        return
    managers = dict(
        ctx.employers.filter(pk__in=[row["employer_id"] for row in rows])
        .annotate(manager_id=current_primary())
        .values_list("pk", "manager_id")
    )
    for row in rows:
        yield Finding(
            key=f"early_endings:{row['employer_id']}:{row['latest']:%Y%m%d}",
            kind=K.EARLY_ENDINGS,
            severity=S.ATTENTION,
            employer_id=row["employer_id"],
            assigned_to_id=ctx.or_team_lead(managers.get(row["employer_id"])),
            detail=ngettext(
                "%(count)d placement ended early within 12 months, the last on %(date)s",
                "%(count)d placements ended early within 12 months, the last on %(date)s",
                row["n"],
            )
            % {"count": row["n"], "date": date_format(row["latest"], "d-m-Y")},
            due_on=row["latest"],
        )
