"""A new staff member's first login in the browser: password, the forced set-up of the
authenticator app (QR code and key on the page, a real TOTP code computed from that key), the
recovery codes, and a later login with one of them."""

from base64 import b32decode

import pytest
from django_otp.oath import totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_first_login_sets_up_the_app_then_a_recovery_code_works(page, live_server, team_lead):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mailadres").fill(team_lead.email)
    page.get_by_label("Wachtwoord").fill("correct-horse-battery-9")
    page.get_by_role("button", name="Inloggen").click()

    page.wait_for_url(f"{live_server.url}/account/two-factor/setup/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Tweestapsverificatie instellen"
    assert page.locator(".qr-code svg").is_visible()
    # No page navigation before the second factor.
    assert page.get_by_role("navigation", name="Hoofdmenu").count() == 0
    secret = page.locator(".secret-key").inner_text().replace(" ", "")
    code = f"{totp(b32decode(secret)):06d}"  # what the authenticator app would show
    page.get_by_label("Verificatiecode").fill(code)
    page.get_by_role("button", name="Bevestigen en aanzetten").click()

    page.wait_for_url(f"{live_server.url}/account/two-factor/recovery-codes/**")
    assert page.get_by_text("Tweestapsverificatie staat aan.").is_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Ik heb ze bewaard: verder").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("navigation", name="Hoofdmenu").is_visible()

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"{live_server.url}/login/**")
    page.get_by_label("E-mailadres").fill(team_lead.email)
    page.get_by_label("Wachtwoord").fill("correct-horse-battery-9")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}/account/two-factor/verify/**")
    page.get_by_label("Verificatiecode").fill(codes[0])
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_text("er zijn er nog 9 over").is_visible()
