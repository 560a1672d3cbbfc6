"""Two-factor authentication: required for staff, optional for employer users, enforced on pages,
the session API and the admin; set-up, recovery codes, resets."""

import logging
import re

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts import services
from accounts.models import User
from tests.conftest import PASSWORD, give_totp_device, login_unverified, make_user, totp_code

pytestmark = pytest.mark.django_db

VERIFY = reverse("accounts:two_factor_verify")
SETUP = reverse("accounts:two_factor_setup")


@pytest.fixture
def no_backoff(settings):
    """Most tests here post a wrong code and then a right one at once: without django-otp's
    back-off (which has a test of its own)."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def password_login(client, user):
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return response


def is_verified_session(client):
    return "otp_device_id" in client.session


# --- Enforcement ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["account_manager", "team_lead", "wsp_admin"])
def test_staff_without_an_app_are_sent_to_the_set_up_from_every_page(client, request, who):
    user = request.getfixturevalue(who)
    login_unverified(client, user)
    for name in ("home", "employers:list", "accounts:profile", "accounts:team"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response.url == f"{SETUP}?next={reverse(name).replace('/', '%2F')}"


def test_staff_with_an_app_are_sent_to_the_code_step(client, account_manager):
    give_totp_device(account_manager)
    login_unverified(client, account_manager)
    response = client.get(reverse("employers:list"))
    assert response.url == f"{VERIFY}?next=%2Femployers%2F"
    # A form posted before verifying goes to the code step too, and changes nothing.
    response = client.post(reverse("employers:create"), {"name": "Sneaky BV"})
    assert response.status_code == 302 and response.url == VERIFY


def test_an_unverified_session_sees_no_navigation_and_may_log_out(client, account_manager):
    give_totp_device(account_manager)
    login_unverified(client, account_manager)
    page = client.get(VERIFY)
    assert page.status_code == 200
    assert page.context["nav_items"] == []
    assert "Verificatiecode" in page.text
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_language_switch_works_before_verifying(client, account_manager):
    login_unverified(client, account_manager)
    response = client.post(reverse("set_language"), {"language": "en", "next": SETUP})
    assert response.status_code == 302 and response.url == SETUP


def test_unverified_staff_session_is_refused_by_the_api_but_tokens_work(client, account_manager):
    login_unverified(client, account_manager)
    response = client.get("/api/v1/employers/")
    assert response.status_code == 403
    assert "tweestapsverificatie" in response.json()["detail"]
    # The same user's API token (integrations) is not affected.
    token = Token.objects.create(user=account_manager)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/employers/").status_code == 200


def test_verified_session_may_use_the_api(client, account_manager):
    client.force_login(account_manager)  # verified (tests/conftest.py)
    assert client.get("/api/v1/employers/").status_code == 200


def test_admin_is_closed_until_the_session_is_verified(client, wsp_admin, no_backoff):
    device = give_totp_device(wsp_admin)
    login_unverified(client, wsp_admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    client.post(VERIFY, {"code": totp_code(device)})
    assert client.get("/admin/").status_code == 200


def test_the_admin_site_itself_checks_verification():
    """Behind the middleware, the admin site's own permission check wants a verified user."""
    from django.contrib import admin
    from django_otp.admin import OTPAdminSite

    assert isinstance(admin.site, OTPAdminSite)


