"""The Content-Security-Policy in a real browser: the main pages load without a single violation
and their scripts still work.

Violations are caught twice: a `securitypolicyviolation` listener installed before any page
script runs (Playwright's init scripts are not subject to the page's policy), and Chromium's
console errors ("Refused to ... because it violates the following Content Security Policy
directive"). The first test proves the watcher catches a real violation, so a silent watcher
cannot make the others pass."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from candidates import services as candidate_services
from employers.models import ContactPerson, Conversation
from placements import services as placement_services
from tests.conftest import PASSWORD, make_user
from tests.factories import (
    AccountAssignmentFactory,
    ContactPersonFactory,
    EmployerFactory,
    LocationFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(
    event.violatedDirective + " blocked " + (event.blockedURI || "inline") + " on " +
    event.documentURI
  );
});
"""


@pytest.fixture
def csp_watch(page):
    """Watch the page for CSP violations; csp_watch() returns those seen since the last call."""
    console = []
    page.add_init_script(WATCH_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    def violations():
        seen = list(console) + page.evaluate("window.__cspViolations || []")
        console.clear()
        page.evaluate("window.__cspViolations = []")
        return seen

    return violations


@pytest.fixture
def bakery(account_manager):
    employer = EmployerFactory(region=account_manager.region, name="Bakkerij De Gouden Korst")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    location = LocationFactory(employer=employer, city="Utrecht")
    contact = ContactPersonFactory(
        employer=employer,
        name="Kees Bouwman",
        level=ContactPerson.Level.FLOOR,
        is_supervisor=True,
    )
    candidate = candidate_services.candidate_create(
        region=account_manager.region,
        by=account_manager,
        responsible=account_manager,
        first_name="Joyce",
        last_name="de Vries",
        profile={"strengths": "Nauwkeurig"},
    )
    placement = placement_services.placement_start(
        candidate=candidate,
        employer=employer,
        by=account_manager,
        job_title="Inpakker",
        start_date=timezone.localdate() - datetime.timedelta(days=10),
        contract_type="temporary",
        contract_end=timezone.localdate() + datetime.timedelta(days=170),
        hours_per_week=Decimal("24"),
        location=location,
        supervisor=contact,
    )
    return employer, placement


def visit(page, url, csp_watch):
    response = page.goto(url)
    assert response.status == 200, url
    assert "script-src 'self';" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    assert csp_watch() == [], url


def test_the_watcher_sees_a_violation(login, live_server, account_manager, csp_watch):
    """Control: an inline style added to the page is refused and reported."""
    page = login(account_manager)
    assert csp_watch() == []
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_timeout(200)
    seen = csp_watch()
    assert seen and any("style-src" in line for line in seen), seen


def test_staff_pages_load_without_violations_and_their_script_works(
    login, live_server, account_manager, bakery, csp_watch
):
    employer, placement = bakery
    page = login(account_manager)
    assert csp_watch() == []
    for path in (
        "/",
        "/employers/",
        employer.get_absolute_url(),
        placement.get_absolute_url(),
        "/placements/",
        f"/candidates/{placement.candidate_id}/",
        "/signals/",
        "/notifications/",
        "/notifications/settings/",
        "/api/docs/",
        "/api/v1/",
        f"/api/v1/employers/{employer.pk}/",
    ):
        visit(page, f"{live_server.url}{path}", csp_watch)

    # The employer page's script (static/js/employers.js) runs: Ctrl+Enter saves the summary.
    page.goto(f"{live_server.url}{employer.get_absolute_url()}")
    page.get_by_label("Samenvatting").focus()
    page.keyboard.type("Telefoontje onder de CSP.")
    page.keyboard.press("Control+Enter")
    page.wait_for_url(re.compile(r"#conversation-\d+$"))
    assert Conversation.objects.filter(summary="Telefoontje onder de CSP.").count() == 1
    assert csp_watch() == []


def test_swagger_ui_renders_the_api_under_its_policy(
    login, live_server, account_manager, csp_watch
):
    page = login(account_manager)
    page.goto(f"{live_server.url}/api/docs/")
    # The start-up script comes from /api/docs/?script; without it nothing would render.
    # Generating the schema takes a few seconds on a busy machine.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("WSP CRM API", timeout=30_000)
    expect(page.locator(".opblock").first).to_be_visible()
    # Open an operation: its parameters and highlighted example responses render too.
    page.locator(".opblock-summary").first.click()
    expect(page.locator(".opblock-body .responses-wrapper").first).to_be_visible()
    expect(page.locator(".opblock-body .microlight, .opblock-body pre").first).to_be_visible()
    page.locator(".opblock-body button.try-out__btn").first.click()
    page.locator(".opblock-body button.execute").first.click()
    expect(page.locator(".opblock-body .live-responses-table").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert csp_watch() == []


def test_dashboard_charts_load_without_violations(login, live_server, team_lead, csp_watch):
    page = login(team_lead)
    visit(page, f"{live_server.url}/dashboard/", csp_watch)
    # The sections open one at a time: open the first one that holds a chart.
    page.locator("details.dash-section:has(svg.bar-chart)").first.evaluate(
        "d => { d.open = true; }"
    )
    expect(page.locator("details[open] svg.bar-chart").first).to_be_visible()
    visit(page, f"{live_server.url}/signals/region/", csp_watch)


def test_admin_loads_without_violations(login, live_server, wsp_admin, csp_watch):
    page = login(wsp_admin)
    change = f"/admin/accounts/user/{wsp_admin.pk}/change/"
    for path in ("/admin/", "/admin/accounts/user/", change):
        visit(page, f"{live_server.url}{path}", csp_watch)


def test_login_and_portal_pages_load_without_violations(live_server, page, bakery, csp_watch):
    """The employer user signs in through the login form (employer users need no second
    factor) and walks the portal."""
    employer, _placement = bakery
    portal_user = make_user(
        "werkgever@example.test", "employer_user", first_name="Jan", employer=employer
    )
    visit(page, f"{live_server.url}/login/", csp_watch)
    page.get_by_label("E-mailadres").fill(portal_user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}/portal/")
    assert csp_watch() == []
    for path in (
        "/portal/",
        "/portal/contacts/",
        "/portal/placements/",
        "/portal/support/",
        "/portal/questions/",
    ):
        visit(page, f"{live_server.url}{path}", csp_watch)
