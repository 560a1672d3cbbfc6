"""The instrument endpoints: /api/v1/instrument-periods/ (the instruments of a placement: list,
read, add, change, and `next-step`: the decision on what follows its end),
/api/v1/wage-value-assessments/ (list, read, add, change) and /api/v1/instruments/ (the regional
catalogue, read only)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action

from accounts.models import Region
from employers.api import CreateMixin, PartialUpdateMixin, ServiceViewSet
from employers.serializers import PersonSerializer
from wsp_crm.api_support import ScopedPrimaryKeyRelatedField, service_errors

from .. import services
from ..models import (
    PERCENTAGE_ERROR,
    Instrument,
    InstrumentPeriod,
    Placement,
    WageValueAssessment,
)
from .scopes import (
    of_visible_placements,
    request_user,
    visible,
    visible_assessments,
    visible_instruments,
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
    assessment = ScopedPrimaryKeyRelatedField(
        queryset=WageValueAssessment.objects.all(),
        scope=visible_assessments,
        required=False,
        allow_null=True,
        help_text=_("The wage-value assessment a wage-cost subsidy decision rests on."),
    )
    next_step = serializers.ChoiceField(
        choices=InstrumentPeriod.NextStep.choices, allow_blank=True, read_only=True
    )
    next_step_by = PersonSerializer(read_only=True, allow_null=True)

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
            "assessment",
            "note",
            "next_step",
            "next_step_note",
            "next_step_by",
            "next_step_at",
        ]
        read_only_fields = ["id", "next_step_note", "next_step_at"]

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
            return services.instrument_period_add(by=request_user(self), **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("placement", None)
        with service_errors():
            return services.instrument_period_update(
                period=instance, by=request_user(self), **validated_data
            )


class NextStepSerializer(serializers.Serializer):
    next_step = serializers.ChoiceField(choices=InstrumentPeriod.NextStep.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)

    def save(self, **kwargs):
        with service_errors():
            return services.instrument_period_decide(
                period=self.context["period"],
                next_step=self.validated_data["next_step"],
                note=self.validated_data["note"],
                by=request_user(self),
            )


class AssessmentSerializer(serializers.ModelSerializer):
    placement = ScopedPrimaryKeyRelatedField(
        queryset=Placement.objects.all(),
        scope=visible,
        help_text=_("Cannot be changed afterwards."),
    )
    created_by = PersonSerializer(read_only=True, allow_null=True)
    percentage = serializers.IntegerField(
        min_value=0,
        max_value=100,
        error_messages={"min_value": PERCENTAGE_ERROR, "max_value": PERCENTAGE_ERROR},
        help_text=_("The wage value as a percentage of the full wage, from 0 to 100."),
    )

    class Meta:
        model = WageValueAssessment
        fields = [
            "id",
            "placement",
            "assessed_on",
            "percentage",
            "assessor_organisation",
            "next_due_on",
            "note",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]

    def validate_placement(self, placement):
        if self.instance is not None and placement != self.instance.placement:
            raise serializers.ValidationError(_("This cannot be changed afterwards."))
        return placement

    def create(self, validated_data):
        with service_errors():
            return services.assessment_add(by=request_user(self), **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("placement", None)
        with service_errors():
            return services.assessment_update(
                assessment=instance, by=request_user(self), **validated_data
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
        return of_visible_placements(InstrumentPeriod.objects, self.request.user).select_related(
            "instrument", "next_step_by"
        )

    @extend_schema(
        summary=_("Record what comes after the period's end"),
        description=_(
            "Extend, continue without it, switch to another instrument, or stop; closes the "
            "signal 'instrument ends before the contract'."
        ),
        request=NextStepSerializer,
        responses=InstrumentPeriodSerializer,
    )
    @action(
        detail=True, methods=["post"], url_path="next-step", serializer_class=NextStepSerializer
    )
    def next_step(self, request, pk=None):
        period = self.get_object()
        return self.respond(self.run_action(NextStepSerializer, {"period": period}))


class AssessmentFilter(django_filters.FilterSet):
    placement = django_filters.NumberFilter(field_name="placement", label=_("Placement"))
    due_before = django_filters.DateFilter(
        field_name="next_due_on", lookup_expr="lte", label=_("Next assessment due on or before")
    )

    class Meta:
        model = WageValueAssessment
        fields = ["placement", "due_before"]


@extend_schema_view(
    list=extend_schema(summary=_("Wage-value assessments (filter by placement)")),
    retrieve=extend_schema(summary=_("One wage-value assessment")),
    create=extend_schema(summary=_("Record a wage-value assessment of a placement")),
    partial_update=extend_schema(summary=_("Change a wage-value assessment")),
)
class AssessmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateMixin,
    PartialUpdateMixin,
    ServiceViewSet,
):
    serializer_class = read_serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    ordering_fields = ["assessed_on", "next_due_on"]
    ordering = ["-assessed_on", "-pk"]

    def get_queryset(self):
        return of_visible_placements(WageValueAssessment.objects, self.request.user).select_related(
            "created_by"
        )


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
