"""Placement pages: the list, starting a placement, the placement page with its follow-up plan
(nazorg) and instrument periods, editing and ending it, and the region's instrument catalogue.

Every page starts from `Placement.objects.visible_to(user)` (another region's placement is a
404), the candidate's name is read through `candidates.access.get_candidate_for` (which logs
the access, and hides the name from staff who may not see the candidate), and every write calls
placements.services. An action is a POST to its own URL; on success it adds a message and goes
back to the placement page, on a ValidationError it shows the form again with the user's input.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from accounts.models import Region
from accounts.permissions import StaffRequiredMixin
from candidates.access import get_candidate_for
from candidates.models import Proposal
from employers.forms import add_service_errors
from employers.models import Employer
from wsp_crm.paging import capped_page
from wsp_crm.service_forms import ServiceFormMixin

from . import services
from .forms import (
    FollowUpAddForm,
    FollowUpMoveForm,
    FollowUpRecordForm,
    InstrumentPeriodForm,
    PlacementEndForm,
    PlacementFilter,
    PlacementForm,
    StartChoiceForm,
    ending_soon_cutoff,
)
from .models import FollowUp, FollowUpStep, Instrument, Placement
from .panels import placement_page
from .selectors import annotate_follow_up, follow_up_state, mark_row

PAGE_SIZE = 50
EXTRA_CONTACT = gettext_lazy("Extra contact")


def visible_placements(user):
    return Placement.objects.visible_to(user).select_related(
        "candidate",
        "employer__region",
        "location",
        "supervisor",
        "responsible",
        "created_by",
        "proposal",
    )


# The list -------------------------------------------------------------------------------------

SORTS = {
    "start": ["-start_date", "-pk"],
    "next_follow_up": [F("next_follow_up_on").asc(nulls_last=True), "-start_date", "-pk"],
    "contract_end": [F("contract_end").asc(nulls_last=True), "-start_date", "-pk"],
    "employer": ["employer__name", "-start_date", "-pk"],
}
SORT_LABELS = {
    "start": gettext_lazy("Newest start first"),
    "next_follow_up": gettext_lazy("Next follow-up first"),
    "contract_end": gettext_lazy("Contract end first"),
    "employer": gettext_lazy("Employer"),
}


class PlacementListView(StaffRequiredMixin, TemplateView):
    """Active placements by default; filter on status, employer, responsible staff member,
    overdue follow-up and contracts ending within six weeks."""

    template_name = "placements/placement_list.html"

    def get_context_data(self, **kwargs):
        request, user = self.request, self.request.user
        data = request.GET.copy()
        if "status" not in data:
            data["status"] = Placement.Status.ACTIVE
        filterset = PlacementFilter(
            data, queryset=Placement.objects.visible_to(user), request=request
        )
        form = filterset.form
        # The employer is picked by (part of) its name, not from a list of every employer with
        # placements (thousands of options for a region); an `employer` id from a link (the
        # employer page, the API) still narrows the list and is shown as a removable choice.
        form.fields["employer"].widget = forms.HiddenInput()
        form.fields["employer_name"].widget.input_type = "search"
        sort = request.GET.get("sort", "start")
        if sort not in SORTS:
            sort = "start"
        placements = annotate_follow_up(
            filterset.qs.select_related(
                "candidate", "employer", "responsible", "supervisor", "location"
            ),
            user,
        ).order_by(*SORTS[sort])
        page = capped_page(placements, PAGE_SIZE, request.GET.get("page"))
        today = timezone.localdate()
        for placement in page.object_list:
            mark_row(placement, today)
        cleaned = form.cleaned_data if form.is_valid() else {}
        chosen_employer = cleaned.get("employer")
        without_employer = request.GET.copy()
        for name in ("employer", "page"):
            without_employer.pop(name, None)
        filters_active = (
            any(
                data.get(name)
                for name in (
                    "employer",
                    "employer_name",
                    "responsible",
                    "follow_up_overdue",
                    "contract_ends_soon",
                )
            )
            or data.get("status") != Placement.Status.ACTIVE
        )
        return super().get_context_data(
            form=form,
            page=page,
            placements=page.object_list,
            sort=sort,
            sort_choices=list(SORT_LABELS.items()),
            overdue_checked=cleaned.get("follow_up_overdue") is True,
            showing_mine=data.get("responsible") == str(user.pk),
            responsible_chosen=bool(data.get("responsible")),
            ending_checked=cleaned.get("contract_ends_soon") is True,
            filters_active=filters_active,
            chosen_employer=chosen_employer,
            without_employer_query=without_employer.urlencode(),
            today=today,
            **kwargs,
        )


# Starting a placement -------------------------------------------------------------------------


def _int_param(request, name):
    value = request.GET.get(name, "")
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise Http404 from None
    if number <= 0 or number > 2**62:
        raise Http404
    return number


def proposal_initial(proposal):
    """What a proposal's staffing request already tells about the job."""
    request = proposal.request if proposal and proposal.request_id else None
    if request is None:
        return {}
    initial = {"job_title": request.title, "is_carved_job": request.kind == "carved"}
    if request.tasks:
        initial["carved_tasks"] = request.tasks
    if request.hours_per_week:
        initial["hours_per_week"] = request.hours_per_week
    if request.location_id:
        initial["location"] = request.location_id
    return initial


