"""Placement fixtures (the cast lives in tests/conftest.py).

- `employer` (cast's region, account_manager is its fixed account manager) with `location`,
  `supervisor` (a current shop-floor contact) and `candidate` (account_manager responsible).
- `placement`: candidate at employer, started 20 days ago through the service, so its default
  follow-up plan exists and the first checkpoint (2 weeks) is overdue.
- `other_employer` / `other_candidate` / `other_placement`: the same in other_region, held by
  outsider.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from candidates import services as candidate_services
from employers.models import ContactPerson
from placements import services, team_services
from placements.models import Instrument
from tests.factories import (
    AccountAssignmentFactory,
    ContactPersonFactory,
    EmployerFactory,
    LocationFactory,
)

TODAY = timezone.localdate


def days_ago(days):
    return TODAY() - datetime.timedelta(days=days)


def make_candidate(region, responsible, first_name="Joyce", last_name="de Vries", **fields):
    return candidate_services.candidate_create(
        region=region,
        by=responsible,
        responsible=responsible,
        first_name=first_name,
        last_name=last_name,
        **fields,
    )


def start_placement(candidate, employer, by, **fields):
    defaults = {
        "job_title": "Medewerker inpak",
        "start_date": days_ago(20),
        "contract_type": "temporary",
        "contract_end": TODAY() + datetime.timedelta(days=160),
        "hours_per_week": Decimal("24"),
    }
    defaults.update(fields)
    return services.placement_start(candidate=candidate, employer=employer, by=by, **defaults)


@pytest.fixture
def employer(region, account_manager):
    employer = EmployerFactory(
        region=region, name="Bakkerij De Gouden Korst", kvk_number="30123456"
    )
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    return employer


@pytest.fixture
def location(employer):
    return LocationFactory(
        employer=employer, street="Kanaalweg 12", postcode="3526 KL", city="Utrecht"
    )


@pytest.fixture
def supervisor(employer):
    return ContactPersonFactory(
        employer=employer,
        name="Kees Bouwman",
        job_title="Ploegleider",
        level=ContactPerson.Level.FLOOR,
        is_hr=False,
        is_supervisor=True,
        phone="06 1111 2222",
    )


@pytest.fixture
def candidate(region, account_manager):
    return make_candidate(region, account_manager)


@pytest.fixture
def placement(candidate, employer, account_manager, location, supervisor):
    placement = start_placement(
        candidate, employer, account_manager, location=location, supervisor=supervisor
    )
    team_services.team_add(
        placement=placement,
        role="job_coach",
        by=account_manager,
        name="Sanne Jansen",
        organisation="Jobcoach Midden",
        hours_per_week=Decimal("2"),
        start=placement.start_date,
        end=TODAY() + datetime.timedelta(days=150),
    )
    return placement


@pytest.fixture
def other_employer(other_region, outsider):
    employer = EmployerFactory(
        region=other_region, name="Havenbedrijf Maaskade", kvk_number="24987654"
    )
    AccountAssignmentFactory(employer=employer, manager=outsider)
    return employer


@pytest.fixture
def other_candidate(other_region, outsider):
    return make_candidate(other_region, outsider, first_name="Karim", last_name="Bakker")


@pytest.fixture
def other_placement(other_candidate, other_employer, outsider):
    return start_placement(other_candidate, other_employer, outsider, job_title="Havenmedewerker")


@pytest.fixture
def instrument(region):
    return Instrument.objects.get(region=region, name="Jobcoach")


@pytest.fixture
def other_instrument(other_region):
    return Instrument.objects.get(region=other_region, name="Jobcoach")
