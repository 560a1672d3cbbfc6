"""Through a real Celery worker on the real broker (Redis in CI) and the real database."""

import time

import pytest
from django.core import mail

from accounts import services
from accounts.models import User
from tests.conftest import require_service, uses_redis_broker

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def celery_worker():
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


def wait_for(predicate, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_invitation_is_sent_by_the_worker_after_commit(celery_worker, region):
    user = services.staff_user_create(
        email="worker@wsp.test",
        first_name="Wim",
        last_name="Worker",
        role=User.Role.ACCOUNT_MANAGER,
        region=region,
    )
    assert wait_for(lambda: User.objects.get(pk=user.pk).invited_at is not None), (
        "the worker did not record the invitation"
    )
    assert [m.to for m in mail.outbox] == [["worker@wsp.test"]]