class PlacementStartView(StaffRequiredMixin, View):
    """Start a placement from a proposal (?proposal=) or directly for a candidate and an employer
    (?candidate=&employer=). With only one of them (e.g. from the employer page) the page first
    asks for the other, or for one of the employer's open proposals."""

    template_name = "placements/placement_start.html"

    def resolve(self, request):
        """(proposal, candidate, employer) from the query string; 404 for what is not visible."""
        user = request.user
        proposal = candidate = employer = None
        proposal_pk = _int_param(request, "proposal")
        if proposal_pk:
            proposal = get_object_or_404(
                Proposal.objects.visible_to(user).select_related(
                    "employer__region", "request__location"
                ),
                pk=proposal_pk,
            )
            employer = proposal.employer
            candidate = get_candidate_for(request, proposal.candidate_id)
            return proposal, candidate, employer
        employer_pk = _int_param(request, "employer")
        if employer_pk:
            employer = get_object_or_404(
                Employer.objects.visible_to(user).select_related("region"), pk=employer_pk
            )
        candidate_pk = _int_param(request, "candidate")
        if candidate_pk:
            candidate = get_candidate_for(request, candidate_pk)
        if candidate is not None and employer is not None:
            # Placing a candidate where they have an open proposal: that proposal succeeded.
            proposal = (
                Proposal.objects.open()
                .filter(candidate=candidate, employer=employer)
                .select_related("request__location")
                .first()
            )
        return proposal, candidate, employer

    def dispatch_checks(self, request, proposal, candidate):
        if proposal is not None and not proposal.is_open:
            placement = Placement.objects.visible_to(request.user).filter(proposal=proposal).first()
            if placement is not None:
                messages.info(request, _("This proposal has been placed already."))
                return HttpResponseRedirect(placement.get_absolute_url())
            messages.error(
                request,
                _("This proposal is %(status)s: it can no longer become a placement.")
                % {"status": proposal.get_status_display().lower()},
            )
            return HttpResponseRedirect(proposal.employer.get_absolute_url())
        if candidate is not None and candidate.anonymised_at:
            messages.error(request, _("This candidate has been anonymised."))
            return HttpResponseRedirect(reverse("placements:list"))
        return None

    def build_form(self, request, proposal, candidate, employer, data=None):
        initial = {
            "start_date": timezone.localdate(),
            "responsible": request.user.pk,
            **proposal_initial(proposal),
        }
        placement = Placement(candidate=candidate, employer=employer, proposal=proposal)
        form = PlacementForm(
            data, employer=employer, user=request.user, instance=placement, initial=initial
        )
        choosable = form.fields["responsible"].queryset
        if data is None and not choosable.filter(pk=request.user.pk).exists():
            form.initial["responsible"] = (
                candidate.responsible_id
                if choosable.filter(pk=candidate.responsible_id).exists()
                else None
            )
        return form

    def context(self, request, proposal, candidate, employer, form=None):
        context = {"proposal": proposal, "candidate": candidate, "employer": employer}
        if candidate is None or employer is None:
            context["choice_form"] = StartChoiceForm(
                request.GET or None, user=request.user, employer=employer, candidate=candidate
            )
            context["choice_hidden"] = {
                key: value.pk
                for key, value in (("employer", employer), ("candidate", candidate))
                if value is not None
            }
            return context
        context["form"] = form or self.build_form(request, proposal, candidate, employer)
        context["active_here"] = list(
            Placement.objects.active().filter(candidate=candidate, employer=employer)
        )
        context["candidate_url"] = candidate_url(candidate)
        return context

    def get(self, request):
        proposal, candidate, employer = self.resolve(request)
        redirect = self.dispatch_checks(request, proposal, candidate)
        if redirect:
            return redirect
        return render(
            request, self.template_name, self.context(request, proposal, candidate, employer)
        )

    def post(self, request):
        proposal, candidate, employer = self.resolve(request)
        redirect = self.dispatch_checks(request, proposal, candidate)
        if redirect:
            return redirect
        if candidate is None or employer is None:
            raise Http404
        form = self.build_form(request, proposal, candidate, employer, data=request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    placement = services.placement_start(
                        candidate=candidate,
                        employer=employer,
                        proposal=proposal,
                        by=request.user,
                        **form.service_fields(),
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                steps = placement.follow_ups.count()
                messages.success(
                    request,
                    _("The placement has started; its follow-up plan has %(count)s checkpoints.")
                    % {"count": steps},
                )
                return HttpResponseRedirect(placement.get_absolute_url())
        return render(
            request,
            self.template_name,
            self.context(request, proposal, candidate, employer, form=form),
        )


def candidate_url(candidate):
    """The candidate's page, when the candidates app has one."""
    try:
        return reverse("candidates:detail", args=[candidate.pk])
    except NoReverseMatch:  # until the candidates app has its pages
        return ""


# The placement page ---------------------------------------------------------------------------


def placement_page_context(request, placement, **forms):
    """Everything the placement page shows, in a fixed number of queries whatever the number
    of checkpoints and instrument periods."""
    today = timezone.localdate()
    try:
        candidate = get_candidate_for(request, placement.candidate_id)
    except Http404:
        candidate = None
    follow_ups = list(placement.follow_ups.select_related("by").order_by("due_on", "pk"))
    for follow_up in follow_ups:
        follow_up.state = follow_up_state(follow_up, today)
        follow_up.move_form = FollowUpMoveForm(
            initial={"due_on": follow_up.due_on}, prefix=f"move-{follow_up.pk}"
        )
    open_follow_ups = [f for f in follow_ups if f.done_on is None]
    periods = list(placement.instrument_periods.select_related("instrument").order_by("start"))
    cutoff = ending_soon_cutoff(today)
    for period in periods:
        period.ends_soon = bool(
            period.status != "ended" and period.end and today <= period.end <= cutoff
        )
        period.expired = bool(period.status != "ended" and period.end and period.end < today)
    mark_row(placement, today)
    placement.coach_ends_soon = bool(
        placement.job_coach_until and today <= placement.job_coach_until <= cutoff
    )
    placement.coach_ended = bool(placement.job_coach_until and placement.job_coach_until < today)
    if forms.get("move_form") is not None:
        for follow_up in follow_ups:
            if follow_up.pk == forms["move_follow_up_pk"]:
                follow_up.move_form = forms["move_form"]
    return {
        "panels": placement_page.for_page(request, placement),
        "placement": placement,
        "employer": placement.employer,
        "candidate": candidate,
        "candidate_url": candidate_url(candidate) if candidate else "",
        "follow_ups": follow_ups,
        "open_follow_ups": open_follow_ups,
        "done_count": len(follow_ups) - len(open_follow_ups),
        "overdue_count": sum(1 for f in follow_ups if f.state == "overdue"),
        "periods": periods,
        "record_form": forms.get("record_form")
        or FollowUpRecordForm(
            placement=placement, open_follow_ups=open_follow_ups, prefix="record"
        ),
        "add_form": forms.get("add_form") or FollowUpAddForm(prefix="add"),
        "period_form": forms.get("period_form")
        or InstrumentPeriodForm(placement=placement, prefix="period", initial={"start": today}),
        "open_panel": forms.get("open_panel", ""),
        "retained_6": placement.retained_after(6, today),
        "retained_12": placement.retained_after(12, today),
        "today": today,
    }


class PlacementDetailView(StaffRequiredMixin, View):
    template_name = "placements/placement_detail.html"

    def get(self, request, pk):
        placement = get_object_or_404(visible_placements(request.user), pk=pk)
        return render(request, self.template_name, placement_page_context(request, placement))


class PlacementActionView(ServiceFormMixin, StaffRequiredMixin, View):
    """Base for an action on one placement: fetch it (404 when not visible), validate a form,
    call the service, report and go back to the placement page.

    Subclasses set either template_name (an own page, which GET shows too) or
    `on_placement_page` (the context name of the form on the placement page, shown again with
    the errors)."""

    template_name = None
    on_placement_page = None
    anchor = ""
    allow_ended = True

    def get_placement(self):
        return get_object_or_404(visible_placements(self.request.user), pk=self.kwargs["pk"])

    def get_form(self, data=None):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return {"placement": self.placement, "employer": self.placement.employer, **kwargs}

    def refuse_ended(self):
        if self.allow_ended or self.placement.status == Placement.Status.ACTIVE:
            return None
        messages.error(self.request, _("This placement has ended."))
        return HttpResponseRedirect(self.placement.get_absolute_url())

    def get(self, request, *args, **kwargs):
        self.placement = self.get_placement()
        refused = self.refuse_ended()
        if refused:
            return refused
        return render(request, self.template_name, self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        self.placement = self.get_placement()
        refused = self.refuse_ended()
        if refused:
            return refused
        return self.submit(request)

    def form_invalid(self, form):
        if self.on_placement_page:
            messages.error(self.request, _("Not saved: check the marked fields."))
            context = placement_page_context(self.request, self.placement, **self.page_forms(form))
            return render(self.request, PlacementDetailView.template_name, context)
        return render(self.request, self.template_name, self.get_context_data(form=form))

    def page_forms(self, form):
        return {self.on_placement_page: form, "open_panel": self.on_placement_page}

    def perform(self, form):
        raise NotImplementedError

    def get_success_message(self, form, result):
        return ""

    def get_success_url(self, result):
        anchor = f"#{self.anchor}" if self.anchor else ""
        return self.placement.get_absolute_url() + anchor


class PlacementEditView(PlacementActionView):
    template_name = "placements/placement_form.html"
    allow_ended = False

    def get_form(self, data=None):
        return PlacementForm(
            data,
            employer=self.placement.employer,
            user=self.request.user,
            instance=self.placement,
        )

    def perform(self, form):
        return services.placement_update(
            placement=self.placement, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("The placement has been saved.")


class PlacementEndView(PlacementActionView):
    template_name = "placements/placement_end.html"
    allow_ended = False

    def get_form(self, data=None):
        return PlacementEndForm(data, placement=self.placement)

    def get_context_data(self, **kwargs):
        open_later = self.placement.follow_ups.filter(done_on__isnull=True).order_by("due_on")
        return super().get_context_data(open_follow_ups=list(open_later), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return services.placement_end(
            placement=self.placement,
            ended_on=data["ended_on"],
            reason=data["reason"],
            note=data["note"].strip(),
            by=self.request.user,
        )

    def get_success_message(self, form, result):
        return _("The placement has ended on %(date)s.") % {"date": date_format(result.ended_on)}


class FollowUpRecordView(PlacementActionView):
    http_method_names = ["post"]
    on_placement_page = "record_form"
    anchor = "follow-up"

    def get_form(self, data=None):
        open_follow_ups = list(
            self.placement.follow_ups.filter(done_on__isnull=True).order_by("due_on", "pk")
        )
        return FollowUpRecordForm(
            data, placement=self.placement, open_follow_ups=open_follow_ups, prefix="record"
        )

    def perform(self, form):
        data = form.cleaned_data
        follow_up = data["follow_up"]
        if follow_up is None:
            follow_up = services.follow_up_add(
                placement=self.placement,
                due_on=data["done_on"],
                kind=str(EXTRA_CONTACT),
                by=self.request.user,
            )
        return services.follow_up_record(
            follow_up=follow_up,
            outcome=data["outcome"],
            note=data["note"],
            done_on=data["done_on"],
            by=self.request.user,
        )

    def get_success_message(self, form, result):
        message = _("Follow-up logged: %(kind)s, %(outcome)s.") % {
            "kind": result.kind,
            "outcome": result.get_outcome_display().lower(),
        }
        if result.outcome == FollowUp.Outcome.ENDED and self.placement.status == "active":
            message += " " + _("Remember to end the placement itself as well.")
        return message

    def get_success_url(self, result):
        return f"{self.placement.get_absolute_url()}#follow-up-{result.pk}"


class FollowUpAddView(PlacementActionView):
    http_method_names = ["post"]
    on_placement_page = "add_form"
    anchor = "plan"

    def get_form(self, data=None):
        return FollowUpAddForm(data, prefix="add")

    def perform(self, form):
        return services.follow_up_add(
            placement=self.placement,
            due_on=form.cleaned_data["due_on"],
            kind=form.cleaned_data["kind"],
            by=self.request.user,
        )

    def get_success_message(self, form, result):
        return _("Checkpoint %(kind)s added for %(date)s.") % {
            "kind": result.kind,
            "date": date_format(result.due_on),
        }

    def get_success_url(self, result):
        return f"{self.placement.get_absolute_url()}#follow-up-{result.pk}"


class FollowUpMoveView(PlacementActionView):
    http_method_names = ["post"]
    on_placement_page = "move_form"

    def get_placement(self):
        placement = super().get_placement()
        self.follow_up = get_object_or_404(
            placement.follow_ups.all(), pk=self.kwargs["follow_up_pk"]
        )
        return placement

    def get_form(self, data=None):
        return FollowUpMoveForm(data, prefix=f"move-{self.follow_up.pk}")

    def page_forms(self, form):
        return {"move_form": form, "move_follow_up_pk": self.follow_up.pk}

    def form_invalid(self, form):
        if self.follow_up.done_on is not None:
            # A done checkpoint has no move form on the page to show the error on.
            messages.error(self.request, " ".join(form.non_field_errors()))
            return HttpResponseRedirect(self.get_success_url(self.follow_up))
        return super().form_invalid(form)

    def perform(self, form):
        return services.follow_up_move(
            follow_up=self.follow_up, due_on=form.cleaned_data["due_on"], by=self.request.user
        )

    def get_success_message(self, form, result):
        return _("%(kind)s moved to %(date)s.") % {
            "kind": result.kind,
            "date": date_format(result.due_on),
        }

    def get_success_url(self, result):
        return f"{self.placement.get_absolute_url()}#follow-up-{result.pk}"


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


# The instrument catalogue ---------------------------------------------------------------------


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
        return super().get_context_data(
            region=region,
            regions=regions,
            instruments=instruments,
            plan=steps or services.follow_up_plan(region),
            plan_is_default=not steps,
            **kwargs,
        )
