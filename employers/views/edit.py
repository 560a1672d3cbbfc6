"""Adding an employer, editing its details and adding a location."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from accounts.permissions import StaffRequiredMixin

from .. import services
from ..forms import EmployerCreateForm, EmployerForm, LocationForm, add_service_errors
from ..models import Location
from .detail import EmployerActionView


class EmployerCreateView(StaffRequiredMixin, View):
    template_name = "employers/employer_form.html"

    def get(self, request):
        form = EmployerCreateForm(user=request.user)
        return render(request, self.template_name, {"form": form, "creating": True})

    def post(self, request):
        form = EmployerCreateForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                employer = self.perform(form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(name)s has been added.") % {"name": employer.name})
                return HttpResponseRedirect(employer.get_absolute_url())
        return render(request, self.template_name, {"form": form, "creating": True})

    @transaction.atomic
    def perform(self, form):
        user = self.request.user
        employer = services.employer_create(
            region=form.get_region(), by=user, **form.service_fields()
        )
        location = form.location_fields()
        if location:
            services.location_add(employer=employer, by=user, is_main=True, **location)
        if form.cleaned_data.get("assign_me"):
            services.account_manager_assign(
                employer=employer, manager=user, by=user, region=user.region
            )
        return employer


class EmployerEditView(EmployerActionView):
    template_name = "employers/employer_form.html"
    anchor = "facts"

    def get_form(self, data=None):
        return EmployerForm(data, instance=self.employer)

    def perform(self, form):
        return services.employer_update(
            employer=self.employer, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("The details of %(name)s have been saved.") % {"name": result.name}


class LocationAddView(EmployerActionView):
    template_name = "employers/location_form.html"
    anchor = "locations"

    def get_form(self, data=None):
        initial = {"is_main": not self.employer.locations.exists()}
        return LocationForm(data, instance=Location(employer=self.employer), initial=initial)

    def perform(self, form):
        return services.location_add(
            employer=self.employer, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("Location %(address)s has been added.") % {"address": result}
