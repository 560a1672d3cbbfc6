"""The panel the candidates app adds to the employer page: the employer's proposals and staffing
requests (registered by CandidatesConfig.ready(); the mechanism: wsp_crm/panels.py)."""

from django.db.models import Case, Count, IntegerField, Q, Value, When

from employers.panels import employer_page

from .access import log_candidates_listed
from .forms import StaffingRequestForm
from .models import Candidate, Proposal, SharingConsent, StaffingRequest
from .selectors import decorate_proposal, status_rank

REQUEST_STATUS_ORDER = [status.value for status in StaffingRequest.Status]


def register_panels():
    employer_page.register(
        "candidates",
        slot="main",
        order=20,
        template="candidates/includes/employer_panels.html",
        context=employer_panels,
    )


def employer_panels(request, employer):
    """The context of the two includes of templates/candidates/includes/employer_panels.html,
    in a fixed number of queries:

    - `staffing_panel` for templates/candidates/includes/employer_requests.html
    - `proposal_panel` for templates/candidates/includes/employer_proposals.html

    A proposed candidate the user may not see (Candidate.objects.visible_to) is shown without
    name or link.
    """
    user = request.user
    requests = list(
        employer.staffing_requests.select_related("location")
        .annotate(
            open_proposal_count=Count(
                "proposals", filter=Q(proposals__status__in=Proposal.OPEN_STATUSES)
            ),
            proposal_count=Count("proposals"),
            status_rank=Case(
                *[
                    When(status=status, then=Value(rank))
                    for rank, status in enumerate(REQUEST_STATUS_ORDER)
                ],
                output_field=IntegerField(),
            ),
        )
        .order_by("status_rank", "-opened_on", "-pk")
    )
    proposals = list(
        employer.proposals.select_related("candidate", "request", "proposed_by").order_by(
            status_rank(), "-status_changed_on", "-pk"
        )
    )
    candidate_ids = {p.candidate_id for p in proposals}
    visible_ids = set(
        Candidate.objects.visible_to(user).filter(pk__in=candidate_ids).values_list("pk", flat=True)
    )
    consented = set(
        SharingConsent.objects.current()
        .filter(employer=employer, candidate_id__in=candidate_ids)
        .values_list("candidate_id", flat=True)
    )
    log_candidates_listed(
        request, [p.candidate for p in proposals if p.candidate_id in visible_ids]
    )
    here = employer.get_absolute_url()
    for proposal in proposals:
        proposal.candidate_visible = proposal.candidate_id in visible_ids
        proposal.shared_named = proposal.candidate_id in consented
        decorate_proposal(proposal, user_can_act=proposal.candidate_visible)
    return {
        "staffing_panel": {
            "employer": employer,
            "requests": requests,
            "open_count": sum(1 for r in requests if r.status == StaffingRequest.Status.OPEN),
            "form": StaffingRequestForm(employer=employer, prefix="request"),
            "next": f"{here}#requests",
        },
        "proposal_panel": {
            "employer": employer,
            "open_proposals": [p for p in proposals if p.is_open],
            "closed_proposals": [p for p in proposals if not p.is_open],
            "next": f"{here}#proposals",
        },
    }
