"""Fixtures for the continuity tests (rules, scans, worker). The cast lives in tests/conftest.py.

- `quiet_employer`: an active employer in the cast's region that raises NO signal at all:
  account_manager is its fixed manager (for over a year), a champion contact verified a month
  ago, and a conversation by account_manager a week ago. Each rule test breaks exactly one thing.
- `make_placement(employer, **fields)`: an active placement (with its own candidate) without
  follow-ups; pass follow-ups explicitly with `make_follow_up`. `supervisor=contact` puts the
  contact on its team as supervisor from the start.
- `dead_broker`: points settings and the Celery app at a port where nothing listens
  (`broker_at(url, settings)` does the same for a `with` block).
- `continuity_worker`: a real Celery worker thread on the real broker (`running_worker()` for a
  `with` block).

Plain helpers (importable): `run_scan`, `signals_of`, `the_signal`, `days_ago`, `days_ahead`.
"""

import datetime
import time
from contextlib import contextmanager

import pytest
from django.utils import timezone

from candidates.models import Candidate
from continuity.models import Signal
from continuity.scan import scan_region
from employers.models import ContactPerson
from placements.models import FollowUp, Placement, TeamMember
from tests.conftest import running_worker
from tests.factories import (
    AccountAssignmentFactory,
    ContactPersonFactory,
    ConversationFactory,
    EmployerFactory,
)

