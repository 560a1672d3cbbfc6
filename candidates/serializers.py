"""API serializers for candidates, profiles, consents, staffing requests and proposals.

Explicit fields only. Writes go through candidates.services, never straight to the models; every
writable foreign key only accepts what the requesting user may see (anything else is a 400, like
an id that does not exist). A reference to a candidate is written to the access log, allowed or
denied."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Region, User
from employers.models import Employer, Location
from employers.serializers import PersonSerializer, regional_staff
from wsp_crm.api_support import ScopedPrimaryKeyRelatedField, service_errors

from . import services
from .access import route_of
from .models import (
    Candidate,
    CandidateProfile,
    Proposal,
    SharingConsent,
    StaffingRequest,
    Weekday,
)
from .services import PROFILE_FIELDS, REQUEST_FIELDS

MAX_ID = 2**63 - 1
MAX_HOURS = 60


def _request_user(serializer):
    return serializer.context["request"].user


def visible(queryset, user):
    return queryset.visible_to(user)


def visible_locations(queryset, user):
    return queryset.filter(employer__in=Employer.objects.visible_to(user))


def not_in_future(value):
    if value is not None and value > timezone.localdate():
        raise serializers.ValidationError(_("This date lies in the future."))
    return value


class CandidateField(ScopedPrimaryKeyRelatedField):
    """A writable reference to a candidate the user may see. Every reference is logged in the
    candidate access log: allowed, or denied (unknown or not visible: 400)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Candidate.objects.all(), scope=visible, **kwargs)

    def to_internal_value(self, data):
        try:
            candidate = super().to_internal_value(data)
        except serializers.ValidationError:
            self.log(data, None)
            raise
        self.log(data, candidate)
        return candidate

    def log(self, data, candidate):
        request = self.context.get("request")
        if request is None:
            return
        try:
            candidate_id = int(data)
        except (TypeError, ValueError):
            return  # not an id at all: nobody's record was looked for
        if isinstance(data, bool) or not 0 < candidate_id <= MAX_ID:
            return
        services.candidate_access_log(
            user=request.user,
            candidate_id=candidate_id,
            candidate=candidate,
            route=route_of(request),
            method=request.method,
            allowed=candidate is not None,
        )


# Candidates and profiles ----------------------------------------------------------------------


class CandidateProfileSerializer(serializers.ModelSerializer):
    updated_by = PersonSerializer(read_only=True, allow_null=True)
    preferred_days = serializers.ListField(
        child=serializers.ChoiceField(choices=Weekday.choices), required=False, allow_empty=True
    )
    sectors = serializers.ListField(
        child=serializers.ChoiceField(choices=Employer.Sector.choices),
        required=False,
        allow_empty=True,
        help_text=_("Where this person would like to work; empty means no preference."),
    )

    class Meta:
        model = CandidateProfile
        fields = [*PROFILE_FIELDS, "updated_at", "updated_by"]
        read_only_fields = ["updated_at"]
        extra_kwargs = {
            "hours_per_week": {"max_value": MAX_HOURS},
            "max_travel_minutes": {"max_value": 600},
            "max_travel_km": {"max_value": 300},
        }

    def update(self, instance, validated_data):
        with service_errors():
            return services.candidate_profile_update(
                candidate=instance.candidate, by=_request_user(self), **validated_data
            )


