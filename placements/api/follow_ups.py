"""The follow-up endpoints (nazorg): /api/v1/follow-ups/ (list, read, add, move, record)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action

from employers.api import CreateMixin, ServiceViewSet
from employers.serializers import PersonSerializer
from wsp_crm.api_support import ScopedPrimaryKeyRelatedField, service_errors

from .. import services
from ..models import FollowUp, Placement
from ..selectors import follow_up_state
from .scopes import of_visible_placements, request_user, visible


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
            return services.follow_up_add(by=request_user(self), **validated_data)


class FollowUpMoveSerializer(serializers.Serializer):
    due_on = serializers.DateField(help_text=_("The new date of the checkpoint."))

    def save(self, **kwargs):
        with service_errors():
            return services.follow_up_move(
                follow_up=self.context["follow_up"],
                due_on=self.validated_data["due_on"],
                by=request_user(self),
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
                by=request_user(self),
            )


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
        return of_visible_placements(FollowUp.objects, self.request.user).select_related("by")

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
