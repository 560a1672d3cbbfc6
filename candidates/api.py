"""The candidates API (/api/v1/): candidates with their work profile, sharing consents, staffing
requests and proposals. Every queryset starts at `visible_to(user)`; one candidate's record is
read through candidates.access.get_candidate_for (scoped, logged, 404); every write calls a
service. Wire it in with `candidates.api.register(router)`."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from employers.api import CreateMixin, ServiceViewSet
from employers.models import Employer

from . import matching, services
from .access import get_candidate_for, log_candidates_listed, route_of
from .filters import CandidateFilter, PipelineFilter, ProposalFilter, StaffingRequestFilter
from .models import Candidate, CandidateProfile, SharingConsent, StaffingRequest
from .selectors import proposals_visible_to
from .serializers import (
    CandidateProfileSerializer,
    CandidateSerializer,
    ConsentSerializer,
    ConsentWithdrawSerializer,
    ProposalSerializer,
    ProposalStatusSerializer,
    StaffingRequestSerializer,
)

ID_PATTERN = "[0-9]{1,18}"

# The pipeline's "manager" filter takes a user id (its queryset is set per request).
for _filterset in (PipelineFilter, ProposalFilter):
    extend_schema_field(OpenApiTypes.INT)(_filterset.base_filters["manager"])


def visible_employers(request):
    if request is None:
        return Employer.objects.none()
    return Employer.objects.visible_to(request.user)


def visible_candidates(request):
    if request is None:
        return Candidate.objects.none()
    return Candidate.objects.visible_to(request.user)


class CandidateMatchSerializer(serializers.Serializer):
    candidate = serializers.IntegerField()
    name = serializers.CharField()
    score = serializers.FloatField()
    distance_km = serializers.IntegerField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())


class RequestMatchSerializer(serializers.Serializer):
    request = serializers.IntegerField()
    title = serializers.CharField()
    employer = serializers.IntegerField()
    employer_name = serializers.CharField()
    score = serializers.FloatField()
    distance_km = serializers.IntegerField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())


class ConsentFilter(django_filters.FilterSet):
    candidate = django_filters.ModelChoiceFilter(queryset=visible_candidates, label=_("Candidate"))
    employer = django_filters.ModelChoiceFilter(queryset=visible_employers, label=_("Employer"))
    current = django_filters.BooleanFilter(
        field_name="withdrawn_on", lookup_expr="isnull", label=_("Current (not withdrawn)")
    )

    class Meta:
        model = SharingConsent
        fields = ["candidate", "employer", "current"]


class UpdateMixin:
    """PUT and PATCH, answered with the row as the list shows it."""

    def update(self, request, *args, partial=False, **kwargs):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return self.respond(serializer.save())

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)


@extend_schema_view(
    list=extend_schema(
        summary=_("Candidates you may see"),
        description=_(
            "Anonymised candidates are left out unless anonymised=true. Every listed candidate "
            "is written to the access log."
        ),
    ),
    retrieve=extend_schema(summary=_("One candidate, with the work profile")),
    create=extend_schema(summary=_("Add a candidate (optionally with the work profile)")),
    update=extend_schema(summary=_("Change a candidate's details")),
    partial_update=extend_schema(summary=_("Change some of a candidate's details")),
)
class CandidateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, CreateMixin, UpdateMixin, ServiceViewSet
):
    serializer_class = CandidateSerializer
    filterset_class = CandidateFilter
    lookup_value_regex = ID_PATTERN
    ordering_fields = ["last_name", "first_name", "created_at"]
    ordering = ["last_name", "first_name", "pk"]

    def get_queryset(self):
        return Candidate.objects.visible_to(self.request.user).select_related(
            "region", "responsible", "profile", "profile__updated_by"
        )

    def get_object(self):
        """Scoped, and every attempt (allowed or denied) written to the access log."""
        candidate = get_candidate_for(self.request, self.kwargs["pk"], self.get_queryset())
        self.check_object_permissions(self.request, candidate)
        return candidate

    def permission_denied(self, request, message=None, code=None):
        """A signed-in non-staff user asking for one candidate: logged as denied, then 403."""
        pk = self.kwargs.get("pk")
        if request.user and request.user.is_authenticated and pk:
            services.candidate_access_log(
                user=request.user,
                candidate_id=int(pk),
                route=route_of(request),
                method=request.method,
                allowed=False,
            )
        super().permission_denied(request, message=message, code=code)

    def respond(self, instance, status_code=status.HTTP_200_OK, serializer_class=None):
        # Not reloaded through the scoped queryset: after handing a candidate to a colleague the
        # author may no longer see it, but is still told what was saved.
        serializer = (serializer_class or self.get_serializer_class())(
            instance, context=self.get_serializer_context()
        )
        return Response(serializer.data, status_code)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        log_candidates_listed(request, rows)
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(
        summary=_("Open staffing requests that fit this candidate, best first"),
        responses=RequestMatchSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def matches(self, request, pk=None):
        candidate = self.get_object()
        data = [
            {
                "request": staffing_request.pk,
                "title": staffing_request.title,
                "employer": staffing_request.employer_id,
                "employer_name": staffing_request.employer.name,
                "score": round(match.score, 2),
                "distance_km": round(match.distance) if match.distance is not None else None,
                "reasons": match.reasons,
            }
            for staffing_request, match in matching.requests_for_candidate(candidate, request.user)
        ]
        return Response(RequestMatchSerializer(data, many=True).data)

    @extend_schema(
        methods=["GET"],
        summary=_("The candidate's work profile"),
        responses=CandidateProfileSerializer,
    )
    @extend_schema(
        methods=["PUT", "PATCH"],
        summary=_("Change the candidate's work profile"),
        request=CandidateProfileSerializer,
        responses=CandidateProfileSerializer,
    )
    @action(
        detail=True,
        methods=["get", "put", "patch"],
        serializer_class=CandidateProfileSerializer,
        filterset_class=None,
    )
    def profile(self, request, pk=None):
        candidate = self.get_object()
        profile = CandidateProfile.objects.filter(candidate=candidate).first()
        profile = profile or CandidateProfile(candidate=candidate)
        if request.method == "GET":
            return Response(CandidateProfileSerializer(profile).data)
        if candidate.anonymised_at:
            return Response(
                {"non_field_errors": [_("This candidate has been anonymised.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        serializer = CandidateProfileSerializer(
            profile,
            data=request.data,
            partial=request.method == "PATCH",
            context=self.get_serializer_context(),
        )
        serializer.is_valid(raise_exception=True)
        profile = serializer.save()
        return Response(CandidateProfileSerializer(profile).data)


@extend_schema_view(
    list=extend_schema(summary=_("Sharing consents of the candidates you may see")),
    retrieve=extend_schema(summary=_("One sharing consent")),
    create=extend_schema(
        summary=_("Record a consent"),
        description=_(
            "The candidate agrees that this one employer may see the named profile (and, with "
            "scope profile_contact, the contact details). Target groups are never shared."
        ),
    ),
)
class ConsentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CreateMixin, ServiceViewSet):
    serializer_class = read_serializer_class = ConsentSerializer
    filterset_class = ConsentFilter
    lookup_value_regex = ID_PATTERN
    ordering_fields = ["given_on", "withdrawn_on"]
    ordering = ["-given_on", "-pk"]

    def get_queryset(self):
        return SharingConsent.objects.filter(
            candidate__in=Candidate.objects.visible_to(self.request.user)
        ).select_related("employer", "recorded_by", "withdrawn_by")

    @extend_schema(
        summary=_("Withdraw a consent: the employer no longer sees the named profile, at once"),
        request=ConsentWithdrawSerializer,
        responses=ConsentSerializer,
    )
    @action(detail=True, methods=["post"], serializer_class=ConsentWithdrawSerializer)
    def withdraw(self, request, pk=None):
        consent = self.get_object()
        return self.respond(self.run_action(ConsentWithdrawSerializer, {"consent": consent}))


@extend_schema_view(
    list=extend_schema(summary=_("Staffing requests of the employers you may see")),
    retrieve=extend_schema(summary=_("One staffing request")),
    create=extend_schema(summary=_("Add a staffing request (a vacancy or a carved job)")),
    update=extend_schema(summary=_("Change a staffing request")),
    partial_update=extend_schema(summary=_("Change part of a staffing request")),
)
class StaffingRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, CreateMixin, UpdateMixin, ServiceViewSet
):
    serializer_class = read_serializer_class = StaffingRequestSerializer
    filterset_class = StaffingRequestFilter
    lookup_value_regex = ID_PATTERN
    search_fields = ["title", "tasks"]
    ordering_fields = ["opened_on", "title"]
    ordering = ["-opened_on", "-pk"]

    def get_queryset(self):
        return StaffingRequest.objects.visible_to(self.request.user).select_related(
            "employer", "created_by", "location"
        )

    @extend_schema(
        summary=_("Candidates who fit this request, best first"),
        description=_(
            "Candidates of the region you may see, on hours, travel distance (estimated from the "
            "postcode area), sector, target group and start date, each with the reasons. "
            "`postcode` measures the distance from another place (400 when it is not a Dutch "
            "postcode). Every listed candidate is written to the access log."
        ),
        parameters=[
            OpenApiParameter("postcode", str, required=False, description=_("A Dutch postcode"))
        ],
        responses=CandidateMatchSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def matches(self, request, pk=None):
        staffing_request = self.get_object()
        postcode = request.query_params.get("postcode", "").strip()
        try:
            rows = matching.candidates_for_request(staffing_request, request.user, postcode)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        log_candidates_listed(request, [Candidate(pk=row["pk"]) for row, _match in rows])
        data = [
            {
                "candidate": row["pk"],
                "name": f"{row['first_name']} {row['last_name']}",
                "score": round(match.score, 2),
                "distance_km": round(match.distance) if match.distance is not None else None,
                "reasons": match.reasons,
            }
            for row, match in rows
        ]
        return Response(CandidateMatchSerializer(data, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary=_("Proposals you may see"),
        description=_(
            "Proposals at employers you may see, of candidates you may see. Filter by status, "
            "employer, the employers' account manager, candidate or request."
        ),
    ),
    retrieve=extend_schema(summary=_("One proposal")),
    create=extend_schema(
        summary=_("Propose a candidate to an employer"),
        description=_("With a staffing request, or without one (offered without a vacancy)."),
    ),
)
class ProposalViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, CreateMixin, ServiceViewSet
):
    serializer_class = read_serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    lookup_value_regex = ID_PATTERN
    ordering_fields = ["proposed_on", "status_changed_on"]
    ordering = ["-status_changed_on", "-pk"]

    def get_queryset(self):
        return proposals_visible_to(self.request.user).select_related(
            "candidate", "employer", "request", "proposed_by", "placement"
        )

    def list(self, request, *args, **kwargs):
        """Every candidate named on the page is written to the access log (one insert)."""
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        log_candidates_listed(request, [proposal.candidate for proposal in rows])
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        proposal = self.get_object()
        log_candidates_listed(request, [proposal.candidate])
        return Response(self.get_serializer(proposal).data)

    @extend_schema(
        summary=_("Move a proposal on, or close it with a reason"),
        description=_(
            "Allowed next statuses are listed in next_statuses. Declining or withdrawing needs a "
            "reason. Placing goes through the placements endpoint."
        ),
        request=ProposalStatusSerializer,
        responses=ProposalSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="set-status",
        serializer_class=ProposalStatusSerializer,
    )
    def set_status(self, request, pk=None):
        proposal = self.get_object()
        return self.respond(self.run_action(ProposalStatusSerializer, {"proposal": proposal}))


def register(router):
    router.register("candidates", CandidateViewSet, basename="candidate")
    router.register("consents", ConsentViewSet, basename="consent")
    router.register("staffing-requests", StaffingRequestViewSet, basename="staffing-request")
    router.register("proposals", ProposalViewSet, basename="proposal")
