"""Rate limits: one atomic counter per scope, caller and time window, shared by every process.

`hit(scope, who)` counts one request of `who` (a user id, an address...) against the scope's
rate in settings.RATE_LIMITS ("60/hour", "5/minute", "100/10m") and says whether it is allowed.
Windows are fixed (the hour from :00 to :59...); a caller gets at most the limit in one window.

Where the counts live (RATE_LIMIT_STORE):

- `redis`, the default when CACHE_URL is a Redis: INCR and EXPIRE in one MULTI/EXEC on the
  cache's Redis, so parallel clients can never pass more than the limit.
- `database`: one row per counter, `INSERT ... ON CONFLICT DO UPDATE ... RETURNING` (PostgreSQL
  and SQLite), for several web processes without Redis.
- `cache`, the default otherwise: the cache's own add/incr (atomic in the process-local memory
  cache of `make run` and the tests; each process then counts on its own).

A store that is away must not take the product down with it: the request is allowed (fail open)
and the warning "Rate limit not checked" is logged, once per request.
"""

import logging
import math
import re
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection, transaction
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)

RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(s|sec|second|m|min|minute|h|hour|d|day)s?\s*$")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def clock():
    """Seconds since the epoch (tests replace it to cross a window)."""
    return time.time()


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds


def parse_rate(text):
    """'2000/hour' -> Rate(2000, 3600); '100/10m' -> Rate(100, 600); empty: no limit (None)."""
    if not text:
        return None
    match = RATE.match(text)
    if match is None:
        raise ValueError(f"not a rate: {text!r} (write it like 60/hour, 5/minute or 100/10m)")
    count, multiple, unit = match.groups()
    return Rate(int(count), int(multiple or 1) * UNITS[unit[0]])


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int = 0
    limit: int = 0
    retry_after: int = 0  # seconds until the window ends (when refused)


ALLOWED = Verdict(True)


def hit(scope, who):
    """Count one request of `who` in `scope`; the Verdict. No rate set: always allowed."""
    rate = parse_rate(settings.RATE_LIMITS.get(scope))
    if rate is None or who in (None, ""):
        return ALLOWED
    now = clock()
    window = int(now // rate.period)
    caller = salted_hmac("ratelimit", str(who)).hexdigest()[:24]
    name = f"rl:{scope}:{caller}:{window}"
    try:
        count = store().incr(name, rate.period)
    except Exception:  # noqa: BLE001 - a store that is away must not refuse the request
        logger.warning(
            "Rate limit not checked (%s): its store is unavailable", scope, exc_info=True
        )
        return ALLOWED
    retry_after = max(1, math.ceil((window + 1) * rate.period - now))
    return Verdict(count <= rate.limit, count, rate.limit, retry_after)


def store():
    name = settings.RATE_LIMIT_STORE or ("redis" if cache_is_redis() else "cache")
    return STORES[name]


def cache_is_redis():
    from django.core.cache.backends.redis import RedisCache

    return isinstance(caches["default"], RedisCache)


class RedisStore:
    @staticmethod
    def incr(name, ttl):
        cache = caches["default"]
        key = cache.make_and_validate_key(name)
        client = cache._cache.get_client(key, write=True)  # the cache's own Redis connection
        with client.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, ttl)
            count, _ = pipe.execute()
        return int(count)


class CacheStore:
    @staticmethod
    def incr(name, ttl):
        cache = caches["default"]
        for _attempt in range(3):
            cache.add(name, 0, timeout=ttl)
            try:
                return cache.incr(name)
            except ValueError:  # expired between add and incr: start it again
                continue
        raise RuntimeError(f"could not count {name}")


class DatabaseStore:
    @staticmethod
    def incr(name, ttl):
        from .models import RateCounter

        table = connection.ops.quote_name(RateCounter._meta.db_table)
        expires_at = timezone.now() + timedelta(seconds=ttl)
        sql = (
            f"INSERT INTO {table} (name, count, expires_at) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT (name) DO UPDATE SET count = {table}.count + 1 RETURNING count"
        )
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [name, expires_at])
                return cursor.fetchone()[0]
        except DatabaseError as exc:
            raise RuntimeError("the rate-limit table is unavailable") from exc


STORES = {"redis": RedisStore, "cache": CacheStore, "database": DatabaseStore}


def purge_expired():
    """Delete the database counters whose window is over; the number deleted."""
    from .models import RateCounter

    deleted, _ = RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted


def client_address(request):
    from .lockout import client_ip

    return client_ip(request)


def refused(request, verdict):
    """The 429 page for a refused page request, with Retry-After."""
    response = render(
        request,
        "rate_limited.html",
        {"minutes": max(1, math.ceil(verdict.retry_after / 60))},
        status=429,
    )
    response["Retry-After"] = str(verdict.retry_after)
    return response


def check(request, scope, who=None):
    """None when the request may go on, else the 429 page. `who` defaults to the user."""
    if who is None:
        who = request.user.pk if request.user.is_authenticated else None
    verdict = hit(scope, who)
    return None if verdict.allowed else refused(request, verdict)


class RateLimitedMixin:
    """For a page (class-based view): `rate_limit_scope` per signed-in user; 429 beyond it."""

    rate_limit_scope = None

    def dispatch(self, request, *args, **kwargs):
        if self.rate_limit_scope:
            response = check(request, self.rate_limit_scope)
            if response is not None:
                return response
        return super().dispatch(request, *args, **kwargs)


class ApiUserThrottle(BaseThrottle):
    """DRF throttle: API_THROTTLE_USER per signed-in user (and so per token). Anonymous callers
    are counted earlier, at authentication (accounts.authentication), so that they get 429 and
    not only 401."""

    verdict = ALLOWED

    def allow_request(self, request, view):
        if not request.user.is_authenticated:
            return True
        self.verdict = hit("api_user", request.user.pk)
        return self.verdict.allowed

    def wait(self):
        return self.verdict.retry_after or None