class CandidateSerializer(serializers.ModelSerializer):
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(),
        required=False,
        help_text=_(
            "Defaults to your own region. Only WSP admins choose another region; the region "
            "cannot be changed afterwards."
        ),
    )
    region_name = serializers.CharField(source="region.name", read_only=True)
    full_name = serializers.CharField(read_only=True)
    responsible = ScopedPrimaryKeyRelatedField(
        queryset=User.objects.all(),
        scope=regional_staff,
        required=False,
        help_text=_(
            "An active account manager or team lead of the candidate's region. Defaults to you."
        ),
    )
    responsible_name = serializers.CharField(source="responsible.full_name", read_only=True)
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=Candidate.TargetGroup.choices),
        required=False,
        allow_empty=True,
        help_text=_("Confidential, for WSP staff only: never shown to employers."),
    )
    is_anonymised = serializers.SerializerMethodField()
    profile = CandidateProfileSerializer(required=False, allow_null=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "region",
            "region_name",
            "first_name",
            "last_name",
            "full_name",
            "email",
            "phone",
            "municipality",
            "postcode_area",
            "responsible",
            "responsible_name",
            "target_groups",
            "profile",
            "is_anonymised",
            "anonymised_at",
            "created_at",
        ]
        read_only_fields = ["id", "anonymised_at", "created_at"]

    @extend_schema_field(serializers.BooleanField())
    def get_is_anonymised(self, candidate):
        return candidate.anonymised_at is not None

    def validate_region(self, region):
        user = _request_user(self)
        if self.instance is not None and region.pk != self.instance.region_id:
            raise serializers.ValidationError(_("The region of a candidate cannot be changed."))
        if self.instance is None and not user.is_wsp_admin and region.pk != user.region_id:
            raise serializers.ValidationError(_("You can only add candidates to your own region."))
        return region

    def validate_target_groups(self, target_groups):
        return list(dict.fromkeys(target_groups))

    def create(self, validated_data):
        user = _request_user(self)
        region = validated_data.pop("region", None) or user.region
        profile = validated_data.pop("profile", None) or {}
        if region is None:
            raise serializers.ValidationError({"region": [_("Choose the candidate's region.")]})
        if "responsible" not in validated_data:
            if user.role not in User.REGIONAL_ROLES:
                raise serializers.ValidationError(
                    {"responsible": [_("Choose the responsible staff member.")]}
                )
            validated_data["responsible"] = user
        with service_errors():
            return services.candidate_create(
                region=region, by=user, profile=profile, **validated_data
            )

    def update(self, instance, validated_data):
        user = _request_user(self)
        validated_data.pop("region", None)
        profile = validated_data.pop("profile", None)
        with service_errors(), transaction.atomic():
            if validated_data or profile is None:
                instance = services.candidate_update(candidate=instance, by=user, **validated_data)
            if profile:
                if instance.anonymised_at:
                    raise serializers.ValidationError(
                        {"profile": [_("This candidate has been anonymised.")]}
                    )
                services.candidate_profile_update(candidate=instance, by=user, **profile)
                instance = Candidate.objects.select_related("profile").get(pk=instance.pk)
        return instance


# Consents -------------------------------------------------------------------------------------


class ConsentSerializer(serializers.ModelSerializer):
    candidate = CandidateField()
    employer = ScopedPrimaryKeyRelatedField(queryset=Employer.objects.all(), scope=visible)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    given_on = serializers.DateField(
        required=False, validators=[not_in_future], help_text=_("Defaults to today.")
    )
    recorded_by = PersonSerializer(read_only=True, allow_null=True)
    withdrawn_by = PersonSerializer(read_only=True, allow_null=True)
    is_current = serializers.SerializerMethodField()

    class Meta:
        model = SharingConsent
        fields = [
            "id",
            "candidate",
            "employer",
            "employer_name",
            "scope",
            "includes_arrangements",
            "given_on",
            "recorded_by",
            "is_current",
            "withdrawn_on",
            "withdrawn_by",
        ]
        read_only_fields = ["id", "withdrawn_on"]
        validators = []  # "one current consent per employer": consent_record says it in Dutch

    @extend_schema_field(serializers.BooleanField())
    def get_is_current(self, consent):
        return consent.withdrawn_on is None

    def create(self, validated_data):
        with service_errors():
            return services.consent_record(by=_request_user(self), **validated_data)


class ConsentWithdrawSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        validators=[not_in_future],
        help_text=_("Defaults to today."),
    )

    def validate_withdrawn_on(self, withdrawn_on):
        consent = self.context["consent"]
        if withdrawn_on is not None and withdrawn_on < consent.given_on:
            raise serializers.ValidationError(_("This date lies before the consent was given."))
        return withdrawn_on

    def save(self, **kwargs):
        with service_errors():
            return services.consent_withdraw(
                consent=self.context["consent"],
                withdrawn_on=self.validated_data["withdrawn_on"],
                by=_request_user(self),
            )


# Staffing requests ----------------------------------------------------------------------------


