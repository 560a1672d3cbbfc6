"""The broker is out: saving a contact change still succeeds within two seconds and loses
nothing. Through the real page the change is re-checked in the request itself (the broker is not
needed at all: the signal is there at once). Outside a request (a job, an import on the worker)
the re-check cannot be queued; once the broker is back, the scheduled change scan run by a real
worker raises the signal.

Two kinds of outage: a dead port (the connection is refused at once) and a silent broker (it
accepts the connection and never answers, like a hung Redis or a dropped network path; before
BROKER_PUBLISH_TIMEOUT such a save waited on the broker without end)."""

import logging
import socket
import time
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from continuity.models import Signal
from employers import services
from employers.models import ContactEvent, ContactPerson
from tests.conftest import require_service, uses_redis_broker
from tests.continuity.conftest import DEAD_BROKER_URL, broker_at, running_worker, wait_for

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SAVE_WITHIN = 2.0
SIGNAL_WITHIN = 15.0


@contextmanager
def silent_broker():
    """A port that accepts connections (the kernel completes them) and never says a word."""
    server = socket.create_server(("127.0.0.1", 0), backlog=64)
    try:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    finally:
        server.close()


@contextmanager
def dead_port():
    yield DEAD_BROKER_URL


@pytest.mark.parametrize("outage", [dead_port, silent_broker], ids=["dead-port", "silent"])
def test_a_contact_leaves_on_the_page_during_a_broker_outage_and_the_signal_is_raised_at_once(
    outage,
    settings,
    client_for,
    quiet_employer,
    account_manager,
    supervisor,
    make_placement,
    caplog,
):
    require_service(uses_redis_broker(), "no Redis broker configured (CELERY_BROKER_URL)")
    make_placement(quiet_employer, supervisor=supervisor)
    client = client_for(account_manager)
    url = reverse("employers:contact_left", args=[quiet_employer.pk, supervisor.pk])
    today = timezone.localdate()
    caplog.set_level(logging.WARNING, logger="continuity.triggers")

    with outage() as broken_url, broker_at(broken_url, settings):
        started = time.monotonic()
        response = client.post(url, {"left_on": today.isoformat(), "reason": "Verhuisd"})
        elapsed = time.monotonic() - started

    assert response.status_code == 302, response.content[:500]
    assert elapsed < SAVE_WITHIN, f"saving waited {elapsed:.2f}s"
    assert "Could not queue" not in caplog.text, "the page's re-check needs no broker"
    signal = Signal.objects.get(kind=Signal.Kind.CONTACT_LEFT, status=Signal.Status.OPEN)
    assert (signal.employer, signal.contact, signal.severity, signal.raised_by) == (
        quiet_employer,
        supervisor,
        Signal.Severity.URGENT,
        account_manager,
    )


@pytest.mark.parametrize("outage", [dead_port, silent_broker], ids=["dead-port", "silent"])
def test_a_contact_leaves_outside_a_request_during_a_broker_outage_and_the_scan_catches_up(
    outage, settings, quiet_employer, account_manager, supervisor, make_placement, caplog
):
    require_service(uses_redis_broker(), "no Redis broker configured (CELERY_BROKER_URL)")
    make_placement(quiet_employer, supervisor=supervisor)
    today = timezone.localdate()
    # (A worker started earlier in the session leaves the root logger at ERROR.)
    caplog.set_level(logging.WARNING, logger="continuity.triggers")

    with outage() as broken_url, broker_at(broken_url, settings):
        started = time.monotonic()
        services.contact_mark_left(
            contact=supervisor, left_on=today, by=account_manager, reason="Verhuisd"
        )
        elapsed = time.monotonic() - started

    assert elapsed < SAVE_WITHIN, f"saving waited {elapsed:.2f}s for the broker"
    assert "Could not queue a continuity re-check" in caplog.text, "the broker was not out"
    saved = ContactPerson.objects.get(pk=supervisor.pk)
    assert (saved.left_on, saved.left_reason) == (today, "Verhuisd")
    assert ContactEvent.objects.filter(contact=supervisor, kind="left").count() == 1
    assert not Signal.objects.exists(), "nothing can have run the re-check"

    # The broker is back: beat sends the change scan by name, a real worker runs it.
    task_name = django_settings.CELERY_BEAT_SCHEDULE["continuity-change-scan"]["task"]
    with running_worker() as app:
        app.send_task(task_name)
        signal = wait_for(
            Signal.objects.filter(kind=Signal.Kind.CONTACT_LEFT, status=Signal.Status.OPEN),
            timeout=SIGNAL_WITHIN,
        )
    assert signal is not None, f"the change scan raised no contact_left within {SIGNAL_WITHIN}s"
    assert (signal.employer, signal.contact, signal.assigned_to, signal.severity) == (
        quiet_employer,
        supervisor,
        account_manager,
        Signal.Severity.URGENT,
    )
