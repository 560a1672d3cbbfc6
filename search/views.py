"""The global search page (/search/?q=) and its API (/api/v1/search/?q=)."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import StaffRequiredMixin
from candidates.access import log_candidates_listed
from candidates.models import Candidate
from candidates.selectors import recently_viewed
from employers.models import Employer
from employers.recent import recent_employer_ids

from .kinds import KINDS
from .selectors import search
from .text import MAX_LENGTH


def _log_candidates(request, result):
    """Every candidate whose name a result shows is in the access log (one row each)."""
    ids = sorted(result.candidate_ids)
    if ids:
        log_candidates_listed(request, [Candidate(pk=pk) for pk in ids])


class SearchView(StaffRequiredMixin, TemplateView):
    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "")
        result = search(self.request.user, query) if query.strip() else None
        if result is not None:
            _log_candidates(self.request, result)
        else:
            context.update(recent_opened(self.request.user))
            log_candidates_listed(self.request, context["recent_candidates"])
        context.update(query=query[: MAX_LENGTH * 2], result=result)
        return context


def recent_opened(user):
    """What the user opened last: employers (kept in the cache) and candidates (their access
    log); only what they may still see."""
    ids = recent_employer_ids(user)
    found = {e.pk: e for e in Employer.objects.visible_to(user).filter(pk__in=ids)}
    return {
        "recent_employers": [found[pk] for pk in ids if pk in found],
        "recent_candidates": recently_viewed(user),
    }


class HitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    label = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField(help_text=_("The page of the thing itself (may be empty)."))


class GroupSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(kind, label) for kind, label, _find in KINDS])
    label = serializers.CharField()
    results = HitSerializer(source="hits", many=True)
    more = serializers.BooleanField(help_text=_("More matches than shown: refine the query."))


class SearchResultSerializer(serializers.Serializer):
    query = serializers.CharField()
    groups = GroupSerializer(many=True)


class SearchAPIView(APIView):
    """Read-only: the global search, scoped like the page."""

    @extend_schema(
        operation_id="search",
        summary=_("Search employers, contact persons, candidates, placements and staff"),
        description=_(
            "Every word of the query must be found (case and accents do not count; on "
            "PostgreSQL a word with a typo is found too). At most 8 results per kind, best "
            "match first. Candidates only for staff who may see them; each candidate shown "
            "is recorded in the access log."
        ),
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "minLength": 2, "maxLength": MAX_LENGTH},
                required=True,
                description=_("What to look for."),
            ),
            OpenApiParameter(
                "kind",
                {"type": "string", "enum": [kind for kind, _label, _find in KINDS]},
                description=_("Only this kind."),
            ),
        ],
        responses={
            200: SearchResultSerializer,
            400: OpenApiResponse(description=_("The query is missing, too short or too long.")),
            403: OpenApiResponse(description=_("Not staff.")),
        },
    )
    def get(self, request):
        errors = {}
        kinds = request.query_params.getlist("kind")
        unknown = [kind for kind in kinds if kind not in {k for k, _label, _f in KINDS}]
        if unknown:
            errors["kind"] = [_("Unknown kind: %(kind)s.") % {"kind": unknown[0]}]
        result = search(request.user, request.query_params.get("q", ""), kinds=kinds or None)
        if result.guidance:
            errors["q"] = [result.guidance]
        if errors:
            raise serializers.ValidationError(errors)
        _log_candidates(request, result)
        return Response(SearchResultSerializer(result).data)