class StaffingRequestSerializer(serializers.ModelSerializer):
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=Candidate.TargetGroup.choices),
        required=False,
        allow_empty=True,
        help_text=_("Only when the job is meant for a target group; empty means anybody."),
    )
    employer = ScopedPrimaryKeyRelatedField(queryset=Employer.objects.all(), scope=visible)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    location = ScopedPrimaryKeyRelatedField(
        queryset=Location.objects.all(),
        scope=visible_locations,
        required=False,
        allow_null=True,
        help_text=_("A location of the same employer."),
    )
    opened_on = serializers.DateField(
        required=False, validators=[not_in_future], help_text=_("Defaults to today.")
    )
    created_by = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = StaffingRequest
        fields = [
            "id",
            "employer",
            "employer_name",
            "title",
            "kind",
            "tasks",
            "hours_per_week",
            "location",
            "target_groups",
            "starts_on",
            "status",
            "opened_on",
            "created_by",
        ]
        read_only_fields = ["id"]
        extra_kwargs = {"hours_per_week": {"min_value": 1, "max_value": MAX_HOURS}}

    def validate_employer(self, employer):
        if self.instance is not None and employer.pk != self.instance.employer_id:
            raise serializers.ValidationError(
                _("A staffing request cannot move to another employer.")
            )
        return employer

    def validate(self, attrs):
        employer = attrs.get("employer") or getattr(self.instance, "employer", None)
        location = attrs.get("location")
        if location is not None and employer is not None and location.employer_id != employer.pk:
            raise serializers.ValidationError(
                {"location": [_("The location belongs to another employer.")]}
            )
        return attrs

    def create(self, validated_data):
        with service_errors():
            return services.staffing_request_create(by=_request_user(self), **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("employer", None)
        fields = {name: value for name, value in validated_data.items() if name in REQUEST_FIELDS}
        with service_errors():
            return services.staffing_request_update(
                request=instance, by=_request_user(self), **fields
            )


# Proposals ------------------------------------------------------------------------------------


class ProposalSerializer(serializers.ModelSerializer):
    candidate = CandidateField()
    candidate_name = serializers.CharField(source="candidate.full_name", read_only=True)
    employer = ScopedPrimaryKeyRelatedField(
        queryset=Employer.objects.all(),
        scope=visible,
        required=False,
        help_text=_("Not needed when a staffing request is given."),
    )
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    request = ScopedPrimaryKeyRelatedField(
        queryset=StaffingRequest.objects.all(),
        scope=visible,
        required=False,
        allow_null=True,
        help_text=_("Leave empty when the candidate is offered without a vacancy."),
    )
    request_title = serializers.CharField(
        source="request.title", read_only=True, default=None, allow_null=True
    )
    proposed_on = serializers.DateField(
        required=False, validators=[not_in_future], help_text=_("Defaults to today.")
    )
    proposed_by = PersonSerializer(read_only=True, allow_null=True)
    is_open = serializers.BooleanField(read_only=True)
    next_statuses = serializers.SerializerMethodField()
    placement = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "candidate",
            "candidate_name",
            "employer",
            "employer_name",
            "request",
            "request_title",
            "status",
            "is_open",
            "next_statuses",
            "decline_reason",
            "note",
            "proposed_on",
            "status_changed_on",
            "proposed_by",
            "placement",
        ]
        read_only_fields = ["id", "status", "decline_reason", "status_changed_on"]
        # "One open proposal per candidate and employer" is checked by proposal_create (and the
        # database); DRF's own validator would also make `employer` required.
        validators = []

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_next_statuses(self, proposal):
        return list(Proposal.NEXT_STATUSES[proposal.status])

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_placement(self, proposal):
        placement = getattr(proposal, "placement", None)
        return placement.pk if placement is not None else None

    def validate(self, attrs):
        request, employer = attrs.get("request"), attrs.get("employer")
        if request is not None and employer is None:
            attrs["employer"] = employer = request.employer
        if employer is None:
            raise serializers.ValidationError(
                {"employer": [_("Choose an employer or one of its staffing requests.")]}
            )
        if request is not None and request.employer_id != employer.pk:
            raise serializers.ValidationError(
                {"request": [_("The request belongs to another employer.")]}
            )
        return attrs

    def create(self, validated_data):
        with service_errors():
            return services.proposal_create(by=_request_user(self), **validated_data)


class ProposalStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=Proposal.Status.choices,
        help_text=_(
            "The next status. A placement is recorded through the placements endpoint, which "
            "also sets the proposal to placed."
        ),
    )
    reason = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Required when the proposal is declined or withdrawn."),
    )
    on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        validators=[not_in_future],
        help_text=_("Defaults to today."),
    )

    def validate_status(self, status):
        if status == Proposal.Status.PLACED:
            raise serializers.ValidationError(
                _(
                    "Record the placement through the placements endpoint; that also sets the "
                    "proposal to placed."
                )
            )
        return status

    def validate_on(self, on):
        if on is not None and on < self.context["proposal"].proposed_on:
            raise serializers.ValidationError(_("This date lies before the proposal."))
        return on

    def save(self, **kwargs):
        data = self.validated_data
        with service_errors(field_map={"decline_reason": "reason"}):
            return services.proposal_set_status(
                proposal=self.context["proposal"],
                status=data["status"],
                reason=data["reason"],
                on=data["on"],
                by=_request_user(self),
            )
