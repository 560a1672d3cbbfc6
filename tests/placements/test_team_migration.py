"""The data migration of issue 15: each placement's supervisor and job coach move into its team
(placements 0004), and back when the migrations are reversed."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

# Candidates at their latest (their columns exist whatever the placements' state is).
CANDIDATES = ("candidates", "0002_work_profile_sharing_and_responses")
BEFORE = [("placements", "0002_standard_instruments"), CANDIDATES]
AFTER = [("placements", "0005_remove_placement_supervisor_and_job_coach_fields"), CANDIDATES]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_supervisor_and_job_coach_move_into_the_team_and_back():
    old = migrate(BEFORE)
    region = old.get_model("accounts", "Region").objects.create(code="test-mig", name="Mig")
    user = old.get_model("accounts", "User").objects.create(email="mig@wsp.test", region=region)
    employer = old.get_model("employers", "Employer").objects.create(region=region, name="Anker")
    contact = old.get_model("employers", "ContactPerson").objects.create(
        employer=employer, name="Kees Bouwman", level="floor"
    )
    candidate = old.get_model("candidates", "Candidate").objects.create(
        region=region, first_name="Joyce", last_name="de Vries", responsible=user
    )
    start = datetime.date(2026, 3, 2)
    Placement = old.get_model("placements", "Placement")
    common = {
        "candidate": candidate,
        "employer": employer,
        "job_title": "Inpakker",
        "start_date": start,
        "contract_type": "permanent",
        "hours_per_week": 24,
        "responsible": user,
    }
    coached = Placement.objects.create(
        **common,
        supervisor=contact,
        job_coach_name="Sanne Jansen",
        job_coach_organisation="Jobcoach Midden",
        job_coach_hours=Decimal("2"),
        job_coach_until=datetime.date(2026, 9, 1),
    )
    bare = Placement.objects.create(**common)

    new = migrate(AFTER)
    members = new.get_model("placements", "TeamMember").objects.order_by("role")
    rows = list(
        members.values_list(
            "placement_id",
            "role",
            "contact_id",
            "name",
            "organisation",
            "hours_per_week",
            "start",
            "end",
        )
    )
    assert rows == [
        (
            coached.pk,
            "job_coach",
            None,
            "Sanne Jansen",
            "Jobcoach Midden",
            Decimal("2"),
            start,
            datetime.date(2026, 9, 1),
        ),
        (coached.pk, "supervisor", contact.pk, "", "", None, start, None),
    ]
    assert not members.filter(placement_id=bare.pk).exists()

    back = migrate(BEFORE)
    restored = back.get_model("placements", "Placement").objects.get(pk=coached.pk)
    assert restored.supervisor_id == contact.pk
    assert (restored.job_coach_name, restored.job_coach_organisation) == (
        "Sanne Jansen",
        "Jobcoach Midden",
    )
    assert (restored.job_coach_hours, restored.job_coach_until) == (
        Decimal("2"),
        datetime.date(2026, 9, 1),
    )
    # Leave the database as the other tests expect it: every app at its latest migration.
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())
