"""Filters for the candidate list and the proposal pipeline, shared by the HTML pages and the API.

They only narrow a queryset the caller already scoped with `visible_to(user)`; they never widen it.
"""

import django_filters
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from employers.filters import managers_visible_to
from employers.models import AccountAssignment, Employer

from .models import Candidate, Proposal, StaffingRequest


def _user_of(filterset, user):
    if user is None and filterset.request is not None:
        user = filterset.request.user
    return user


def target_group_filter(queryset, value):
    """Candidates whose target_groups list contains `value` (a TargetGroup code)."""
    if connection.features.supports_json_field_contains:
        return queryset.filter(target_groups__contains=[value])
    # SQLite keeps the JSON list as text; a code is matched with its quotes.
    return queryset.filter(target_groups__icontains=f'"{value}"')


def name_search(queryset, value):
    """Every word of `value` must occur in the first or the last name ("jan de vries")."""
    for word in value.split()[:6]:
        queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return queryset


class CandidateFilter(django_filters.FilterSet):
    """Search and filters of the candidate list. Anonymised candidates are left out unless
    `anonymised=true` asks for them (then only those)."""

    q = django_filters.CharFilter(method="search", label=_("Search"), help_text=_("Name"))
    target_group = django_filters.ChoiceFilter(
        choices=Candidate.TargetGroup.choices,
        method="filter_target_group",
        label=_("Target group"),
        empty_label=_("All target groups"),
    )
    responsible = django_filters.ModelChoiceFilter(
        queryset=User.objects.none(), label=_("Responsible staff member")
    )
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("Only my candidates"))
    anonymised = django_filters.BooleanFilter(
        method="filter_anonymised", label=_("Anonymised candidates")
    )

    class Meta:
        model = Candidate
        fields = ["q", "target_group", "responsible", "mine", "anonymised"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = _user_of(self, user)
        self.filters["responsible"].queryset = (
            managers_visible_to(self.user) if self.user else User.objects.none()
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("anonymised") is None:
            queryset = queryset.filter(anonymised_at__isnull=True)
        return queryset

    def search(self, queryset, name, value):
        return name_search(queryset, value)

    def filter_target_group(self, queryset, name, value):
        return target_group_filter(queryset, value)

    def filter_mine(self, queryset, name, value):
        if value and self.user is not None:
            return queryset.filter(responsible=self.user)
        return queryset

    def filter_anonymised(self, queryset, name, value):
        return queryset.filter(anonymised_at__isnull=not value)


def visible_employers(request):
    if request is None:
        return Employer.objects.none()
    return Employer.objects.visible_to(request.user)


class PipelineFilter(django_filters.FilterSet):
    """The pipeline's filters: one employer, or the employers of one fixed account manager."""

    employer = django_filters.ModelChoiceFilter(queryset=visible_employers, label=_("Employer"))
    manager = django_filters.ModelChoiceFilter(
        queryset=User.objects.none(), method="filter_manager", label=_("Account manager")
    )

    class Meta:
        model = Proposal
        fields = ["employer", "manager"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = _user_of(self, user)
        self.filters["manager"].queryset = (
            managers_visible_to(user) if user else User.objects.none()
        )

    def filter_manager(self, queryset, name, value):
        held = AccountAssignment.objects.filter(
            employer=OuterRef("employer"), manager=value, kind="primary", ended_on__isnull=True
        )
        return queryset.filter(Exists(held))


class ProposalFilter(PipelineFilter):
    """The API's proposal filters: the pipeline's plus candidate, request and status."""

    candidate = django_filters.NumberFilter(field_name="candidate", label=_("Candidate"))
    request = django_filters.NumberFilter(field_name="request", label=_("Staffing request"))
    status = django_filters.MultipleChoiceFilter(choices=Proposal.Status.choices, label=_("Status"))
    open = django_filters.BooleanFilter(method="filter_open", label=_("Still open"))

    class Meta:
        model = Proposal
        fields = ["employer", "manager", "candidate", "request", "status", "open"]

    def filter_open(self, queryset, name, value):
        lookup = Q(status__in=Proposal.OPEN_STATUSES)
        return queryset.filter(lookup) if value else queryset.exclude(lookup)


class StaffingRequestFilter(django_filters.FilterSet):
    employer = django_filters.ModelChoiceFilter(queryset=visible_employers, label=_("Employer"))
    status = django_filters.MultipleChoiceFilter(
        choices=StaffingRequest.Status.choices, label=_("Status")
    )
    kind = django_filters.ChoiceFilter(choices=StaffingRequest.Kind.choices, label=_("Kind"))

    class Meta:
        model = StaffingRequest
        fields = ["employer", "status", "kind"]
