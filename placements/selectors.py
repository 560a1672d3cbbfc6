"""Reads shared by the placement pages, the API and the panel the placements app adds to the
employer page (placements/panels.py): the follow-up state of placements and their checkpoints."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from candidates.models import Candidate

from .forms import ending_soon_cutoff
from .models import FollowUp, Placement

DUE_SOON_DAYS = 14


def annotate_follow_up(queryset, user):
    """Per placement: the first open checkpoint's date and label, the number of overdue ones,
    and whether the user may see the candidate; a fixed number of queries for any number of
    rows."""
    today = timezone.localdate()
    open_steps = FollowUp.objects.filter(placement=OuterRef("pk"), done_on__isnull=True).order_by(
        "due_on", "pk"
    )
    overdue = (
        FollowUp.objects.filter(placement=OuterRef("pk"), done_on__isnull=True, due_on__lt=today)
        .order_by()
        .values("placement")
        .annotate(total=Count("pk"))
        .values("total")
    )
    candidate_visible = Candidate.objects.visible_to(user).filter(pk=OuterRef("candidate_id"))
    return queryset.annotate(
        next_follow_up_on=Subquery(open_steps.values("due_on")[:1]),
        next_follow_up_kind=Subquery(open_steps.values("kind")[:1]),
        overdue_follow_ups=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
        candidate_visible=Exists(candidate_visible),
    )


def mark_row(placement, today):
    """Flags a row of a list shows (on top of `annotate_follow_up`)."""
    cutoff = ending_soon_cutoff(today)
    placement.is_active = placement.status == Placement.Status.ACTIVE
    placement.contract_ends_soon = bool(
        placement.is_active and placement.contract_end and today <= placement.contract_end <= cutoff
    )
    placement.contract_ended = bool(
        placement.is_active and placement.contract_end and placement.contract_end < today
    )
    placement.supervisor_left = bool(placement.supervisor_id and placement.supervisor.left_on)
    return placement


def follow_up_state(follow_up, today):
    if follow_up.done_on is not None:
        return "done"
    if follow_up.due_on < today:
        return "overdue"
    if (follow_up.due_on - today).days <= DUE_SOON_DAYS:
        return "soon"
    return "planned"
