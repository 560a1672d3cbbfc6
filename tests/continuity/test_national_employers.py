"""A national employer can have a fixed manager per region; the rules use its home region's."""

import pytest
from django.utils import timezone

from continuity.models import Signal
from continuity.scan import scan_region
from employers import services
from tests.conftest import make_user
from tests.factories import AccountAssignmentFactory

pytestmark = pytest.mark.django_db


def test_a_national_employer_held_only_elsewhere_has_a_fixed_manager_there(
    quiet_employer, region, other_region, team_lead
):
    quiet_employer.is_national = True
    quiet_employer.stage = "active"
    quiet_employer.save()
    quiet_employer.assignments.update(ended_on=quiet_employer.assignments.get().started_on)
    elsewhere = make_user("rotterdam@wsp.test", "account_manager", other_region)
    AccountAssignmentFactory(employer=quiet_employer, region=other_region, manager=elsewhere)

    scan_region(region)

    assert not Signal.objects.filter(kind=Signal.Kind.NO_FIXED_MANAGER).exists()
    # Rotterdam's first manager of this employer has nobody to take over from there.
    assert not Signal.objects.filter(kind=Signal.Kind.INTRODUCE).exists()
    contact = quiet_employer.contacts.get()
    services.contact_mark_left(contact=contact, left_on=timezone.localdate(), by=team_lead)
    scan_region(region)
    left = Signal.objects.get(employer=quiet_employer, kind=Signal.Kind.CONTACT_LEFT)
    assert left.assigned_to == elsewhere


def test_the_home_regions_manager_gets_the_signals_of_a_national_employer(
    quiet_employer, region, other_region, account_manager
):
    quiet_employer.is_national = True
    quiet_employer.save()
    elsewhere = make_user("rotterdam@wsp.test", "account_manager", other_region)
    AccountAssignmentFactory(employer=quiet_employer, region=other_region, manager=elsewhere)
    contact = quiet_employer.contacts.get()
    services.contact_mark_left(
        contact=contact,
        left_on=timezone.localdate(),
        by=account_manager,
    )
    scan_region(region)

    signal = Signal.objects.get(employer=quiet_employer, kind=Signal.Kind.CONTACT_LEFT)
    assert signal.assigned_to == account_manager
