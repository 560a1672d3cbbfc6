"""A private redis-server for fault tests: started on a free port of its own, stopped and
started again by the test (the shared Redis of the machine or of CI is never touched).

    with RedisServer() as redis:      # or the `private_redis` fixture
        redis.url(3)                  # redis://127.0.0.1:<port>/3
        redis.stop(); redis.start()   # same port, empty data (no persistence)

Ports come from REDIS_FAULT_PORTS ("6391-6395" by default); the first free one is taken.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest

from tests.conftest import require_service

START_WITHIN = 10.0


def port_range():
    first, _, last = os.environ.get("REDIS_FAULT_PORTS", "6391-6395").partition("-")
    return range(int(first), int(last or first) + 1)


def port_is_free(port):
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    def __init__(self, binary=None):
        self.binary = binary or shutil.which("redis-server")
        self.port = None
        self.process = None
        self.folder = None

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self):
        if self.folder is None:
            self.folder = tempfile.mkdtemp(prefix="wsp-redis-")
        ports = [self.port] if self.port else [p for p in port_range() if port_is_free(p)]
        if not ports:
            raise RuntimeError(f"no free port for a private Redis in {port_range()}")
        self.port = ports[0]
        command = [
            self.binary,
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", self.folder,
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--loglevel", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(  # noqa: S603 - the redis-server binary found on PATH
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + START_WITHIN
        while not answers(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.05)
        return self

    def stop(self):
        """Stop the server (SIGTERM, then SIGKILL) and wait until its port refuses connections."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process = None

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def close(self):
        self.stop()
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()


@pytest.fixture
def private_redis():
    """A running private Redis (stopped and removed after the test)."""
    binary = shutil.which("redis-server")
    require_service(binary, "redis-server is not installed")
    with RedisServer(binary) as server:
        yield server
