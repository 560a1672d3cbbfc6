"""Employer fixtures for everyone's employer tests (the cast lives in tests/conftest.py).

- `employer`: an active employer in the cast's region (visible to account_manager, colleague,
  team_lead; not to outsider).
- `other_employer`: an employer in other_region (visible to outsider, 404 for the cast).
- `national_employer`: a national employer based in other_region WITHOUT an assignment in the
  cast's region (so invisible to the cast until `national_employer_assigned_here` is used).
- `contact`: a current champion contact person of `employer`.
- `primary_assignment`: account_manager as the fixed account manager of `employer`.
- `conversation`: a logged conversation with `employer` by account_manager, with an open next
  action.
"""

import datetime

import pytest
from django.utils import timezone

from employers.models import ContactPerson, Employer
from tests.factories import (
    AccountAssignmentFactory,
    ContactPersonFactory,
    ConversationFactory,
    EmployerFactory,
    LocationFactory,
)


@pytest.fixture
def employer(region):
    employer = EmployerFactory(
        region=region,
        name="Bakkerij De Gouden Korst",
        kvk_number="30123456",
        sector=Employer.Sector.MANUFACTURING,
        employee_count=48,
    )
    LocationFactory(employer=employer, street="Kanaalweg 12", postcode="3526 KL", city="Utrecht")
    return employer


@pytest.fixture
def other_employer(other_region):
    employer = EmployerFactory(
        region=other_region,
        name="Havenbedrijf Maaskade",
        kvk_number="24987654",
        sector=Employer.Sector.LOGISTICS,
    )
    LocationFactory(employer=employer, street="Waalhaven 3", postcode="3089 JH", city="Rotterdam")
    return employer


@pytest.fixture
def national_employer(other_region):
    return EmployerFactory(
        region=other_region,
        name="Supermarktketen Nederland",
        kvk_number="33111222",
        sector=Employer.Sector.RETAIL,
        employee_count=12000,
        is_national=True,
    )


@pytest.fixture
def national_employer_assigned_here(national_employer, region, account_manager):
    """The national employer, with account_manager as its current primary in the cast's region."""
    AccountAssignmentFactory(employer=national_employer, region=region, manager=account_manager)
    return national_employer


@pytest.fixture
def contact(employer):
    return ContactPersonFactory(
        employer=employer,
        name="Mirjam Hoekstra",
        job_title="HR-manager",
        level=ContactPerson.Level.MIDDLE,
        is_hr=True,
        is_champion=True,
        email="mirjam@goudenkorst.test",
        phone="030 123 4567",
    )


@pytest.fixture
def primary_assignment(employer, account_manager):
    return AccountAssignmentFactory(employer=employer, manager=account_manager)


@pytest.fixture
def conversation(employer, account_manager, contact):
    return ConversationFactory(
        employer=employer,
        author=account_manager,
        participants=[contact],
        next_action="Twee kandidaatprofielen sturen",
        next_action_due=timezone.localdate() + datetime.timedelta(days=5),
        next_action_owner=account_manager,
    )
