"""The employer portal's API (/api/v1/portal/...), for employer users only.

Every queryset starts from `request.user.employer`: another employer's id answers 404. WSP staff
get 403 here (they have the staff endpoints), and employer users get 403 on every staff
endpoint (IsStaffMember is the API default). Writes go through employers.services and
portal.services; their validation errors answer 400 with field messages.

The lead wires these in with `portal.api.register(router)`.
"""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from candidates.access import log_candidates_listed
from employers import services as employer_services
from employers.models import AccountAssignment, ContactPerson, Conversation
from placements.models import Instrument, Placement
from wsp_crm.api_schema import ContractAutoSchema
from wsp_crm.api_support import service_errors

from . import services
from .forms import QuestionForm
from .models import ContactProposal
from .views import current_contacts, portal_placements


class IsEmployerUser(BasePermission):
    """Active employer users who belong to an employer."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_employer_user and user.employer_id)


class PortalViewSet(viewsets.GenericViewSet):
    permission_classes = [IsEmployerUser]
    pagination_class = None

    @property
    def employer(self):
        return self.request.user.employer

    def for_schema(self):
        """True while drf-spectacular inspects the view (there is no employer user then)."""
        return getattr(self, "swagger_fake_view", False)


# Serializers ----------------------------------------------------------------------------------


class PortalStaffPersonSerializer(serializers.Serializer):
    name = serializers.CharField(source="full_name")
    job_title = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.EmailField()


class PortalFixedContactSerializer(serializers.Serializer):
    contact = PortalStaffPersonSerializer(allow_null=True)
    since = serializers.DateField(allow_null=True)
    backup = PortalStaffPersonSerializer(allow_null=True)
    changed_on = serializers.DateField(allow_null=True)
    changed_to = PortalStaffPersonSerializer(allow_null=True)


class PortalContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactPerson
        fields = ["id", "name", "job_title", "phone", "email", "left_on", "last_verified_on"]
        read_only_fields = fields


class PortalLeftSerializer(serializers.Serializer):
    left_on = serializers.DateField(default=timezone.localdate)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class PortalProposalSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactProposal
        fields = [
            "id",
            "name",
            "job_title",
            "level",
            "is_hr",
            "is_supervisor",
            "phone",
            "email",
            "note",
            "status",
            "proposed_at",
        ]
        read_only_fields = ["id", "status", "proposed_at"]

    def validate(self, attrs):
        if not (attrs.get("phone") or attrs.get("email")):
            raise serializers.ValidationError(_("Give a phone number or an e-mail address."))
        return attrs


class PortalTeamMemberSerializer(serializers.Serializer):
    """A current team member as the employer sees them: name and role only."""

    name = serializers.CharField()
    role = serializers.CharField()
    organisation = serializers.CharField()


class PortalSharedProfileSerializer(serializers.Serializer):
    """A candidate's profile as an employer may see it: the keys of candidates.sharing
    (EMPLOYER_PROFILE_FIELDS). The named and arrangement fields are left out when the consent
    does not cover them."""

    hours_per_week = serializers.IntegerField(allow_null=True)
    preferred_days = serializers.ListField(child=serializers.CharField())
    available_from = serializers.DateField(allow_null=True)
    sectors = serializers.ListField(child=serializers.CharField())
    has_driving_licence = serializers.BooleanField()
    uses_public_transport = serializers.BooleanField()
    strengths = serializers.CharField(required=False)
    experience = serializers.CharField(required=False)
    qualifications = serializers.CharField(required=False)
    motivation = serializers.CharField(required=False)
    availability = serializers.CharField(required=False)
    workplace_needs = serializers.CharField(required=False)
    guidance_needs = serializers.CharField(required=False)


class PortalSharedContactSerializer(serializers.Serializer):
    email = serializers.CharField()
    phone = serializers.CharField()


class PortalRunningInstrumentSerializer(serializers.Serializer):
    """A running instrument of a placement and what the employer has to do (plain language)."""

    name = serializers.CharField()
    status = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    todo = serializers.ListField(child=serializers.CharField())


class PortalPlacementSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="placement.pk")
    employee = serializers.CharField(source="shared.name")
    named = serializers.BooleanField(source="shared.named")
    job_title = serializers.CharField(source="placement.job_title")
    start_date = serializers.DateField(source="placement.start_date")
    next_follow_up = serializers.DateField(source="placement.next_follow_up", allow_null=True)
    job_coach = serializers.SerializerMethodField()
    team = PortalTeamMemberSerializer(many=True)
    profile = serializers.SerializerMethodField()
    instruments = PortalRunningInstrumentSerializer(many=True)

    def get_job_coach(self, row) -> str:
        """Kept for clients of the single job-coach field: the current job coach's name."""
        coaches = [member["name"] for member in row["team"] if member["kind"] == "job_coach"]
        return coaches[0] if coaches else ""

    @extend_schema_field(PortalSharedProfileSerializer(allow_null=True))
    def get_profile(self, row):
        shared = row["shared"]
        if not shared["named"] or shared["profile"] is None:
            return None
        return PortalSharedProfileSerializer(shared["profile"]).data


class PortalInstrumentSerializer(serializers.ModelSerializer):
    provider = serializers.CharField(source="get_provider_display")

    class Meta:
        model = Instrument
        fields = ["id", "name", "description", "provider", "max_duration_months"]


class PortalQuestionSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="summary", max_length=4000)
    topic = serializers.ChoiceField(
        choices=[value for value, _label in QuestionForm.TOPIC_CHOICES],
        required=False,
        allow_blank=True,
        write_only=True,
    )
    answer_due = serializers.DateField(source="next_action_due", read_only=True)
    answered = serializers.SerializerMethodField()

    class Meta:
        model = Conversation
        fields = ["id", "question", "topic", "occurred_at", "answer_due", "answered"]
        read_only_fields = ["id", "occurred_at"]

    def get_answered(self, conversation) -> bool:
        return conversation.next_action_done_at is not None


# Endpoints ------------------------------------------------------------------------------------


class SingleObjectSchema(ContractAutoSchema):
    """drf-spectacular documents a viewset's `list` as an array; this route's `list` answers one
    object (the employer's fixed contact), and its schema has to say so."""

    def _is_list_view(self, serializer=None):
        return False


class FixedContactViewSet(PortalViewSet):
    serializer_class = PortalFixedContactSerializer
    queryset = AccountAssignment.objects.none()
    schema = SingleObjectSchema()

    @extend_schema(responses=PortalFixedContactSerializer)
    def list(self, request):
        data = services.fixed_contact(self.employer)
        primary, backup, changed = data["assignment"], data["backup"], data["changed"]
        payload = {
            "contact": primary.manager if primary else None,
            "since": primary.started_on if primary else None,
            "backup": backup.manager if backup else None,
            "changed_on": changed["on"] if changed else None,
            "changed_to": changed["manager"] if changed else None,
        }
        return Response(PortalFixedContactSerializer(payload).data)


class ContactViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PortalViewSet):
    serializer_class = PortalContactSerializer
    queryset = ContactPerson.objects.none()

    def get_queryset(self):
        if self.for_schema():
            return self.queryset
        return current_contacts(self.employer)

    @extend_schema(request=None, responses=PortalContactSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        contact = self.get_object()
        with service_errors():
            employer_services.contact_verify(contact=contact, by=request.user)
        return Response(PortalContactSerializer(contact).data)

    @extend_schema(request=PortalLeftSerializer, responses=PortalContactSerializer)
    @action(detail=True, methods=["post"])
    def left(self, request, pk=None):
        contact = self.get_object()
        form = PortalLeftSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        with service_errors(field_map={"left_reason": "reason"}):
            contact = employer_services.contact_mark_left(
                contact=contact,
                left_on=form.validated_data["left_on"],
                reason=form.validated_data["reason"],
                by=request.user,
            )
        return Response(PortalContactSerializer(contact).data)

    @extend_schema(request=PortalProposalSerializer, responses={201: PortalProposalSerializer})
    @action(detail=False, methods=["post"])
    def propose(self, request):
        form = PortalProposalSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        with service_errors():
            proposal = services.contact_propose(
                employer=self.employer,
                by=request.user,
                is_director=data.get("level") == ContactPerson.Level.TOP,
                **data,
            )
        return Response(PortalProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


class PlacementViewSet(PortalViewSet):
    serializer_class = PortalPlacementSerializer
    queryset = Placement.objects.none()
    lookup_value_converter = "int"

    def _rows(self):
        return portal_placements(self.employer)

    @extend_schema(responses=PortalPlacementSerializer(many=True))
    def list(self, request):
        rows = self._rows()
        log_candidates_listed(request, [row["placement"].candidate for row in rows])
        return Response(PortalPlacementSerializer(rows, many=True).data)

    @extend_schema(responses=PortalPlacementSerializer)
    def retrieve(self, request, pk=None):
        for row in self._rows():
            if str(row["placement"].pk) == str(pk):
                log_candidates_listed(request, [row["placement"].candidate])
                return Response(PortalPlacementSerializer(row).data)
        raise Http404


class InstrumentViewSet(mixins.ListModelMixin, PortalViewSet):
    serializer_class = PortalInstrumentSerializer
    queryset = Instrument.objects.none()

    def get_queryset(self):
        if self.for_schema():
            return self.queryset
        return Instrument.objects.filter(
            region_id=self.employer.region_id, is_active=True
        ).order_by("name")


class QuestionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, PortalViewSet
):
    serializer_class = PortalQuestionSerializer
    queryset = Conversation.objects.none()

    def get_queryset(self):
        if self.for_schema():
            return self.queryset
        return Conversation.objects.filter(
            employer=self.employer,
            author=self.request.user,
            channel=Conversation.Channel.MESSAGE,
        ).order_by("-occurred_at", "-pk")

    def create(self, request, *args, **kwargs):
        form = PortalQuestionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        with service_errors(field_map={"summary": "question"}):
            conversation = services.question_ask(
                user=request.user,
                question=form.validated_data["summary"],
                topic=form.validated_data.get("topic", ""),
            )
        return Response(PortalQuestionSerializer(conversation).data, status=status.HTTP_201_CREATED)


def register(router):
    """Called from wsp_crm/api.py: the portal endpoints under /api/v1/portal/."""
    router.register("portal/me/contact", FixedContactViewSet, basename="portal-contact-me")
    router.register("portal/contacts", ContactViewSet, basename="portal-contact")
    router.register("portal/placements", PlacementViewSet, basename="portal-placement")
    router.register("portal/instruments", InstrumentViewSet, basename="portal-instrument")
    router.register("portal/questions", QuestionViewSet, basename="portal-question")
    question_api.register(router)
    proposal_api.register(router)


# The questions' endpoints build on PortalViewSet above (and are registered by register()).
from . import proposal_api, question_api  # noqa: E402
