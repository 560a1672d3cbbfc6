"""The placement page, and PlacementActionView: the base of every action on one placement (an own
form page, or a form on the placement page shown again with its errors)."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.permissions import StaffRequiredMixin
from candidates.access import get_candidate_for
from wsp_crm.service_forms import ServiceFormMixin

from ..forms import (
    AssessmentForm,
    FollowUpAddForm,
    FollowUpMoveForm,
    FollowUpRecordForm,
    InstrumentPeriodForm,
    NextStepForm,
    ending_soon_cutoff,
)
from ..models import Placement, TeamMember
from ..panels import placement_page
from ..selectors import follow_up_state, mark_row
from ..team_forms import TeamMemberForm

# The placement page marks the next wage-value assessment when it is due within this time (the
# signal's lead time is the region's setting, default 8 weeks).
ASSESSMENT_SOON = datetime.timedelta(weeks=8)


def visible_placements(user):
    return Placement.objects.visible_to(user).select_related(
        "candidate",
        "employer__region",
        "location",
        "responsible",
        "created_by",
        "proposal",
    )


def candidate_url(candidate):
    """The candidate's page, when the candidates app has one."""
    try:
        return reverse("candidates:detail", args=[candidate.pk])
    except NoReverseMatch:  # until the candidates app has its pages
        return ""


def team_rows(placement, today, cutoff):
    """The placement's team (ONE query), current members first, each marked for the page."""
    members = list(placement.team.select_related("contact", "staff"))
    for member in members:
        member.current = member.is_current(today)
        member.guides = member.role in member.GUIDE_ROLES
        member.left = bool(member.contact_id and member.contact.has_left)
        member.leaving_on = member.contact.left_on if member.contact_id else None
        member.ended = member.end is not None and member.end < today
        member.ends_soon = bool(member.end and today <= member.end <= cutoff)
    members.sort(key=lambda m: (not m.current, ROLE_ORDER.index(m.role), -m.start.toordinal()))
    return members


ROLE_ORDER = [role.value for role in TeamMember.Role]


def next_step_url(placement):
    """A new proposal for the candidate of an ended placement, prefilled (doorstroom)."""
    try:
        url = reverse("candidates:propose", args=[placement.candidate_id])
    except NoReverseMatch:
        return ""
    return f"{url}?after={placement.pk}"


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
    assessments = list(placement.assessments.order_by("-assessed_on", "-pk"))
    periods = list(
        placement.instrument_periods.select_related("instrument", "next_step_by").order_by("start")
    )
    cutoff = ending_soon_cutoff(today)
    by_pk = {assessment.pk: assessment for assessment in assessments}
    for period in periods:
        period.placement = placement  # (no query per period for its placement)
        period.ends_soon = bool(
            period.status != "ended" and period.end and today <= period.end <= cutoff
        )
        period.expired = bool(period.status != "ended" and period.end and period.end < today)
        period.the_assessment = by_pk.get(period.assessment_id)
        period.needs_step = bool(
            period.is_running and period.ends_before_contract and not period.next_step
        )
        period.step_form = NextStepForm(
            initial={"next_step": period.next_step, "note": period.next_step_note},
            prefix=f"step-{period.pk}",
        )
        if forms.get("step_period_pk") == period.pk:
            period.step_form = forms["step_form"]
    for assessment in assessments:
        assessment.due_soon = bool(
            assessment.next_due_on and assessment.next_due_on <= today + ASSESSMENT_SOON
        )
    team = team_rows(placement, today, cutoff)
    placement.team_at_risk = any(m.guides for m in team) and not any(
        m.guides and m.current for m in team
    )
    placement.supervisor_left = any(m.guides and m.left for m in team if not m.ended)
    mark_row(placement, today)
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
        "next_step_url": next_step_url(placement)
        if candidate and placement.status == Placement.Status.ENDED
        else "",
        "follow_ups": follow_ups,
        "open_follow_ups": open_follow_ups,
        "done_count": len(follow_ups) - len(open_follow_ups),
        "overdue_count": sum(1 for f in follow_ups if f.state == "overdue"),
        "periods": periods,
        "team": team,
        "team_form": forms.get("team_form")
        or TeamMemberForm(placement=placement, user=request.user, prefix="team"),
        "assessments": assessments,
        "latest_assessment": assessments[0] if assessments else None,
        "assessment_form": forms.get("assessment_form")
        or AssessmentForm(placement=placement, prefix="assessment", initial={"assessed_on": today}),
        "record_form": forms.get("record_form")
        or FollowUpRecordForm(
            placement=placement, open_follow_ups=open_follow_ups, prefix="record"
        ),
        "add_form": forms.get("add_form") or FollowUpAddForm(prefix="add"),
        "period_form": forms.get("period_form")
        or InstrumentPeriodForm(
            placement=placement,
            prefix="period",
            initial={"start": today},
            assessments=assessments,
        ),
        "open_panel": forms.get("open_panel", ""),
        "retained_6": placement.retained_after(6, today),
        "retained_12": placement.retained_after(12, today),
        "retained_24": placement.retained_after(24, today),
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
