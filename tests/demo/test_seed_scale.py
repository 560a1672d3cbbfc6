"""`manage.py seed_scale`: issue 9's national-scale data generator (bench/generate.py)."""

import argparse
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from accounts.models import Region
from bench import generate
from candidates.models import Candidate
from employers.models import ContactPerson, Employer
from placements.models import Placement
from tests.conftest import require_service, uses_postgresql


def sizes(scale):
    args = argparse.Namespace(employers=0, contacts=0, placements=0, candidates=0, conversations=0)
    generate.apply_scale(args, scale)

    def error(message):
        raise AssertionError(message)

    generate.complete_sizes(args, error)
    return args


def test_full_scale_is_issue_nines_national_size():
    args = sizes(1)
    assert (args.employers, args.contacts, args.conversations) == (100_000, 300_000, 1_000_000)
    assert (args.candidates, args.placements) == (50_000, 40_000)
    assert args.staff_per_region == 19
    assert args.conversation_days == 3 * 365


def test_a_scale_shrinks_every_count_but_keeps_every_region_filled():
    args = sizes(0.01)
    assert (args.employers, args.contacts, args.conversations) == (1_000, 3_000, 10_000)
    assert (args.candidates, args.placements) == (500, 400)
    assert args.staff_per_region == 3
    tiny = sizes(0.0001)
    assert tiny.employers == 35  # at least one employer per region
    assert tiny.contacts >= tiny.employers


@pytest.mark.django_db
def test_refuses_anything_but_postgresql(monkeypatch):
    """Runs on every database (it used to skip itself on PostgreSQL, so CI never ran it)."""
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("seed_scale", "--scale", "0.001", "--force")
    assert Employer.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.services
def test_seeds_a_small_national_picture_on_postgresql():
    """A real run at 1/10,000 of the national size, in the test's transaction: every region
    filled, the sizes the scale promises, and a second run refused on the filled database."""
    require_service(uses_postgresql(), "seed_scale writes with PostgreSQL-only SQL")
    expected = sizes(0.0001)
    out = io.StringIO()
    call_command("seed_scale", "--scale", "0.0001", "--force", "--no-scan", stdout=out)
    assert "seed_scale done" in out.getvalue()
    assert Employer.objects.count() == expected.employers == 35
    assert Employer.objects.values("region").distinct().count() == Region.objects.count() == 35
    assert ContactPerson.objects.count() == expected.contacts
    assert Candidate.objects.count() == expected.candidates
    assert Placement.objects.count() == expected.placements
    with pytest.raises(CommandError, match="only fills an empty database"):
        call_command("seed_scale", "--scale", "0.0001", "--force", "--no-scan", stdout=out)


@pytest.mark.django_db
def test_refuses_a_database_whose_name_does_not_say_bench(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "postgresql")
    monkeypatch.setitem(connection.settings_dict, "NAME", "wsp_production")
    with pytest.raises(CommandError, match="must contain 'bench'"):
        call_command("seed_scale", "--scale", "0.001")


@pytest.mark.django_db
def test_refuses_a_scale_of_zero(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "postgresql")
    monkeypatch.setitem(connection.settings_dict, "NAME", "wsp_bench_x")
    with pytest.raises(CommandError, match="greater than 0"):
        call_command("seed_scale", "--scale", "0")
