"""The placements API (/api/v1/): placements, follow-up checkpoints (nazorg), instrument periods
and the regional instrument catalogue.

Every queryset starts at `Placement.objects.visible_to(user)` (another region's row is a 404),
every write calls placements.services (their ValidationErrors answer 400 with field messages),
and every writable foreign key only offers what the requesting user may see. A placement shows
its candidate's name only to staff who may see that candidate; reading one placement logs the
access to the candidate's record like the placement page does.

The lead wires these in with `placements.api.register(router)`.
"""

import contextlib
from decimal import Decimal

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from accounts.models import Region, User
from candidates.access import get_candidate_for
from candidates.models import Candidate, Proposal
from employers.api import ServiceViewSet
from employers.filters import managers_visible_to
from employers.models import ContactPerson, Employer, Location
from employers.serializers import PersonSerializer
from wsp_crm.api_support import ScopedPrimaryKeyRelatedField, service_errors

from . import services
from .forms import MAX_COACH_HOURS, MAX_HOURS, PlacementFilter, placement_problems
from .models import FollowUp, Instrument, InstrumentPeriod, Placement
from .views import annotate_follow_up, follow_up_state

# Scopes for writable foreign keys --------------------------------------------------------------


def _user(serializer):
    return serializer.context["request"].user


def visible(queryset, user):
    return queryset.visible_to(user)


def placeable_candidates(queryset, user):
    return queryset.visible_to(user).filter(anonymised_at__isnull=True)


def visible_locations(queryset, user):
    return queryset.filter(employer__in=Employer.objects.visible_to(user))


def regional_staff(queryset, user):
    return managers_visible_to(user)


def visible_instruments(queryset, user):
    """WSP admins: every catalogue. Others: their own region's, and that of every employer they
    may see (a national employer's instruments come from its home region)."""
    if not (user and user.is_authenticated and user.is_staff_member):
        return queryset.none()
    if user.is_wsp_admin:
        return queryset
    regions = Employer.objects.visible_to(user).values("region_id")
    return queryset.filter(Q(region_id=user.region_id) | Q(region_id__in=regions))


# Serializers ----------------------------------------------------------------------------------


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
        help_text=_("A current contact person of this employer."),
    )
    supervisor_name = serializers.CharField(
        source="supervisor.name", read_only=True, allow_null=True, default=None
    )
    supervisor_has_left = serializers.SerializerMethodField()
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
    job_coach_hours = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0"),
        max_value=MAX_COACH_HOURS,
        required=False,
        allow_null=True,
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
                Candidate.objects.visible_to(_user(self)).filter(pk=placement.candidate_id).exists()
            )
        return placement.candidate.full_name if visible_flag else None

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_supervisor_has_left(self, placement):
        return placement.supervisor.has_left if placement.supervisor_id else None

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_retained_after_6_months(self, placement):
        return placement.retained_after(6)

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_retained_after_12_months(self, placement):
        return placement.retained_after(12)

    def validate_supervisor(self, supervisor):
        changed = self.instance is None or supervisor != self.instance.supervisor
        if supervisor is not None and changed and supervisor.left_on is not None:
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
            return services.placement_start(by=_user(self), **validated_data)

    def update(self, instance, validated_data):
        for field in self.IMMUTABLE:
            validated_data.pop(field, None)
        with service_errors():
            return services.placement_update(placement=instance, by=_user(self), **validated_data)


class PlacementEndSerializer(serializers.Serializer):
    """The same names as the placement shows once it has ended."""

    ended_on = serializers.DateField(help_text=_("The last working day."))
    end_reason = serializers.ChoiceField(choices=Placement.EndReason.choices)
    end_note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def save(self, **kwargs):
        data = self.validated_data
        with service_errors():
            return services.placement_end(
                placement=self.context["placement"],
                ended_on=data["ended_on"],
                reason=data["end_reason"],
                note=data["end_note"].strip(),
                by=_user(self),
            )


