"""Filters for the employer list, shared by the HTML list, the CSV export and the API."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import AccountAssignment, Employer, without_fixed_manager_q


def managers_visible_to(user):
    managers = User.objects.account_holders()
    if user.is_authenticated and user.region_id and not user.is_wsp_admin:
        managers = managers.filter(region_id=user.region_id)
    return managers.order_by("first_name", "last_name")


class EmployerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("Search"), help_text=_("Name, KvK number or city")
    )
    stage = django_filters.ChoiceFilter(choices=Employer.Stage.choices, label=_("Stage"))
    inclusion = django_filters.ChoiceFilter(
        choices=Employer.Inclusion.choices, label=_("Inclusion")
    )
    manager = django_filters.ModelChoiceFilter(
        queryset=User.objects.none(), method="filter_manager", label=_("Account manager")
    )
    style = django_filters.ChoiceFilter(
        choices=[
            ("vacancy_filling", _("Vacancy filling")),
            ("unburdening", _("Unburdening")),
            ("strategic", _("Strategic partnership")),
        ],
        method="filter_style",
        label=_("Service style"),
    )
    no_manager = django_filters.BooleanFilter(
        method="filter_no_manager",
        label=_("Without fixed account manager"),
        help_text=_(
            "A running relationship (stage active or strategic partner) without a current "
            "fixed account manager in your region."
        ),
    )

    STYLE_FIELDS = {
        "vacancy_filling": "style_vacancy_filling",
        "unburdening": "style_unburdening",
        "strategic": "style_strategic",
    }

    class Meta:
        model = Employer
        fields = ["q", "stage", "inclusion", "manager", "style", "no_manager"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is None and self.request is not None:
            user = self.request.user
        self.filters["manager"].queryset = (
            managers_visible_to(user) if user else User.objects.none()
        )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = Q(name__icontains=value) | Q(locations__city__icontains=value)
        digits = value.replace(" ", "")
        if digits.isdigit():
            match |= Q(kvk_number__startswith=digits)
        return queryset.filter(Exists(Employer.objects.filter(match, pk=OuterRef("pk"))))

    def filter_manager(self, queryset, name, value):
        return queryset.filter(
            Exists(
                AccountAssignment.objects.filter(
                    employer=OuterRef("pk"), manager=value, kind="primary", ended_on__isnull=True
                )
            )
        )

    def filter_style(self, queryset, name, value):
        return queryset.filter(**{self.STYLE_FIELDS[value]: True})

    def filter_no_manager(self, queryset, name, value):
        """The start page's and the dashboard's definition (without_fixed_manager_q), in the
        region of the person looking."""
        user = getattr(self, "user", None) or getattr(self.request, "user", None)
        region_id = user.region_id if user is not None else None
        without = without_fixed_manager_q(region_id)
        return queryset.filter(without) if value else queryset.exclude(without)
