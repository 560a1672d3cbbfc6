"""Signal pages: "Mijn signalen" (the inbox), the team lead's overview of the region, one signal
with its snooze and resolve forms, and the region's thresholds.

Reads start at `Signal.objects.visible_to(user)` (another region's signal answers 404); snooze,
resolve and thresholds go through continuity.services, which also decides who may act.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from accounts.models import Region, User
from accounts.permissions import StaffRequiredMixin
from wsp_crm.dates import day
from wsp_crm.paging import capped_page

from . import selectors, services
from .filters import SignalFilter
from .forms import PolicyForm, ResolveForm, SnoozeForm, add_service_errors
from .models import RegionPolicy, Signal

PAGE_SIZE = 50


def safe_next(request, fallback):
    """Where to go after an action: the page the form was on, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class InboxView(StaffRequiredMixin, TemplateView):
    """Mijn signalen: the user's own signals, most pressing first; tabs for snoozed and closed."""

    template_name = "continuity/inbox.html"
    tab_labels = {
        "open": gettext_lazy("Open"),
        "escalated": gettext_lazy("Escalated"),
        "snoozed": gettext_lazy("Snoozed"),
        "closed": gettext_lazy("Closed"),
    }

    def get_context_data(self, **kwargs):
        user = self.request.user
        available = selectors.inbox_tabs(user)
        tab = self.request.GET.get("tab", "open")
        if tab not in available:
            tab = "open"
        page = capped_page(
            selectors.inbox_signals(user, tab), PAGE_SIZE, self.request.GET.get("page")
        )
        counts = selectors.inbox_counts(user)
        tabs = [
            {"key": key, "label": self.tab_labels[key], "count": counts[key], "current": key == tab}
            for key in available
        ]
        return super().get_context_data(
            tab=tab,
            tabs=tabs,
            page=page,
            signals=selectors.decorate(page.object_list, user),
            counts=counts,
            **kwargs,
        )


class RegionView(StaffRequiredMixin, TemplateView):
    """All signals of the team lead's region (WSP admins: every region), filtered."""

    template_name = "continuity/region.html"
    allowed_roles = (User.Role.TEAM_LEAD,)

    def get_context_data(self, **kwargs):
        user = self.request.user
        data = self.request.GET.copy()
        data.setdefault("status", "open")
        filterset = SignalFilter(
            data,
            queryset=Signal.objects.visible_to(user),
            request=self.request,
        )
        form = filterset.form
        signals = selectors.with_related(filterset.qs).order_by(*selectors.PRESSING_ORDER)
        page = capped_page(signals, PAGE_SIZE, self.request.GET.get("page"))
        filters_active = (
            any(
                data.get(name)
                for name in ("kind", "severity", "assigned_to", "region", "employer", "escalated")
            )
            or data.get("status") != "open"
        )
        return super().get_context_data(
            form=form,
            page=page,
            signals=selectors.decorate(page.object_list, user),
            totals=selectors.severity_counts(filterset.qs),
            filters_active=filters_active,
            show_region=user.is_wsp_admin,
            **kwargs,
        )


class SignalDetailView(StaffRequiredMixin, View):
    """One signal: what it is about, what to do, and (for those who may) snooze or resolve."""

    template_name = "continuity/signal_detail.html"

    def get_signal(self):
        queryset = selectors.with_related(
            Signal.objects.visible_to(self.request.user), *selectors.DETAIL_RELATED
        )
        signal = get_object_or_404(queryset, pk=self.kwargs["pk"])
        return selectors.decorate([signal], self.request.user)[0]

    def render_page(self, signal, snooze_form=None, resolve_form=None):
        context = {
            "signal": signal,
            "snooze_form": snooze_form or SnoozeForm(),
            "resolve_form": resolve_form or ResolveForm(),
            "next_url": safe_next(self.request, ""),
        }
        return render(self.request, self.template_name, context)

    def get(self, request, pk):
        return self.render_page(self.get_signal())


class SignalActionView(SignalDetailView):
    """POST only: snooze or resolve one signal, then go back to where the form was."""

    form_class = None
    form_name = None

    def get(self, request, pk):
        return HttpResponseRedirect(reverse("continuity:detail", args=[pk]))

    def post(self, request, pk):
        signal = self.get_signal()
        if not services.may_act(request.user, signal):
            raise PermissionDenied
        if not signal.is_open:
            messages.info(request, _("This signal is already closed."))
            return HttpResponseRedirect(safe_next(request, reverse("continuity:inbox")))
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                message = self.perform(signal, form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, message)
                return HttpResponseRedirect(safe_next(request, reverse("continuity:inbox")))
        messages.error(request, _("Not saved: check the marked fields."))
        return self.render_page(signal, **{self.form_name: form})


