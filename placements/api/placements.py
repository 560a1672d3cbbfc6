"""The placements endpoints: /api/v1/placements/ (list, read, start, change, end)."""

import contextlib
from decimal import Decimal

import django_filters
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.models import User
from candidates.access import get_candidate_for, log_candidates_listed
from candidates.models import Candidate, Proposal
from employers.api import CreateMixin, PartialUpdateMixin, ServiceViewSet
from employers.models import ContactPerson, Employer, Location
from wsp_crm.api_support import ScopedPrimaryKeyRelatedField, service_errors

from .. import services
from ..forms import MAX_HOURS, PlacementFilter, placement_problems
from ..models import Placement, TeamMember
from ..selectors import annotate_follow_up
from .scopes import (
    placeable_candidates,
    regional_staff,
    request_user,
    visible,
    visible_locations,
)
from .team import TeamMemberEndSerializer, TeamMemberSerializer


class PlacementSerializer(serializers.ModelSerializer):
    candidate = ScopedPrimaryKeyRelatedField(
        queryset=Candidate.objects.all(),
        scope=placeable_candidates,
        help_text=_("A candidate you may see. Cannot be changed afterwards."),
    )
    candidate_name = serializers.SerializerMethodField()
    employer = ScopedPrimaryKeyRelatedField(
        queryset=Employer.objects.all(),
        scope=visible,
        help_text=_("Cannot be changed afterwards."),
    )
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    # Empty while the placement runs (a read-only model field would lose allow_blank).
    end_reason = serializers.ChoiceField(
        choices=Placement.EndReason.choices, allow_blank=True, read_only=True
    )
    proposal = ScopedPrimaryKeyRelatedField(
        queryset=Proposal.objects.all(),
        scope=visible,
        required=False,
        allow_null=True,
        help_text=_(
            "The open proposal this placement comes from (it becomes 'placed'). Leave empty for "
            "a placement without a proposal. Cannot be changed afterwards."
        ),
    )
    location = ScopedPrimaryKeyRelatedField(
        queryset=Location.objects.all(),
        scope=visible_locations,
        required=False,
        allow_null=True,
        help_text=_("A location of this employer."),
    )
    supervisor = ScopedPrimaryKeyRelatedField(
        queryset=ContactPerson.objects.all(),
        scope=visible,
        required=False,
        allow_null=True,
        help_text=_(
            "When starting: a current contact person of this employer, the first supervisor on "
            "the team. Afterwards read-only (the latest supervisor on the team): change the team "
            "at /api/v1/placements/{id}/team/."
        ),
    )
    supervisor_name = serializers.SerializerMethodField()
    supervisor_has_left = serializers.SerializerMethodField()
    # Read-only compatibility: the current job coach of the team (see `team`).
    job_coach_name = serializers.SerializerMethodField()
    job_coach_organisation = serializers.SerializerMethodField()
    job_coach_hours = serializers.SerializerMethodField()
    job_coach_until = serializers.SerializerMethodField()
    team = TeamMemberSerializer(many=True, read_only=True)
    responsible = ScopedPrimaryKeyRelatedField(
        queryset=User.objects.all(),
        scope=regional_staff,
        required=False,
        help_text=_("An active account manager or team lead; defaults to you."),
    )
    responsible_name = serializers.CharField(source="responsible.full_name", read_only=True)
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=Decimal("0.5"), max_value=MAX_HOURS
    )
    next_follow_up_on = serializers.DateField(read_only=True, allow_null=True, default=None)
    overdue_follow_ups = serializers.IntegerField(read_only=True, default=0)
    retained_after_6_months = serializers.SerializerMethodField()
    retained_after_12_months = serializers.SerializerMethodField()

    IMMUTABLE = ("candidate", "employer", "proposal", "start_date")

    class Meta:
        model = Placement
        fields = [
            "id",
            "candidate",
            "candidate_name",
            "employer",
            "employer_name",
            "proposal",
            "location",
            "job_title",
            "is_carved_job",
            "carved_tasks",
            "start_date",
            "contract_type",
            "contract_end",
            "hours_per_week",
            "supervisor",
            "supervisor_name",
            "supervisor_has_left",
            "responsible",
            "responsible_name",
            "job_coach_name",
            "job_coach_organisation",
            "job_coach_hours",
            "job_coach_until",
            "team",
            "status",
            "ended_on",
            "end_reason",
            "end_note",
            "next_follow_up_on",
            "overdue_follow_ups",
            "retained_after_6_months",
            "retained_after_12_months",
            "created_at",
        ]
        read_only_fields = ["id", "status", "ended_on", "end_reason", "end_note", "created_at"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_candidate_name(self, placement):
        """The name only for staff who may see the candidate (null otherwise)."""
        visible_flag = getattr(placement, "candidate_visible", None)
        if visible_flag is None:
            visible_flag = (
                Candidate.objects.visible_to(request_user(self))
                .filter(pk=placement.candidate_id)
                .exists()
            )
        return placement.candidate.full_name if visible_flag else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_supervisor_name(self, placement):
        supervisor = placement.supervisor
        return supervisor.name if supervisor else None

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_supervisor_has_left(self, placement):
        supervisor = placement.supervisor
        return supervisor.has_left if supervisor else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_job_coach_name(self, placement):
        coach = placement.job_coach
        return coach.person_name if coach else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_job_coach_organisation(self, placement):
        coach = placement.job_coach
        return coach.coach_organisation if coach else None

    @extend_schema_field(serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True))
    def get_job_coach_hours(self, placement):
        coach = placement.job_coach
        return None if coach is None or coach.hours_per_week is None else str(coach.hours_per_week)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_job_coach_until(self, placement):
        coach = placement.job_coach
        return coach.end if coach else None

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_retained_after_6_months(self, placement):
        return placement.retained_after(6)

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_retained_after_12_months(self, placement):
        return placement.retained_after(12)

    def validate_supervisor(self, supervisor):
        if self.instance is not None:
            if supervisor == self.instance.supervisor:
                return supervisor
            raise serializers.ValidationError(
                _("Change the supervisor in the placement's team: /api/v1/placements/%(id)s/team/.")
                % {"id": self.instance.pk}
            )
        if supervisor is not None and supervisor.left_on is not None:
            raise serializers.ValidationError(
                _("This contact person has left the employer (or is leaving).")
            )
        return supervisor

    def validate_job_title(self, title):
        title = title.strip()
        if not title:
            raise serializers.ValidationError(_("Give the job title."))
        return title

    def validate(self, attrs):
        if self.instance is not None:
            for field in self.IMMUTABLE:
                if field in attrs and attrs[field] != getattr(self.instance, field):
                    raise serializers.ValidationError(
                        {field: [_("This cannot be changed after the start.")]}
                    )
            merged = {
                name: getattr(self.instance, name)
                for name in services.PLACEMENT_FIELDS
                if name not in attrs
            }
            merged.update(attrs)
        else:
            merged = attrs
        problems = {}
        for field, message in placement_problems(merged):
            problems.setdefault(field, []).append(message)
        if problems:
            raise serializers.ValidationError(problems)
        return attrs

    def create(self, validated_data):
        with service_errors():
            return services.placement_start(by=request_user(self), **validated_data)

    def update(self, instance, validated_data):
        for field in (*self.IMMUTABLE, "supervisor"):
            validated_data.pop(field, None)
        with service_errors():
            return services.placement_update(
                placement=instance, by=request_user(self), **validated_data
            )