DEAD_BROKER_URL = "redis://127.0.0.1:9/0"


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def days_ahead(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def run_scan(region, **kwargs):
    """Scan the region (all rules unless told otherwise) and return the ScanResult."""
    return scan_region(region, **kwargs)


def signals_of(kind=None, *, employer=None, statuses=Signal.OPEN_STATUSES):
    rows = Signal.objects.filter(status__in=statuses)
    if kind is not None:
        rows = rows.filter(kind=kind)
    if employer is not None:
        rows = rows.filter(employer=employer)
    return rows.order_by("pk")


def the_signal(kind, *, employer=None):
    """The one open signal of this kind (fails if there is none or more than one)."""
    rows = list(signals_of(kind, employer=employer))
    assert len(rows) == 1, f"expected one open {kind} signal, found {len(rows)}: {rows}"
    return rows[0]


@pytest.fixture
def quiet_employer(region, account_manager, team_lead):
    employer = EmployerFactory(region=region, name="Drukkerij Het Anker", kvk_number="30999001")
    AccountAssignmentFactory(employer=employer, manager=account_manager, started_on=days_ago(400))
    ContactPersonFactory(
        employer=employer,
        name="Sanne de Wit",
        job_title="HR-manager",
        level=ContactPerson.Level.MIDDLE,
        is_hr=True,
        is_champion=True,
        last_verified_on=days_ago(30),
    )
    ConversationFactory(
        employer=employer,
        author=account_manager,
        occurred_at=timezone.now() - datetime.timedelta(days=7),
    )
    return employer


@pytest.fixture
def make_placement(account_manager):
    """make_placement(employer, **fields) -> an active placement without follow-ups."""
    counter = iter(range(1, 10_000))

    def make(employer, **fields):
        number = next(counter)
        responsible = fields.pop("responsible", account_manager)
        supervisor = fields.pop("supervisor", None)
        candidate = Candidate.objects.create(
            region=employer.region,
            first_name="Kandidaat",
            last_name=f"Nummer {number}",
            responsible=responsible,
        )
        values = {
            "job_title": f"Medewerker productie {number}",
            "start_date": days_ago(200),
            "contract_type": Placement.ContractType.TEMPORARY,
            "hours_per_week": 24,
            **fields,
        }
        placement = Placement.objects.create(
            candidate=candidate,
            employer=employer,
            responsible=responsible,
            created_by=responsible,
            **values,
        )
        if supervisor is not None:
            TeamMember.objects.create(
                placement=placement,
                role=TeamMember.Role.SUPERVISOR,
                contact=supervisor,
                start=placement.start_date,
            )
        return placement

    return make


@pytest.fixture
def make_follow_up():
    def make(placement, due_on, kind="Na 3 maanden"):
        return FollowUp.objects.create(placement=placement, due_on=due_on, kind=kind)

    return make


@pytest.fixture
def supervisor(quiet_employer):
    """A shop-floor supervisor (not a key contact) at quiet_employer."""
    return ContactPersonFactory(
        employer=quiet_employer,
        name="Henk Bos",
        job_title="Ploegleider",
        level=ContactPerson.Level.FLOOR,
        is_hr=False,
        is_supervisor=True,
        last_verified_on=days_ago(30),
    )


def _forget_celery_pools(app):
    """Drop the app's references to its connection and producer pools, so the next publish
    builds them from the current broker_url. (Not closed: kombu keeps pools in a global
    registry per broker URL, and a later worker test reuses the real broker's pool.)"""
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@contextmanager
def broker_at(url, settings):
    """Point settings and the Celery app at another broker URL for the `with` block.

    The Celery app read CELERY_BROKER_URL once (config_from_object) and caches its connection
    pools; and Celery's `conf.broker_url` prefers the CELERY_BROKER_URL environment variable
    (set in CI). So the setting, the app's configuration and the variable are all switched and
    the pools forgotten; everything is restored afterwards so later tests (and workers) use the
    real broker again."""
    from wsp_crm.celery import app

    saved = (settings.CELERY_BROKER_URL, app.conf.broker_url, app.conf.broker_transport_options)
    settings.CELERY_BROKER_URL = url
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CELERY_BROKER_URL", url)
        app.conf.broker_url = url
        app.conf.broker_transport_options = {}
        _forget_celery_pools(app)
        try:
            yield url
        finally:
            settings.CELERY_BROKER_URL = saved[0]
            app.conf.broker_url, app.conf.broker_transport_options = saved[1:]
    _forget_celery_pools(app)


@pytest.fixture
def dead_broker(settings):
    """The broker is down: settings and the Celery app point at a port where nothing listens."""
    with broker_at(DEAD_BROKER_URL, settings) as url:
        yield url


@pytest.fixture
def continuity_worker():
    """A worker thread of its own (started and stopped here), on a purged queue."""
    with running_worker() as app:
        yield app


# ---- Fixtures of the signal pages, API and digest tests (test_pages, test_api, test_digest) ----
# - `make_signal(employer, **fields)`: an open signal written directly (fast set-up; the behaviour
#   under test goes through the services); defaults: contact_left, attention, assigned to
#   nobody unless `assigned_to` is given; a unique key per call.
# - `signal_employer`: an employer in the cast's region with account_manager as fixed manager.
# - `am_signal`: an open urgent signal at signal_employer, assigned to account_manager.
# - `foreign_signal`: an open signal at an employer in other_region, assigned to outsider.


@pytest.fixture
def make_signal():
    counter = iter(range(1, 1_000_000))

    def make(employer, **fields):
        values = {
            "key": f"ui-test:{next(counter)}",
            "kind": Signal.Kind.CONTACT_LEFT,
            "severity": Signal.Severity.ATTENTION,
            "region": employer.region,
            "detail": "Mirjam Hoekstra vertrokken op 01-03-2025",
            **fields,
        }
        return Signal.objects.create(employer=employer, **values)

    return make


@pytest.fixture
def signal_employer(region, account_manager):
    employer = EmployerFactory(region=region, name="Bakkerij Van Dam", kvk_number="30888001")
    AccountAssignmentFactory(employer=employer, manager=account_manager, started_on=days_ago(200))
    return employer


@pytest.fixture
def am_signal(make_signal, signal_employer, account_manager):
    return make_signal(
        signal_employer,
        severity=Signal.Severity.URGENT,
        assigned_to=account_manager,
        due_on=days_ahead(5),
    )


@pytest.fixture
def foreign_signal(make_signal, other_region, outsider):
    employer = EmployerFactory(
        region=other_region, name="Haven Rotterdam BV", kvk_number="24888002"
    )
    return make_signal(employer, assigned_to=outsider)


def wait_for(query, timeout=10):
    """The first row of `query` once it exists (polled), or None after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = query.first()
        if row is not None:
            return row
        time.sleep(0.1)
    return None
