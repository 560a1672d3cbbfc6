"""The employer-accounts API (/api/v1/): employers, contact persons, account assignments and
conversations. Every queryset starts at `visible_to(user)`; every write calls a service."""

import django_filters
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.authentication import API_AUTHENTICATION
from wsp_crm.api_support import IdFilter, StandardPagination, service_errors

from . import services
from .filters import EmployerFilter
from .models import AccountAssignment, Action, ContactPerson, Conversation, Employer
from .serializers import (
    AssignmentEndSerializer,
    AssignmentSerializer,
    AssignSerializer,
    ContactChangeRoleSerializer,
    ContactLeftSerializer,
    ContactSerializer,
    ContactVerifySerializer,
    ConversationSerializer,
    EmployerSerializer,
)

# The shared list filter's "manager" takes a user id (its queryset is set per request).
extend_schema_field(OpenApiTypes.INT)(EmployerFilter.base_filters["manager"])


def visible_employers(request):
    if request is None:
        return Employer.objects.none()
    return Employer.objects.visible_to(request.user)


class ContactFilter(django_filters.FilterSet):
    employer = django_filters.ModelChoiceFilter(queryset=visible_employers, label=_("Employer"))
    current = django_filters.BooleanFilter(
        method="filter_current", label=_("Still working at the employer")
    )
    level = django_filters.ChoiceFilter(choices=ContactPerson.Level.choices, label=_("Level"))
    is_champion = django_filters.BooleanFilter(label=_("Champion (kartrekker)"))

    class Meta:
        model = ContactPerson
        fields = ["employer", "current", "level", "is_champion"]

    def filter_current(self, queryset, name, value):
        current = ContactPerson.objects.current()
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


class AssignmentFilter(django_filters.FilterSet):
    employer = django_filters.ModelChoiceFilter(queryset=visible_employers, label=_("Employer"))
    manager = django_filters.NumberFilter(field_name="manager", label=_("Account manager"))
    kind = django_filters.ChoiceFilter(choices=AccountAssignment.Kind.choices, label=_("Kind"))
    current = django_filters.BooleanFilter(
        field_name="ended_on", lookup_expr="isnull", label=_("Current (not ended)")
    )

    class Meta:
        model = AccountAssignment
        fields = ["employer", "manager", "kind", "current"]


class ConversationFilter(django_filters.FilterSet):
    employer = django_filters.ModelChoiceFilter(queryset=visible_employers, label=_("Employer"))
    channel = django_filters.ChoiceFilter(choices=Conversation.Channel.choices, label=_("Channel"))
    topic = django_filters.ChoiceFilter(
        choices=Conversation.Topic.choices, method="filter_topic", label=_("Topic")
    )
    open_action = django_filters.BooleanFilter(
        method="filter_open_action", label=_("With an open next action")
    )
    next_action_owner = IdFilter(method="filter_action_owner", label=_("Owner of the next action"))
    occurred_after = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__gte", label=_("On or after")
    )
    occurred_before = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__lte", label=_("On or before")
    )

    class Meta:
        model = Conversation
        fields = [
            "employer",
            "channel",
            "topic",
            "open_action",
            "next_action_owner",
            "occurred_after",
            "occurred_before",
        ]

    def filter_topic(self, queryset, name, value):
        if connection.features.supports_json_field_contains:
            return queryset.filter(topics__contains=[value])
        # SQLite keeps the JSON list as text; a code is matched with its quotes.
        return queryset.filter(topics__icontains=f'"{value}"')

    def filter_open_action(self, queryset, name, value):
        has_open = Exists(Action.objects.open().filter(conversation=OuterRef("pk")))
        return queryset.filter(has_open) if value else queryset.exclude(has_open)

    def filter_action_owner(self, queryset, name, value):
        return queryset.filter(
            Exists(Action.objects.filter(conversation=OuterRef("pk"), owner_id=value))
        )


class ServiceViewSet(viewsets.GenericViewSet):
    """Shared plumbing: pagination, and answers that show a row exactly as the list does."""

    pagination_class = StandardPagination
    # Token first: an integration with a wrong or revoked key gets 401 with a WWW-Authenticate
    # header (with session first DRF can only answer 403). Browsers still use their session.
    authentication_classes = API_AUTHENTICATION

    def get_object(self):
        """Another region's row answers a plain 404, naming no model."""
        try:
            return super().get_object()
        except Http404 as exc:
            raise NotFound() from exc

    def fresh(self, instance):
        """Reload through the scoped, prefetched queryset (so the answer matches the list)."""
        return self.get_queryset().get(pk=instance.pk)

    def respond(self, instance, status_code=status.HTTP_200_OK):
        """Answer with the row as the list shows it (read serializer, reloaded)."""
        serializer = self.read_serializer_class(
            self.fresh(instance), context=self.get_serializer_context()
        )
        return Response(serializer.data, status_code)

    def run_action(self, serializer_class, context=None):
        """Validate the request body with a workflow serializer and run its service."""
        serializer = serializer_class(
            data=self.request.data, context={**self.get_serializer_context(), **(context or {})}
        )
        serializer.is_valid(raise_exception=True)
        return serializer.save()


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
    list=extend_schema(summary=_("Employers you may see, filtered, searched and sorted")),
    retrieve=extend_schema(summary=_("One employer")),
    create=extend_schema(summary=_("Add an employer")),
    partial_update=extend_schema(summary=_("Change an employer's details")),
)
class EmployerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateMixin,
    PartialUpdateMixin,
    ServiceViewSet,
):
    serializer_class = read_serializer_class = EmployerSerializer
    filterset_class = EmployerFilter
    search_fields = ["name", "kvk_number", "locations__city"]
    ordering_fields = ["name", "stage", "employee_count", "created_at", "updated_at"]
    ordering = ["name", "pk"]

    def get_queryset(self):
        current_primaries = (
            AccountAssignment.objects.current()
            .filter(kind=AccountAssignment.Kind.PRIMARY)
            .select_related("manager")
        )
        return (
            Employer.objects.visible_to(self.request.user)
            .select_related("region")
            .prefetch_related(
                Prefetch("assignments", queryset=current_primaries, to_attr="current_primaries"),
                "locations",
            )
        )


