"""The signals API (/api/v1/signals/): list and read the signals one may see, snooze and resolve
them. Reads start at `Signal.objects.visible_to(user)`; writes call continuity.services, which
decides who may act (the assignee, the region's team leads, WSP admins)."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from accounts.authentication import API_AUTHENTICATION
from wsp_crm.api_support import StandardPagination, service_errors

from . import selectors, services
from .filters import SignalFilter
from .models import Signal

# The shared filter's choices are set per request; in the schema they are plain ids.
for _name in ("assigned_to", "employer", "placement", "region"):
    extend_schema_field(OpenApiTypes.INT)(SignalFilter.base_filters[_name])


class SignalSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    severity_display = serializers.CharField(source="get_severity_display", read_only=True)
    status_display = serializers.SerializerMethodField()
    is_snoozed = serializers.SerializerMethodField()
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    # Null when the signal has no contact / assignee / subject / resolver (declared nullable so
    # the schema says so).
    contact_name = serializers.CharField(
        source="contact.name", read_only=True, default=None, allow_null=True
    )
    assigned_to_name = serializers.CharField(
        source="assigned_to.full_name", read_only=True, default=None, allow_null=True
    )
    also_assigned_to_name = serializers.CharField(
        source="also_assigned_to.full_name", read_only=True, default=None, allow_null=True
    )

    subject_user_name = serializers.CharField(
        source="subject_user.full_name", read_only=True, default=None, allow_null=True
    )
    resolved_by_name = serializers.CharField(
        source="resolved_by.full_name", read_only=True, default=None, allow_null=True
    )
    can_act = serializers.SerializerMethodField()

    class Meta:
        model = Signal
        fields = [
            "id",
            "kind",
            "kind_display",
            "severity",
            "severity_display",
            "status",
            "status_display",
            "is_snoozed",
            "snoozed_until",
            "region",
            "employer",
            "employer_name",
            "placement",
            "contact",
            "contact_name",
            "subject_user",
            "subject_user_name",
            "assigned_to",
            "assigned_to_name",
            "also_assigned_to",
            "also_assigned_to_name",
            "action",
            "raised_by",
            "escalated_at",
            "escalated_to",
            "detail",
            "due_on",
            "created_at",
            "resolved_at",
            "resolved_by",
            "resolved_by_name",
            "note",
            "closed_reason",
            "can_act",
        ]
        read_only_fields = fields

    @staticmethod
    def _snoozed(obj):
        return bool(
            obj.status == Signal.Status.SNOOZED
            and obj.snoozed_until
            and obj.snoozed_until > timezone.localdate()
        )

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_snoozed(self, obj):
        """Snoozed and not yet back (a snooze whose date passed counts as open)."""
        return self._snoozed(obj)

    @extend_schema_field(OpenApiTypes.STR)
    def get_status_display(self, obj):
        if obj.status == Signal.Status.SNOOZED and not self._snoozed(obj):
            return str(Signal.Status.OPEN.label)
        return obj.get_status_display()

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_can_act(self, obj):
        """May the requesting user snooze or resolve this signal?"""
        request = self.context.get("request")
        return bool(request and obj.is_open and services.may_act(request.user, obj))


class SnoozeSerializer(serializers.Serializer):
    until = serializers.DateField(
        help_text=_("The date the signal comes back: after today, at most 90 days ahead.")
    )


class ResolveSerializer(serializers.Serializer):
    note = serializers.CharField(
        allow_blank=True,
        default="",
        max_length=services.NOTE_MAX_LENGTH,
        trim_whitespace=True,
        help_text=_("What was done (required)."),
    )


@extend_schema_view(
    list=extend_schema(
        summary=_("Signals you may see"),
        description=_(
            "Filter with kind, severity, status (open, snoozed, closed, resolved, auto_closed, "
            "all), assigned_to (also matches the second assignee of a placement's signal), "
            "unassigned, escalated (true, false), employer, placement and region. Most "
            "pressing first."
        ),
    ),
    retrieve=extend_schema(summary=_("One signal")),
)
class SignalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SignalSerializer
    filterset_class = SignalFilter
    pagination_class = StandardPagination
    # Token first: a wrong or revoked key answers 401; browsers still use their session.
    authentication_classes = API_AUTHENTICATION
    search_fields = ["employer__name", "detail"]
    ordering_fields = ["severity", "created_at", "due_on", "resolved_at"]

    def get_queryset(self):
        return selectors.with_related(Signal.objects.visible_to(self.request.user)).order_by(
            *selectors.PRESSING_ORDER
        )

    def get_object(self):
        """Another region's signal answers a plain 404, naming no model."""
        try:
            return super().get_object()
        except Http404 as exc:
            raise NotFound() from exc

    def acting_on(self):
        signal = self.get_object()
        if not services.may_act(self.request.user, signal):
            raise PermissionDenied(
                _("Only the assignee, a team lead of the region or a WSP admin can do this.")
            )
        return signal

    def respond(self, signal):
        fresh = self.get_queryset().get(pk=signal.pk)
        return Response(SignalSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(
        summary=_("Snooze a signal until a date"),
        description=_(
            "At most 90 days ahead. On that date the signal is open again. Only the assignee, "
            "a team lead of the region or a WSP admin may do this."
        ),
        request=SnoozeSerializer,
        responses=SignalSerializer,
    )
    @action(detail=True, methods=["post"], serializer_class=SnoozeSerializer)
    def snooze(self, request, pk=None):
        signal = self.acting_on()
        payload = SnoozeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with service_errors():
            signal = services.signal_snooze(
                signal=signal, until=payload.validated_data["until"], by=request.user
            )
        return self.respond(signal)

    @extend_schema(
        summary=_("Resolve a signal, with a note"),
        description=_("Only the assignee, a team lead of the region or a WSP admin may do this."),
        request=ResolveSerializer,
        responses=SignalSerializer,
    )
    @action(detail=True, methods=["post"], serializer_class=ResolveSerializer)
    def resolve(self, request, pk=None):
        signal = self.acting_on()
        payload = ResolveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with service_errors():
            signal = services.signal_resolve(
                signal=signal, by=request.user, note=payload.validated_data["note"]
            )
        return self.respond(signal)


def register(router):
    router.register("signals", SignalViewSet, basename="signal")
