"""The shared cast and the rules for tests that need real services.

Services (PostgreSQL, Redis, a Celery worker, Chromium) are used for real when configured and
skipped otherwise; with REQUIRE_SERVICES=1 (CI) a missing service fails the run instead.
"""

import os
import time
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.test.client import ClientMixin
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Organisation, Region, Team, User

PASSWORD = "correct-horse-battery-9"
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def require_service(available, reason):
    """Skip (or, with REQUIRE_SERVICES=1, fail) a test whose service is not there."""
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def uses_redis_broker():
    return settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://"))


def uses_postgresql():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.fixture(autouse=True, scope="session")
def _private_broker_folder(tmp_path_factory):
    """On the server-less broker, tests queue into a folder of their own, never into var/."""
    from wsp_crm.celery import app

    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        folder = tmp_path_factory.mktemp("broker")
        for name in ("queue", "processed", "control"):
            (folder / name).mkdir()
        app.conf.broker_transport_options = {
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "processed_folder": str(folder / "processed"),
            "control_folder": str(folder / "control"),
            "store_processed": False,
        }
    yield


# --- Two-factor authentication in tests ------------------------------------------------------
# Staff must pass a second factor (TOTP) before any page opens. Tests sign in with
# `client.force_login(user)` (and client_for, the access matrix...): in this suite that signs in
# a *verified* session, with a real confirmed TOTP device for staff (made when missing). The
# tests of the two-factor enforcement itself use `login_unverified(client, user)`.

_django_force_login = ClientMixin.force_login


def give_totp_device(user, key=None):
    """The user's confirmed TOTP device (made, with a random or the given hex key, if missing)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        fields = {"key": key} if key else {}
        device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True, **fields)
    return device


def totp_code(device):
    """A code the device accepts now (waits for the next time step when the last two codes were
    used already)."""
    from accounts.two_factor import usable_code

    device.refresh_from_db()
    code = usable_code(device)
    if code is None:
        time.sleep(device.step - (time.time() - device.t0) % device.step + 0.1)
        code = usable_code(device)
    return code


def login_unverified(client, user):
    """Sign in with the password step only: the session still has to pass the second factor."""
    _django_force_login(client, user)
    return client


def _force_login_verified(self, user, backend=None):
    _django_force_login(self, user, backend)
    from accounts.two_factor import staff_must_use

    if staff_must_use(user):
        device = give_totp_device(user)
    else:  # employer users: verified only if they switched two-factor on
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture(autouse=True)
def _verified_force_login(monkeypatch):
    monkeypatch.setattr(ClientMixin, "force_login", _force_login_verified)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """API throttling counts live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many users; a fast hasher keeps the suite quick (production keeps PBKDF2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(email, role, region=None, team=None, organisation=None, **fields):
    return User.objects.create_user(
        email,
        PASSWORD,
        first_name=fields.pop("first_name", email.split("@")[0].title()),
        last_name=fields.pop("last_name", "Test"),
        role=role,
        region=region,
        team=team,
        home_organisation=organisation,
        **fields,
    )


@pytest.fixture
def region(db):
    return Region.objects.get_or_create(code="midden-utrecht", defaults={"name": "Midden-Utrecht"})[
        0
    ]


@pytest.fixture
def other_region(db):
    return Region.objects.get_or_create(code="rijnmond", defaults={"name": "Rijnmond"})[0]


@pytest.fixture
def team(region):
    return Team.objects.create(region=region, name="Team Utrecht")


@pytest.fixture
def municipality(db):
    return Organisation.objects.create(
        name="Gemeente Testdorp", kind=Organisation.Kind.MUNICIPALITY
    )


@pytest.fixture
def uwv(db):
    return Organisation.objects.create(name="UWV Testregio", kind=Organisation.Kind.UWV)


@pytest.fixture
def account_manager(region, team, municipality):
    return make_user(
        "am@wsp.test", User.Role.ACCOUNT_MANAGER, region, team, municipality, first_name="Anna"
    )


@pytest.fixture
def colleague(region, team, uwv):
    return make_user(
        "colleague@wsp.test", User.Role.ACCOUNT_MANAGER, region, team, uwv, first_name="Cor"
    )


@pytest.fixture
def team_lead(region, team, municipality):
    return make_user(
        "lead@wsp.test", User.Role.TEAM_LEAD, region, team, municipality, first_name="Lotte"
    )


@pytest.fixture
def outsider(other_region):
    return make_user(
        "outsider@wsp.test", User.Role.ACCOUNT_MANAGER, other_region, first_name="Otto"
    )


@pytest.fixture
def wsp_admin(db):
    return make_user("admin@wsp.test", User.Role.WSP_ADMIN, first_name="Ada")


@pytest.fixture
def employer_user(db):
    """A portal user of an employer in a third region (Zeeland), so it never shows up in the
    cast's region lists. Portal tests build their own employer users in the cast's region."""
    from employers.models import Employer

    zeeland = Region.objects.get_or_create(code="zeeland", defaults={"name": "Zeeland"})[0]
    employer = Employer.objects.create(region=zeeland, name="Mosselkwekerij Eva", kvk_number="")
    return make_user(
        "employer@example.test", User.Role.EMPLOYER_USER, first_name="Eva", employer=employer
    )


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@contextmanager
def running_worker():
    """A Celery worker thread of its own on the configured (real) broker, on a purged queue."""
    require_service(uses_redis_broker(), "no Redis broker configured (CELERY_BROKER_URL)")
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping for the worker
    from celery.contrib.testing.worker import start_worker

    from wsp_crm.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
    except Exception as exc:  # noqa: BLE001
        require_service(False, f"Redis broker unreachable: {exc}")
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield app
    app.control.purge()


@contextmanager
def eager_tasks(settings):
    """Celery tasks run in the caller for the `with` block (the app read its configuration once,
    so the setting alone would not do)."""
    from wsp_crm.celery import app

    saved = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    try:
        yield app
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = saved
