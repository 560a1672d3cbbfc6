"""The placement team in the API: the `team` field of a placement, and the serializers of
/api/v1/placements/{id}/team/ (list, add) and /api/v1/placements/{id}/team/{member}/end/."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import User
from employers.models import ContactPerson
from wsp_crm.api_support import ScopedPrimaryKeyRelatedField, service_errors

from .. import team_services
from ..forms import MAX_COACH_HOURS
from ..models import TeamMember
from .scopes import regional_staff, request_user, visible


class TeamMemberSerializer(serializers.ModelSerializer):
    """A member as staff see it (the internal note included). Writing goes through the
    services: a contact of another employer, or a period that ends before it starts, is
    refused with a message and nothing is written."""

    contact = ScopedPrimaryKeyRelatedField(
        queryset=ContactPerson.objects.all(),
        scope=visible,
        required=False,
        allow_null=True,
        help_text=_("Supervisor, buddy, HR: a current contact person of the placement's employer."),
    )
    staff = ScopedPrimaryKeyRelatedField(
        queryset=User.objects.all(),
        scope=regional_staff,
        required=False,
        allow_null=True,
        help_text=_("Job coach: a WSP staff member (or give the external coach's name)."),
    )
    person_name = serializers.CharField(read_only=True)
    hours_per_week = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0"),
        max_value=MAX_COACH_HOURS,
        required=False,
        allow_null=True,
    )
    start = serializers.DateField(required=False, help_text=_("Defaults to today."))
    is_current = serializers.SerializerMethodField()

    class Meta:
        model = TeamMember
        fields = [
            "id",
            "role",
            "contact",
            "staff",
            "person_name",
            "name",
            "organisation",
            "phone",
            "email",
            "hours_per_week",
            "start",
            "end",
            "is_current",
            "note",
        ]
        read_only_fields = ["id"]

    def get_is_current(self, member) -> bool:
        return member.is_current(timezone.localdate())

    def validate(self, attrs):
        start, end = attrs.get("start"), attrs.get("end")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"end": [_("The period cannot end before it starts.")]}
            )
        return attrs

    def create(self, validated_data):
        with service_errors():
            return team_services.team_add(
                placement=self.context["placement"], by=request_user(self), **validated_data
            )


class TeamMemberEndSerializer(serializers.Serializer):
    end = serializers.DateField(help_text=_("The member's last day in this role."))

    def validate_end(self, end):
        if end < self.context["member"].start:
            raise serializers.ValidationError(_("The period cannot end before it starts."))
        return end

    def save(self, **kwargs):
        with service_errors():
            return team_services.team_end(
                member=self.context["member"],
                end=self.validated_data["end"],
                by=request_user(self),
            )
