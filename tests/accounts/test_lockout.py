"""Login abuse: lockout per account and per address after repeated failures (django-axes),
wrong second-factor codes counting too, the cool-off, unlocking, and the proxy address rule."""

import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core.management import call_command
from django.urls import reverse

from accounts.lockout import client_ip
from tests.conftest import PASSWORD, give_totp_device, login_unverified, totp_code

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


def attempt(client, username, password="wrong-password-1", ip="203.0.113.10", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, headers=headers
    )


def fail(client, username, times, ip="203.0.113.10"):
    return [attempt(client, username, ip=ip).status_code for _ in range(times)]


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(client, account_manager):
    assert fail(client, account_manager.email, 4) == [200] * 4  # "wrong e-mail or password"
    locked = attempt(client, account_manager.email)
    assert locked.status_code == 429
    assert "Te veel inlogpogingen" in locked.text
    assert locked["Retry-After"] == "900"
    right = attempt(client, account_manager.email, PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_is_the_same_for_an_unknown_account(client, account_manager):
    fail(client, account_manager.email, 5, ip="203.0.113.1")
    fail(client, "nobody@wsp.test", 5, ip="203.0.113.2")
    known = attempt(client, account_manager.email, ip="203.0.113.1")
    unknown = attempt(client, "nobody@wsp.test", ip="203.0.113.2")
    assert known.status_code == unknown.status_code == 429

    def without_csrf(html):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert without_csrf(known.text) == without_csrf(unknown.text)
    assert account_manager.email not in known.text


def test_the_account_is_locked_from_any_address(client, account_manager):
    for number in range(5):
        attempt(client, account_manager.email, ip=f"198.51.100.{number}")
    assert attempt(client, account_manager.email, PASSWORD, ip="198.51.100.77").status_code == 429


def test_capitals_in_the_address_do_not_give_extra_tries(client, account_manager):
    for spelling in ("am@wsp.test", "AM@wsp.test", "Am@Wsp.test", " am@wsp.test", "aM@WSP.TEST"):
        attempt(client, spelling, ip=f"198.51.100.{len(spelling)}{spelling.count('A')}")
    assert attempt(client, "am@wsp.test", PASSWORD, ip="198.51.100.99").status_code == 429


def test_the_address_is_locked_for_every_account(client, account_manager, colleague, team_lead):
    for number in range(5):
        attempt(client, f"guess{number}@wsp.test", ip="203.0.113.50")
    assert attempt(client, colleague.email, PASSWORD, ip="203.0.113.50").status_code == 429
    # The accounts themselves are not locked: from elsewhere they log in.
    assert attempt(client, colleague.email, PASSWORD, ip="203.0.113.51").status_code == 302


def test_failures_are_recorded(client, account_manager):
    fail(client, account_manager.email, 5)
    record = AccessAttempt.objects.get(username=account_manager.email)
    assert record.failures_since_start == 5
    assert record.ip_address == "203.0.113.10"
    assert "wrong-password" not in record.post_data  # passwords are masked
    assert AccessFailureLog.objects.filter(username=account_manager.email).count() == 5
    assert AccessFailureLog.objects.filter(locked_out=True).count() == 1


def test_the_lockout_ends_after_the_cool_off(client, account_manager, settings):
    fail(client, account_manager.email, 5)
    assert attempt(client, account_manager.email, PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    assert attempt(client, account_manager.email, PASSWORD).status_code == 302


def test_attempts_during_the_lockout_do_not_extend_it(client, account_manager):
    fail(client, account_manager.email, 5)
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=14)
    )
    assert attempt(client, account_manager.email).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    assert attempt(client, account_manager.email, PASSWORD).status_code == 302


def test_an_admin_lifts_the_lockout(client, account_manager):
    fail(client, account_manager.email, 5)
    call_command("axes_reset_username", account_manager.email)
    call_command("axes_reset_ip", "203.0.113.10")
    assert attempt(client, account_manager.email, PASSWORD).status_code == 302


def test_the_limit_and_cool_off_come_from_the_settings(client, account_manager, settings):
    settings.AXES_FAILURE_LIMIT = 2
    fail(client, account_manager.email, 1)
    assert attempt(client, account_manager.email).status_code == 429


def test_wrong_second_factor_codes_count_and_end_the_session(client, account_manager):
    """After the password, wrong codes are failed logins too: at the limit the session ends
    and the account is locked (django-otp's back-off is off here to allow five in a row)."""
    from django.conf import settings

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    try:
        device = give_totp_device(account_manager)
        login_unverified(client, account_manager)
        good = int(totp_code(device))
        codes = [f"{(good + n) % 1_000_000:06d}" for n in range(3, 8)]
        verify = reverse("accounts:two_factor_verify")
        statuses = [client.post(verify, {"code": code}).status_code for code in codes]
        assert statuses == [200, 200, 200, 200, 429]
        assert "_auth_user_id" not in client.session
        stored = AccessAttempt.objects.get(username=account_manager.email)
        assert stored.failures_since_start == 5
        assert not any(code in stored.post_data for code in codes)  # codes are masked
        assert attempt(client, account_manager.email, PASSWORD, ip="127.0.0.1").status_code == 429
    finally:
        settings.OTP_TOTP_THROTTLE_FACTOR = 1


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(client, account_manager):
    for number in range(5):
        attempt(
            client,
            f"guess{number}@wsp.test",
            ip="203.0.113.60",
            **{"X-Forwarded-For": f"10.0.0.{number}"},
        )
    response = attempt(
        client, account_manager.email, PASSWORD, ip="203.0.113.60", **{"X-Forwarded-For": "1.2.3.4"}
    )
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_counts(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.post(
        LOGIN, REMOTE_ADDR="10.0.0.2", headers={"X-Forwarded-For": "6.6.6.6, 203.0.113.7"}
    )
    assert client_ip(request) == "203.0.113.7"  # what our one proxy saw; the rest is spoofable
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(rf.post(LOGIN, REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"


def test_the_admin_lists_the_lockouts(client, client_for, wsp_admin, account_manager):
    fail(type(client)(), account_manager.email, 1)
    client = client_for(wsp_admin)
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200
    assert account_manager.email in page.text
    assert client.get("/admin/axes/accessfailurelog/").status_code == 200


def test_the_test_clients_logins_work_with_the_lockout_backend_first(client, employer_user):
    """Axes' backend comes first and needs the request: force_login (what the suite uses) needs
    none, and Client.login works when given one."""
    from django.conf import settings
    from django.http import HttpRequest

    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert client.login(request=HttpRequest(), username=employer_user.email, password=PASSWORD)
    assert client.get(reverse("portal:home")).status_code == 200
    client.logout()
    client.force_login(employer_user)
    assert client.get(reverse("portal:home")).status_code == 200
