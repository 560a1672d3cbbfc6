"""manage.py apply_retention [--dry-run]

The nightly retention job by hand (audit/retention.py; docs/operations.md). With --dry-run it
only counts what a run would do and changes nothing (and records nothing).
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from audit import retention


class Command(BaseCommand):
    help = (
        "Anonymise inactive candidates, remove the text of old conversations and delete old "
        "login records."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change; change nothing."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help="Rows per batch (default: RETENTION_BATCH_SIZE).",
        )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            result = retention.apply_retention(
                dry_run=options["dry_run"], batch_size=options["batch_size"]
            )
            if result.skipped:
                self.stdout.write(_("Another retention run is going on; nothing was done."))
                return
            values = {
                "candidates": result.candidates,
                "conversations": result.conversations,
                "actions": result.actions,
                "login_records": result.login_records,
                "candidate_cutoff": result.candidate_cutoff.date().isoformat(),
                "conversation_cutoff": result.conversation_cutoff.date().isoformat(),
            }
            if result.dry_run:
                message = _(
                    "Dry run, nothing changed. Would anonymise %(candidates)s candidates "
                    "(inactive since before %(candidate_cutoff)s) and remove the text of "
                    "%(conversations)s conversations and %(actions)s closed actions (before "
                    "%(conversation_cutoff)s). Would delete %(login_records)s login records."
                )
            else:
                message = _(
                    "Anonymised %(candidates)s candidates (inactive since before "
                    "%(candidate_cutoff)s) and removed the text of %(conversations)s "
                    "conversations and %(actions)s closed actions (before "
                    "%(conversation_cutoff)s). Deleted %(login_records)s "
                    "login records."
                )
            self.stdout.write(message % values)
