"""Voorgedragen kandidaten: the open proposals to the employer, and the employer's response
(invite for an introduction, ask a question, decline with a reason). Reads go through
portal.proposals (allowlisted values only) and are written to the candidate access log; a
response goes through candidates.services.proposal_respond, which gives the staff an action."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from candidates.access import log_candidates_listed
from candidates.services import proposal_respond

from .forms import ProposalResponseForm, add_service_errors
from .proposals import open_proposals, portal_proposal_rows
from .views import EmployerUserRequiredMixin


class PortalProposalsView(EmployerUserRequiredMixin, View):
    section = "proposals"

    def get(self, request):
        rows, shown = portal_proposal_rows(self.employer)
        log_candidates_listed(request, shown)
        return self.render("portal/proposals.html", rows=rows)


class PortalProposalView(EmployerUserRequiredMixin, View):
    section = "proposals"

    def row(self, pk):
        rows, shown = portal_proposal_rows(self.employer, pk=pk)
        if not rows:
            raise Http404
        log_candidates_listed(self.request, shown)
        return rows[0]

    def page(self, pk, form, status=200):
        response = self.render("portal/proposal_detail.html", row=self.row(pk), form=form)
        response.status_code = status
        return response

    def get(self, request, pk):
        return self.page(pk, ProposalResponseForm())

    def post(self, request, pk):
        proposal = open_proposals(self.employer).filter(pk=pk).first()
        if proposal is None:
            raise Http404
        form = ProposalResponseForm(request.POST)
        if form.is_valid():
            try:
                proposal_respond(proposal=proposal, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, response_message(form.cleaned_data["kind"]))
                return HttpResponseRedirect(reverse("portal:proposal", args=[pk]))
        return self.page(pk, form, status=400)


def response_message(kind):
    if kind == "decline":
        return _("Thank you. We have passed on that you decline this candidate.")
    if kind == "question":
        return _("Thank you. Your contact person at the WSP will answer your question.")
    return _("Thank you. Your contact person at the WSP will plan the introduction with you.")
