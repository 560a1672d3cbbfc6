"""Adding a candidate, editing the details and the work profile, anonymising."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from accounts.permissions import StaffRequiredMixin

from .. import services
from ..forms import AnonymiseForm, CandidateForm, CandidateProfileForm, add_service_errors
from ..models import Candidate, CandidateProfile
from .detail import CandidateFormView


class CandidateCreateView(StaffRequiredMixin, View):
    template_name = "candidates/candidate_form.html"

    def forms(self, data=None):
        user = self.request.user
        return (
            CandidateForm(data, user=user),
            CandidateProfileForm(data, prefix="profile"),
        )

    def get(self, request):
        form, profile_form = self.forms()
        return render(request, self.template_name, self.context(form, profile_form))

    def post(self, request):
        form, profile_form = self.forms(request.POST)
        if form.is_valid() and profile_form.is_valid():
            try:
                candidate = services.candidate_create(
                    region=form.get_region(),
                    by=request.user,
                    profile=profile_form.service_fields(),
                    **form.service_fields(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("%(name)s has been added.") % {"name": candidate.full_name}
                )
                return HttpResponseRedirect(candidate.get_absolute_url())
        return render(request, self.template_name, self.context(form, profile_form))

    @staticmethod
    def context(form, profile_form):
        return {"form": form, "profile_form": profile_form, "creating": True}


class CandidateEditView(CandidateFormView):
    template_name = "candidates/candidate_form.html"
    anchor = "identity"

    def get_form(self, data=None):
        return CandidateForm(data, user=self.request.user, instance=self.candidate)

    def perform(self, form):
        return services.candidate_update(
            candidate=self.candidate, by=self.request.user, **form.service_fields()
        )

    def still_visible(self, candidate):
        return Candidate.objects.visible_to(self.request.user).filter(pk=candidate.pk).exists()

    def get_success_message(self, form, result):
        if not self.still_visible(result):
            return _(
                "The details of %(name)s have been saved. %(responsible)s is now responsible; "
                "you no longer see this candidate."
            ) % {"name": result.full_name, "responsible": result.responsible.full_name}
        return _("The details of %(name)s have been saved.") % {"name": result.full_name}

    def get_success_url(self, result):
        if not self.still_visible(result):
            return reverse("candidates:list")
        return super().get_success_url(result)


class CandidateProfileView(CandidateFormView):
    template_name = "candidates/profile_form.html"
    anchor = "profile"

    def get_form(self, data=None):
        profile = CandidateProfile.objects.filter(candidate=self.candidate).first()
        return CandidateProfileForm(data, candidate=self.candidate, instance=profile)

    def perform(self, form):
        return services.candidate_profile_update(
            candidate=self.candidate, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("The work profile of %(name)s has been saved.") % {
            "name": self.candidate.full_name
        }


class CandidateAnonymiseView(CandidateFormView):
    """WSP admins and team leads: remove identity and profile text, keep the placements."""

    template_name = "candidates/candidate_anonymise.html"
    allowed_roles = ("team_lead",)

    def get_form(self, data=None):
        return AnonymiseForm(data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            placement_count=self.candidate.placements.count(),
            proposal_count=self.candidate.proposals.count(),
            **kwargs,
        )

    def perform(self, form):
        return services.candidate_anonymise(candidate=self.candidate, by=self.request.user)

    def get_success_message(self, form, result):
        return _("The candidate has been anonymised. Placements are kept for the statistics.")

    def get_success_url(self, result):
        return self.candidate.get_absolute_url()