class SnoozeView(SignalActionView):
    form_class = SnoozeForm
    form_name = "snooze_form"

    def perform(self, signal, form):
        until = form.cleaned_data["until"]
        services.signal_snooze(signal=signal, until=until, by=self.request.user)
        return _("Snoozed until %(date)s: “%(signal)s”.") % {
            "date": day(until),
            "signal": signal,
        }


class ResolveView(SignalActionView):
    form_class = ResolveForm
    form_name = "resolve_form"

    def perform(self, signal, form):
        services.signal_resolve(signal=signal, by=self.request.user, note=form.cleaned_data["note"])
        return _("Resolved: “%(signal)s”.") % {"signal": signal}


# The thresholds -------------------------------------------------------------------------------

POLICY_GROUPS = [
    (
        gettext_lazy("Relationship"),
        gettext_lazy("When a relationship counts as stale, and how soon a new manager calls."),
        [
            "stale_days_introduction",
            "stale_days_active",
            "stale_days_strategic",
            "introduce_within_days",
        ],
    ),
    (
        gettext_lazy("Account managers"),
        gettext_lazy("When an employer has had too many different fixed account managers."),
        ["churn_managers", "churn_months"],
    ),
    (
        gettext_lazy("Contact persons"),
        gettext_lazy("When contact details need confirming, and how far back changes count."),
        ["unverified_months", "contact_change_window_days"],
    ),
    (
        gettext_lazy("Placements"),
        gettext_lazy(
            "How far ahead follow-ups, contract ends, instrument periods (and the decision on "
            "what follows them), wage-value assessments and the end of job coaching are flagged."
        ),
        [
            "follow_up_due_days",
            "contract_end_weeks",
            "instrument_end_weeks",
            "instrument_decision_weeks",
            "assessment_due_weeks",
            "job_coach_end_weeks",
        ],
    ),
    (
        gettext_lazy("Responsiveness"),
        gettext_lazy(
            "When an overdue action is flagged to its owner, and when an urgent signal that "
            "stays open goes to the team lead. Working days: Monday to Friday."
        ),
        ["action_overdue_working_days", "escalate_after_working_days"],
    ),
]


class ThresholdsView(StaffRequiredMixin, View):
    """A team lead sets the thresholds of their region (WSP admins: of any region)."""

    template_name = "continuity/thresholds.html"
    allowed_roles = (User.Role.TEAM_LEAD,)

    def get_region(self):
        user = self.request.user
        if not user.is_wsp_admin:
            return user.region
        pk = self.request.POST.get("region") or self.request.GET.get("region")
        if pk:
            try:
                return Region.objects.get(pk=int(pk))
            except (ValueError, Region.DoesNotExist) as exc:
                raise Http404 from exc
        return user.region

    def render_page(self, region, form=None):
        policy = None
        if region is not None:
            policy = RegionPolicy.objects.select_related("updated_by").filter(region=region).first()
            form = form or PolicyForm(instance=policy or RegionPolicy(region=region))
        groups = []
        if form is not None:
            groups = [
                {"title": title, "help": help_text, "fields": [form[name] for name in names]}
                for title, help_text, names in POLICY_GROUPS
            ]
        context = {
            "region": region,
            "policy": policy,
            "form": form,
            "groups": groups,
            "regions": Region.objects.all() if self.request.user.is_wsp_admin else [],
        }
        return render(self.request, self.template_name, context)

    def get(self, request):
        return self.render_page(self.get_region())

    def post(self, request):
        region = self.get_region()
        if region is None:
            raise Http404
        form = PolicyForm(request.POST)
        if form.is_valid():
            try:
                services.policy_update(region=region, by=request.user, **form.service_fields())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The thresholds of %(region)s are saved. They apply from the next check "
                        "(within ten minutes; the date-driven signals tonight)."
                    )
                    % {"region": region},
                )
                url = reverse("continuity:thresholds")
                if request.user.is_wsp_admin:
                    url = f"{url}?region={region.pk}"
                return HttpResponseRedirect(url)
        messages.error(request, _("Not saved: check the marked fields."))
        return self.render_page(region, form)
