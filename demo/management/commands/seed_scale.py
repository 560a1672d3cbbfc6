"""National-scale synthetic data for benchmarks (issue 9), on PostgreSQL, with bulk inserts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wsp_bench manage.py seed_scale --scale 0.2

`--scale 1` is the national size: 35 regions, ~735 staff, 100,000 employers, 300,000 contact
persons (10 % leavers), ~155,000 account assignments with history, 1,000,000 conversations over
three years, 50,000 candidates, 40,000 placements with follow-ups and instrument periods, and
(unless --no-scan) the open signals of a first nightly scan. Smaller sizes scale every count
(`--scale 0.01`); the individual size options override the scale. Deterministic: the same seed
and --today give the same rows. The generator is bench/generate.py (shared with `make bench`).

It refuses a database whose name does not contain "bench" unless --force, refuses SQLite, creates
the database when it is missing, migrates it, and only fills an empty one.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from bench import generate as generator

SIZE_OPTIONS = (
    "employers",
    "contacts",
    "placements",
    "candidates",
    "conversations",
    "staff_per_region",
    "conversation_days",
)


class Command(BaseCommand):
    help = "Generate national-scale synthetic data (issue 9) on a PostgreSQL benchmark database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="times issue 9's national size (1 = 100,000 employers; 0.01 = 1,000)",
        )

        def add(*names, **kwargs):
            if names[0].lstrip("-").replace("-", "_") in SIZE_OPTIONS:
                kwargs["default"] = None  # None: from --scale
            parser.add_argument(*names, **kwargs)

        generator.add_size_arguments(add)
        parser.add_argument(
            "--no-scan", action="store_true", help="skip the first continuity scan (no signals)"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="allow a database whose name does not contain 'bench'",
        )

    def handle(self, *args, **options):
        settings = connection.settings_dict
        name = str(settings["NAME"])
        if connection.vendor != "postgresql":
            raise CommandError(
                f"seed_scale needs PostgreSQL (DATABASE_URL), not {connection.vendor}"
            )
        if "bench" not in name and not options["force"]:
            raise CommandError(
                f"refusing database {name!r}: its name must contain 'bench' (or pass --force). "
                "Example: DATABASE_URL=postgres://postgres@127.0.0.1:5432/wsp_bench"
            )
        if options["scale"] <= 0:
            raise CommandError("--scale must be greater than 0")
        sizes = _Sizes(options)
        self._create_database(settings, name)
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        self.stdout.write(f"migrated {name} in {time.monotonic() - started:.1f}s")

        from employers.models import Employer

        existing = Employer.objects.count()
        if existing:
            raise CommandError(
                f"{name} already holds {existing:,} employers: seed_scale only fills an empty "
                "database (drop it first, or `python -m bench.generate --reset`)"
            )
        self.stdout.write(
            f"generating (scale {options['scale']:g}, seed {sizes.seed}): "
            f"{sizes.employers:,} employers, {sizes.contacts:,} contacts, "
            f"{sizes.conversations:,} conversations, {sizes.candidates:,} candidates, "
            f"{sizes.placements:,} placements, {sizes.staff_per_region} account managers per region"
        )
        started = time.monotonic()
        with transaction.atomic():
            generator.generate(sizes)
        if not options["no_scan"]:
            from continuity.scan import scan_all

            scanned = time.monotonic()
            scan_all()
            self.stdout.write(
                f"  first continuity scan (signals)  {time.monotonic() - scanned:.1f}s"
            )
        self.stdout.write(
            self.style.SUCCESS(f"seed_scale done in {time.monotonic() - started:.1f}s")
        )

    def _create_database(self, settings, name):
        import psycopg

        params = {
            "dbname": "postgres",
            "host": settings.get("HOST") or None,
            "port": settings.get("PORT") or None,
            "user": settings.get("USER") or None,
            "password": settings.get("PASSWORD") or None,
        }
        with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                self.stdout.write(f"creating database {name}")
                conn.execute(f'CREATE DATABASE "{name}"')


class _Sizes:
    """The generator's arguments: the scale first, then any explicit size option on top."""

    def __init__(self, options):
        generator.apply_scale(self, options["scale"])
        for key in SIZE_OPTIONS:
            if options.get(key) is not None:
                setattr(self, key, options[key])
        self.seed = options["seed"]
        self.today = options["today"]

        def error(message):
            raise CommandError(message)

        generator.complete_sizes(self, error)