def test_staff_must_use_it_only_while_the_setting_says_so(client, account_manager, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_STAFF = False
    login_unverified(client, account_manager)
    assert client.get(reverse("home")).status_code == 200


# --- The code step -------------------------------------------------------------------------


def test_full_login_with_a_code_lands_on_the_page_asked_for(client, account_manager):
    device = give_totp_device(account_manager)
    client.post(
        reverse("login") + "?next=/employers/",
        {"username": account_manager.email, "password": PASSWORD, "next": "/employers/"},
    )
    step = client.get("/employers/")
    assert step.url == f"{VERIFY}?next=%2Femployers%2F"
    before = client.session.session_key
    response = client.post(VERIFY, {"code": totp_code(device), "next": "/employers/"})
    assert response.status_code == 302 and response.url == "/employers/"
    assert is_verified_session(client)
    assert client.session.session_key != before  # a fresh session key once verified
    assert client.get("/employers/").status_code == 200


def test_a_wrong_code_is_rejected(client, account_manager):
    device = give_totp_device(account_manager)
    login_unverified(client, account_manager)
    good = totp_code(device)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert "Die code klopt niet" in response.text
    assert not is_verified_session(client)
    assert client.get(reverse("home")).status_code == 302


def test_the_next_page_must_be_ours(client, account_manager):
    device = give_totp_device(account_manager)
    login_unverified(client, account_manager)
    response = client.post(VERIFY, {"code": totp_code(device), "next": "https://evil.example/"})
    assert response.url == reverse("home")


def test_a_used_code_cannot_be_replayed(client, account_manager, no_backoff):
    device = give_totp_device(account_manager)
    code = totp_code(device)
    login_unverified(client, account_manager)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    other = type(client)()
    login_unverified(other, account_manager)
    response = other.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert not is_verified_session(other)


def test_wrong_codes_back_off(client, account_manager):
    """django-otp's throttling is on: right after a wrong code even the right one is refused."""
    device = give_totp_device(account_manager)
    login_unverified(client, account_manager)
    good = totp_code(device)
    client.post(VERIFY, {"code": f"{(int(good) + 1) % 1_000_000:06d}"})
    response = client.post(VERIFY, {"code": good})
    assert "Wacht een paar seconden" in response.text
    assert not is_verified_session(client)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_a_recovery_code_works_once_only(client, account_manager, no_backoff):
    give_totp_device(account_manager)
    codes = services.two_factor_recovery_codes_regenerate(user=account_manager)
    assert len(codes) == 10 and len(set(codes)) == 10
    login_unverified(client, account_manager)
    response = client.post(VERIFY, {"code": codes[0].upper()})  # typed in capitals: fine
    assert response.status_code == 302
    assert is_verified_session(client)
    assert StaticDevice.objects.get(user=account_manager).token_set.count() == 9
    again = type(client)()
    login_unverified(again, account_manager)
    response = again.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200
    assert not is_verified_session(again)
    assert again.post(VERIFY, {"code": codes[1]}).status_code == 302


def test_employer_user_without_an_app_logs_straight_in(client, employer_user):
    password_login(client, employer_user)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200


def test_employer_user_with_an_app_must_verify(client, employer_user, no_backoff):
    device = give_totp_device(employer_user)
    password_login(client, employer_user)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert client.get("/api/v1/portal/contacts/").status_code == 403
    client.post(VERIFY, {"code": totp_code(device)})
    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get("/api/v1/portal/contacts/").status_code == 200


# --- Set-up --------------------------------------------------------------------------------


def test_set_up_shows_a_server_drawn_qr_code_and_the_secret(client, account_manager):
    login_unverified(client, account_manager)
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.text
    assert "<svg" in html and "<script" not in html and "<img" not in html
    device = TOTPDevice.objects.get(user=account_manager, confirmed=False)
    secret = page.context["secret"].replace(" ", "")
    from base64 import b32encode

    assert secret == b32encode(device.bin_key).decode()
    assert page.context["secret"] in html
    # Visiting again shows the same secret (the app may have been scanned already).
    assert client.get(SETUP).context["secret"] == page.context["secret"]
    assert TOTPDevice.objects.filter(user=account_manager).count() == 1


def test_set_up_confirms_with_a_code_and_shows_ten_recovery_codes_once(client, account_manager):
    login_unverified(client, account_manager)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=account_manager, confirmed=False)
    wrong = client.post(SETUP, {"code": "000000" if totp_code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "Die code klopt niet" in wrong.text
    device.throttle_reset()

    response = client.post(SETUP, {"code": totp_code(device), "next": "/employers/"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor_recovery_codes") + "?next=%2Femployers%2F"
    device.refresh_from_db()
    assert device.confirmed
    assert is_verified_session(client)

    page = client.get(response.url)
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page.text)
    assert len(codes) == 10
    stored = set(StaticDevice.objects.get(user=account_manager).token_set.values_list("token"))
    assert {(code,) for code in codes} == stored
    assert 'href="/employers/"' in page.text
    # Shown once: the next visit sends you to your account page.
    assert client.get(response.url).url == reverse("accounts:profile")
    assert client.get("/employers/").status_code == 200


def test_set_up_is_refused_when_an_app_is_already_on(client, account_manager):
    client.force_login(account_manager)
    response = client.get(SETUP)
    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    with pytest.raises(ValidationError):
        services.two_factor_setup_begin(user=account_manager)


def test_employer_user_switches_it_on_from_the_account_page(client, employer_user):
    client.force_login(employer_user)
    profile = client.get(reverse("accounts:profile"))
    assert "Uit." in profile.text and SETUP in profile.text
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=employer_user)
    client.post(SETUP, {"code": totp_code(device)})
    profile = client.get(reverse("accounts:profile"))
    assert "Aan:" in profile.text
    assert "10 ongebruikte herstelcodes" in profile.text
    # From now on their login needs a code.
    fresh = type(client)()
    password_login(fresh, employer_user)
    assert fresh.get(reverse("portal:home")).url.startswith(VERIFY)


# --- Account page: new recovery codes, removing the app --------------------------------------


def test_new_recovery_codes_need_a_current_code(client, account_manager, no_backoff):
    client.force_login(account_manager)
    device = TOTPDevice.objects.get(user=account_manager)
    old = services.two_factor_recovery_codes_regenerate(user=account_manager)
    url = reverse("accounts:two_factor_regenerate")
    assert client.post(url, {"code": "12345x"}).status_code == 200
    assert StaticDevice.objects.get(user=account_manager).token_set.count() == 10
    response = client.post(url, {"code": totp_code(device)})
    assert response.status_code == 302
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", client.get(response.url).text)
    assert len(new) == 10 and not set(new) & set(old)
    assert is_verified_session(client)  # this session stays verified


def test_staff_remove_their_app_with_a_code_and_must_set_up_a_new_one(
    client, account_manager, no_backoff
):
    client.force_login(account_manager)
    device = TOTPDevice.objects.get(user=account_manager)
    elsewhere = type(client)()
    elsewhere.force_login(account_manager)
    url = reverse("accounts:two_factor_reset")
    assert client.post(url, {"code": "999999x"}).status_code == 200
    assert TOTPDevice.objects.filter(user=account_manager).exists()
    response = client.post(url, {"code": totp_code(device)})
    assert response.status_code == 302 and response.url == SETUP
    assert not TOTPDevice.objects.filter(user=account_manager, confirmed=True).exists()
    assert client.get(reverse("home")).url.startswith(SETUP)
    # The other session ended.
    assert elsewhere.get(reverse("home")).url.startswith(reverse("login"))


def test_employer_user_switches_it_off_with_a_code(client, employer_user):
    device = give_totp_device(employer_user)
    client.force_login(employer_user)
    response = client.post(reverse("accounts:two_factor_reset"), {"code": totp_code(device)})
    assert response.url == reverse("accounts:profile")
    assert not TOTPDevice.objects.filter(user=employer_user).exists()
    assert client.get(reverse("portal:home")).status_code == 200


# --- A WSP admin resets someone else's --------------------------------------------------------


def test_wsp_admin_resets_an_account_managers_second_factor(
    client, wsp_admin, account_manager, caplog
):
    give_totp_device(account_manager)
    services.two_factor_recovery_codes_regenerate(user=account_manager)
    victim = type(client)()
    victim.force_login(account_manager)
    client.force_login(wsp_admin)
    team = client.get(reverse("accounts:team"))
    url = reverse("accounts:two_factor_admin_reset", args=[account_manager.pk])
    assert url in team.text
    page = client.get(url)
    assert page.status_code == 200 and account_manager.email in page.text
    with caplog.at_level(logging.WARNING, logger="accounts.security"):
        response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("accounts:team")
    assert not TOTPDevice.objects.filter(user=account_manager).exists()
    assert not StaticDevice.objects.filter(user=account_manager).exists()
    assert f"user id {account_manager.pk} reset by WSP admin user id {wsp_admin.pk}" in caplog.text
    # Their sessions ended; at their next login they set up a new app.
    assert victim.get(reverse("home")).url.startswith(reverse("login"))
    password_login(victim, account_manager)
    assert victim.get(reverse("home")).url.startswith(SETUP)


def test_only_wsp_admins_may_reset_someone_elses(client, team_lead, account_manager):
    give_totp_device(account_manager)
    client.force_login(team_lead)
    url = reverse("accounts:two_factor_admin_reset", args=[account_manager.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert TOTPDevice.objects.filter(user=account_manager).exists()
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied from the service
        services.two_factor_reset(user=account_manager, by=team_lead)


def test_a_regional_wsp_admin_resets_only_in_their_region(
    client, region, other_region, account_manager, outsider
):
    regional_admin = make_user("radmin@wsp.test", User.Role.WSP_ADMIN, region=region)
    give_totp_device(outsider)
    client.force_login(regional_admin)
    assert (
        client.get(reverse("accounts:two_factor_admin_reset", args=[outsider.pk])).status_code
        == 404
    )
    assert (
        client.post(reverse("accounts:two_factor_admin_reset", args=[outsider.pk])).status_code
        == 404
    )
    assert TOTPDevice.objects.filter(user=outsider).exists()
    assert (
        client.get(
            reverse("accounts:two_factor_admin_reset", args=[account_manager.pk])
        ).status_code
        == 200
    )


def test_wsp_admin_resets_through_the_django_admin_too(client, wsp_admin, employer_user):
    give_totp_device(employer_user)
    client.force_login(wsp_admin)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [employer_user.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=employer_user).exists()


def test_resetting_ends_only_the_users_sessions(client, wsp_admin, account_manager, colleague):
    other = type(client)()
    other.force_login(colleague)
    services.two_factor_reset(user=account_manager, by=wsp_admin)
    assert Session.objects.count() == 1
    assert other.get(reverse("home")).status_code == 200


def test_every_api_view_uses_the_verified_session_authentication():
    """No API view may fall back to plain session authentication (it would let an unverified
    session in): the default and every view's own list use VerifiedSessionAuthentication."""
    from django.urls import get_resolver
    from rest_framework.authentication import SessionAuthentication

    from accounts.authentication import VerifiedSessionAuthentication

    def views(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from views(pattern.url_patterns)
            else:
                yield pattern.callback

    checked = 0
    for callback in views(get_resolver().url_patterns):
        cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        classes = getattr(cls, "authentication_classes", None)
        if not classes:
            continue
        checked += 1
        for auth in classes:
            if issubclass(auth, SessionAuthentication):
                assert issubclass(auth, VerifiedSessionAuthentication), (cls, auth)
    assert checked > 20
