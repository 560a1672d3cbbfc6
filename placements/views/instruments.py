"""Instrument periods of a placement (and the decision on what follows each), wage-value
assessments, and the region's instrument catalogue."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.models import Region, User
from accounts.permissions import StaffRequiredMixin

from .. import services
from ..forms import AssessmentForm, FollowUpHorizonForm, InstrumentPeriodForm, NextStepForm
from ..models import FollowUpStep, Instrument
from .detail import PlacementActionView


class InstrumentPeriodAddView(PlacementActionView):
    http_method_names = ["post"]
    on_placement_page = "period_form"
    anchor = "instruments"

    def get_form(self, data=None):
        return InstrumentPeriodForm(data, placement=self.placement, prefix="period")

    def perform(self, form):
        return services.instrument_period_add(
            placement=self.placement, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("%(instrument)s has been added.") % {"instrument": result.instrument}


class InstrumentPeriodEditView(PlacementActionView):
    template_name = "placements/period_form.html"
    anchor = "instruments"

    def get_placement(self):
        placement = super().get_placement()
        self.period = get_object_or_404(
            placement.instrument_periods.select_related("instrument"), pk=self.kwargs["period_pk"]
        )
        return placement

    def get_form(self, data=None):
        return InstrumentPeriodForm(data, placement=self.placement, instance=self.period)

    def get_context_data(self, **kwargs):
        return super().get_context_data(period=self.period, **kwargs)

    def perform(self, form):
        return services.instrument_period_update(
            period=self.period, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("%(instrument)s has been saved.") % {"instrument": result.instrument}


class NextStepView(PlacementActionView):
    """Record what comes after an instrument period's end (a small form per period on the
    placement page)."""

    http_method_names = ["post"]
    on_placement_page = "step_form"

    def get_placement(self):
        placement = super().get_placement()
        self.period = get_object_or_404(
            placement.instrument_periods.select_related("instrument"), pk=self.kwargs["period_pk"]
        )
        return placement

    def get_form(self, data=None):
        return NextStepForm(data, prefix=f"step-{self.period.pk}")

    def page_forms(self, form):
        return {"step_form": form, "step_period_pk": self.period.pk}

    def form_invalid(self, form):
        if not self.period.decidable:
            # An ended period or placement has no form on the page to show the error on.
            messages.error(self.request, " ".join(form.non_field_errors()))
            return HttpResponseRedirect(self.get_success_url(self.period))
        return super().form_invalid(form)

    def perform(self, form):
        return services.instrument_period_decide(
            period=self.period,
            next_step=form.cleaned_data["next_step"],
            note=form.cleaned_data["note"],
            by=self.request.user,
        )

    def get_success_message(self, form, result):
        return _("Recorded for %(instrument)s: %(step)s.") % {
            "instrument": result.instrument.name,
            "step": result.get_next_step_display().lower(),
        }

    def get_success_url(self, result):
        return f"{self.placement.get_absolute_url()}#period-{result.pk}"


class AssessmentAddView(PlacementActionView):
    http_method_names = ["post"]
    on_placement_page = "assessment_form"
    anchor = "assessments"

    def get_form(self, data=None):
        return AssessmentForm(data, placement=self.placement, prefix="assessment")

    def perform(self, form):
        return services.assessment_add(
            placement=self.placement, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("Wage-value assessment of %(date)s recorded.") % {
            "date": date_format(result.assessed_on)
        }


class InstrumentCatalogueView(StaffRequiredMixin, TemplateView):
    """The region's instruments in plain language, and its follow-up plan. Staff see their own
    region; WSP admins choose one."""

    template_name = "placements/instrument_catalogue.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        regions = None
        region = user.region if user.region_id else None
        if user.is_wsp_admin:
            regions = list(Region.objects.order_by("name"))
            chosen = self.request.GET.get("region", "")
            region = next((r for r in regions if str(r.pk) == chosen), region) or (
                regions[0] if regions else None
            )
        instruments = list(
            Instrument.objects.filter(region=region, is_active=True).order_by("name")
        )
        steps = [
            (step.days_after_start, step.label)
            for step in FollowUpStep.objects.filter(region=region).order_by("days_after_start")
        ]
        months = services.follow_up_months(region) if region else 12
        may_set = region is not None and (
            user.is_wsp_admin or (user.is_team_lead and user.region_id == region.pk)
        )
        return super().get_context_data(
            region=region,
            regions=regions,
            instruments=instruments,
            plan=steps or services.follow_up_plan(region),
            plan_is_default=not steps,
            long_steps=[] if steps or region is None else services.long_steps(region),
            follow_up_months=months,
            horizon_form=FollowUpHorizonForm(initial={"months": months}) if may_set else None,
            **kwargs,
        )


class FollowUpHorizonView(StaffRequiredMixin, View):
    """A team lead sets how far their region's default plan follows permanent contracts (a WSP
    admin: of the region posted)."""

    http_method_names = ["post"]
    allowed_roles = (User.Role.TEAM_LEAD,)

    def post(self, request):
        region = self.get_region()
        url = reverse("placements:instruments") + f"?region={region.pk}#plan-heading"
        form = FollowUpHorizonForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors.get("months", [])))
            return HttpResponseRedirect(url)
        months = int(form.cleaned_data["months"])
        try:
            added = services.follow_up_policy_set(region=region, months=months, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "Follow-up of permanent contracts in %(region)s now runs until %(months)d "
                    "months; %(added)d checkpoints added to running placements."
                )
                % {"region": region, "months": months, "added": added},
            )
        return HttpResponseRedirect(url)

    def get_region(self):
        user = self.request.user
        if not user.is_wsp_admin:
            return user.region
        pk = self.request.POST.get("region", "")
        region = (
            Region.objects.filter(pk=int(pk)).first() if pk.isdigit() and len(pk) < 10 else None
        )
        if region is None:
            raise Http404
        return region
