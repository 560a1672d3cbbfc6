"""API serializers for employer accounts. Writes go through employers.services, never straight
to the models; every writable foreign key only offers what the requesting user may see."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Region, User
from wsp_crm.api_support import ScopedPrimaryKeyRelatedField, service_errors

from . import services
from .filters import managers_visible_to
from .models import AccountAssignment, ContactPerson, Conversation, Employer, Location

ROLE_CHANGE_FIELDS = ["level", "job_title", *ContactPerson.ROLE_FIELDS]


def _request_user(serializer):
    return serializer.context["request"].user


def visible(queryset, user):
    return queryset.visible_to(user)


def regional_staff(queryset, user):
    """Active account managers and team leads of the user's region (all regions for admins)."""
    return managers_visible_to(user)


class PersonSerializer(serializers.Serializer):
    """A staff member as the API shows them: id and name."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="full_name", read_only=True)


class LocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        fields = ["id", "name", "street", "postcode", "city", "is_main"]
        read_only_fields = fields


class FixedAccountManagerSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(source="pk", read_only=True)
    id = serializers.IntegerField(source="manager.pk", read_only=True)
    name = serializers.CharField(source="manager.full_name", read_only=True)
    since = serializers.DateField(source="started_on", read_only=True)


def current_primary(employer):
    """The employer's fixed account manager in its own region (from the prefetch if present)."""
    primaries = getattr(employer, "current_primaries", None)
    if primaries is None:
        primaries = (
            employer.assignments.current()
            .filter(kind=AccountAssignment.Kind.PRIMARY)
            .select_related("manager")
        )
    for assignment in primaries:
        if assignment.region_id == employer.region_id:
            return assignment
    return None


