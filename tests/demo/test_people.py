"""The demo's people (demo/people.py): the promised team and portal login, and `manage.py
totp_code`, which answers for the demo authenticator only."""

import pytest

from accounts.models import User
from tests.conftest import give_totp_device

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_has_the_promised_team():
    from django.core.management import call_command

    call_command("seed_demo", quiet_logins=True)
    call_command("seed_demo", quiet_logins=True)
    demo_users = User.objects.filter(email__endswith="@demo.wsp-crm.nl")
    staff = demo_users.filter(role__in=User.STAFF_ROLES)
    assert staff.count() == 6
    portal_user = demo_users.get(role="employer_user")
    assert portal_user.employer.name == "Koffiebranderij De Zwarte Boon"
    managers = staff.filter(role="account_manager")
    assert managers.count() == 4
    assert managers.values("home_organisation").distinct().count() == 4
    assert staff.filter(role="team_lead").count() == 1
    assert staff.filter(role="wsp_admin").count() == 1


def test_the_totp_code_command_refuses_real_devices(account_manager, employer_user):
    from django.core.management import CommandError, call_command

    give_totp_device(account_manager)  # a random key, like a real app's
    with pytest.raises(CommandError, match="demo"):
        call_command("totp_code", account_manager.email)
    with pytest.raises(CommandError, match="demo"):
        call_command("totp_code", employer_user.email)  # no device at all
