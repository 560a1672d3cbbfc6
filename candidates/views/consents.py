"""Sharing consents: recording one for an employer, withdrawing it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .. import services
from ..forms import ConsentForm
from .detail import CandidateFormView, CandidateView


class ConsentRecordView(CandidateFormView):
    template_name = "candidates/consent_form.html"
    anchor = "consents"

    def get_form(self, data=None):
        return ConsentForm(data, user=self.request.user, candidate=self.candidate)

    def perform(self, form):
        data = form.cleaned_data
        return services.consent_record(
            candidate=self.candidate,
            employer=data["employer"],
            scope=data["scope"],
            includes_arrangements=data["includes_arrangements"],
            given_on=data["given_on"],
            by=self.request.user,
        )

    def get_success_message(self, form, result):
        return _("Consent recorded: %(employer)s may now see the named profile.") % {
            "employer": result.employer
        }


class ConsentWithdrawView(CandidateView):
    """Withdraw a consent: from this moment the employer sees the anonymous profile only."""

    http_method_names = ["post"]
    allow_anonymised = True

    def post(self, request, pk, consent_pk):
        self.candidate = self.get_candidate()
        consent = get_object_or_404(
            self.candidate.consents.select_related("employer"), pk=consent_pk
        )
        try:
            services.consent_withdraw(consent=consent, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Consent withdrawn: %(employer)s no longer sees the named profile.")
                % {"employer": consent.employer},
            )
        return HttpResponseRedirect(self.candidate.get_absolute_url() + "#consents")
