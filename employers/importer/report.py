"""What an import did (or, in a dry run, would do): ImportResult with the rows, their errors and
actions and the counts, and summary_text() for the message after a finished import. The pages
(employers/import_views.py), the command and the e-mail of a background import show these."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass
class ImportResult:
    rows: list
    ignored_columns: list
    delimiter: str
    encoding: str
    dry_run: bool
    valid_only: bool
    written: bool = False
    employers_created: int = 0
    employers_updated: int = 0
    employers_unchanged: int = 0
    contacts_created: int = 0
    contacts_updated: int = 0
    contacts_unchanged: int = 0

    @property
    def errors(self):
        return [error for row in self.rows for error in row.errors]

    @property
    def has_errors(self):
        return any(row.errors for row in self.rows)

    @property
    def error_row_count(self):
        return sum(1 for row in self.rows if row.errors)

    @property
    def valid_row_count(self):
        return len(self.rows) - self.error_row_count

    @property
    def encoding_label(self):
        labels = {
            "utf-8-sig": "UTF-8",
            "utf-8-invalid": _("UTF-8 with invalid characters"),
            "cp1252": _("Windows (Excel)"),
            "utf-16": "UTF-16",
        }
        return labels.get(self.encoding, self.encoding)

    @property
    def delimiter_label(self):
        return {";": _("semicolon"), ",": _("comma"), "\t": _("tab")}[self.delimiter]


def summary_text(result):
    """One Dutch sentence (or two) with the counts of a finished import."""
    text = _(
        "Import done. Employers: %(created)d new, %(updated)d updated, %(unchanged)d unchanged. "
        "Contact persons: %(contacts_created)d new, %(contacts_updated)d updated, "
        "%(contacts_unchanged)d unchanged."
    ) % {
        "created": result.employers_created,
        "updated": result.employers_updated,
        "unchanged": result.employers_unchanged,
        "contacts_created": result.contacts_created,
        "contacts_updated": result.contacts_updated,
        "contacts_unchanged": result.contacts_unchanged,
    }
    if result.has_errors:
        count = result.error_row_count
        text += " " + ngettext(
            "%(count)d row with errors was skipped.",
            "%(count)d rows with errors were skipped.",
            count,
        ) % {"count": count}
    return text
