"""Staffing requests and proposing a candidate, reached from the employer page: forms about one
visible employer."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.permissions import StaffRequiredMixin
from employers.models import Employer
from wsp_crm.service_forms import ServiceFormMixin

from .. import services
from ..forms import EmployerProposalForm, StaffingRequestForm
from ..models import StaffingRequest
from .detail import safe_next


class EmployerFormView(ServiceFormMixin, StaffRequiredMixin, View):
    """A form about one visible employer (404 otherwise), reached from the employer page."""

    template_name = None
    prefix = None
    anchor = ""

    def get_employer(self):
        return get_object_or_404(
            Employer.objects.visible_to(self.request.user), pk=self.kwargs["employer_pk"]
        )

    def get_form(self, data=None):
        raise NotImplementedError

    def perform(self, form):
        raise NotImplementedError

    def get_success_message(self, form, result):
        return ""

    def get_context_data(self, **kwargs):
        return {"employer": self.employer, "next": safe_next(self.request, ""), **kwargs}

    def get_success_url(self, result):
        fallback = self.employer.get_absolute_url() + (f"#{self.anchor}" if self.anchor else "")
        return safe_next(self.request, fallback)

    def get(self, request, *args, **kwargs):
        self.employer = self.get_employer()
        return render(request, self.template_name, self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        self.employer = self.get_employer()
        return self.submit(request)

    def form_invalid(self, form):
        return render(self.request, self.template_name, self.get_context_data(form=form))


class StaffingRequestCreateView(EmployerFormView):
    template_name = "candidates/request_form.html"
    prefix = "request"
    anchor = "requests"

    def get_form(self, data=None):
        return StaffingRequestForm(data, employer=self.employer, prefix=self.prefix)

    def perform(self, form):
        return services.staffing_request_create(
            employer=self.employer, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("Staffing request %(title)s has been added.") % {"title": result.title}


class StaffingRequestEditView(EmployerFormView):
    template_name = "candidates/request_form.html"
    prefix = "request"
    anchor = "requests"

    def get_employer(self):
        self.staffing_request = get_object_or_404(
            StaffingRequest.objects.visible_to(self.request.user).select_related("employer"),
            pk=self.kwargs["pk"],
        )
        return self.staffing_request.employer

    def get_form(self, data=None):
        return StaffingRequestForm(
            data, employer=self.employer, instance=self.staffing_request, prefix=self.prefix
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(staffing_request=self.staffing_request, **kwargs)

    def perform(self, form):
        return services.staffing_request_update(
            request=self.staffing_request, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("Staffing request %(title)s has been saved.") % {"title": result.title}


class EmployerProposeView(EmployerFormView):
    """Propose one of your candidates to this employer, with or without a staffing request."""

    template_name = "candidates/employer_propose.html"
    prefix = "propose"
    anchor = "proposals"

    def get_form(self, data=None):
        initial = {}
        value = self.request.GET.get("request", "")
        if value.isdigit():
            initial["request"] = value
        return EmployerProposalForm(
            data,
            user=self.request.user,
            employer=self.employer,
            prefix=self.prefix,
            initial=initial,
        )

    def perform(self, form):
        return services.proposal_create(
            candidate=form.cleaned_data["candidate"], by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("%(name)s has been proposed to %(employer)s.") % {
            "name": result.candidate.full_name,
            "employer": self.employer,
        }
