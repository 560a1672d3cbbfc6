"""Time the main pages and API lists on the generated data (run bench.generate or seed_scale first).

    .venv/bin/python -m bench.pages [--runs 30] [--warmup 3] [--region CODE] [--output PATH]

Uses Django's test Client in-process (server time: URL routing, middleware, views, queries,
templates; no network, no gunicorn) against BENCH_DATABASE_URL with DEBUG off. Logs in (without a
password: force_login) as people of the generated data in one region (the largest unless
--region): an account manager (the one with the biggest caseload), the region's team lead, a WSP
admin and an employer user (the last two are created when missing: the generator makes staff
only). For every case: --warmup unmeasured requests, then --runs measured ones (median, p95, min,
max), and the SQL queries of one more request. The log-conversation POST really logs
conversations (each run adds --runs + --warmup + 1 of them to the benchmark data).

Prints a table and writes bench/results/latest.json:
{"name": {"median_ms": .., "p95_ms": .., "queries": ..}, ..., "_meta": {machine, data size}}.
"""

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

from bench import database_name, pass_second_factor, setup

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
SEARCH = "bakkerij"  # one of the generator's trades: about 1 in 12 names


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_PAGE_RUNS") or 30))
    parser.add_argument("--warmup", type=int, default=int(os.environ.get("BENCH_PAGE_WARMUP") or 3))
    parser.add_argument("--region", default=os.environ.get("BENCH_REGION") or None)
    parser.add_argument("--only", default="", help="comma-separated case names (substring match)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    return args


def percentile(values, fraction):
    """Nearest-rank percentile (p95 of 30 runs is the 29th fastest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


def cast(region_code=None):
    """The people and objects the pages are measured for."""
    from django.db.models import Count, Q

    from accounts.models import Region, User
    from employers.models import AccountAssignment, Employer
    from placements.models import Placement

    if region_code:
        region = Region.objects.get(code=region_code)
    else:
        region = Region.objects.annotate(size=Count("employers")).order_by("-size", "code").first()
    current = Q(assignments__ended_on__isnull=True, assignments__kind="primary")
    manager = (
        User.objects.filter(region=region, role=User.Role.ACCOUNT_MANAGER, is_active=True)
        .annotate(caseload=Count("assignments", filter=current))
        .order_by("-caseload", "pk")
        .first()
    )
    lead = User.objects.filter(region=region, role=User.Role.TEAM_LEAD, is_active=True).first()
    admin = User.objects.filter(role=User.Role.WSP_ADMIN, is_active=True).first()
    if admin is None:
        admin = User.objects.create_user(
            email="admin@wsp.bench", first_name="Beheerder", last_name="Bench", role="wsp_admin"
        )
    caseload = AccountAssignment.objects.filter(
        manager=manager, kind="primary", ended_on__isnull=True
    ).values("employer_id")
    employer = (
        Employer.objects.filter(pk__in=caseload)
        .annotate(talks=Count("conversations"))
        .order_by("-talks", "pk")
        .first()
    )
    placement = (
        Placement.objects.filter(employer__region=region, status="active")
        .annotate(steps=Count("follow_ups"))
        .order_by("-steps", "pk")
        .first()
    )
    portal_user = User.objects.filter(
        role=User.Role.EMPLOYER_USER, employer=employer, is_active=True
    ).first()
    if portal_user is None:
        portal_user = User.objects.create_user(
            email=f"portal{employer.pk}@employer.bench",
            first_name="Werkgever",
            last_name="Bench",
            role="employer_user",
            employer=employer,
        )
    contact = employer.contacts.order_by("pk").first()
    from candidates.models import StaffingRequest

    staffing_request = StaffingRequest.objects.filter(employer=employer).first()
    if staffing_request is None:  # the generator makes none: one vacancy to match against
        staffing_request = StaffingRequest.objects.create(
            employer=employer, title="Magazijnmedewerker (bench)", hours_per_week=24
        )
    return {
        "contact_name": contact.name if contact else "Jansen",
        "region": region,
        "manager": manager,
        "staffing_request": staffing_request,
        "lead": lead,
        "admin": admin,
        "portal_user": portal_user,
        "employer": employer,
        "placement": placement,
    }


def cases(c):
    """(name, user key, method, path, data, expected status)."""
    from urllib.parse import quote

    from django.utils import timezone

    employer, placement = c["employer"], c["placement"]
    contact = c["contact_name"]
    longest = max(employer.name.split(), key=len)
    typo = f"{longest[:-1]}e" if not longest.endswith("e") else f"{longest[:-1]}a"
    match_path = f"/candidates/requests/{c['staffing_request'].pk}/matches/"

    def log_data():
        return {
            "log-channel": "phone",
            "log-occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "log-summary": "Benchmark: gesprek over de vacature voor magazijnmedewerker.",
            "log-topics": ["staffing"],
        }

    return [
        ("employer list (default)", "manager", "get", "/employers/", None, 200),
        ("employer list (search)", "manager", "get", f"/employers/?q={SEARCH}", None, 200),
        (
            "employer list (filter)",
            "manager",
            "get",
            f"/employers/?stage=active&manager={c['manager'].pk}",
            None,
            200,
        ),
        ("employer list (admin, all regions)", "admin", "get", "/employers/", None, 200),
        ("employer page", "manager", "get", f"/employers/{employer.pk}/", None, 200),
        (
            "log conversation (POST)",
            "manager",
            "post",
            f"/employers/{employer.pk}/conversations/",
            log_data,
            302,
        ),
        ("signal inbox", "manager", "get", "/signals/", None, 200),
        ("placement list", "manager", "get", "/placements/", None, 200),
        ("placement page", "manager", "get", f"/placements/{placement.pk}/", None, 200),
        ("dashboard (team lead, one region)", "lead", "get", "/dashboard/", None, 200),
        ("dashboard (admin, all regions)", "admin", "get", "/dashboard/", None, 200),
        ("portal home (employer user)", "portal_user", "get", "/portal/", None, 200),
        ("api employers", "manager", "get", "/api/v1/employers/", None, 200),
        ("api conversations", "manager", "get", "/api/v1/conversations/", None, 200),
        ("api signals", "manager", "get", "/api/v1/signals/", None, 200),
        ("api placements", "manager", "get", "/api/v1/placements/", None, 200),
        # Issue 16: target <= 100 ms median at 50,000 candidates (the region's, ranked).
        ("match list (team lead, request)", "lead", "get", match_path, None, 200),
        ("match list (manager, request)", "manager", "get", match_path, None, 200),
        # Mijn werk (issue 14): the target is median <= 60 ms, <= 12 queries.
        ("home (manager, with my work's counts)", "manager", "get", "/", None, 200),
        ("my work (manager)", "manager", "get", "/work/", None, 200),
        (
            "my work (team lead looks at the manager)",
            "lead",
            "get",
            f"/work/?user={c['manager'].pk}",
            None,
            200,
        ),
        ("team's overdue work (team lead)", "lead", "get", "/work/team/", None, 200),
        ("api work", "manager", "get", "/api/v1/work/", None, 200),
        # The global search: a contact person's full name, a name with a typo, an employer trade.
        ("search (a contact's name)", "manager", "get", f"/search/?q={quote(contact)}", None, 200),
        ("search (a typo)", "manager", "get", f"/search/?q={quote(typo)}", None, 200),
        ("search (team lead)", "lead", "get", f"/search/?q={SEARCH}", None, 200),
        ("api search", "manager", "get", f"/api/v1/search/?q={quote(contact)}", None, 200),
    ]


def measure(client, method, path, data, expected, *, runs, warmup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def request():
        payload = data() if callable(data) else data
        response = client.post(path, payload) if method == "post" else client.get(path)
        if response.status_code != expected:
            raise SystemExit(
                f"bench.pages: {method.upper()} {path} answered {response.status_code}, "
                f"expected {expected}"
            )
        return response

    for _ in range(warmup):
        request()
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        request()
        seconds.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as captured:  # counted apart from the timed runs
        request()
    return seconds, len(captured)


def main(argv=None):
    args = parse_args(argv)
    # The test client talks plain HTTP to "testserver"; tasks queued on commit (the re-check after
    # a logged conversation) go to an in-memory broker, never to a real queue.
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ["CELERY_BROKER_URL"] = "memory://localhost/"
    url = setup()

    import django
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    from accounts.models import User
    from continuity.models import Signal
    from employers.models import AccountAssignment, Action, ContactPerson, Conversation, Employer
    from placements.models import Placement

    setup_test_environment()  # the test Client needs it (in-memory e-mail, template signals)
    # Static URLs without `collectstatic`: plain storage instead of the manifest (a dict lookup
    # either way; the benchmark must not write into var/static).
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()
    if not Employer.objects.exists():
        raise SystemExit(
            f"bench: {database_name(url)} holds no employers: run `make seed-scale` first"
        )
    people = cast(args.region)
    region = people["region"]
    dataset = {
        "employers": Employer.objects.count(),
        "contacts": ContactPerson.objects.count(),
        "assignments": AccountAssignment.objects.count(),
        "conversations": Conversation.objects.count(),
        "placements": Placement.objects.count(),
        "staff": User.objects.filter(role__in=User.STAFF_ROLES).count(),
        "open_signals": Signal.objects.unresolved().count(),
        "open_actions": Action.objects.open().count(),
        "region": region.code,
        "region_employers": Employer.objects.filter(region=region).count(),
        "manager_caseload": AccountAssignment.objects.filter(
            manager=people["manager"], kind="primary", ended_on__isnull=True
        ).count(),
        "employer_conversations": people["employer"].conversations.count(),
    }
    print(
        f"database {database_name(url)}: "
        + ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in dataset.items())
    )

    clients = {}
    for key in ("manager", "lead", "admin", "portal_user"):
        clients[key] = Client()
        clients[key].force_login(people[key])
        pass_second_factor(clients[key].session, people[key])

    only = [part.strip() for part in args.only.split(",") if part.strip()]
    results = {}
    header = f"{'page':<42} {'median':>9} {'p95':>9} {'min':>9} {'max':>9} {'queries':>8}"
    print(f"runs {args.runs} after {args.warmup} warm-up; times in ms (server time, test client)\n")
    print(header)
    print("-" * len(header))
    for name, who, method, path, data, expected in cases(people):
        if only and not any(part in name for part in only):
            continue
        seconds, queries = measure(
            clients[who], method, path, data, expected, runs=args.runs, warmup=args.warmup
        )
        ms = [s * 1000 for s in seconds]
        results[name] = {
            "median_ms": round(statistics.median(ms), 1),
            "p95_ms": round(percentile(ms, 0.95), 1),
            "min_ms": round(min(ms), 1),
            "max_ms": round(max(ms), 1),
            "queries": queries,
            "runs": len(ms),
            "path": path,
            "user": who,
        }
        r = results[name]
        print(
            f"{name:<42} {r['median_ms']:>9.1f} {r['p95_ms']:>9.1f} {r['min_ms']:>9.1f} "
            f"{r['max_ms']:>9.1f} {queries:>8}"
        )

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    results["_meta"] = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "database": database_name(url),
        "postgresql": server,
        "python": platform.python_version(),
        "django": django.get_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}",
        "cpus": os.cpu_count(),
        "runs": args.runs,
        "warmup": args.warmup,
        "dataset": dataset,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.output}")


if __name__ == "__main__":
    main()