class PlacementEndSerializer(serializers.Serializer):
    """The same names as the placement shows once it has ended."""

    ended_on = serializers.DateField(help_text=_("The last working day."))
    end_reason = serializers.ChoiceField(choices=Placement.EndReason.choices)
    end_note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    next_step_action = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "Also add an action for the employer's fixed account manager: find the candidate's "
            "next step (doorstroom)."
        ),
    )

    def save(self, **kwargs):
        data = self.validated_data
        with service_errors():
            return services.placement_end(
                placement=self.context["placement"],
                ended_on=data["ended_on"],
                reason=data["end_reason"],
                note=data["end_note"].strip(),
                by=request_user(self),
                next_step_action=data["next_step_action"],
            )


class PlacementApiFilter(PlacementFilter):
    """The list page's filters (without its 'active by default'), plus the candidate."""

    candidate = django_filters.NumberFilter(field_name="candidate", label=_("Candidate"))
    start_after = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label=_("Started on or after")
    )
    start_before = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", label=_("Started on or before")
    )

    class Meta(PlacementFilter.Meta):
        fields = [*PlacementFilter.Meta.fields, "candidate", "start_after", "start_before"]


TEAM_PREFETCH = Prefetch(
    "team", queryset=TeamMember.objects.select_related("contact", "staff").order_by("start", "pk")
)


