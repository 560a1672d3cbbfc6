"""Demo data for a newcomer: one region with its team, logins, employer accounts, candidates,
proposals and placements; then a continuity scan, so the demo opens with signals in the inbox.

Idempotent: running it again adds nothing.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Region, User
from accounts.two_factor import secret_for_display
from continuity.scan import scan_all
from demo import candidates, employers, people
from demo.people import (
    DEMO_PASSWORD,
    DEMO_PORTAL_EMAIL,
    DEMO_PORTAL_EMPLOYER,
    DEMO_REGION,
    DEMO_STAFF,
    DEMO_TOTP_KEY,
)


class Command(BaseCommand):
    help = (
        "Load the demo region, team, logins, employer accounts, candidates, proposals and "
        "placements, then run the continuity scan (once; a second run changes nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    @transaction.atomic
    def handle(self, *args, **options):
        region = Region.objects.get(code=DEMO_REGION)
        created, managers, team_lead = people.load_staff(region)
        new_employers = employers.load(region=region, managers=managers, team_lead=team_lead)
        new_candidates = candidates.load(region=region, managers=managers, team_lead=team_lead)
        self.stdout.write(
            f"Demo data: {created} new users, {new_employers} new employers and "
            f"{new_candidates} new candidates in {region}."
        )
        people.load_portal_user()
        # The scheduled scans would raise the signals within minutes; the demo shows them at once.
        scan = scan_all()
        self.stdout.write(
            f"Continuity scan: {scan.raised} new signals raised, {scan.closed} closed."
        )
        if not options["quiet_logins"]:
            self.print_logins()

    def print_logins(self):
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for email, _first, _last, role, organisation, _title in DEMO_STAFF:
            self.stdout.write(f"  {email:<28} {User.Role(role).label:<16} {organisation}")
        self.stdout.write(
            f"  {DEMO_PORTAL_EMAIL:<28} {User.Role.EMPLOYER_USER.label:<16} {DEMO_PORTAL_EMPLOYER}"
        )
        self.stdout.write(
            "Staff log in with a second step, a six-digit code: add the demo key "
            f"{secret_for_display(DEMO_TOTP_KEY)} to an authenticator app (time-based), or run "
            "`.venv/bin/python manage.py totp_code EMAIL`. The employer login needs no code."
        )
