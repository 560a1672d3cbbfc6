"""The candidate page, and the bases of every page and action on one candidate: CandidateView
(fetch through get_candidate_for: scoped, logged, 404) and CandidateFormView (a form page that
calls a service and goes back to the candidate page or `next`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from accounts.permissions import StaffRequiredMixin, is_staff_member
from employers.models import Employer

from .. import services
from ..access import get_candidate_for, route_of
from ..forms import ConsentForm, ProposalForm, ProposalStatusForm, add_service_errors
from ..models import Candidate, CandidateProfile, ProposalResponse
from ..selectors import decorate_proposal, status_rank


def safe_next(request, fallback):
    """The `next` the form or link carries, if it points into this site; else the fallback."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class CandidateView(StaffRequiredMixin, View):
    """Base for a page or action on one candidate. The candidate comes from get_candidate_for
    (scoped, logged, 404). Non-staff users get 403, and their attempt is logged as denied."""

    template_name = None
    allow_anonymised = False

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_staff_member(request.user):
            services.candidate_access_log(
                user=request.user,
                candidate_id=int(kwargs["pk"]),
                route=route_of(request),
                method=request.method,
                allowed=False,
            )
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_candidate(self):
        queryset = Candidate.objects.select_related("region", "responsible")
        return get_candidate_for(self.request, self.kwargs["pk"], queryset=queryset)

    def refused(self):
        """A redirect when this action is not possible for the candidate, else None."""
        if self.candidate.anonymised_at and not self.allow_anonymised:
            messages.error(self.request, _("This candidate has been anonymised."))
            return HttpResponseRedirect(self.candidate.get_absolute_url())
        return None


class CandidateDetailView(CandidateView):
    template_name = "candidates/candidate_detail.html"

    def get(self, request, pk):
        candidate = get_candidate_for(
            request,
            pk,
            queryset=Candidate.objects.select_related(
                "region", "responsible", "created_by", "profile", "profile__updated_by"
            ),
        )
        return render(request, self.template_name, candidate_page_context(request, candidate))


def candidate_page_context(request, candidate):
    """Everything the candidate page shows, in a fixed number of queries."""
    user = request.user
    try:
        profile = candidate.profile
    except CandidateProfile.DoesNotExist:
        profile = None
    consents = list(candidate.consents.select_related("employer", "recorded_by", "withdrawn_by"))
    current_consents = [c for c in consents if c.withdrawn_on is None]
    consented_employers = {c.employer_id for c in current_consents}
    responses = Prefetch(
        "responses", ProposalResponse.objects.select_related("by"), to_attr="response_list"
    )
    proposals = list(
        candidate.proposals.select_related("employer", "request", "proposed_by")
        .prefetch_related(responses)
        .order_by(status_rank(), "-status_changed_on", "-pk")
    )
    placements = list(candidate.placements.select_related("employer").order_by("-start_date"))
    employer_ids = {p.employer_id for p in proposals} | {p.employer_id for p in placements}
    visible_employer_ids = set(
        Employer.objects.visible_to(user).filter(pk__in=employer_ids).values_list("pk", flat=True)
    )
    for proposal in proposals:
        proposal.employer_visible = proposal.employer_id in visible_employer_ids
        proposal.shared_named = proposal.employer_id in consented_employers
        decorate_proposal(proposal, user_can_act=proposal.employer_visible)
        proposal.status_form = (
            ProposalStatusForm(proposal=proposal, auto_id=f"id_p{proposal.pk}_%s")
            if proposal.can_act
            else None
        )
    for placement in placements:
        placement.employer_visible = placement.employer_id in visible_employer_ids
    active = not candidate.anonymised_at
    return {
        "candidate": candidate,
        "profile": profile,
        "current_consents": current_consents,
        "past_consents": [c for c in consents if c.withdrawn_on is not None],
        "open_proposals": [p for p in proposals if p.is_open],
        "closed_proposals": [p for p in proposals if not p.is_open],
        "placements": placements,
        "consent_form": ConsentForm(user=user, candidate=candidate) if active else None,
        "proposal_form": ProposalForm(user=user, candidate=candidate) if active else None,
        "can_anonymise": active and (user.is_team_lead or user.is_wsp_admin),
        "can_audit": user.is_wsp_admin,
    }


class CandidateFormView(CandidateView):
    """A form page about one candidate: GET shows it, POST validates, calls the service and
    goes back to the candidate page (or `next`)."""

    anchor = ""

    def get_form(self, data=None):
        raise NotImplementedError

    def perform(self, form):
        raise NotImplementedError

    def get_success_message(self, form, result):
        return ""

    def get_success_url(self, result):
        fallback = self.candidate.get_absolute_url() + (f"#{self.anchor}" if self.anchor else "")
        return safe_next(self.request, fallback)

    def get_context_data(self, **kwargs):
        return {
            "candidate": self.candidate,
            "next": safe_next(self.request, ""),
            **kwargs,
        }

    def handle_errors(self, form, error):
        add_service_errors(form, error)

    def get(self, request, *args, **kwargs):
        self.candidate = self.get_candidate()
        return self.refused() or render(
            request, self.template_name, self.get_context_data(form=self.get_form())
        )

    def post(self, request, *args, **kwargs):
        self.candidate = self.get_candidate()
        refused = self.refused()
        if refused:
            return refused
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    result = self.perform(form)
            except ValidationError as error:
                self.handle_errors(form, error)
            else:
                message = self.get_success_message(form, result)
                if message:
                    messages.success(request, message)
                return HttpResponseRedirect(self.get_success_url(result))
        return render(request, self.template_name, self.get_context_data(form=form))
