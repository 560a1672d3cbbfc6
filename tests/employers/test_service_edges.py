"""Service edge cases: postcode normalisation, duplicate KvK, backups and primaries."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from employers import services
from employers.models import AccountAssignment, Employer

DAY = datetime.timedelta(days=1)


def test_location_add_normalises_a_postcode_typed_without_space(employer, account_manager):
    location = services.location_add(
        employer=employer,
        by=account_manager,
        street="Slotlaan 2",
        postcode=" 3701gk ",
        city="Zeist",
    )

    location.refresh_from_db()
    assert location.postcode == "3701 GK"


def test_a_duplicate_kvk_number_is_a_clear_error_on_the_kvk_field(employer, account_manager):
    with pytest.raises(ValidationError) as excinfo:
        services.employer_create(
            region=employer.region, by=account_manager, name="Dubbel", kvk_number="30123456"
        )

    assert len(excinfo.value.message_dict["kvk_number"]) == 1  # on the field, not __all__
    assert not Employer.objects.filter(name="Dubbel").exists()


def test_the_fixed_account_manager_cannot_also_become_the_backup(
    employer, primary_assignment, account_manager, team_lead
):
    with pytest.raises(ValidationError) as excinfo:
        services.account_manager_assign(
            employer=employer,
            manager=account_manager,
            by=team_lead,
            kind=AccountAssignment.Kind.BACKUP,
        )

    assert "manager" in excinfo.value.message_dict
    primary_assignment.refresh_from_db()
    assert primary_assignment.ended_on is None
    assert employer.assignments.count() == 1


def test_a_backup_cannot_be_added_twice(employer, colleague, team_lead):
    services.account_manager_assign(
        employer=employer, manager=colleague, by=team_lead, kind=AccountAssignment.Kind.BACKUP
    )

    with pytest.raises(ValidationError):
        services.account_manager_assign(
            employer=employer,
            manager=colleague,
            by=team_lead,
            kind=AccountAssignment.Kind.BACKUP,
        )

    assert employer.assignments.count() == 1


def test_promoting_a_backup_before_the_backup_started_is_a_date_error(
    employer, primary_assignment, colleague, team_lead
):
    services.account_manager_assign(
        employer=employer,
        manager=colleague,
        by=team_lead,
        kind=AccountAssignment.Kind.BACKUP,
        started_on=timezone.localdate(),
    )

    with pytest.raises(ValidationError) as excinfo:
        services.account_manager_assign(
            employer=employer,
            manager=colleague,
            by=team_lead,
            handover_note="Over",
            started_on=timezone.localdate() - 5 * DAY,
        )

    assert "started_on" in excinfo.value.message_dict