@extend_schema_view(
    list=extend_schema(summary=_("Placements you may see")),
    retrieve=extend_schema(
        summary=_("One placement"),
        description=_("Reading a placement logs the access to its candidate's record."),
    ),
    create=extend_schema(
        summary=_("Start a placement"),
        description=_(
            "Creates the follow-up plan of the employer's region and marks the proposal, if "
            "given, as placed."
        ),
    ),
    partial_update=extend_schema(summary=_("Change a placement's details")),
)
class PlacementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateMixin,
    PartialUpdateMixin,
    ServiceViewSet,
):
    serializer_class = read_serializer_class = PlacementSerializer
    filterset_class = PlacementApiFilter
    search_fields = ["job_title", "employer__name"]
    ordering_fields = ["start_date", "contract_end", "next_follow_up_on", "created_at"]
    ordering = ["-start_date", "-pk"]

    def get_queryset(self):
        user = self.request.user
        return annotate_follow_up(
            Placement.objects.visible_to(user)
            .select_related("candidate", "employer", "responsible")
            .prefetch_related(TEAM_PREFETCH),
            user,
        )

    def list(self, request, *args, **kwargs):
        """The candidates named on the page are written to the access log (one insert)."""
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        log_candidates_listed(request, [p.candidate for p in rows if p.candidate_visible])
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        placement = self.get_object()
        # The look at the candidate is logged (a denied one too: the answer then shows no name).
        with contextlib.suppress(Http404):
            get_candidate_for(request, placement.candidate_id)
        return self.respond(placement)

    @extend_schema(
        summary=_("End a placement"),
        description=_("Open checkpoints planned after the end date are removed."),
        request=PlacementEndSerializer,
        responses=PlacementSerializer,
    )
    @action(detail=True, methods=["post"], serializer_class=PlacementEndSerializer)
    def end(self, request, pk=None):
        placement = self.get_object()
        return self.respond(self.run_action(PlacementEndSerializer, {"placement": placement}))

    @extend_schema(
        methods=["get"],
        summary=_("A placement's team"),
        description=_("Everyone who was or is on the team, with role and period."),
        responses=TeamMemberSerializer(many=True),
    )
    @extend_schema(
        methods=["post"],
        summary=_("Add a person to a placement's team"),
        description=_(
            "Supervisor, buddy, HR: a current contact person of the placement's employer. Job "
            "coach: a WSP staff member or an external coach (name, organisation, phone, e-mail)."
        ),
        request=TeamMemberSerializer,
        responses={201: TeamMemberSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=TeamMemberSerializer,
        pagination_class=None,  # a team is a handful of people: one plain list
    )
    def team(self, request, pk=None):
        placement = self.get_object()
        if request.method == "GET":
            members = placement.team.select_related("contact", "staff").order_by("start", "pk")
            return Response(TeamMemberSerializer(members, many=True).data)
        member = self.run_action(TeamMemberSerializer, {"placement": placement})
        return Response(TeamMemberSerializer(member).data, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("End a team member's period"),
        request=TeamMemberEndSerializer,
        responses=TeamMemberSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"team/(?P<member_pk>[0-9]{1,18})/end",
        serializer_class=TeamMemberEndSerializer,
    )
    def team_end(self, request, pk=None, member_pk=None):
        placement = self.get_object()
        member = placement.team.filter(pk=member_pk).first()
        if member is None:
            raise NotFound()
        member = self.run_action(TeamMemberEndSerializer, {"member": member})
        return Response(TeamMemberSerializer(member).data)
