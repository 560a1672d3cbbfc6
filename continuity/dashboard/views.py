"""The continuity dashboard pages: the dashboard, the drill-down lists, and their exports.

Who sees what (docs/domain.md, "Dashboard"): team leads their region; WSP admins every region
(with a region filter); account managers the dashboard of their own caseload only (the account
manager filter is fixed to themselves); employer users 403. Everything starts at
`Employer.objects.visible_to(user)` through `continuity.dashboard.scope.Scope`.
"""

from django import forms
from django.http import Http404
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from accounts import ratelimit
from accounts.models import Organisation, Region, Team, User
from accounts.permissions import StaffRequiredMixin
from accounts.ratelimit import RateLimitedMixin

from . import exports
from .scope import DEFAULT_PERIOD, Scope
from .sections import dashboard_sections, drilldown, table_by_key
from .tables import UnknownList


class DashboardFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("All regions"),
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All teams")
    )
    manager = forms.ModelChoiceField(
        label=_("Account manager"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("All account managers"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Home organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("All organisations"),
    )
    period = forms.ChoiceField(
        label=_("Period for placements"),
        choices=[
            ("6", _("Last 6 months")),
            ("12", _("Last 12 months")),
            ("24", _("Last 24 months")),
            ("36", _("Last 36 months")),
        ],
        required=False,
        initial=DEFAULT_PERIOD,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        staff = User.objects.account_holders().order_by("first_name", "last_name", "pk")
        teams = Team.objects.select_related("region")
        if user.is_wsp_admin:
            self.fields["team"].label_from_instance = lambda team: f"{team} ({team.region})"
        else:
            del self.fields["region"]
            staff = staff.filter(region_id=user.region_id)
            teams = teams.filter(region_id=user.region_id)
        self.fields["team"].queryset = teams
        self.fields["manager"].queryset = staff
        self.fields["manager"].label_from_instance = lambda person: person.full_name
        if user.is_account_manager:
            del self.fields["manager"]

    def scope(self):
        """The Scope for the valid filters; a filter that was not understood is left out."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if self.is_bound and not self.is_valid():
            data = {
                name: value
                for name, value in getattr(self, "cleaned_data", {}).items()
                if name not in self.errors
            }
        user = self.user
        region = data.get("region") if user.is_wsp_admin else user.region
        return Scope(
            user=user,
            region=region,
            team=data.get("team"),
            manager=user if user.is_account_manager else data.get("manager"),
            organisation=data.get("organisation"),
            period=data.get("period") or DEFAULT_PERIOD,
        )


class DashboardMixin(StaffRequiredMixin):
    def get_form(self):
        return DashboardFilterForm(self.request.GET or None, user=self.request.user)

    def export_format(self):
        fmt = self.request.GET.get("format", "")
        if fmt and fmt not in exports.FORMATS:
            raise Http404
        return fmt


class DashboardView(DashboardMixin, RateLimitedMixin, TemplateView):
    template_name = "dashboard/dashboard.html"
    rate_limit_scope = "list"

    def get_context_data(self, **kwargs):
        form = self.get_form()
        scope = form.scope()
        return super().get_context_data(
            form=form,
            scope=scope,
            query_string=urlencode(scope.params()),
            sections=dashboard_sections(scope),
            filters_active=bool(scope.params()),
            **kwargs,
        )


class TableExportView(DashboardMixin, RateLimitedMixin, TemplateView):
    """/dashboard/export/<key>/?format=csv|xlsx: one table of the dashboard."""

    rate_limit_scope = "export"

    def get(self, request, key):
        fmt = self.export_format() or "csv"
        table = table_by_key(self.get_form().scope(), key)
        if table is None:
            raise Http404
        return exports.export_response(table, fmt)


class DrilldownView(DashboardMixin, TemplateView):
    """/dashboard/list/<name>/: the list behind a figure, with the dashboard's scope."""

    template_name = "dashboard/list.html"

    def get(self, request, name):
        fmt = self.export_format()
        refused = ratelimit.check(request, "export" if fmt else "list")
        if refused is not None:
            return refused
        scope = self.get_form().scope()
        keep = {key: value for key, value in request.GET.items() if key != "format"}
        try:
            table = drilldown(scope, name, request.GET)
        except UnknownList:
            raise Http404 from None
        if fmt:
            return exports.export_response(table, fmt)
        return self.render_to_response(
            self.get_context_data(
                table=table,
                scope=scope,
                name=name,
                query_string=urlencode(scope.params()),
                export_urls=[
                    (label, "?" + urlencode({**keep, "format": fmt}))
                    for label, fmt in (("CSV", "csv"), ("Excel", "xlsx"))
                ],
            )
        )
