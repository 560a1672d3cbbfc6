"""API throttling per user (and so per token) with rates from the settings; the shared cache."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from tests.conftest import require_service

pytestmark = pytest.mark.django_db

API = "/api/v1/employers/"


@pytest.fixture
def tiny_rates(monkeypatch):
    """DRF reads the rates once, at import: set them on the throttle class for the test."""
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "2/minute"}
    )


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_the_rates_come_from_the_settings():
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates == {"user": "2000/hour", "anon": "60/hour"}
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ]


def test_a_token_over_its_rate_gets_429_with_retry_after(tiny_rates, account_manager, colleague):
    client = token_client(account_manager)
    assert [client.get(API).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(API)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    # Counted per user (per token): a colleague's integration is not affected.
    assert token_client(colleague).get(API).status_code == 200


def test_a_browser_session_is_counted_per_user_too(tiny_rates, client_for, account_manager):
    client = client_for(account_manager)
    statuses = [client.get(API).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_the_anonymous_rate_applies_to_anonymous_callers(tiny_rates, rf):
    """No API endpoint is open to anonymous callers today (they get 401 before any count); the
    anonymous rate is there for the day one is. Checked on the throttle itself."""
    from django.contrib.auth.models import AnonymousUser
    from rest_framework.request import Request
    from rest_framework.throttling import AnonRateThrottle

    throttle = AnonRateThrottle()
    request = Request(rf.get(API, REMOTE_ADDR="203.0.113.5"))
    request.user = AnonymousUser()
    assert [throttle.allow_request(request, None) for _ in range(3)] == [True, True, False]
    other = Request(rf.get(API, REMOTE_ADDR="203.0.113.6"))
    other.user = AnonymousUser()
    assert throttle.allow_request(other, None)


def test_throttling_ignores_a_forged_forwarded_for(tiny_rates, rf):
    from django.contrib.auth.models import AnonymousUser
    from rest_framework.request import Request
    from rest_framework.throttling import AnonRateThrottle

    throttle = AnonRateThrottle()
    results = []
    for number in range(3):
        request = Request(
            rf.get(API, REMOTE_ADDR="203.0.113.5", headers={"X-Forwarded-For": f"10.0.0.{number}"})
        )
        request.user = AnonymousUser()
        results.append(throttle.allow_request(request, None))
    assert results == [True, True, False]


def settings_in_a_fresh_process(**environment):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.CACHES['default'], settings.REST_FRAMEWORK]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wsp_crm.settings", **environment}
    result = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=settings.BASE_DIR,
    )
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def test_cache_and_rates_are_configured_from_the_environment():
    cache, api = settings_in_a_fresh_process(
        CACHE_URL="redis://127.0.0.1:6379/3",
        API_THROTTLE_USER="10/minute",
        API_THROTTLE_ANON="5/minute",
        TRUSTED_PROXY_COUNT="1",
    )
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert api["DEFAULT_THROTTLE_RATES"] == {"user": "10/minute", "anon": "5/minute"}
    assert api["NUM_PROXIES"] == 1
    cache, _api = settings_in_a_fresh_process(CACHE_URL="")
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.services
def test_throttling_counts_in_a_shared_redis_cache(tiny_rates, account_manager, settings):
    """With CACHE_URL pointing at Redis, every web process shares the counts."""
    url = os.environ.get("CACHE_URL") or (
        settings.CELERY_BROKER_URL.rsplit("/", 1)[0] + "/3"
        if settings.CELERY_BROKER_URL.startswith("redis://")
        else None
    )
    require_service(url, "no Redis configured (CACHE_URL or a redis:// CELERY_BROKER_URL)")
    from django.core.cache import caches

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    cache = caches["default"]
    monkey_cache = SimpleRateThrottle.cache
    SimpleRateThrottle.cache = cache
    try:
        cache.clear()
        client = token_client(account_manager)
        statuses = [client.get(API).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        redis = cache._cache.get_client()
        assert list(redis.scan_iter(match=f":1:throttle_user_{account_manager.pk}"))
    finally:
        cache.clear()
        SimpleRateThrottle.cache = monkey_cache
