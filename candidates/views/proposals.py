"""Proposing a candidate to an employer and moving a proposal on (or closing it)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .. import services
from ..access import get_candidate_for
from ..forms import ProposalForm, ProposalStatusForm, add_service_errors
from ..models import Candidate, Proposal
from ..selectors import decorate_proposal
from ..sharing import current_consent, proposal_alias, shared_profile
from .detail import CandidateFormView, CandidateView, safe_next


def add_errors(form, error, field_map=None):
    """A service's ValidationError on the form, with service field names mapped to form fields."""
    if field_map and hasattr(error, "error_dict"):
        error = ValidationError(
            {field_map.get(field, field): errors for field, errors in error.error_dict.items()}
        )
    add_service_errors(form, error)


class ProposalCreateView(CandidateFormView):
    """Propose this candidate to an employer, with or without a staffing request."""

    template_name = "candidates/proposal_form.html"
    anchor = "proposals"

    def get_form(self, data=None):
        initial = {}
        for name in ("employer", "request"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = value
        after = self.request.GET.get("after", "")
        if data is None and after.isdigit() and len(after) < 19:
            initial.update(self.next_step_initial(int(after)))
        return ProposalForm(data, user=self.request.user, candidate=self.candidate, initial=initial)

    def next_step_initial(self, placement_pk):
        """Doorstroom: a new proposal after this candidate's placement ended, its note
        prefilled (read through the candidate: only their own ended placements count)."""
        placement = (
            self.candidate.placements.filter(pk=placement_pk, status="ended")
            .select_related("employer")
            .first()
        )
        if placement is None:
            return {}
        return {
            "note": _(
                "Next step (doorstroom) after %(job)s at %(employer)s, ended on %(date)s: "
                "%(reason)s."
            )
            % {
                "job": placement.job_title,
                "employer": placement.employer.name,
                "date": date_format(placement.ended_on),
                "reason": placement.get_end_reason_display().lower(),
            }
        }

    def perform(self, form):
        return services.proposal_create(
            candidate=self.candidate, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("%(name)s has been proposed to %(employer)s.") % {
            "name": self.candidate.full_name,
            "employer": result.employer,
        }


class ProposalStatusView(CandidateFormView):
    """Move a proposal on (introduction, trial) or close it with a reason."""

    template_name = "candidates/proposal_status.html"
    anchor = "proposals"

    def get_candidate(self):
        candidate = super().get_candidate()
        self.proposal = get_object_or_404(
            Proposal.objects.visible_to(self.request.user)
            .filter(candidate=candidate)
            .select_related("employer", "request"),
            pk=self.kwargs["proposal_pk"],
        )
        return candidate

    def refused(self):
        refused = super().refused()
        if refused is None and not self.proposal.is_open:
            messages.error(
                self.request,
                _("This proposal is closed (%(status)s).")
                % {"status": self.proposal.get_status_display().lower()},
            )
            return HttpResponseRedirect(self.get_success_url(None))
        return refused

    def get_form(self, data=None):
        initial = {}
        status = self.request.GET.get("status", "")
        if status in Proposal.NEXT_STATUSES[self.proposal.status]:
            initial["status"] = status
        return ProposalStatusForm(data, proposal=self.proposal, initial=initial)

    def get_context_data(self, **kwargs):
        decorate_proposal(self.proposal)
        return super().get_context_data(proposal=self.proposal, **kwargs)

    def handle_errors(self, form, error):
        add_errors(form, error, field_map={"decline_reason": "reason"})

    def perform(self, form):
        data = form.cleaned_data
        return services.proposal_set_status(
            proposal=self.proposal,
            status=data["status"],
            reason=data["reason"],
            on=data["on"],
            by=self.request.user,
        )

    def get_success_message(self, form, result):
        return _("Proposal of %(name)s at %(employer)s: %(status)s.") % {
            "name": self.candidate.full_name,
            "employer": result.employer,
            "status": result.get_status_display().lower(),
        }

    def get_success_url(self, result):
        fallback = f"{self.candidate.get_absolute_url()}#proposal-{self.proposal.pk}"
        return safe_next(self.request, fallback)


class ProposalPrintView(CandidateView):
    """The one-page profile for a proposal, exactly as the employer may see it (named with a
    current consent for that employer, else anonymous), with a print stylesheet."""

    template_name = "candidates/proposal_print.html"

    def get(self, request, pk, proposal_pk):
        candidate = get_candidate_for(
            request, pk, queryset=Candidate.objects.select_related("profile")
        )
        proposal = get_object_or_404(
            Proposal.objects.visible_to(request.user)
            .filter(candidate=candidate)
            .select_related("employer", "request"),
            pk=proposal_pk,
        )
        consent = current_consent(candidate, proposal.employer)
        shared = shared_profile(
            candidate=candidate, consent=consent, alias=proposal_alias(proposal)
        )
        return render(
            request,
            self.template_name,
            {"candidate": candidate, "proposal": proposal, "consent": consent, "shared": shared},
        )
