"""Responsiveness rules: open work that is late, and employers' questions left unanswered."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.models import Action
from wsp_crm.workdays import working_days_cutoff

from .base import Finding, K, S, active_user, current_primary


def overdue_actions(ctx):
    """Rule 13: an open action overdue by more than N working days -> its owner (else the fixed
    manager, else the team lead). An employer's question has a rule of its own (14)."""
    cutoff = working_days_cutoff(ctx.today, ctx.policy.action_overdue_working_days)
    rows = (
        Action.objects.filter(
            employer__in=ctx.employers,
            status=Action.Status.OPEN,
            kind=Action.Kind.TASK,
            due_on__lt=cutoff,
        )
        .annotate(owner_active=active_user("owner"), manager_id=current_primary("employer_id"))
        .values("pk", "employer_id", "title", "due_on", "owner_active", "manager_id")
    )
    for row in rows:
        yield Finding(
            # A new due date is a new promise: postponing closes this signal, and if the new
            # date is missed too that is a signal of its own.
            key=f"action_overdue:{row['pk']}:{row['due_on']:%Y%m%d}",
            kind=K.ACTION_OVERDUE,
            severity=S.ATTENTION,
            employer_id=row["employer_id"],
            assigned_to_id=ctx.or_team_lead(row["owner_active"] or row["manager_id"]),
            detail=row["title"],
            due_on=row["due_on"],
            action_id=row["pk"],
        )


# An employer's question: the portal promises an answer within this many working days; a signal
# once the promise is broken, urgent (and to the team lead) a little later.
QUESTION_ANSWER_WORKING_DAYS = 3
QUESTION_URGENT_WORKING_DAYS = 5


def unanswered_questions(ctx):
    """Rule 14: an employer's portal question still open after 3 working days -> its owner
    (else the fixed manager, else the team lead); after 5 working days urgent and escalated to
    the team lead."""
    late = ctx.start_of(working_days_cutoff(ctx.today, QUESTION_ANSWER_WORKING_DAYS))
    very_late = ctx.start_of(working_days_cutoff(ctx.today, QUESTION_URGENT_WORKING_DAYS))
    rows = (
        Action.objects.filter(
            employer__in=ctx.employers,
            status=Action.Status.OPEN,
            kind=Action.Kind.QUESTION,
            created_at__lt=late,
        )
        .annotate(owner_active=active_user("owner"), manager_id=current_primary("employer_id"))
        .values("pk", "employer_id", "title", "due_on", "created_at", "owner_active", "manager_id")
    )
    for row in rows:
        urgent = row["created_at"] < very_late
        asked = timezone.localtime(row["created_at"]).strftime("%d-%m-%Y")
        yield Finding(
            key=f"question_unanswered:{row['pk']}",
            kind=K.QUESTION_UNANSWERED,
            severity=S.URGENT if urgent else S.ATTENTION,
            employer_id=row["employer_id"],
            assigned_to_id=ctx.or_team_lead(row["owner_active"] or row["manager_id"]),
            detail=_("asked on %(date)s: %(title)s") % {"date": asked, "title": row["title"]},
            due_on=row["due_on"],
            action_id=row["pk"],
            escalate=urgent,
        )


# Rules whose findings change when people or records change: scanned every few minutes and
# right after such a change. Rules driven by the calendar: scanned nightly (and with the others).
