"""manage.py import_employers FILE [--dry-run] [--region CODE] [--valid-only] [--user EMAIL]

The same import as the page (employers.importer; docs/import.md describes the file). Check
first with --dry-run. Exits with status 1 when rows have errors and nothing was imported.
"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Region, User
from employers import importer


class Command(BaseCommand):
    help = "Import employers and their contact persons from a CSV file (see docs/import.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file (UTF-8 or Excel's semicolon CSV); - for stdin")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; save nothing."
        )
        parser.add_argument(
            "--region", help="Code of the region to import into (default: the user's region)."
        )
        parser.add_argument(
            "--valid-only",
            action="store_true",
            help="Import the valid rows even when other rows have errors.",
        )
        parser.add_argument(
            "--user", help="E-mail of the staff member recorded as the author of the changes."
        )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(**options)

    def _handle(self, *, file, dry_run, region, valid_only, user, **options):
        by = self._user(user)
        target = self._region(region, by)
        raw = self._read(file)
        try:
            result = importer.run_import(
                raw, region=target, by=by, dry_run=dry_run, valid_only=valid_only
            )
        except importer.ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        for error in result.errors:
            column = f" [{error.column}]" if error.column else ""
            self.stderr.write(
                _("row %(row)d%(column)s: %(message)s")
                % {"row": error.row, "column": column, "message": error.message}
            )
        if result.ignored_columns:
            self.stderr.write(
                _("Ignored columns: %(columns)s") % {"columns": ", ".join(result.ignored_columns)}
            )
        self.stdout.write(self._summary(result, target))
        if result.has_errors and not result.written:
            raise CommandError(
                ngettext(
                    "%(count)d row with errors: nothing was saved. Correct the file or use "
                    "--valid-only.",
                    "%(count)d rows with errors: nothing was saved. Correct the file or use "
                    "--valid-only.",
                    result.error_row_count,
                )
                % {"count": result.error_row_count}
            )

    def _user(self, email):
        if not email:
            return None
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None or not user.is_staff_member:
            raise CommandError(
                _("No active WSP staff member has the e-mail address %(email)s.") % {"email": email}
            )
        return user

    def _region(self, code, by):
        if code:
            region = Region.objects.filter(code=code).first()
            if region is None:
                codes = ", ".join(Region.objects.order_by("code").values_list("code", flat=True))
                raise CommandError(
                    _('Unknown region "%(code)s". Regions: %(codes)s')
                    % {"code": code, "codes": codes}
                )
            if by is not None and not by.is_wsp_admin and by.region_id != region.pk:
                raise CommandError(
                    _("%(user)s does not work in region %(region)s.")
                    % {"user": by.email, "region": region}
                )
            return region
        if by is not None and by.region_id:
            return by.region
        raise CommandError(_("Give the region with --region CODE (or a --user with a region)."))

    def _read(self, path):
        if path == "-":
            return sys.stdin.buffer.read(importer.MAX_BYTES + 1)
        try:
            with open(path, "rb") as handle:
                return handle.read(importer.MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(problem)s.") % {"path": path, "problem": exc.strerror}
            ) from exc

    def _summary(self, result, region):
        if result.dry_run:
            state = _("Dry run (nothing was saved)")
        elif result.written:
            state = _("Imported")
        else:
            state = _("Not imported")
        return _(
            "%(state)s in region %(region)s: %(rows)d rows, %(errors)d with errors. "
            "Employers: %(created)d new, %(updated)d updated, %(unchanged)d unchanged. "
            "Contact persons: %(contacts_created)d new, %(contacts_updated)d updated, "
            "%(contacts_unchanged)d unchanged."
        ) % {
            "state": state,
            "region": region,
            "rows": len(result.rows),
            "errors": result.error_row_count,
            "created": result.employers_created,
            "updated": result.employers_updated,
            "unchanged": result.employers_unchanged,
            "contacts_created": result.contacts_created,
            "contacts_updated": result.contacts_updated,
            "contacts_unchanged": result.contacts_unchanged,
        }
