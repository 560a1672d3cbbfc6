"""Reads shared by the placement pages, the API and the panel the placements app adds to the
employer page (placements/panels.py): the follow-up state of placements and their checkpoints."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from candidates.models import Candidate

from .forms import ending_soon_cutoff
from .models import FollowUp, Placement, TeamMember, current_q

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
    return annotate_team(queryset).annotate(
        next_follow_up_on=Subquery(open_steps.values("due_on")[:1]),
        next_follow_up_kind=Subquery(open_steps.values("kind")[:1]),
        overdue_follow_ups=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
        candidate_visible=Exists(candidate_visible),
    )


def annotate_team(queryset):
    """Per placement: the supervisor or buddy on its team who leaves or left the employer (the
    latest leaving date; their membership not ended before today), and whether it is at risk
    (it had a supervisor or buddy and none is current: see continuity rule 14)."""
    today = timezone.localdate()
    guides = TeamMember.objects.filter(placement=OuterRef("pk"), role__in=TeamMember.GUIDE_ROLES)
    leaving = (
        guides.filter(contact__left_on__isnull=False)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .order_by("-contact__left_on", "-pk")
    )
    return queryset.annotate(
        guide_leaving_name=Subquery(leaving.values("contact__name")[:1]),
        guide_leaving_on=Subquery(leaving.values("contact__left_on")[:1]),
        team_at_risk=Exists(guides) & ~Exists(guides.filter(current_q(today))),
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
    if hasattr(placement, "guide_leaving_name"):  # annotate_team (the detail page marks its own)
        placement.supervisor_left = bool(placement.guide_leaving_name)
    return placement


def follow_up_state(follow_up, today):
    if follow_up.done_on is not None:
        return "done"
    if follow_up.due_on < today:
        return "overdue"
    if (follow_up.due_on - today).days <= DUE_SOON_DAYS:
        return "soon"
    return "planned"


def active_placements(request, employers):
    """{employer_id: [its active placements]}, annotated (`annotate_follow_up`) and flagged
    (`mark_row`), newest first: one query for all employers, read once per request. The employer
    page's placements panel and the handover note's prefill (placements/handover.py) show the
    same rows, so the page reads them once."""
    today = timezone.localdate()
    memo = request.__dict__.setdefault("_active_placements", {})
    missing = [employer.pk for employer in employers if employer.pk not in memo]
    if missing:
        rows = annotate_follow_up(
            Placement.objects.active()
            .filter(employer_id__in=missing)
            .select_related("candidate", "responsible", "location"),
            request.user,
        ).order_by("-start_date", "-pk")
        for pk in missing:
            memo[pk] = []
        for placement in rows:
            memo[placement.employer_id].append(mark_row(placement, today))
    return {employer.pk: memo[employer.pk] for employer in employers}
