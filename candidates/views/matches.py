"""Matching pages: the candidates who fit a staffing request, the open requests that fit a
candidate (candidates.matching). Every candidate named on a list is written to the access log."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.views import View

from accounts.permissions import StaffRequiredMixin

from .. import matching
from ..access import get_candidate_for, log_candidates_listed
from ..models import Candidate, StaffingRequest
from .detail import CandidateView


class RequestMatchView(StaffRequiredMixin, View):
    """Candidates for one staffing request; `?postcode=` measures the distance from another
    place than the request's location (an invalid postcode: 400 with the reason, no list)."""

    template_name = "candidates/request_matches.html"

    def get(self, request, pk):
        staffing_request = get_object_or_404(
            StaffingRequest.objects.visible_to(request.user).select_related("employer", "location"),
            pk=pk,
        )
        postcode = request.GET.get("postcode", "").strip()
        context = {"staffing_request": staffing_request, "postcode": postcode, "error": ""}
        try:
            rows = matching.candidates_for_request(staffing_request, request.user, postcode)
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
            return render(request, self.template_name, context, status=400)
        log_candidates_listed(request, [Candidate(pk=row["pk"]) for row, _match in rows])
        context["rows"] = rows
        return render(request, self.template_name, context)


class CandidateMatchView(CandidateView):
    """Open staffing requests that fit this candidate."""

    template_name = "candidates/candidate_matches.html"

    def get(self, request, pk):
        candidate = get_candidate_for(
            request, pk, queryset=Candidate.objects.select_related("profile")
        )
        rows = matching.requests_for_candidate(candidate, request.user)
        return render(request, self.template_name, {"candidate": candidate, "rows": rows})
