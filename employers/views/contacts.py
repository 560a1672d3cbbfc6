"""Contact persons: add one, edit the details, change the role, mark as left, confirm as correct."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .. import services
from ..forms import ContactEditForm, ContactForm, ContactLeftForm, ContactRoleForm
from ..models import ContactPerson
from .detail import EmployerActionView


class ContactAddView(EmployerActionView):
    template_name = "employers/contact_form.html"

    def get_form(self, data=None):
        return ContactForm(data, instance=ContactPerson(employer=self.employer))

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Add a contact person"), **kwargs)

    def perform(self, form):
        return services.contact_add(
            employer=self.employer, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("%(name)s has been added as a contact person.") % {"name": result.name}

    def get_success_url(self, result):
        return f"{self.employer.get_absolute_url()}#contact-{result.pk}"


class ContactActionView(EmployerActionView):
    """An action on one contact person of a visible employer."""

    def get_employer(self):
        employer = super().get_employer()
        self.contact = get_object_or_404(
            ContactPerson.objects.select_related("successor"),
            pk=self.kwargs["contact_pk"],
            employer=employer,
        )
        return employer

    def get_context_data(self, **kwargs):
        return super().get_context_data(contact=self.contact, **kwargs)

    def get_success_url(self, result):
        return f"{self.employer.get_absolute_url()}#contact-{self.contact.pk}"


class ContactEditView(ContactActionView):
    template_name = "employers/contact_form.html"

    def get_form(self, data=None):
        return ContactEditForm(data, instance=self.contact)

    def get_context_data(self, **kwargs):
        title = _("Edit the details of %(name)s") % {"name": self.contact.name}
        return super().get_context_data(title=title, **kwargs)

    def perform(self, form):
        return services.contact_update(
            contact=self.contact, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("The details of %(name)s have been saved.") % {"name": result.name}


class ContactRoleView(ContactActionView):
    template_name = "employers/contact_form.html"

    def get_form(self, data=None):
        return ContactRoleForm(data, instance=self.contact)

    def get_context_data(self, **kwargs):
        title = _("Change the role of %(name)s") % {"name": self.contact.name}
        return super().get_context_data(title=title, **kwargs)

    def perform(self, form):
        return services.contact_change_role(
            contact=self.contact,
            by=self.request.user,
            on=form.cleaned_data["on"],
            **form.service_fields(),
        )

    def get_success_message(self, form, result):
        return _("The role of %(name)s has been saved.") % {"name": result.name}


class ContactLeftView(ContactActionView):
    template_name = "employers/contact_left.html"

    def get_form(self, data=None):
        return ContactLeftForm(data, contact=self.contact)

    def get(self, request, *args, **kwargs):
        self.employer = self.get_employer()
        if self.contact.left_on is not None:
            messages.info(request, _("%(name)s is already marked as left.") % self.name_arg())
            return HttpResponseRedirect(self.get_success_url(None))
        return super().get(request, *args, **kwargs)

    def name_arg(self):
        return {"name": self.contact.name}

    def perform(self, form):
        data = form.cleaned_data
        return services.contact_mark_left(
            contact=self.contact,
            left_on=data["left_on"],
            by=self.request.user,
            reason=data["reason"],
            successor=data["successor"],
        )

    def get_success_message(self, form, result):
        if result.has_left:
            return _("%(name)s is marked as left.") % self.name_arg()
        return _("%(name)s will leave on %(date)s.") % {
            "name": result.name,
            "date": date_format(result.left_on),
        }


class ContactVerifyView(ContactActionView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.employer = self.get_employer()
        try:
            services.contact_verify(contact=self.contact, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The details of %(name)s are confirmed as correct today.")
                % {"name": self.contact.name},
            )
        return HttpResponseRedirect(self.get_success_url(None))
