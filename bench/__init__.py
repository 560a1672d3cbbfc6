"""Benchmarks on generated data (PostgreSQL only). See bench/README.md.

`setup()` points Django at the benchmark database BEFORE the settings load, so a benchmark can
never touch the development or production database by accident.
"""

import os
import sys
from urllib.parse import urlsplit, urlunsplit

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/wsp_bench"


def database_url():
    return os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL


def database_name(url):
    return urlsplit(url).path.lstrip("/")


def check_url(url):
    """Only PostgreSQL, and only a database whose name says it is for benchmarks."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(f"bench: PostgreSQL only, got {parts.scheme!r} (BENCH_DATABASE_URL)")
    if "bench" not in database_name(url):
        sys.exit(
            f"bench: refusing database {database_name(url)!r}: its name must contain 'bench' "
            "(the generator may drop and recreate it)"
        )


def maintenance_url(url):
    """The same server's `postgres` database (to create or drop the benchmark database)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, parts.fragment))


def setup(url=None):
    """Configure and start Django against the benchmark database; returns its URL."""
    url = url or database_url()
    check_url(url)
    os.environ["DATABASE_URL"] = url
    # Benchmarks measure production behaviour: no DEBUG query log; tasks are never queued
    # (scans are called directly), so the broker setting does not matter.
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsp_crm.settings")
    import django

    django.setup()
    return url


def pass_second_factor(session, user):
    """Mark a signed-in `session` of `user` as past the second factor, as the code step does:
    staff get a confirmed authenticator device on the benchmark database when they have none
    (the generated data has none); employer users only when they switched it on."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.two_factor import staff_must_use

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and staff_must_use(user):
        device = TOTPDevice.objects.create(user=user, name="Benchmark", confirmed=True)
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
