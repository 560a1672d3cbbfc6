"""Demo data for a newcomer: one region with its team, logins, employer accounts, candidates,
proposals and placements; then a continuity scan, so the demo opens with signals in the inbox.

Idempotent: running it again adds nothing.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Organisation, Region, Team, User
from accounts.two_factor import DEMO_TOTP_KEY, secret_for_display
from continuity.scan import scan_all
from demo import candidates as candidates_demo
from demo import employers as employers_demo
from employers.models import Employer

DEMO_PASSWORD = "demo-wsp-2026"  # noqa: S105 - printed on purpose: demo accounts only
DEMO_REGION = "midden-utrecht"
DEMO_PORTAL_EMAIL = "werkgever@demo.wsp-crm.nl"
DEMO_PORTAL_EMPLOYER = "Koffiebranderij De Zwarte Boon"

DEMO_ORGANISATIONS = [
    ("Gemeente Utrecht", Organisation.Kind.MUNICIPALITY),
    ("Gemeente Nieuwegein", Organisation.Kind.MUNICIPALITY),
    ("UWV Midden-Utrecht", Organisation.Kind.UWV),
    ("Werkbedrijf Midden-Utrecht", Organisation.Kind.SW_COMPANY),
]

# email, first name, last name, role, home organisation, job title
DEMO_STAFF = [
    (
        "anouk@demo.wsp-crm.nl",
        "Anouk",
        "de Vries",
        User.Role.ACCOUNT_MANAGER,
        "Gemeente Utrecht",
        "Accountmanager werkgevers",
    ),
    (
        "mehmet@demo.wsp-crm.nl",
        "Mehmet",
        "Yilmaz",
        User.Role.ACCOUNT_MANAGER,
        "UWV Midden-Utrecht",
        "Adviseur werkgeversdienstverlening",
    ),
    (
        "sanne@demo.wsp-crm.nl",
        "Sanne",
        "Bakker",
        User.Role.ACCOUNT_MANAGER,
        "Werkbedrijf Midden-Utrecht",
        "Accountmanager",
    ),
    (
        "joost@demo.wsp-crm.nl",
        "Joost",
        "van Dijk",
        User.Role.ACCOUNT_MANAGER,
        "Gemeente Nieuwegein",
        "Werkgeversdienstverlener",
    ),
    (
        "fatima@demo.wsp-crm.nl",
        "Fatima",
        "El Amrani",
        User.Role.TEAM_LEAD,
        "Gemeente Utrecht",
        "Teamleider WSP",
    ),
    (
        "admin@demo.wsp-crm.nl",
        "Ruben",
        "Jansen",
        User.Role.WSP_ADMIN,
        "Gemeente Utrecht",
        "Functioneel beheerder",
    ),
]


def demo_emails():
    return [email for email, *_rest in DEMO_STAFF]


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
        team, _ = Team.objects.get_or_create(region=region, name="WSP Midden-Utrecht")
        organisations = {
            name: Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]
            for name, kind in DEMO_ORGANISATIONS
        }
        created = 0
        for email, first, last, role, organisation, title in DEMO_STAFF:
            if User.objects.filter(email=email).exists():
                continue
            User.objects.create_user(
                email,
                DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                role=role,
                region=region,
                team=team,
                home_organisation=organisations[organisation],
                job_title=title,
                phone="030 000 0000",
            )
            created += 1
        staff = {user.email: user for user in User.objects.filter(email__in=demo_emails())}
        self.demo_authenticators(staff.values())
        managers = [
            staff[email]
            for email, *_rest, role, _org, _title in DEMO_STAFF
            if role == User.Role.ACCOUNT_MANAGER
        ]
        team_lead = next(
            staff[email]
            for email, *_rest, role, _org, _title in DEMO_STAFF
            if role == User.Role.TEAM_LEAD
        )
        new_employers = employers_demo.load(region=region, managers=managers, team_lead=team_lead)
        new_candidates = candidates_demo.load(region=region, managers=managers, team_lead=team_lead)
        self.stdout.write(
            f"Demo data: {created} new users, {new_employers} new employers and "
            f"{new_candidates} new candidates in {region}."
        )
        self.portal_user()
        # The scheduled scans would raise the signals within minutes; the demo shows them at once.
        scan = scan_all()
        self.stdout.write(
            f"Continuity scan: {scan.raised} new signals raised, {scan.closed} closed."
        )
        if not options["quiet_logins"]:
            self.print_logins()

    def demo_authenticators(self, users):
        """Staff need a second factor: the demo staff share one documented authenticator-app
        secret (README), so a newcomer can log in with any TOTP app or `manage.py totp_code`."""
        from django_otp.plugins.otp_totp.models import TOTPDevice

        for user in users:
            if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                TOTPDevice.objects.create(
                    user=user, name="Demo authenticator", key=DEMO_TOTP_KEY, confirmed=True
                )

    def portal_user(self):
        """One employer-portal login, for the demo employer with the most going on."""
        if User.objects.filter(email=DEMO_PORTAL_EMAIL).exists():
            return
        employer = Employer.objects.filter(name=DEMO_PORTAL_EMPLOYER).first()
        if employer is not None:
            User.objects.create_user(
                DEMO_PORTAL_EMAIL,
                DEMO_PASSWORD,
                first_name="Lotte",
                last_name="Verbeek",
                role=User.Role.EMPLOYER_USER,
                employer=employer,
                job_title="HR-adviseur",
            )

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
