# ruff: noqa: F811 - fixtures imported from other test modules are parameters here
"""Redis away (issue 23, item 1): a private Redis is both the cache (rate-limit counts) and the
Celery broker, and is stopped in the middle of the test. API reads and writes still answer 2xx
and write their rows; the rate limit fails open with a warning; the continuity re-check that
could not be queued is caught up by the scheduled change scan."""

import logging

import pytest
from django.core.cache import caches
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from continuity import tasks as continuity_tasks
from continuity.models import Signal
from employers.models import ContactPerson, Conversation
from tests.continuity.conftest import (  # noqa: F401 - fixtures
    broker_at,
    make_placement,
    quiet_employer,
    supervisor,
)
from tests.faults.redis_server import private_redis  # noqa: F401 - a fixture

pytestmark = [pytest.mark.services, pytest.mark.django_db]

API = "/api/v1"


@pytest.fixture
def redis_everywhere(private_redis, settings):  # noqa: F811 - the fixture
    """Cache and broker on the private Redis (db 1 and db 0)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": private_redis.url(1),
            "OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
        }
    }
    with broker_at(private_redis.url(0), settings):
        yield private_redis


def test_api_reads_and_writes_succeed_while_redis_is_away(
    redis_everywhere,
    account_manager,
    make_placement,
    quiet_employer,
    supervisor,
    caplog,
):
    make_placement(quiet_employer, supervisor=supervisor)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=account_manager)}")
    assert client.get(f"{API}/employers/").status_code == 200
    redis = caches["default"]._cache.get_client()
    assert list(redis.scan_iter(match=":1:rl:api_user:*")), "the count was not in Redis"

    redis_everywhere.stop()
    caplog.set_level(logging.WARNING)
    today = timezone.localdate()

    read = client.get(f"{API}/employers/{quiet_employer.pk}/")
    logged = client.post(
        f"{API}/conversations/",
        {"employer": quiet_employer.pk, "channel": "phone", "summary": "Gebeld, Redis weg"},
        format="json",
    )
    left = client.post(
        f"{API}/contacts/{supervisor.pk}/left/", {"left_on": str(today)}, format="json"
    )

    assert (read.status_code, logged.status_code, left.status_code) == (200, 201, 200), (
        logged.content,
        left.content,
    )
    assert Conversation.objects.filter(summary="Gebeld, Redis weg").exists()
    assert ContactPerson.objects.get(pk=supervisor.pk).left_on == today
    assert "Rate limit not checked (api_user)" in caplog.text
    assert "Could not queue a continuity re-check" in caplog.text
    assert not Signal.objects.filter(kind=Signal.Kind.CONTACT_LEFT).exists()

    # The scheduled change scan (beat sends it by name) raises what the re-check would have.
    continuity_tasks.scan_changes()
    assert Signal.objects.filter(
        kind=Signal.Kind.CONTACT_LEFT, employer=quiet_employer, status__in=Signal.OPEN_STATUSES
    ).exists()

    # Redis is back (empty): counting starts again.
    redis_everywhere.start()
    assert client.get(f"{API}/employers/").status_code == 200
    assert list(redis.scan_iter(match=":1:rl:api_user:*"))


def test_pages_and_the_password_reset_fail_open_too(
    redis_everywhere, client_for, account_manager, caplog, mailoutbox
):
    redis_everywhere.stop()
    caplog.set_level(logging.WARNING)
    client = client_for(account_manager)
    assert client.get("/employers/export.csv").status_code == 200
    client.logout()
    response = client.post("/password/reset/", {"email": account_manager.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "Rate limit not checked (export)" in caplog.text
    assert "Rate limit not checked (password_reset_ip)" in caplog.text
