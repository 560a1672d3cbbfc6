"""Pages for the CSV import of employers (upload, dry-run preview, confirm) and the CSV export of
the filtered employer list. The file format and all import logic live in employers.importer.

The uploaded bytes stay in the user's session (compressed) between preview and confirm: no file
is written to disk, and the limits (5 MB, 10,000 rows) keep the session small.
"""

import binascii
import uuid
import zlib

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.models import Region
from accounts.permissions import StaffRequiredMixin
from accounts.ratelimit import RateLimitedMixin
from wsp_crm import exports

from . import importer
from .filters import EmployerFilter
from .importer import jobs
from .models import ContactPerson, Employer, ImportJob, Location

SESSION_KEY = "employers_import"


def all_employers_url():
    """The list of all employers of the region: imported employers have no manager yet, so an
    account manager's default "my employers" would not show them."""
    return reverse("employers:list") + "?manager="


PREVIEW_ROWS = 500
PREVIEW_ERRORS = 1000

ACTIONS = {
    "create": gettext_lazy("new"),
    "update": gettext_lazy("update"),
    "unchanged": gettext_lazy("unchanged"),
}
COLUMN_HELP = {
    "employer_name": gettext_lazy("Required. The name of the employer."),
    "kvk_number": gettext_lazy("8 digits. Recognises the employer when you import again."),
    "branch_number": gettext_lazy("12 digits."),
    "sector": gettext_lazy("For example zorg en welzijn, horeca, bouw, logistiek, onderwijs."),
    "employee_count": gettext_lazy("A whole number, such as 45."),
    "ownership": gettext_lazy("publiek or privaat."),
    "stage": gettext_lazy("prospect, kennismaking, actief or strategisch partner."),
    "inclusion": gettext_lazy("inclusief or nog niet inclusief."),
    "street": gettext_lazy("Fill in street, postcode and city together."),
    "postcode": gettext_lazy("Such as 3511 AB. With the name it recognises the employer."),
    "city": gettext_lazy("The city of this address."),
    "contact_name": gettext_lazy("Leave the contact columns empty for a row without a contact."),
    "job_title": gettext_lazy("For example HR adviser or team leader."),
    "level": gettext_lazy("top, midden or vloer (required for a new contact without roles)."),
    "roles": gettext_lazy("directeur, hr, begeleider, kartrekker; several separated by commas."),
    "phone": gettext_lazy("As you would dial it."),
    "email": gettext_lazy("Also recognises the contact person when the name is spelt otherwise."),
}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "Comma- or semicolon-separated, as Excel saves it; at most 5 MB and 10,000 rows."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.order_by("name"),
        label=gettext_lazy("Import into region"),
        help_text=gettext_lazy("As a WSP admin you choose the region the employers belong to."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.raw = b""
        if user.is_wsp_admin:
            self.fields["region"].initial = user.region_id
        else:
            del self.fields["region"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importer.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB. Split it into smaller files.")
                % {"size": importer.MAX_BYTES // (1024 * 1024)}
            )
        self.raw = upload.read()
        try:
            importer.read_file(self.raw)
        except importer.ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload

    def target_region(self):
        return self.cleaned_data.get("region") or self.user.region


class EmployerImportView(StaffRequiredMixin, View):
    """Upload a CSV file, see what it would do (nothing is saved), then confirm or cancel."""

    def get(self, request):
        token = request.GET.get("upload")
        if token:
            pending = self.pending(request, token)
            if pending is not None:
                return self.preview(request, pending)
        return self.upload_page(request, ImportUploadForm(user=request.user))

    def post(self, request):
        step = request.POST.get("step")
        if step in ("confirm", "cancel"):
            pending = self.pending(request, request.POST.get("token", ""))
            if pending is None:
                return redirect("employers:import")
            if step == "cancel":
                del request.session[SESSION_KEY]
                messages.info(request, _("The import was cancelled; nothing was saved."))
                return redirect("employers:import")
            return self.confirm(request, pending)
        form = ImportUploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.upload_page(request, form)
        region = form.target_region()
        if region is None:
            form.add_error(None, _("Your account has no region; ask a WSP admin."))
            return self.upload_page(request, form)
        token = uuid.uuid4().hex
        request.session[SESSION_KEY] = {
            "token": token,
            "filename": (form.cleaned_data["file"].name or "")[-200:],
            "region": region.pk,
            "data": importer.pack(form.raw),
            "uploaded_at": timezone.now().isoformat(),
        }
        return redirect(f"{reverse('employers:import')}?upload={token}")

    def pending(self, request, token):
        """The upload kept in the session, if `token` still names it and the region is allowed."""
        pending = request.session.get(SESSION_KEY)
        if not pending or not token or pending.get("token") != token:
            messages.error(
                request,
                _(
                    "This upload is no longer available: it was imported, cancelled or replaced "
                    "by another file. Choose the file again."
                ),
            )
            return None
        region = Region.objects.filter(pk=pending.get("region")).first()
        user = request.user
        if region is None or not (user.is_wsp_admin or region.pk == user.region_id):
            del request.session[SESSION_KEY]
            messages.error(request, _("You cannot import into this region. Choose the file again."))
            return None
        try:
            raw = importer.unpack(pending["data"])
        except (KeyError, ValueError, binascii.Error, zlib.error):
            del request.session[SESSION_KEY]
            messages.error(request, _("The upload could not be read back. Choose the file again."))
            return None
        return {**pending, "region": region, "raw": raw}

    def run(self, request, pending, **options):
        try:
            return importer.run_import(
                pending["raw"], region=pending["region"], by=request.user, **options
            )
        except importer.ImportFileError as exc:
            del request.session[SESSION_KEY]
            messages.error(request, str(exc))
            return None

    def preview(self, request, pending, status=200):
        result = self.run(request, pending, dry_run=True)
        if result is None:
            return redirect("employers:import")
        return self.preview_page(request, pending, result, status)

    def confirm(self, request, pending):
        valid_only = request.POST.get("mode") == "valid_only"
        check = self.run(request, pending, dry_run=True)
        if check is None:
            return redirect("employers:import")
        if len(check.rows) > importer.SYNC_ROWS and (valid_only or not check.has_errors):
            return self.start_in_background(request, pending, check, valid_only)
        result = check if check.has_errors and not valid_only else None
        result = result or self.run(request, pending, dry_run=False, valid_only=valid_only)
        if result is None:
            return redirect("employers:import")
        if not result.written:
            messages.error(
                request,
                _(
                    "Nothing was imported: some rows have errors. Correct the file and upload it "
                    "again, or choose to import only the valid rows."
                ),
            )
            return self.preview_page(request, pending, result, status=400)
        del request.session[SESSION_KEY]
        messages.success(request, importer.summary_text(result))
        return redirect(all_employers_url())

    def start_in_background(self, request, pending, check, valid_only):
        """Too many rows for one page request: an ImportJob (kept in the database, so a lost
        broker message is queued again by the sweeper) imports them and e-mails the user."""
        job = jobs.job_start(
            data=request.session[SESSION_KEY]["data"],
            region=pending["region"],
            by=request.user,
            filename=pending["filename"],
            valid_only=valid_only,
        )
        if job is None:
            # The file stays in the session: the user can simply confirm again in a while.
            messages.error(
                request,
                _(
                    "The import could not be started: background jobs are unavailable right now. "
                    "Nothing was imported; please confirm again in a few minutes."
                ),
            )
            return self.preview_page(request, pending, check, status=503)
        del request.session[SESSION_KEY]
        messages.success(
            request,
            _(
                "The import has started. It runs in the background; you will receive an e-mail "
                "at %(email)s when it is done."
            )
            % {"email": request.user.email},
        )
        return redirect(all_employers_url())

    def upload_page(self, request, form):
        columns = [
            {"header": column.header, "help": COLUMN_HELP[column.key]}
            for column in importer.COLUMNS
        ]
        recent = ImportJob.objects.filter(requested_by=request.user).select_related("region")
        context = {"form": form, "columns": columns, "jobs": recent.order_by("-created_at")[:10]}
        return render(request, "employers/import.html", context)

    def preview_page(self, request, pending, result, status=200):
        rows = [
            {
                "number": row.number,
                "employer": row.employer_name,
                "employer_action": ACTIONS.get(row.employer_action, ""),
                "contact": row.contact_name,
                "contact_action": ACTIONS.get(row.contact_action, ""),
                "changes": ", ".join(str(change) for change in row.changes),
                "errors": row.errors,
            }
            for row in result.rows[:PREVIEW_ROWS]
        ]
        errors = result.errors
        context = {
            "pending": pending,
            "region": pending["region"],
            "result": result,
            "rows": rows,
            "rows_hidden": max(len(result.rows) - PREVIEW_ROWS, 0),
            "errors": errors[:PREVIEW_ERRORS],
            "errors_total": len(errors),
            "errors_hidden": max(len(errors) - PREVIEW_ERRORS, 0),
        }
        return render(request, "employers/import_preview.html", context, status=status)


def export_queryset(user, params):
    """The employer list as the list page filters it, ready for export_rows (fixed queries).
    Like the list page, an account manager without a `manager` parameter gets their own
    employers; `?manager=` means everybody's."""
    params = params.copy()
    if "manager" not in params and user.is_account_manager:
        params["manager"] = str(user.pk)
    filterset = EmployerFilter(params, queryset=Employer.objects.visible_to(user), user=user)
    return for_export(filterset.qs)


def for_export(employers):
    """Employers in name order with what export_rows reads (fixed queries)."""
    return employers.order_by("name", "pk").prefetch_related(
        Prefetch("locations", queryset=Location.objects.order_by("-is_main", "pk")),
        Prefetch(
            "contacts",
            queryset=ContactPerson.objects.current().order_by("name", "pk"),
            to_attr="current_contacts",
        ),
    )


class EmployerExportView(StaffRequiredMixin, RateLimitedMixin, View):
    """The current filtered list (same query string as the list page) as CSV, in the import
    format: UTF-8 with BOM and semicolons so that Dutch Excel opens it correctly."""

    rate_limit_scope = "export"

    def get(self, request):
        employers = export_queryset(request.user, request.GET)
        filename = f"werkgevers-{timezone.localdate():%Y-%m-%d}.csv"
        return exports.csv_response(filename, importer.export_rows(employers))


class ImportSampleView(StaffRequiredMixin, View):
    def get(self, request):
        return exports.csv_response("voorbeeld-import-werkgevers.csv", importer.sample_rows())


urlpatterns = [
    path("import/", EmployerImportView.as_view(), name="import"),
    path("import/sample.csv", ImportSampleView.as_view(), name="import_sample"),
    path("export.csv", EmployerExportView.as_view(), name="export"),
]
