"""Pages whose form runs a service: one way to save, to show the service's errors on the form and
to redirect with a message."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect


def add_service_errors(form, error):
    """Show a service's ValidationError on the form: on the field it names when the form has
    that field, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class ServiceFormMixin:
    """`submit(request)` validates the posted form, runs `perform(form)` (which calls a service)
    in a transaction and redirects with a success message; on invalid input or a refusal by the
    service it returns `form_invalid(form)` with everything the user typed kept.

    The view provides get_form(data), perform(form), get_success_message(form, result),
    get_success_url(result) and form_invalid(form); get_success_tags(result) optionally tags the
    message (e.g. "in-page": the page shows it next to what was saved, not at the top)."""

    def get_success_tags(self, result):
        return ""

    def submit(self, request):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    result = self.perform(form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    self.get_success_message(form, result),
                    extra_tags=self.get_success_tags(result),
                )
                return HttpResponseRedirect(self.get_success_url(result))
        return self.form_invalid(form)
