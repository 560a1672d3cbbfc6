import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from accounts import services
from accounts.models import Region, Team, User

pytestmark = pytest.mark.django_db


def test_all_35_labour_market_regions_are_shipped():
    assert Region.objects.count() == 35
    assert Region.objects.filter(name="Rijk van Nijmegen").exists()


def test_account_managers_need_a_region():
    user = User(email="x@wsp.test", first_name="X", last_name="Y", role="account_manager")
    with pytest.raises(ValidationError) as error:
        user.full_clean(exclude=["password"])
    assert "region" in error.value.message_dict


def test_the_database_refuses_a_team_lead_without_region():
    with pytest.raises(IntegrityError):
        User.objects.bulk_create(
            [User(email="x@wsp.test", first_name="X", last_name="Y", role="team_lead")]
        )


def test_a_team_must_be_in_the_users_region(region, other_region):
    foreign_team = Team.objects.create(region=other_region, name="Rotterdam")
    user = User(
        email="x@wsp.test",
        first_name="X",
        last_name="Y",
        role="account_manager",
        region=region,
        team=foreign_team,
    )
    with pytest.raises(ValidationError) as error:
        user.full_clean(exclude=["password"])
    assert "team" in error.value.message_dict


def test_email_login_is_case_insensitive_and_stored_lowercase(region):
    user = User.objects.create_user(
        "Mixed.Case@WSP.test", "pw-long-enough-1", first_name="M", last_name="C", role="wsp_admin"
    )
    assert user.email == "mixed.case@wsp.test"
    assert User.objects.get_by_natural_key("MIXED.case@wsp.test") == user


def test_only_wsp_admins_get_admin_access(account_manager, team_lead, wsp_admin, employer_user):
    assert [u.is_staff for u in (account_manager, team_lead, wsp_admin, employer_user)] == [
        False,
        False,
        True,
        False,
    ]
    assert wsp_admin.has_perm("accounts.change_user")
    assert not account_manager.has_perm("accounts.change_user")


def test_creating_a_staff_user_queues_an_invitation_after_commit(
    region, team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        user = services.staff_user_create(
            email="new@wsp.test",
            first_name="Nina",
            last_name="Nieuw",
            role=User.Role.ACCOUNT_MANAGER,
            region=region,
            team=team,
        )
    assert len(callbacks) == 1
    assert not user.has_usable_password()


def test_invitation_mail_holds_a_link_that_sets_the_password_once(client, region, team):
    user = User.objects.create_user(
        "new@wsp.test",
        None,
        first_name="Nina",
        last_name="Nieuw",
        role="account_manager",
        region=region,
        team=team,
    )
    assert services.invitation_send(user=user) is True
    user.refresh_from_db()
    assert user.invited_at is not None
    message = mail.outbox[0]
    assert message.to == ["new@wsp.test"]
    assert message.subject == "Je account voor WSP CRM staat klaar"
    assert "Beste Nina" in message.body
    link = re.search(r"http://\S+", message.body).group(0)
    path = link.removeprefix("http://127.0.0.1:8000")

    form_page = client.get(path, follow=True)
    assert "Kies een wachtwoord" in form_page.text
    new_password = {"new_password1": "a-new-secret-2026", "new_password2": "a-new-secret-2026"}
    response = client.post(form_page.redirect_chain[-1][0], new_password)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-secret-2026")

    reused = client.get(path, follow=True)
    assert "niet meer geldig" in reused.text


def test_deactivated_users_get_no_invitation(account_manager):
    account_manager.is_active = False
    account_manager.save()
    assert services.invitation_send(user=account_manager) is False
    assert mail.outbox == []


def test_password_reset_sends_a_dutch_mail_for_known_addresses_only(client, account_manager):
    client.post(reverse("password_reset"), {"email": "unknown@wsp.test"})
    assert mail.outbox == []
    response = client.post(reverse("password_reset"), {"email": "am@wsp.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "wachtwoord" in mail.outbox[0].subject.lower()


def test_admin_creates_a_user_through_the_service_and_queues_the_invitation(
    client_for, wsp_admin, region, team, django_capture_on_commit_callbacks
):
    client = client_for(wsp_admin)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("admin:accounts_user_add"),
            {
                "email": "via-admin@wsp.test",
                "first_name": "Vera",
                "last_name": "Admin",
                "role": "team_lead",
                "region": region.pk,
                "team": team.pk,
                "home_organisation": "",
                "job_title": "",
                "phone": "",
            },
        )
    assert response.status_code == 302, response.text[:2000]
    user = User.objects.get(email="via-admin@wsp.test")
    assert user.role == "team_lead"
    assert len(callbacks) == 1