class FollowUpSerializer(serializers.ModelSerializer):
    placement = ScopedPrimaryKeyRelatedField(queryset=Placement.objects.all(), scope=visible)
    by = PersonSerializer(read_only=True, allow_null=True)
    state = serializers.SerializerMethodField()
    kind = serializers.CharField(max_length=60, help_text=_("What the checkpoint is."))
    # Empty until the checkpoint is recorded (a read-only model field would lose allow_blank).
    outcome = serializers.ChoiceField(
        choices=FollowUp.Outcome.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = FollowUp
        fields = ["id", "placement", "kind", "due_on", "state", "done_on", "outcome", "note", "by"]
        read_only_fields = ["id", "done_on", "outcome", "note"]

    @extend_schema_field(serializers.ChoiceField(choices=["done", "overdue", "soon", "planned"]))
    def get_state(self, follow_up):
        return follow_up_state(follow_up, timezone.localdate())

    def validate_kind(self, kind):
        kind = kind.strip()
        if not kind:
            raise serializers.ValidationError(_("Name the checkpoint."))
        return kind

    def create(self, validated_data):
        with service_errors():
            return services.follow_up_add(by=_user(self), **validated_data)


class FollowUpMoveSerializer(serializers.Serializer):
    due_on = serializers.DateField(help_text=_("The new date of the checkpoint."))

    def save(self, **kwargs):
        with service_errors():
            return services.follow_up_move(
                follow_up=self.context["follow_up"],
                due_on=self.validated_data["due_on"],
                by=_user(self),
            )


class FollowUpRecordSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=FollowUp.Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    done_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Defaults to today.")
    )

    def validate_done_on(self, done_on):
        if done_on and done_on > timezone.localdate():
            raise serializers.ValidationError(_("A follow-up cannot be done in the future."))
        return done_on

    def save(self, **kwargs):
        data = self.validated_data
        with service_errors():
            return services.follow_up_record(
                follow_up=self.context["follow_up"],
                outcome=data["outcome"],
                note=data["note"],
                done_on=data["done_on"],
                by=_user(self),
            )


class InstrumentPeriodSerializer(serializers.ModelSerializer):
    placement = ScopedPrimaryKeyRelatedField(
        queryset=Placement.objects.all(),
        scope=visible,
        help_text=_("Cannot be changed afterwards."),
    )
    instrument = ScopedPrimaryKeyRelatedField(
        queryset=Instrument.objects.all(),
        scope=visible_instruments,
        help_text=_("An instrument in use from the catalogue of the employer's region."),
    )
    instrument_name = serializers.CharField(source="instrument.name", read_only=True)

    class Meta:
        model = InstrumentPeriod
        fields = [
            "id",
            "placement",
            "instrument",
            "instrument_name",
            "status",
            "start",
            "end",
            "decision_reference",
            "note",
        ]
        read_only_fields = ["id"]

    def validate_placement(self, placement):
        if self.instance is not None and placement != self.instance.placement:
            raise serializers.ValidationError(_("This cannot be changed afterwards."))
        return placement

    def validate_instrument(self, instrument):
        changed = self.instance is None or instrument != self.instance.instrument
        if changed and not instrument.is_active:
            raise serializers.ValidationError(_("This instrument is no longer in use."))
        return instrument

    def validate(self, attrs):
        start = attrs.get("start", getattr(self.instance, "start", None))
        end = attrs.get("end", getattr(self.instance, "end", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"end": [_("The period cannot end before it starts.")]}
            )
        return attrs

    def create(self, validated_data):
        with service_errors():
            return services.instrument_period_add(by=_user(self), **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("placement", None)
        with service_errors():
            return services.instrument_period_update(
                period=instance, by=_user(self), **validated_data
            )


class InstrumentSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Instrument
        fields = [
            "id",
            "region",
            "region_name",
            "name",
            "kind",
            "provider",
            "max_duration_months",
            "description",
            "is_active",
        ]
        read_only_fields = fields


# Filters ----------------------------------------------------------------------------------------


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


class FollowUpFilter(django_filters.FilterSet):
    placement = django_filters.NumberFilter(field_name="placement", label=_("Placement"))
    open = django_filters.BooleanFilter(
        field_name="done_on", lookup_expr="isnull", label=_("Not done yet")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    due_after = django_filters.DateFilter(
        field_name="due_on", lookup_expr="gte", label=_("Due on or after")
    )
    due_before = django_filters.DateFilter(
        field_name="due_on", lookup_expr="lte", label=_("Due on or before")
    )

    class Meta:
        model = FollowUp
        fields = ["placement", "open", "overdue", "due_after", "due_before"]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(done_on__isnull=True, due_on__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class InstrumentPeriodFilter(django_filters.FilterSet):
    placement = django_filters.NumberFilter(field_name="placement", label=_("Placement"))
    instrument = django_filters.NumberFilter(field_name="instrument", label=_("Instrument"))
    status = django_filters.ChoiceFilter(choices=InstrumentPeriod.Status.choices, label=_("Status"))
    ends_before = django_filters.DateFilter(
        field_name="end", lookup_expr="lte", label=_("Ends on or before")
    )

    class Meta:
        model = InstrumentPeriod
        fields = ["placement", "instrument", "status", "ends_before"]


class InstrumentFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), label=_("Region"))
    kind = django_filters.ChoiceFilter(choices=Instrument.Kind.choices, label=_("Kind"))
    is_active = django_filters.BooleanFilter(label=_("In use"))

    class Meta:
        model = Instrument
        fields = ["region", "kind", "is_active"]


# ViewSets ---------------------------------------------------------------------------------------


class CreateMixin:
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.respond(serializer.save(), status.HTTP_201_CREATED)


class PartialUpdateMixin:
    def partial_update(self, request, *args, **kwargs):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return self.respond(serializer.save())


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
            Placement.objects.visible_to(user).select_related(
                "candidate", "employer", "supervisor", "responsible"
            ),
            user,
        )

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


