"""The employer list's saved views (save, delete) and bulk actions on the selected rows."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from accounts.permissions import StaffRequiredMixin
from wsp_crm import exports

from .. import importer
from ..bulk_forms import BulkForm, SavedViewForm
from ..import_views import for_export
from ..models import Employer, SavedView
from ..services import bulk
from .conversations import safe_next
from .detail import assignment_region


def _list_url(request):
    return safe_next(request, reverse("employers:list"))


def _form_errors(form):
    """ "Label: message" per error (the form is shown on the list page, not on its own)."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts += [f"{label}: {message}" if label else str(message) for message in errors]
    return " ".join(parts)


class SavedViewCreateView(StaffRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        form = SavedViewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
            return HttpResponseRedirect(_list_url(request))
        try:
            view = bulk.saved_view_save(
                owner=request.user,
                name=form.cleaned_data["name"],
                params=request.POST.get("query", ""),
                shared=form.cleaned_data["shared"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(_list_url(request))
        messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
        return HttpResponseRedirect(f"{reverse('employers:list')}?{view.query}")


class SavedViewDeleteView(StaffRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        view = get_object_or_404(SavedView.objects.visible_to(request.user), pk=pk)
        try:
            bulk.saved_view_delete(view=view, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("View “%(name)s” deleted.") % {"name": view.name})
        return HttpResponseRedirect(_list_url(request))


class BulkActionView(StaffRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        form = BulkForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
            return HttpResponseRedirect(_list_url(request))
        data = form.cleaned_data
        employers = list(data["employer"].order_by("name", "pk"))
        if data["op"] == BulkForm.EXPORT:
            return self.export(employers)
        if data["op"] == BulkForm.ASSIGN:
            result = bulk.employers_bulk_assign(
                employers=employers,
                manager=data["manager"],
                by=request.user,
                region_of=lambda employer: assignment_region(request.user, employer),
                handover_note=data["handover_note"],
            )
        else:
            result = bulk.employers_bulk_stage(
                employers=employers, stage=data["stage"], by=request.user
            )
        self.report(result)
        return HttpResponseRedirect(_list_url(request))

    def export(self, employers):
        selected = Employer.objects.filter(pk__in=[employer.pk for employer in employers])
        filename = f"werkgevers-selectie-{timezone.localdate():%Y-%m-%d}.csv"
        return exports.csv_response(filename, importer.export_rows(for_export(selected)))

    def report(self, result):
        request = self.request
        if result.done:
            messages.success(
                request,
                ngettext(
                    "%(count)d employer changed.", "%(count)d employers changed.", len(result.done)
                )
                % {"count": len(result.done)},
            )
        if result.unchanged:
            messages.info(
                request,
                ngettext(
                    "%(count)d employer was so already.",
                    "%(count)d employers were so already.",
                    len(result.unchanged),
                )
                % {"count": len(result.unchanged)},
            )
        for employer, reasons in result.failed:
            messages.error(
                request,
                _("%(name)s not changed: %(reasons)s")
                % {"name": employer.name, "reasons": " ".join(reasons)},
            )
