"""Reads shared by the candidate pages, the API and the panel the candidates app adds to the
employer page (candidates/panels.py): which proposals a user may see, their order, and what a
template needs to act on one."""

from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone

from .models import Candidate, Proposal

STALE_AFTER_DAYS = 30
FORWARD_STATUSES = ("introduction", "trial")
STATUS_ORDER = [status.value for status in Proposal.Status]


def placement_start_url(proposal):
    """Where a proposal becomes a placement (placements.services.placement_start)."""
    return f"{reverse('placements:start')}?proposal={proposal.pk}"


def status_rank():
    return Case(
        *[When(status=status, then=Value(rank)) for rank, status in enumerate(STATUS_ORDER)],
        output_field=IntegerField(),
    )


def decorate_proposal(proposal, user_can_act=True):
    """What the templates need to offer status actions on one proposal."""
    next_statuses = Proposal.NEXT_STATUSES[proposal.status]
    proposal.forward_steps = [
        (status, Proposal.Status(status).label)
        for status in next_statuses
        if status in FORWARD_STATUSES
    ]
    proposal.can_act = user_can_act and proposal.is_open
    proposal.start_url = placement_start_url(proposal) if "placed" in next_statuses else None
    proposal.days_in_status = (timezone.localdate() - proposal.status_changed_on).days
    proposal.is_stale = proposal.is_open and proposal.days_in_status > STALE_AFTER_DAYS
    return proposal


def proposals_visible_to(user):
    """Proposals the user may see with the candidate's name: the employer is visible AND the
    candidate is visible (so the pipeline never names a candidate the list would hide)."""
    return Proposal.objects.visible_to(user).filter(
        candidate__in=Candidate.objects.visible_to(user)
    )


def recently_viewed(user, limit=10):
    """The candidates this user opened last (their access log), still visible to them, newest
    first: one query."""
    from django.db.models import Max

    from .models import CandidateAccessLog

    last = (
        CandidateAccessLog.objects.filter(user=user, allowed=True, candidate__isnull=False)
        .values("candidate_id")
        .annotate(last=Max("at"))
        .order_by("-last")[: limit * 2]
    )
    order = {row["candidate_id"]: index for index, row in enumerate(last)}
    visible = Candidate.objects.visible_to(user).filter(
        pk__in=list(order), anonymised_at__isnull=True
    )
    return sorted(visible, key=lambda candidate: order[candidate.pk])[:limit]
