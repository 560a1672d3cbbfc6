"""Portal fixtures (the cast lives in tests/conftest.py).

- `employer_a`, `employer_b`: two active employers in the cast's region; account_manager is the
  fixed manager of A (for a year), colleague of B.
- `user_a`, `user_b`: employer users of A and B (password PASSWORD).
- `contact_a`, `contact_b`: a current contact person of A and of B.
- `make_placement(employer, consent=False, **fields)`: an active placement through the services
  (with its follow-up plan); with consent=True the candidate consents to sharing with employer.
- `eager_celery`: queued tasks run inline (on-commit rescans, invitations).
"""

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from candidates import services as candidate_services
from employers.models import ContactPerson
from placements import services as placement_services
from placements import team_services
from tests.conftest import eager_tasks, make_user
from tests.factories import AccountAssignmentFactory, ContactPersonFactory, EmployerFactory


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def employer_a(region, account_manager):
    employer = EmployerFactory(region=region, name="Drukkerij Het Anker", kvk_number="30999001")
    AccountAssignmentFactory(employer=employer, manager=account_manager, started_on=days_ago(365))
    return employer


@pytest.fixture
def employer_b(region, colleague):
    employer = EmployerFactory(region=region, name="Tuinderij Groen", kvk_number="30999002")
    AccountAssignmentFactory(employer=employer, manager=colleague, started_on=days_ago(365))
    return employer


@pytest.fixture
def user_a(employer_a):
    return make_user(
        "jan@anker.test",
        User.Role.EMPLOYER_USER,
        first_name="Jan",
        last_name="Anker",
        employer=employer_a,
    )


@pytest.fixture
def user_b(employer_b):
    return make_user(
        "bea@groen.test",
        User.Role.EMPLOYER_USER,
        first_name="Bea",
        last_name="Groen",
        employer=employer_b,
    )


@pytest.fixture
def contact_a(employer_a):
    return ContactPersonFactory(
        employer=employer_a,
        name="Sanne de Wit",
        job_title="HR-manager",
        level=ContactPerson.Level.MIDDLE,
        is_hr=True,
        is_champion=True,
        last_verified_on=days_ago(200),
    )


@pytest.fixture
def contact_b(employer_b):
    return ContactPersonFactory(employer=employer_b, name="Gerrit Groen", is_champion=True)


@pytest.fixture
def make_placement(account_manager):
    counter = iter(range(1, 10_000))

    def make(employer, consent=False, **fields):
        number = next(counter)
        candidate = candidate_services.candidate_create(
            region=employer.region,
            by=account_manager,
            first_name=fields.pop("first_name", "Joyce"),
            last_name=f"Kandidaat{number}",
            responsible=account_manager,
            target_groups=["job_agreement"],
            profile={"strengths": f"Nauwkeurig werker {number}"},
        )
        if consent:
            candidate_services.consent_record(
                candidate=candidate, employer=employer, by=account_manager
            )
        values = {
            "job_title": f"Inpakker {number}",
            "start_date": days_ago(30),
            "contract_type": "temporary",
            "hours_per_week": 24,
            **fields,
        }
        placement = placement_services.placement_start(
            candidate=candidate, employer=employer, by=account_manager, **values
        )
        team_services.team_add(
            placement=placement,
            role="job_coach",
            by=account_manager,
            name="Karin Coach",
            start=placement.start_date,
        )
        return placement

    return make


@pytest.fixture
def eager_celery(settings):
    with eager_tasks(settings) as app:
        yield app
