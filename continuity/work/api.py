"""The work API (/api/v1/work/): "Mijn werk" for programs, read-only. Scoped exactly like the
page: the same filter form, the same `target_for` (whose work one may read) and
the same selectors (`work_of`, `team_overdue`)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.authentication import API_AUTHENTICATION
from wsp_crm.api_schema import ContractAutoSchema

from .access import may_view_others, target_for
from .lists import team_overdue, work_of
from .rows import Group, Kind
from .views import MAX_ID, TeamFilterForm, WorkFilterForm, team_region_id


class WorkItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    kind_display = serializers.CharField(source="kind_label")
    id = serializers.IntegerField(
        source="pk",
        help_text=_(
            "The id of the thing itself: the action, follow-up, signal, placement (contract "
            "end) or instrument period."
        ),
    )
    title = serializers.CharField(
        help_text=_("For an employer's question: the question as the employer asked it.")
    )
    detail = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    group = serializers.ChoiceField(choices=Group.choices)
    employer = serializers.IntegerField(source="employer_id")
    employer_name = serializers.CharField()
    person = serializers.IntegerField(
        source="person_id", allow_null=True, help_text=_("Whose work this is.")
    )
    placement = serializers.IntegerField(source="placement_id", allow_null=True)
    severity = serializers.IntegerField(
        allow_null=True, help_text=_("Signals only: 1 info, 2 attention, 3 urgent.")
    )
    url = serializers.CharField(help_text=_("The page of the thing itself."))


class WorkGroupCountsSerializer(serializers.Serializer):
    overdue = serializers.IntegerField()
    today = serializers.IntegerField()
    this_week = serializers.IntegerField()
    later = serializers.IntegerField()
    no_date = serializers.IntegerField()


class WorkKindCountsSerializer(serializers.Serializer):
    action = serializers.IntegerField()
    question = serializers.IntegerField()
    follow_up = serializers.IntegerField()
    signal = serializers.IntegerField()
    contract_end = serializers.IntegerField()
    instrument_end = serializers.IntegerField()


class WorkSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    person_name = serializers.CharField(source="person.full_name")
    today = serializers.DateField()
    total = serializers.IntegerField()
    overdue = serializers.IntegerField()
    counts = serializers.SerializerMethodField()
    by_kind = serializers.SerializerMethodField()
    truncated = serializers.BooleanField(
        help_text=_(
            "True when a date group holds more rows than `results` shows (at most 50 per "
            "group); narrow with kind or employer."
        )
    )
    results = WorkItemSerializer(source="items", many=True)

    @extend_schema_field(WorkGroupCountsSerializer)
    def get_counts(self, obj):
        return {group.key: group.count for group in obj.groups}

    @extend_schema_field(WorkKindCountsSerializer)
    def get_by_kind(self, obj):
        return {str(kind): count for kind, count in obj.kind_counts.items()}


class PersonWorkSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    person_name = serializers.CharField(source="person.full_name")
    is_active = serializers.BooleanField(source="person.is_active")
    count = serializers.IntegerField(help_text=_("All overdue rows of this person."))
    results = WorkItemSerializer(source="items", many=True)


class TeamWorkSerializer(serializers.Serializer):
    region = serializers.IntegerField(source="region_id")
    today = serializers.DateField()
    total = serializers.IntegerField()
    people = PersonWorkSerializer(many=True)


FILTER_PARAMETERS = [
    OpenApiParameter(
        "kind",
        OpenApiTypes.STR,
        enum=[value for value, _label in Kind.choices],
        description=_("Only this kind of work."),
    ),
    OpenApiParameter(
        "employer",
        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        description=_("Only the work of this employer (its id)."),
    ),
    OpenApiParameter(
        "q",
        {"type": "string", "minLength": 1, "maxLength": 100},
        description=_("Only employers whose name contains this."),
    ),
]
USER_PARAMETER = OpenApiParameter(
    "user",
    {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    description=_(
        "Whose work (default: yours). Team leads: anybody of their region; WSP admins: anybody "
        "on the staff; account managers: only themselves (403)."
    ),
)
REGION_PARAMETER = OpenApiParameter(
    "region",
    {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    description=_("WSP admins: the region (required for them). Team leads: always their own."),
)


def validated(request, form_class=WorkFilterForm, allowed=None, **form_kwargs):
    """The query parameters through the page's filter form: an empty or unknown value answers
    400 with the parameter's name (as StrictFilterBackend does for the other lists)."""
    errors = {}
    for name in request.query_params:
        if allowed is not None and name not in allowed:
            continue
        if any(value == "" for value in request.query_params.getlist(name)):
            errors[name] = [_("Leave the parameter out instead of sending it empty.")]
    form = form_class(request.query_params or None, **form_kwargs)
    if form.is_bound and not form.is_valid():
        for name, messages in form.errors.items():
            if allowed is None or name in allowed:
                errors.setdefault(name, list(messages))
    if errors:
        raise serializers.ValidationError(errors)
    return form


class OneObjectSchema(ContractAutoSchema):
    """Both answers are one object (the rows are inside it), not a list of objects."""

    def _is_list_view(self, serializer=None):
        return False


class WorkViewSet(viewsets.GenericViewSet):
    """Read-only: the work list of one person and the team's overdue work."""

    schema = OneObjectSchema()
    authentication_classes = API_AUTHENTICATION
    serializer_class = WorkSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(
        summary=_("Mijn werk: everything that asks for one staff member"),
        description=_(
            "Open actions and employers' questions they own, follow-ups due for placements "
            "they are responsible for, open signals assigned to them, and contract and "
            "instrument deadlines of their placements and of the employers they hold, grouped "
            "by date (overdue, today, this week until Sunday, later, no date), soonest first. "
            "At most 50 rows per group; the counts are exact."
        ),
        parameters=[USER_PARAMETER, *FILTER_PARAMETERS],
        responses={
            200: WorkSerializer,
            400: OpenApiResponse(description=_("A parameter was empty or not understood.")),
            403: OpenApiResponse(description=_("Not staff, or another person's work.")),
            404: OpenApiResponse(description=_("No such person in your region.")),
        },
    )
    def list(self, request):
        form = validated(request, allowed={"user", "kind", "employer", "q"})
        person = target_for(request.user, form.value("user"))
        result = work_of(person, filters=form.filters())
        return Response(WorkSerializer(result).data)

    @extend_schema(
        summary=_("The team's overdue work, by person"),
        description=_(
            "Every overdue row of the region's staff (deactivated colleagues too), at most 10 "
            "per person with the exact count. Team leads and WSP admins only."
        ),
        parameters=[REGION_PARAMETER, *FILTER_PARAMETERS],
        responses={
            200: TeamWorkSerializer,
            400: OpenApiResponse(description=_("A parameter was empty or not understood.")),
            403: OpenApiResponse(description=_("Not a team lead or WSP admin.")),
            404: OpenApiResponse(description=_("No such region.")),
        },
    )
    @action(detail=False, methods=["get"], serializer_class=TeamWorkSerializer)
    def team(self, request):
        viewer = request.user
        if not may_view_others(viewer):
            raise PermissionDenied(_("Only team leads and WSP admins see the team's work."))
        form = validated(
            request, form_class=TeamFilterForm, allowed={"region", "kind", "employer", "q"}
        )
        region_id = team_region_id(viewer, form)
        if region_id is None:
            raise serializers.ValidationError({"region": [_("Choose a region.")]})
        result = team_overdue(region_id, filters=form.filters())
        return Response(TeamWorkSerializer(result).data)


def register(router):
    router.register("work", WorkViewSet, basename="work")