@extend_schema_view(
    list=extend_schema(summary=_("Follow-up checkpoints (filter by placement)")),
    retrieve=extend_schema(summary=_("One follow-up checkpoint")),
    create=extend_schema(summary=_("Add a checkpoint to a placement's follow-up plan")),
)
class FollowUpViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, CreateMixin, ServiceViewSet
):
    serializer_class = read_serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilter
    ordering_fields = ["due_on", "done_on"]
    ordering = ["due_on", "pk"]

    def get_queryset(self):
        visible_placements = Placement.objects.visible_to(self.request.user)
        return FollowUp.objects.filter(
            Exists(visible_placements.filter(pk=OuterRef("placement_id")))
        ).select_related("by")

    @extend_schema(
        summary=_("Move a checkpoint to another date"),
        description=_("A checkpoint that has been done cannot move."),
        request=FollowUpMoveSerializer,
        responses=FollowUpSerializer,
    )
    @action(detail=True, methods=["post"], serializer_class=FollowUpMoveSerializer)
    def move(self, request, pk=None):
        follow_up = self.get_object()
        return self.respond(self.run_action(FollowUpMoveSerializer, {"follow_up": follow_up}))

    @extend_schema(
        summary=_("Log how a checkpoint went"),
        request=FollowUpRecordSerializer,
        responses=FollowUpSerializer,
    )
    @action(detail=True, methods=["post"], serializer_class=FollowUpRecordSerializer)
    def record(self, request, pk=None):
        follow_up = self.get_object()
        return self.respond(self.run_action(FollowUpRecordSerializer, {"follow_up": follow_up}))


@extend_schema_view(
    list=extend_schema(summary=_("Instrument periods (filter by placement)")),
    retrieve=extend_schema(summary=_("One instrument period")),
    create=extend_schema(summary=_("Add an instrument to a placement")),
    partial_update=extend_schema(summary=_("Change an instrument period")),
)
class InstrumentPeriodViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateMixin,
    PartialUpdateMixin,
    ServiceViewSet,
):
    serializer_class = read_serializer_class = InstrumentPeriodSerializer
    filterset_class = InstrumentPeriodFilter
    ordering_fields = ["start", "end"]
    ordering = ["start", "pk"]

    def get_queryset(self):
        visible_placements = Placement.objects.visible_to(self.request.user)
        return InstrumentPeriod.objects.filter(
            Exists(visible_placements.filter(pk=OuterRef("placement_id")))
        ).select_related("instrument")


@extend_schema_view(
    list=extend_schema(summary=_("The instrument catalogue of your region")),
    retrieve=extend_schema(summary=_("One instrument")),
)
class InstrumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    serializer_class = read_serializer_class = InstrumentSerializer
    filterset_class = InstrumentFilter
    search_fields = ["name", "description"]
    ordering_fields = ["name", "kind"]
    ordering = ["region__name", "name", "pk"]

    def get_queryset(self):
        return visible_instruments(Instrument.objects.select_related("region"), self.request.user)


def register(router):
    """Called from wsp_crm/api.py: the placement endpoints under /api/v1/."""
    router.register("placements", PlacementViewSet, basename="placement")
    router.register("follow-ups", FollowUpViewSet, basename="follow-up")
    router.register("instrument-periods", InstrumentPeriodViewSet, basename="instrument-period")
    router.register("instruments", InstrumentViewSet, basename="instrument")
