"""/api/v1/actions/: an employer's open work through the API. Listing and reading follow
`Action.objects.visible_to`; every change goes through employers.services.actions (so the
history, the audit trail and the rights are the same as on the pages)."""

import django_filters
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action as route

from accounts.models import User
from wsp_crm.api_support import ScopedPrimaryKeyRelatedField, service_errors

from .api import CreateMixin, PartialUpdateMixin, ServiceViewSet
from .models import Action, ActionEvent, Employer
from .serializers import PersonSerializer, regional_staff, visible
from .services import actions as action_services


def _linked(name):
    """The model an action's optional link points to (placement, candidate, proposal), read
    from the foreign key so this lower app imports no higher app's models."""
    return Action._meta.get_field(name).related_model.objects.all()


def _user(serializer):
    return serializer.context["request"].user


class ActionEventSerializer(serializers.ModelSerializer):
    by = PersonSerializer(read_only=True, allow_null=True)
    from_owner = PersonSerializer(read_only=True, allow_null=True)
    to_owner = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ActionEvent
        fields = ["kind", "at", "by", "from_owner", "to_owner", "from_due", "to_due", "reason"]
        read_only_fields = fields


class ActionSerializer(serializers.ModelSerializer):
    employer = ScopedPrimaryKeyRelatedField(queryset=Employer.objects.all(), scope=visible)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    owner = ScopedPrimaryKeyRelatedField(
        queryset=User.objects.all(),
        scope=regional_staff,
        required=False,
        allow_null=True,
        help_text=_("Defaults to you."),
    )
    owner_details = PersonSerializer(source="owner", read_only=True, allow_null=True)
    placement = ScopedPrimaryKeyRelatedField(
        queryset=_linked("placement"), scope=visible, required=False, allow_null=True
    )
    candidate = ScopedPrimaryKeyRelatedField(
        queryset=_linked("candidate"), scope=visible, required=False, allow_null=True
    )
    proposal = ScopedPrimaryKeyRelatedField(
        queryset=_linked("proposal"), scope=visible, required=False, allow_null=True
    )
    question = serializers.SerializerMethodField(help_text=_("The employer's question, if any."))
    is_overdue = serializers.SerializerMethodField()
    closed_by = PersonSerializer(read_only=True, allow_null=True)
    answered_by = PersonSerializer(read_only=True, allow_null=True)
    history = ActionEventSerializer(source="events", many=True, read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "employer",
            "employer_name",
            "kind",
            "title",
            "note",
            "owner",
            "owner_details",
            "due_on",
            "status",
            "is_overdue",
            "conversation",
            "question",
            "placement",
            "candidate",
            "proposal",
            "created_at",
            "closed_at",
            "closed_by",
            "close_reason",
            "answer",
            "answered_at",
            "answered_by",
            "history",
        ]
        read_only_fields = [
            "id",
            "kind",
            "status",
            "conversation",
            "created_at",
            "closed_at",
            "close_reason",
            "answer",
            "answered_at",
        ]

    def get_question(self, action) -> str | None:
        if action.is_question and action.conversation_id:
            return action.conversation.summary
        return None

    def get_is_overdue(self, action) -> bool:
        return action.is_overdue()

    def create(self, validated_data):
        with service_errors():
            return action_services.action_create(by=_user(self), **validated_data)

    def update(self, instance, validated_data):
        editable = {k: v for k, v in validated_data.items() if k in action_services.EDITABLE}
        refused = set(validated_data) - set(editable)
        if refused:
            raise serializers.ValidationError(
                {name: [_("Use the reassign or postpone endpoint.")] for name in sorted(refused)}
            )
        with service_errors():
            return action_services.action_update(action=instance, by=_user(self), **editable)


class ReassignSerializer(serializers.Serializer):
    owner = ScopedPrimaryKeyRelatedField(
        queryset=User.objects.all(),
        scope=regional_staff,
    )
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def save(self, **kwargs):
        with service_errors():
            return action_services.action_reassign(
                action=self.context["action"], by=_user(self), **self.validated_data
            )


class PostponeSerializer(serializers.Serializer):
    due_on = serializers.DateField()
    reason = serializers.CharField(max_length=300)

    def save(self, **kwargs):
        with service_errors():
            return action_services.action_postpone(
                action=self.context["action"], by=_user(self), **self.validated_data
            )


class CompleteSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text=_("Outcome")
    )

    def save(self, **kwargs):
        with service_errors():
            return action_services.action_complete(
                action=self.context["action"], by=_user(self), **self.validated_data
            )


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)

    def save(self, **kwargs):
        with service_errors():
            return action_services.action_cancel(
                action=self.context["action"], by=_user(self), **self.validated_data
            )


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=4000)

    def save(self, **kwargs):
        with service_errors():
            return action_services.question_answer(
                action=self.context["action"], by=_user(self), **self.validated_data
            )


class ActionFilter(django_filters.FilterSet):
    employer = django_filters.NumberFilter(field_name="employer_id", label=_("Employer"))
    owner = django_filters.NumberFilter(field_name="owner_id", label=_("Owner"))
    status = django_filters.ChoiceFilter(choices=Action.Status.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=Action.Kind.choices, label=_("Kind"))
    placement = django_filters.NumberFilter(field_name="placement_id", label=_("Placement"))
    due_before = django_filters.DateFilter(
        field_name="due_on", lookup_expr="lt", label=_("Due before")
    )
    due_after = django_filters.DateFilter(
        field_name="due_on", lookup_expr="gte", label=_("Due on or after")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Open and overdue"))

    class Meta:
        model = Action
        fields = ["employer", "owner", "status", "kind", "placement", "due_before", "due_after"]

    def filter_overdue(self, queryset, name, value):
        overdue = Action.objects.overdue(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


def _workflow(summary, serializer_class):
    return extend_schema(summary=summary, request=serializer_class, responses=ActionSerializer)


@extend_schema_view(
    list=extend_schema(summary=_("Actions you may see (open work), soonest due first")),
    retrieve=extend_schema(summary=_("One action with its history")),
    create=extend_schema(summary=_("Add an action")),
    partial_update=extend_schema(summary=_("Change an action's description or internal note")),
)
class ActionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateMixin,
    PartialUpdateMixin,
    ServiceViewSet,
):
    serializer_class = read_serializer_class = ActionSerializer
    filterset_class = ActionFilter
    search_fields = ["title"]
    ordering_fields = ["due_on", "created_at", "closed_at"]
    ordering = ["due_on", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            Action.objects.visible_to(self.request.user)
            .select_related("employer", "owner", "closed_by", "answered_by", "conversation")
            .prefetch_related(
                Prefetch(
                    "events", ActionEvent.objects.select_related("by", "from_owner", "to_owner")
                )
            )
        )

    def _run(self, serializer_class):
        action = self.get_object()
        return self.respond(self.run_action(serializer_class, {"action": action}))

    @_workflow(_("Give the action to someone else"), ReassignSerializer)
    @route(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        return self._run(ReassignSerializer)

    @_workflow(_("Move the due date (with a reason)"), PostponeSerializer)
    @route(detail=True, methods=["post"])
    def postpone(self, request, pk=None):
        return self._run(PostponeSerializer)

    @_workflow(_("Mark the action as done"), CompleteSerializer)
    @route(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._run(CompleteSerializer)

    @_workflow(_("Cancel the action (with a reason)"), CancelSerializer)
    @route(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._run(CancelSerializer)

    @_workflow(_("Answer the employer's question (e-mailed to the asker)"), AnswerSerializer)
    @route(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        return self._run(AnswerSerializer)
