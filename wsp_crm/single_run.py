"""One run at a time for scheduled jobs whose second, concurrent run would double-count.

`single_run(name)` is a context manager that yields True when this process holds the job's lock
and False when another run holds it (the caller then logs and returns "skipped"). On PostgreSQL
the lock is a session-level advisory lock (`pg_try_advisory_lock`), held by the database
connection: a worker that dies loses it with its connection, so a crash never leaves it stuck.
On SQLite (one machine, development and tests) an exclusive `flock` on a file under var/locks/
does the same between processes.
"""

import fcntl
import hashlib
import logging
from contextlib import contextmanager

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)


def lock_key(name):
    """A stable signed 64-bit key for `name` (pg advisory locks take a bigint)."""
    digest = hashlib.sha256(f"wsp_crm:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def _advisory_lock(name):
    key = lock_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


@contextmanager
def _file_lock(name):
    folder = settings.VAR_DIR / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{name}.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def single_run(name):
    """Yields whether this run may go ahead (no other run of `name` is going on)."""
    lock = _advisory_lock if connection.vendor == "postgresql" else _file_lock
    with lock(name) as acquired:
        if not acquired:
            logger.warning("%s is running already; this run is skipped", name)
        yield acquired
