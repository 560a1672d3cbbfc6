import os
import shutil

import pytest

from tests.conftest import PASSWORD, give_totp_device, require_service, totp_code

# Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require_service(
        shutil.which(CHROMIUM), f"{CHROMIUM} is not installed (apt-get install chromium)"
    )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Dutch user's browser (Chromium here would otherwise ask for English)."""
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


def sign_in(page, base_url, user, landing="/", password=PASSWORD):
    """Log in through the real form and, for staff (and employer users who switched it on),
    the code step with a real TOTP code from their device (made when missing); wait for the
    landing page."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.two_factor import staff_must_use

    if staff_must_use(user):
        device = give_totp_device(user)
    else:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    page.goto(f"{base_url}/login/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    if device is not None:
        page.wait_for_url(f"{base_url}/account/two-factor/verify/**")
        page.get_by_label("Verificatiecode").fill(totp_code(device))
        page.get_by_role("button", name="Controleren").click()
    page.wait_for_url(f"{base_url}{landing}")
    return page


@pytest.fixture
def login(page, live_server):
    """login(user) signs the user in through the real login form (and the code step); returns
    the page on the start page."""

    def login_as(user, password=PASSWORD):
        return sign_in(page, live_server.url, user, "/", password)

    return login_as
