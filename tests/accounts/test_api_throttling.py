"""API throttling per user (and so per token) and per address for anonymous calls, with rates
from the settings; the shared cache."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts import ratelimit
from tests.faults.redis_server import private_redis  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

API = "/api/v1/employers/"


FROZEN = 1_800_000_000 + 30  # half a minute into a minute: every test's window is the same


@pytest.fixture
def tiny_rates(settings, monkeypatch):
    """Small rates, and a clock that stands still (no test straddles a window)."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_user": "3/minute", "api_anon": "2/minute"}
    monkeypatch.setattr(ratelimit, "clock", lambda: FROZEN)


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_the_rates_come_from_the_settings():
    rates = settings.RATE_LIMITS
    assert (rates["api_user"], rates["api_anon"]) == ("2000/hour", "60/hour")
    api = settings.REST_FRAMEWORK
    assert api["DEFAULT_THROTTLE_CLASSES"] == ["accounts.ratelimit.ApiUserThrottle"]
    assert api["DEFAULT_AUTHENTICATION_CLASSES"][-1] == "accounts.authentication.AnonymousRateLimit"


def test_a_token_over_its_rate_gets_429_with_retry_after(tiny_rates, account_manager, colleague):
    client = token_client(account_manager)
    assert [client.get(API).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(API)
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 30
    # Counted per user (per token): a colleague's integration is not affected.
    assert token_client(colleague).get(API).status_code == 200


def test_a_browser_session_is_counted_per_user_too(tiny_rates, client_for, account_manager):
    client = client_for(account_manager)
    statuses = [client.get(API).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_a_new_window_starts_a_new_count(tiny_rates, account_manager, monkeypatch):
    client = token_client(account_manager)
    assert [client.get(API).status_code for _ in range(4)] == [200, 200, 200, 429]
    monkeypatch.setattr(ratelimit, "clock", lambda: FROZEN + 30)  # the next minute
    assert client.get(API).status_code == 200


def test_anonymous_callers_get_429_after_the_anonymous_rate(tiny_rates):
    """Anonymous calls are counted at authentication, before the permission check answers 401
    (before, no anonymous call ever reached the throttle)."""
    client = APIClient(REMOTE_ADDR="203.0.113.5")
    first = [client.get(API).status_code for _ in range(3)]
    assert first == [401, 401, 429]
    assert int(client.get(API)["Retry-After"]) == 30
    # Per address: another caller is not affected.
    assert APIClient(REMOTE_ADDR="203.0.113.6").get(API).status_code == 401


def test_guessing_tokens_ends_in_429(tiny_rates):
    client = APIClient(REMOTE_ADDR="203.0.113.7")
    statuses = []
    for guess in range(3):
        client.credentials(HTTP_AUTHORIZATION=f"Token {guess:040d}")
        statuses.append(client.get(API).status_code)
    assert statuses == [401, 401, 429]


def test_throttling_ignores_a_forged_forwarded_for(tiny_rates):
    statuses = [
        APIClient(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
        .get(API)
        .status_code
        for number in range(3)
    ]
    assert statuses == [401, 401, 429]


def settings_in_a_fresh_process(**environment):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.CACHES['default'], settings.REST_FRAMEWORK, "
        "settings.RATE_LIMITS]))"
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
    cache, api, rates = settings_in_a_fresh_process(
        CACHE_URL="redis://127.0.0.1:6379/3",
        API_THROTTLE_USER="10/minute",
        API_THROTTLE_ANON="5/minute",
        TRUSTED_PROXY_COUNT="1",
    )
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/3"
    # A Redis that hangs costs a request at most this long per call (CACHE_SOCKET_TIMEOUT).
    assert cache["OPTIONS"] == {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
    assert (rates["api_user"], rates["api_anon"]) == ("10/minute", "5/minute")
    assert api["NUM_PROXIES"] == 1
    cache, _api, _rates = settings_in_a_fresh_process(CACHE_URL="")
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.services
def test_throttling_counts_in_a_shared_redis_cache(
    tiny_rates,
    account_manager,
    settings,
    private_redis,  # noqa: F811 - the fixture
):
    """With CACHE_URL pointing at Redis, every web process shares the counts (a Redis of the
    test's own: tests/faults/redis_server.py)."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": private_redis.url(1),
        }
    }
    client = token_client(account_manager)
    statuses = [client.get(API).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    redis = caches["default"]._cache.get_client()
    [key] = redis.scan_iter(match=":1:rl:api_user:*")
    assert int(redis.get(key)) == 4
    assert 0 < redis.ttl(key) <= 60
