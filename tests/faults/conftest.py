"""Fault tests: real services failing on purpose (tests/faults/).

What these tests use, and how they get it:

- PostgreSQL: the test database of the run (`uses_postgresql()`); worker processes started
  here connect to that same database, so their tests need `transaction=True`.
- The Redis broker of CELERY_BROKER_URL (a database number of its own: `flush_broker()` empties
  it, as a broker that lost its queue would).
- `worker_processes`: real Celery worker PROCESSES (`start(**env)`), killed whole with SIGKILL by
  the tests that need it (tests/faults/worker_app.py is their app: the project's, plus a pause
  point); whatever is still running is killed at the end of the test.
- `held_elsewhere(name)`: the single-run lock of a scheduled job held by another run (another
  database session on PostgreSQL, another file handle on SQLite).
- The continuity fixtures `make_signal` and `signal_employer` (tests/continuity/conftest.py).
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import require_service, uses_postgresql, uses_redis_broker
from tests.continuity.conftest import make_signal, signal_employer  # noqa: F401 - fixtures
from wsp_crm.single_run import _file_lock, lock_key

ROOT = Path(__file__).resolve().parent.parent.parent


def wait_for(predicate, timeout=60):
    """Poll `predicate` until it holds (True) or `timeout` seconds passed (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def broker_client():
    require_service(uses_redis_broker(), "no Redis broker configured (CELERY_BROKER_URL)")
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        require_service(False, f"Redis broker unreachable: {exc}")
    return client


def flush_broker():
    """The broker loses everything it held (FLUSHDB on the broker's own database number)."""
    broker_client().flushdb()


def queued_messages(queue="celery"):
    return broker_client().llen(queue)


def database_url():
    """The URL of the test database this run uses, for worker processes."""
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class WorkerProcesses:
    """Start Celery worker processes on the test database and broker; kill them by pid."""

    def __init__(self, folder):
        self.folder = folder
        self.started = []
        self.mail_dir = folder / "mail"
        self.mail_dir.mkdir()

    def start(self, **env):
        name = f"faults-{uuid.uuid4().hex[:8]}"
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "wsp_crm.settings",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "EMAIL_URL": f"filemail:///{self.mail_dir}",  # (a leading / of the path)
            "REQUIRE_SERVICES": "",
            **{key: str(value) for key, value in env.items()},
        }
        log = open(self.folder / f"{name}.log", "w")  # noqa: SIM115 - closed by the OS with the process
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tests.faults.worker_app",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
                f"--hostname={name}@%h",
            ],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.started.append(process)
        return process

    def kill(self, process):
        """SIGKILL: the worker dies whole, without acknowledging or handing back anything."""
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def mails(self):
        return sorted(self.mail_dir.iterdir())

    def logs(self):
        return "\n".join(path.read_text() for path in sorted(self.folder.glob("faults-*.log")))


@pytest.fixture
def worker_processes(transactional_db, tmp_path):
    require_service(uses_postgresql(), "worker processes need the PostgreSQL test database")
    flush_broker()
    workers = WorkerProcesses(tmp_path)
    yield workers
    for process in workers.started:
        workers.kill(process)
    flush_broker()


@contextmanager
def held_elsewhere(name):
    """The single-run lock of job `name`, held by another run for the `with` block."""
    if not uses_postgresql():
        with _file_lock(name) as acquired:
            assert acquired
            yield
        return
    import psycopg

    db = connection.settings_dict
    other = psycopg.connect(
        dbname=db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        autocommit=True,
    )
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [lock_key(name)])
        yield
    finally:
        other.close()