class EmployerSerializer(serializers.ModelSerializer):
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(),
        required=False,
        help_text=_(
            "Defaults to your own region. Only WSP admins may create employers in another region; "
            "the region cannot be changed afterwards."
        ),
    )
    region_name = serializers.CharField(source="region.name", read_only=True)
    size_class = serializers.CharField(read_only=True)
    job_agreement_applies = serializers.BooleanField(read_only=True)
    fixed_account_manager = serializers.SerializerMethodField()
    locations = LocationSerializer(many=True, read_only=True)

    class Meta:
        model = Employer
        fields = [
            "id",
            "name",
            "kvk_number",
            "branch_number",
            "region",
            "region_name",
            "ownership",
            "sector",
            "employee_count",
            "size_class",
            "job_agreement_applies",
            "is_social_enterprise",
            "pso_level",
            "inclusion",
            "stage",
            "style_vacancy_filling",
            "style_unburdening",
            "style_strategic",
            "is_national",
            "is_ambassador",
            "website",
            "phone",
            "knowledge_work",
            "knowledge_culture",
            "knowledge_accessibility",
            "knowledge_guidance",
            "fixed_account_manager",
            "locations",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    @extend_schema_field(FixedAccountManagerSerializer(allow_null=True))
    def get_fixed_account_manager(self, employer):
        assignment = current_primary(employer)
        return FixedAccountManagerSerializer(assignment).data if assignment else None

    def validate_region(self, region):
        user = _request_user(self)
        if self.instance is not None and region != self.instance.region:
            raise serializers.ValidationError(_("The region of an employer cannot be changed."))
        if self.instance is None and not user.is_wsp_admin and region.pk != user.region_id:
            raise serializers.ValidationError(_("You can only add employers to your own region."))
        return region

    def create(self, validated_data):
        user = _request_user(self)
        region = validated_data.pop("region", None) or user.region
        if region is None:
            raise serializers.ValidationError({"region": [_("Choose the employer's region.")]})
        with service_errors():
            return services.employer_create(region=region, by=user, **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("region", None)
        with service_errors():
            return services.employer_update(
                employer=instance, by=_request_user(self), **validated_data
            )


class ContactSerializer(serializers.ModelSerializer):
    employer = ScopedPrimaryKeyRelatedField(queryset=Employer.objects.all(), scope=visible)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    has_left = serializers.BooleanField(read_only=True)

    class Meta:
        model = ContactPerson
        fields = [
            "id",
            "employer",
            "employer_name",
            "name",
            "job_title",
            "level",
            "is_director",
            "is_hr",
            "is_supervisor",
            "is_champion",
            "phone",
            "email",
            "active_since",
            "left_on",
            "left_reason",
            "successor",
            "has_left",
            "last_verified_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "left_on",
            "left_reason",
            "successor",
            "last_verified_on",
            "created_at",
            "updated_at",
        ]

    def validate_employer(self, employer):
        if self.instance is not None and employer != self.instance.employer:
            raise serializers.ValidationError(
                _("A contact person cannot move to another employer; add them there instead.")
            )
        return employer

    def create(self, validated_data):
        with service_errors():
            return services.contact_add(by=_request_user(self), **validated_data)

    def update(self, instance, validated_data):
        """Corrections go through contact_update; level, job title and roles through
        contact_change_role so that the change is kept in the contact's history."""
        validated_data.pop("employer", None)
        user = _request_user(self)
        role_changes = {
            field: validated_data.pop(field)
            for field in ROLE_CHANGE_FIELDS
            if field in validated_data
        }
        with service_errors(), transaction.atomic():
            if role_changes:
                instance = services.contact_change_role(contact=instance, by=user, **role_changes)
            if validated_data:
                instance = services.contact_update(contact=instance, by=user, **validated_data)
        return instance


class ContactLeftSerializer(serializers.Serializer):
    left_on = serializers.DateField(help_text=_("The last working day at the employer."))
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    successor = ScopedPrimaryKeyRelatedField(
        queryset=ContactPerson.objects.all(),
        scope=visible,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("A contact person of the same employer who takes over."),
    )

    def validate_successor(self, successor):
        contact = self.context["contact"]
        if successor is None:
            return None
        if successor.employer_id != contact.employer_id:
            raise serializers.ValidationError(_("The successor must work at the same employer."))
        if successor.pk == contact.pk:
            raise serializers.ValidationError(_("A person cannot succeed themselves."))
        return successor

    def save(self, **kwargs):
        data = self.validated_data
        with service_errors(field_map={"left_reason": "reason"}):
            return services.contact_mark_left(
                contact=self.context["contact"],
                left_on=data["left_on"],
                reason=data["reason"],
                successor=data["successor"],
                by=_request_user(self),
            )


class ContactVerifySerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False, help_text=_("The day the details were confirmed; defaults to today.")
    )

    def validate_on(self, on):
        if on > timezone.localdate():
            raise serializers.ValidationError(_("This date lies in the future."))
        return on

    def save(self, **kwargs):
        with service_errors():
            return services.contact_verify(
                contact=self.context["contact"],
                on=self.validated_data.get("on"),
                by=_request_user(self),
            )


class ContactChangeRoleSerializer(serializers.ModelSerializer):
    on = serializers.DateField(
        required=False, help_text=_("The day the change took effect; defaults to today.")
    )

    class Meta:
        model = ContactPerson
        fields = [*ROLE_CHANGE_FIELDS, "on"]
        extra_kwargs = {field: {"required": False} for field in ROLE_CHANGE_FIELDS}

    def validate(self, attrs):
        if not set(attrs) & set(ROLE_CHANGE_FIELDS):
            raise serializers.ValidationError(
                _("Give the new level, job title or roles of this person.")
            )
        return attrs

    def save(self, **kwargs):
        changes = dict(self.validated_data)
        with service_errors():
            return services.contact_change_role(
                contact=self.context["contact"], by=_request_user(self), **changes
            )


class AssignmentSerializer(serializers.ModelSerializer):
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    manager = PersonSerializer(read_only=True)
    assigned_by = PersonSerializer(read_only=True, allow_null=True)
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = AccountAssignment
        fields = [
            "id",
            "employer",
            "employer_name",
            "region",
            "region_name",
            "manager",
            "kind",
            "started_on",
            "ended_on",
            "is_current",
            "handover_note",
            "assigned_by",
            "created_at",
        ]
        read_only_fields = fields


class AssignSerializer(serializers.Serializer):
    employer = ScopedPrimaryKeyRelatedField(queryset=Employer.objects.all(), scope=visible)
    manager = ScopedPrimaryKeyRelatedField(
        queryset=User.objects.all(),
        scope=regional_staff,
        help_text=_("An active account manager or team lead of the region."),
    )
    kind = serializers.ChoiceField(
        choices=AccountAssignment.Kind.choices, default=AccountAssignment.Kind.PRIMARY
    )
    handover_note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Required when the employer already has a fixed account manager."),
    )
    started_on = serializers.DateField(required=False, allow_null=True, default=None)

    def save(self, **kwargs):
        data = self.validated_data
        employer, manager = data["employer"], data["manager"]
        # A national employer is held per region: the manager's own region.
        region = manager.region if employer.is_national and manager.region_id else employer.region
        with service_errors():
            return services.account_manager_assign(
                employer=employer,
                manager=manager,
                region=region,
                kind=data["kind"],
                handover_note=data["handover_note"],
                started_on=data["started_on"],
                by=_request_user(self),
            )


class AssignmentEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Defaults to today.")
    )

    def save(self, **kwargs):
        with service_errors():
            return services.assignment_end(
                assignment=self.context["assignment"],
                ended_on=self.validated_data["ended_on"],
                by=_request_user(self),
            )


class ParticipantSerializer(serializers.ModelSerializer):
    has_left = serializers.BooleanField(read_only=True)

    class Meta:
        model = ContactPerson
        fields = ["id", "name", "job_title", "has_left"]
        read_only_fields = fields


class ConversationSerializer(serializers.ModelSerializer):
    employer = ScopedPrimaryKeyRelatedField(queryset=Employer.objects.all(), scope=visible)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    author = PersonSerializer(read_only=True)
    participants = ScopedPrimaryKeyRelatedField(
        queryset=ContactPerson.objects.all(),
        scope=visible,
        many=True,
        required=False,
        help_text=_("Contact persons of this employer who took part."),
    )
    participant_details = ParticipantSerializer(source="participants", many=True, read_only=True)
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=Conversation.Topic.choices),
        required=False,
        allow_empty=True,
    )
    # The next action is an Action logged with the conversation (/api/v1/actions/ has all of
    # it); these fields create it and show it as the conversation always did.
    next_action = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    next_action_due = serializers.DateField(required=False, allow_null=True, default=None)
    next_action_owner = ScopedPrimaryKeyRelatedField(
        queryset=User.objects.all(),
        scope=regional_staff,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Defaults to you when there is a next action."),
    )
    action = serializers.SerializerMethodField(
        help_text=_("The action logged with this conversation (/api/v1/actions/).")
    )
    next_action_done_at = serializers.DateTimeField(read_only=True, allow_null=True)
    next_action_done_by = PersonSerializer(read_only=True, allow_null=True)
    has_open_action = serializers.BooleanField(read_only=True)

    class Meta:
        model = Conversation
        fields = [
            "id",
            "employer",
            "employer_name",
            "author",
            "occurred_at",
            "channel",
            "participants",
            "participant_details",
            "topics",
            "service_style",
            "summary",
            "next_action",
            "next_action_due",
            "next_action_owner",
            "action",
            "has_open_action",
            "next_action_done_at",
            "next_action_done_by",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]

    def validate_topics(self, topics):
        return list(dict.fromkeys(topics))

    def get_action(self, conversation) -> int | None:
        return conversation.action.pk if conversation.action else None

    def create(self, validated_data):
        with service_errors():
            return services.conversation_log(author=_request_user(self), **validated_data)
