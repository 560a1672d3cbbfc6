"""Through a real Celery worker on the real broker (Redis in CI) and the real database."""

import time

import pytest
from django.core import mail

from accounts import services
from accounts.models import User
from tests.conftest import running_worker

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def celery_worker():
    with running_worker() as app:
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
