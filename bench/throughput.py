"""Requests per second over HTTP: gunicorn on loopback, measured with wrk (issue 9).

    .venv/bin/python -m bench.throughput [--duration 20] [--workers 2] [--connections 4]

Starts gunicorn (`--workers`, sync workers, as in production) on 127.0.0.1 against
BENCH_DATABASE_URL with DEBUG off and production settings (whitenoise with the collected static
files, which go to a temporary folder), logs in as the benchmark's account manager (a session
made directly in the database) and runs `wrk` for `--duration` seconds with `--connections` open
connections on the employer page of bench/pages.py (or `--path`). Every answer must be 200: wrk
counts other statuses, and the run fails when there are any. Prints requests per second and
latency, and writes bench/results/throughput.json. Needs the Debian package `wrk`
(`apt-get install wrk`).
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench import database_name, pass_second_factor, setup

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "throughput.json"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds of load (default 20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--connections", type=int, default=4, help="open connections (4)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--path", default="", help="URL path (default: the employer page)")
    parser.add_argument("--region", default=os.environ.get("BENCH_REGION") or None)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.duration < 1 or args.workers < 1 or args.connections < 1 or args.threads < 1:
        parser.error("--duration, --workers, --connections and --threads must be at least 1")
    if args.threads > args.connections:
        parser.error("--threads cannot exceed --connections (wrk needs a connection per thread)")
    return args


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session_cookie(user):
    """A logged-in session for `user`, stored like django.contrib.auth.login stores one."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.middleware import LAST_ACTIVITY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    backends = settings.AUTHENTICATION_BACKENDS
    model_backends = [path for path in backends if path.endswith(".ModelBackend")]
    session[BACKEND_SESSION_KEY] = (model_backends or backends)[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[LAST_ACTIVITY] = int(time.time())
    session.save()
    pass_second_factor(session, user)
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def wait_until_up(base, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"bench.throughput: gunicorn did not answer within {seconds} s")


def parse_wrk(output):
    """requests/s, latency figures and the count of non-2xx/3xx answers from wrk's report."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if rate is None:
        raise SystemExit(f"bench.throughput: could not read wrk's report:\n{output}")
    latency = re.search(r"Latency\s+([\d.]+)(\w+)\s+([\d.]+)(\w+)\s+([\d.]+)(\w+)", output)
    total = re.search(r"(\d+) requests in", output)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)

    def ms(value, unit):
        return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}.get(unit, 1), 1)

    return {
        "requests_per_second": round(float(rate.group(1)), 1),
        "requests": int(total.group(1)) if total else None,
        "latency_avg_ms": ms(latency.group(1), latency.group(2)) if latency else None,
        "latency_max_ms": ms(latency.group(5), latency.group(6)) if latency else None,
        "non_2xx_3xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1).strip() if errors else "",
    }


def main(argv=None):
    args = parse_args(argv)
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("bench.throughput: needs wrk (Debian: apt-get install wrk)")
    static_root = tempfile.mkdtemp(prefix="wsp-bench-static-")
    os.environ["BENCH_STATIC_ROOT"] = static_root
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.throughput_settings"
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    # Plain HTTP on loopback: no redirect to HTTPS, and the session cookie travels without TLS.
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
    url = setup()

    from django.core.management import call_command

    from bench.pages import cast
    from employers.models import Employer

    if not Employer.objects.exists():
        raise SystemExit(f"bench: {database_name(url)} holds no employers: run seed_scale first")
    people = cast(args.region)
    path = args.path or f"/employers/{people['employer'].pk}/"
    cookie = session_cookie(people["manager"])
    call_command("collectstatic", interactive=False, verbosity=0)

    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    target = f"{base}{path}"
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "wsp_crm.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(gunicorn, cwd=ROOT, env=os.environ.copy())  # noqa: S603
    try:
        wait_until_up(base)
        check = urllib.request.Request(target, headers={"Cookie": cookie})
        with urllib.request.urlopen(check, timeout=30) as answer:  # noqa: S310
            if answer.status != 200 or answer.url.rstrip("/") != target.rstrip("/"):
                raise SystemExit(
                    f"bench.throughput: {path} answered {answer.status} at {answer.url}"
                )
        # Warm up every worker (templates, connections), then measure.
        warm = [wrk, "-t1", "-c2", "-d3s", "-H", f"Cookie: {cookie}", target]
        subprocess.run(warm, check=True, capture_output=True, text=True)  # noqa: S603
        command = [
            wrk,
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--latency",
            "-H",
            f"Cookie: {cookie}",
            target,
        ]
        run = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(static_root, ignore_errors=True)

    print(run.stdout)
    result = parse_wrk(run.stdout)
    if result["non_2xx_3xx"]:
        raise SystemExit(f"bench.throughput: {result['non_2xx_3xx']} answers were not 200")
    load = os.getloadavg()
    result.update(
        {
            "path": path,
            "user": "manager",
            "workers": args.workers,
            "connections": args.connections,
            "threads": args.threads,
            "duration_s": args.duration,
            "database": database_name(url),
            "cpus": os.cpu_count(),
            "load_average_after": [round(value, 2) for value in load],
            "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"{result['requests_per_second']} requests/s on {path} "
        f"({args.workers} gunicorn workers, {args.connections} connections, {args.duration} s; "
        f"load average afterwards {load[0]:.2f}); written to {args.output}"
    )


if __name__ == "__main__":
    main()