@extend_schema_view(
    list=extend_schema(summary=_("Contact persons (filter by employer)")),
    retrieve=extend_schema(summary=_("One contact person")),
    create=extend_schema(summary=_("Add a contact person")),
    partial_update=extend_schema(
        summary=_("Correct a contact person"),
        description=_(
            "Level, job title and roles are recorded as a role change in the person's history."
        ),
    ),
)
class ContactViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateMixin,
    PartialUpdateMixin,
    ServiceViewSet,
):
    serializer_class = read_serializer_class = ContactSerializer
    filterset_class = ContactFilter
    search_fields = ["name", "email", "job_title"]
    ordering_fields = ["name", "level", "active_since", "left_on", "last_verified_on"]
    ordering = ["name", "pk"]

    def get_queryset(self):
        return ContactPerson.objects.visible_to(self.request.user).select_related("employer")

    @extend_schema(
        summary=_("Mark a contact person as left"),
        request=ContactLeftSerializer,
        responses=ContactSerializer,
    )
    @action(detail=True, methods=["post"], serializer_class=ContactLeftSerializer)
    def left(self, request, pk=None):
        contact = self.get_object()
        return self.respond(self.run_action(ContactLeftSerializer, {"contact": contact}))

    @extend_schema(
        summary=_("Confirm that a contact person's details are still right"),
        request=ContactVerifySerializer,
        responses=ContactSerializer,
    )
    @action(detail=True, methods=["post"], serializer_class=ContactVerifySerializer)
    def verify(self, request, pk=None):
        contact = self.get_object()
        return self.respond(self.run_action(ContactVerifySerializer, {"contact": contact}))

    @extend_schema(
        summary=_("Change a contact person's level, job title or roles"),
        request=ContactChangeRoleSerializer,
        responses=ContactSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="change-role",
        serializer_class=ContactChangeRoleSerializer,
    )
    def change_role(self, request, pk=None):
        contact = self.get_object()
        return self.respond(self.run_action(ContactChangeRoleSerializer, {"contact": contact}))


@extend_schema_view(
    list=extend_schema(summary=_("Account assignments, current and past")),
    retrieve=extend_schema(summary=_("One account assignment")),
)
class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    serializer_class = read_serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter
    ordering_fields = ["started_on", "ended_on", "created_at"]
    ordering = ["-started_on", "-pk"]

    def get_queryset(self):
        return AccountAssignment.objects.visible_to(self.request.user).select_related(
            "employer", "region", "manager", "assigned_by"
        )

    @extend_schema(
        summary=_("Assign the fixed account manager (or a backup)"),
        description=_(
            "Ends the current assignment of that kind. A handover note is required when the "
            "employer already had a fixed account manager."
        ),
        request=AssignSerializer,
        responses={201: AssignmentSerializer},
    )
    @action(detail=False, methods=["post"], serializer_class=AssignSerializer)
    def assign(self, request):
        assignment = self.run_action(AssignSerializer)
        return self.respond(assignment, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("End an assignment without a successor"),
        request=AssignmentEndSerializer,
        responses=AssignmentSerializer,
    )
    @action(detail=True, methods=["post"], serializer_class=AssignmentEndSerializer)
    def end(self, request, pk=None):
        assignment = self.get_object()
        return self.respond(self.run_action(AssignmentEndSerializer, {"assignment": assignment}))


@extend_schema_view(
    list=extend_schema(summary=_("Conversations, newest first")),
    retrieve=extend_schema(summary=_("One conversation")),
    create=extend_schema(summary=_("Log a conversation")),
)
class ConversationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, CreateMixin, ServiceViewSet
):
    serializer_class = read_serializer_class = ConversationSerializer
    filterset_class = ConversationFilter
    search_fields = ["summary", "actions__title"]
    ordering_fields = ["occurred_at", "created_at"]
    ordering = ["-occurred_at", "-pk"]

    def get_queryset(self, *, newest_first=False):
        conversations = Conversation.objects.all()
        user = self.request.user
        visible = (
            conversations.visible_to_newest_first(user)
            if newest_first
            else conversations.visible_to(user)
        )
        return visible.select_related("employer", "author").prefetch_related(
            "participants",
            Prefetch("actions", Action.objects.select_related("owner", "closed_by")),
        )

    def paginate_queryset(self, queryset):
        """A page of the newest conversations of a region is read by walking the time index
        (a million rows: sorting the region's ~50,000 first took 300 ms); the capped count
        keeps the join form, which counts fastest (docs/performance.md)."""
        if self.paginator is None:
            return None
        rows = self.filter_queryset(self.get_queryset(newest_first=True))
        return self.paginator.paginate_queryset(rows, self.request, view=self, count_from=queryset)

    @extend_schema(
        summary=_("Mark the conversation's next action as done"),
        request=None,
        responses=ConversationSerializer,
    )
    @action(detail=True, methods=["post"], url_path="complete-action")
    def complete_action(self, request, pk=None):
        conversation = self.get_object()
        with service_errors():
            services.next_action_complete(conversation=conversation, by=request.user)
        return self.respond(conversation)
