"""Proposed candidates in the portal: the open proposals to the signed-in user's own employer,
each with the candidate as candidates.sharing.shared_profile allows (named only with a current
consent for this employer, read at every request: a withdrawn consent hides the name at once).

The rows hold plain values only (no model instances), so a template or serializer cannot reach
past the allowlist."""

from django.db.models import Prefetch

from candidates.models import Proposal, ProposalResponse, SharingConsent
from candidates.sharing import proposal_alias, shared_profile


def open_proposals(employer):
    return Proposal.objects.filter(employer=employer, status__in=Proposal.OPEN_STATUSES)


def _row(proposal, consent):
    return {
        "id": proposal.pk,
        "status": proposal.status,
        "status_display": proposal.get_status_display(),
        "request_title": proposal.request.title if proposal.request_id else "",
        "proposed_on": proposal.proposed_on,
        "shared": shared_profile(
            candidate=proposal.candidate, consent=consent, alias=proposal_alias(proposal)
        ),
        "responses": [
            {
                "kind": response.kind,
                "kind_display": response.get_kind_display(),
                "text": response.text,
                "at": response.at,
                "by": response.by.full_name if response.by else "",
            }
            for response in proposal.response_list
        ],
    }


def portal_proposal_rows(employer, pk=None):
    """(rows, candidate ids shown). Queries: the proposals, their consents, their responses."""
    proposals = open_proposals(employer).select_related("candidate__profile", "request")
    if pk is not None:
        proposals = proposals.filter(pk=pk)
    responses = ProposalResponse.objects.select_related("by").order_by("at", "pk")
    proposals = list(
        proposals.prefetch_related(
            Prefetch("responses", responses, to_attr="response_list")
        ).order_by("-proposed_on", "-pk")
    )
    consents = {
        consent.candidate_id: consent
        for consent in SharingConsent.objects.current().filter(
            employer=employer, candidate_id__in=[p.candidate_id for p in proposals]
        )
    }
    rows = [_row(p, consents.get(p.candidate_id)) for p in proposals]
    return rows, [p.candidate for p in proposals]
