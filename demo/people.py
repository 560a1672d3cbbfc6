"""The demo region's people: its team and home organisations, six staff logins (four account
managers, a team lead, a WSP admin) sharing one demo authenticator-app secret, and one
employer-portal login. All use DEMO_PASSWORD; the README lists them.

Idempotent: a login that exists already is left alone.
"""

from base64 import b32decode

from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Organisation, Team, User
from employers.models import Employer

DEMO_PASSWORD = "demo-wsp-2026"  # noqa: S105 - printed on purpose: demo accounts only
DEMO_REGION = "midden-utrecht"
DEMO_PORTAL_EMAIL = "werkgever@demo.wsp-crm.nl"
DEMO_PORTAL_EMPLOYER = "Koffiebranderij De Zwarte Boon"
# The one shared authenticator-app secret of the demo staff (seed_demo only; documented in the
# README). Never used for anyone else: `manage.py totp_code` works only for devices holding it.
DEMO_TOTP_SECRET = "WSPCRMDEMOKEYNOTFORPRODUCTIONUSE"  # noqa: S105 - demo accounts only
DEMO_TOTP_KEY = b32decode(DEMO_TOTP_SECRET).hex()

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


def load_staff(region):
    """The team, its home organisations and the staff logins with their authenticator app.

    Returns how many users were new, the account managers and the team lead.
    """
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
    give_authenticators(staff.values())
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
    return created, managers, team_lead


def give_authenticators(users):
    """Staff need a second factor: the demo staff share one documented authenticator-app
    secret (README), so a newcomer can log in with any TOTP app or `manage.py totp_code`."""
    for user in users:
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(
                user=user, name="Demo authenticator", key=DEMO_TOTP_KEY, confirmed=True
            )


def load_portal_user():
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
