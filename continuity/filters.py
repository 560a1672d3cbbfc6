"""The signal filters, shared by the team-lead page (/signals/region/) and the API."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, User
from employers.models import Employer

from .models import Signal, addressed_to_q
from .selectors import closed_q, open_q, snoozed_q

STATUS_CHOICES = [
    ("open", _("Open")),
    ("snoozed", _("Snoozed")),
    ("closed", _("Closed (resolved or automatically)")),
    ("resolved", _("Resolved by hand")),
    ("auto_closed", _("Closed automatically")),
    ("all", _("All")),
]


class StaffChoiceField(forms.ModelChoiceField):
    show_region = False

    def label_from_instance(self, obj):
        label = obj.full_name
        if obj.region_id and self.show_region:
            label = f"{label} ({obj.region})"
        if not obj.is_active:
            label = f"{label} – {_('no longer active')}"
        return label


class StaffFilter(django_filters.ModelChoiceFilter):
    field_class = StaffChoiceField


def _user(request):
    return getattr(request, "user", None)


def assignable_staff(request):
    """Whose signals one may filter on: the staff of one's own region (WSP admins: everybody)."""
    user = _user(request)
    if user is None or not user.is_authenticated:
        return User.objects.none()
    staff = User.objects.filter(role__in=User.STAFF_ROLES).order_by("first_name", "last_name")
    if user.is_wsp_admin:
        return staff.select_related("region")
    return staff.filter(region_id=user.region_id)


def visible_employers(request):
    user = _user(request)
    return Employer.objects.visible_to(user) if user else Employer.objects.none()


class SignalFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=Signal.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    severity = django_filters.ChoiceFilter(
        choices=Signal.Severity.choices, label=_("Severity"), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES,
        method="filter_status",
        label=_("Status"),
        empty_label=None,
    )
    assigned_to = StaffFilter(
        queryset=assignable_staff,
        method="filter_assigned_to",
        label=_("Assigned to"),
        empty_label=_("Everybody"),
    )
    unassigned = django_filters.BooleanFilter(
        field_name="assigned_to", lookup_expr="isnull", label=_("Not assigned to anyone")
    )
    escalated = django_filters.ChoiceFilter(
        choices=[("true", _("Escalated only")), ("false", _("Not escalated"))],
        method="filter_escalated",
        label=_("Escalated to the team lead"),
        empty_label=_("All"),
    )
    employer = django_filters.ModelChoiceFilter(queryset=visible_employers, label=_("Employer"))
    placement = django_filters.NumberFilter(field_name="placement_id", label=_("Placement"))
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), label=_("Region"), empty_label=_("All regions")
    )

    class Meta:
        model = Signal
        fields = [
            "kind",
            "severity",
            "status",
            "assigned_to",
            "unassigned",
            "escalated",
            "employer",
            "placement",
            "region",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = _user(self.request)
        self.filters["assigned_to"].field.show_region = bool(user and user.is_wsp_admin)

    def filter_assigned_to(self, queryset, name, value):
        """Assigned to that person, alone or as the second assignee of a placement's signal."""
        return queryset.filter(addressed_to_q(value)) if value else queryset

    def filter_escalated(self, queryset, name, value):
        return queryset.filter(escalated_at__isnull=value != "true")

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(open_q())
        if value == "snoozed":
            return queryset.filter(snoozed_q())
        if value == "closed":
            return queryset.filter(closed_q())
        if value in (Signal.Status.RESOLVED, Signal.Status.AUTO_CLOSED):
            return queryset.filter(status=value)
        return queryset
