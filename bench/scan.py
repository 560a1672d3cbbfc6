"""Time the continuity scans on the generated data (run bench.generate first).

    .venv/bin/python -m bench.scan [--runs 5] [--warmup 1] [--region CODE] [--output PATH]

Measures, on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/wsp_bench):
- the first scan of one region and of the whole country, from no signals at all (everything is
  raised: the cost of the very first nightly run);
- the steady state (what runs every night and every ten minutes): scan_region for one region
  (the largest unless --region), scan_all for the country with all rules and with the change
  rules only, and scan_employers for one employer (the re-check queued after a change);
  the median of --runs runs after --warmup runs;
- the number of queries of each scan.
Prints a table and writes bench/results/scan.json (or --output).
"""

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

from bench import database_name, setup

RESULTS = Path(__file__).resolve().parent / "results" / "scan.json"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS") or 5))
    parser.add_argument("--warmup", type=int, default=int(os.environ.get("BENCH_WARMUP") or 1))
    parser.add_argument("--region", default=os.environ.get("BENCH_REGION") or None)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    return args


def measure(func, *, runs, warmup):
    """Run func warmup + runs times; the timings of the measured runs and their query counts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seconds, queries = [], []
    for run in range(warmup + runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            func()
            elapsed = time.perf_counter() - started
        if run >= warmup:
            seconds.append(elapsed)
            queries.append(len(captured))
    return seconds, queries


def row(name, employers, seconds, queries):
    return {
        "scan": name,
        "employers": employers,
        "runs": len(seconds),
        "median_s": round(statistics.median(seconds), 4),
        "min_s": round(min(seconds), 4),
        "max_s": round(max(seconds), 4),
        "queries": sorted(set(queries)) if len(set(queries)) > 1 else queries[0],
    }


def print_table(rows):
    header = (
        f"{'scan':<44} {'employers':>9} {'runs':>4} {'median':>9} {'min':>9} {'max':>9}  queries"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['scan']:<44} {r['employers']:>9,} {r['runs']:>4} {r['median_s']:>8.3f}s "
            f"{r['min_s']:>8.3f}s {r['max_s']:>8.3f}s  {r['queries']}"
        )


def main(argv=None):
    args = parse_args(argv)
    url = setup()

    import django
    from django.db import connection
    from django.db.models import Count

    from accounts.models import Region
    from candidates.models import Candidate
    from continuity import scan
    from continuity.models import Signal
    from continuity.rules import CHANGE_RULES
    from employers.models import (
        AccountAssignment,
        ContactEvent,
        ContactPerson,
        Conversation,
        Employer,
    )
    from placements.models import FollowUp, InstrumentPeriod, Placement

    employers = Employer.objects.count()
    if not employers:
        raise SystemExit(f"bench: {database_name(url)} holds no employers: run bench.generate")
    dataset = {
        "regions": Region.objects.filter(employers__isnull=False).distinct().count(),
        "employers": employers,
        "contacts": ContactPerson.objects.count(),
        "contact_leavers": ContactPerson.objects.filter(left_on__isnull=False).count(),
        "contact_events": ContactEvent.objects.count(),
        "assignments": AccountAssignment.objects.count(),
        "candidates": Candidate.objects.count(),
        "placements": Placement.objects.count(),
        "active_placements": Placement.objects.filter(status="active").count(),
        "follow_ups": FollowUp.objects.count(),
        "instrument_periods": InstrumentPeriod.objects.count(),
        "conversations": Conversation.objects.count(),
    }
    if args.region:
        region = Region.objects.get(code=args.region)
    else:
        region = Region.objects.annotate(size=Count("employers")).order_by("-size", "code").first()
    in_region = Employer.objects.filter(region=region).count()
    busiest = (
        Employer.objects.filter(region=region)
        .annotate(n=Count("placements", distinct=True))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    print(f"database {database_name(url)}: " + ", ".join(f"{k} {v:,}" for k, v in dataset.items()))
    print(f"region {region.code}: {in_region:,} employers; runs {args.runs} after {args.warmup}")

    rows = []
    Signal.objects.all().delete()
    seconds, queries = measure(lambda: scan.scan_region(region), runs=1, warmup=0)
    rows.append(row("scan_region (one region), first (raises all)", in_region, seconds, queries))
    Signal.objects.all().delete()
    seconds, queries = measure(scan.scan_all, runs=1, warmup=0)
    rows.append(row("scan_all, first (raises all)", employers, seconds, queries))
    seconds, queries = measure(lambda: scan.scan_region(region), runs=args.runs, warmup=args.warmup)
    rows.append(row("scan_region (one region)", in_region, seconds, queries))
    seconds, queries = measure(scan.scan_all, runs=args.runs, warmup=args.warmup)
    rows.append(row("scan_all (nightly: all rules)", employers, seconds, queries))
    seconds, queries = measure(
        lambda: scan.scan_all(rules=CHANGE_RULES), runs=args.runs, warmup=args.warmup
    )
    rows.append(row("scan_all (every 10 min: change rules)", employers, seconds, queries))
    seconds, queries = measure(
        lambda: scan.scan_employers([busiest]), runs=args.runs, warmup=args.warmup
    )
    rows.append(row("scan_employers (one, after a change)", 1, seconds, queries))

    signals = dict(
        Signal.objects.unresolved()
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
        .values_list("kind", "n")
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    result = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "database": database_name(url),
        "postgresql": server,
        "python": platform.python_version(),
        "django": django.get_version(),
        "cpus": os.cpu_count(),
        "dataset": dataset,
        "region": {"code": region.code, "employers": in_region},
        "results": rows,
        "open_signals": {"total": sum(signals.values()), **signals},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    print()
    print_table(rows)
    print()
    print(f"open signals: {result['open_signals']['total']:,}")
    for kind, count in signals.items():
        print(f"  {kind:<26} {count:>7,}")
    print(f"\nwritten to {args.output}")


if __name__ == "__main__":
    main()
