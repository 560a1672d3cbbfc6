"""Security headers: the Content-Security-Policy on pages, API and admin, its report-only switch,
and HSTS / frame denial / referrer policy under the production settings."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.authtoken.models import Token

from wsp_crm.csp import HEADER, REPORT_ONLY_HEADER, render_policy

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def test_the_configured_policy_is_the_strict_one():
    assert render_policy(settings.CSP_POLICY) == POLICY
    assert "unsafe" not in POLICY


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/login/", "/password/reset/", "/api/v1/employers/", "/api/schema/", "/healthz"]
)
def test_anonymous_responses_carry_the_policy(client, path):
    response = client.get(path)
    assert response.status_code in (200, 401, 503), response.status_code
    assert response[HEADER] == POLICY
    assert REPORT_ONLY_HEADER not in response


@pytest.mark.django_db
def test_staff_pages_and_redirects_carry_the_policy(client_for, account_manager):
    client = client_for(account_manager)
    for path, status in (("/", 200), ("/employers/", 200), ("/dashboard/", 200), ("/admin/", 302)):
        response = client.get(path)
        assert response.status_code == status, (path, response.status_code)
        assert response[HEADER] == POLICY, path


@pytest.mark.django_db
def test_the_api_with_a_token_carries_the_policy(client, account_manager):
    token = Token.objects.create(user=account_manager)
    response = client.get("/api/v1/employers/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response[HEADER] == POLICY
    docs = client.get("/api/docs/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert docs.status_code == 200
    assert docs[HEADER] == POLICY
    # Swagger UI starts from a script file, never an inline <script>.
    assert "<script>" not in docs.text and "<style>" not in docs.text
    script = client.get("/api/docs/?script=", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.text
    assert '"validatorUrl": null' in script.text


@pytest.mark.django_db
def test_only_the_browsable_apis_html_may_use_inline_styles(client_for, account_manager):
    client = client_for(account_manager)
    html = client.get("/api/v1/employers/", headers={"accept": "text/html"})
    assert html.status_code == 200 and "<form" in html.text
    assert html[HEADER] == POLICY.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';")
    assert "script-src 'self';" in html[HEADER]
    as_json = client.get("/api/v1/employers/")
    assert as_json["Content-Type"] == "application/json"
    assert as_json[HEADER] == POLICY


@pytest.mark.django_db
def test_the_admin_carries_the_policy(client_for, wsp_admin):
    client = client_for(wsp_admin)
    change = f"/admin/accounts/user/{wsp_admin.pk}/change/"
    for path in ("/admin/", "/admin/accounts/user/", change):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response[HEADER] == POLICY, path


@pytest.mark.django_db
def test_report_only_switches_the_header(settings):
    settings.CSP_REPORT_ONLY = True
    settings.CSP_REPORT_URI = "https://csp.example.nl/report"
    response = Client().get("/login/")
    assert HEADER not in response
    assert response[REPORT_ONLY_HEADER] == f"{POLICY}; report-uri https://csp.example.nl/report"


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client()
secure = client.get("/api/v1/employers/", secure=True, HTTP_HOST="wsp.example.nl")
plain = client.get("/api/v1/employers/", HTTP_HOST="wsp.example.nl")
print(json.dumps({
    "secure_status": secure.status_code,
    "secure": dict(secure.headers),
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location"),
}))
"""


def test_production_settings_send_hsts_frame_denial_and_referrer_policy(tmp_path):
    """A fresh interpreter with the production settings (DEBUG off), as `check --deploy` in CI."""
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "header-test-" + "x" * 50,
        "ALLOWED_HOSTS": "wsp.example.nl",
        "DJANGO_SETTINGS_MODULE": "wsp_crm.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    for name in ("SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "CSP_REPORT_ONLY"):
        environment.pop(name, None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    headers = probe["secure"]
    assert probe["secure_status"] == 401
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers[HEADER] == POLICY
    # Plain HTTP is sent to HTTPS.
    assert probe["plain_status"] == 301
    assert probe["plain_location"] == "https://wsp.example.nl/api/v1/employers/"
