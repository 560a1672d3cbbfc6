"""The employer portal in a real browser: an employer user logs in, lands on the portal, sees
their fixed contact person, reports that a contact person left; the account manager then logs
in (in a separate browser context) and sees the signal in "Mijn signalen".

No worker runs here: Celery is eager, so the on-commit re-check triggered by the portal's
"no longer works here" runs inline in the server."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from continuity.models import Signal
from employers import services as employer_services
from employers.models import ContactPerson, Employer
from tests.conftest import make_user
from tests.e2e.conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def eager_celery(settings):
    from wsp_crm.celery import app

    saved = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    try:
        yield app
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture
def portal_employer(region, account_manager, team_lead):
    employer = employer_services.employer_create(
        region=region,
        by=team_lead,
        name="Drukkerij Het Anker",
        kvk_number="30999001",
        stage=Employer.Stage.ACTIVE,
        inclusion=Employer.Inclusion.INCLUSIVE,
    )
    employer_services.account_manager_assign(
        employer=employer, manager=account_manager, by=team_lead
    )
    employer_services.contact_add(
        employer=employer,
        by=account_manager,
        name="Sanne de Wit",
        job_title="HR-manager",
        level=ContactPerson.Level.MIDDLE,
        is_hr=True,
        is_champion=True,
    )
    return employer


@pytest.fixture
def portal_user(portal_employer):
    return make_user(
        "jan@anker.test",
        User.Role.EMPLOYER_USER,
        first_name="Jan",
        last_name="Anker",
        employer=portal_employer,
    )


def test_employer_reports_a_contact_who_left_and_the_account_manager_sees_the_signal(
    browser, page, live_server, portal_user, account_manager, eager_celery
):
    base = live_server.url
    sign_in(page, base, portal_user, "/portal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Jan")
    fixed = page.get_by_role("region", name="Uw vaste contactpersoon")
    expect(fixed).to_contain_text("Anna Test")
    expect(fixed.get_by_role("link", name="am@wsp.test")).to_be_visible()

    page.get_by_role("navigation", name="Portaal").get_by_role(
        "link", name="Uw contactpersonen"
    ).click()
    page.wait_for_url(f"{base}/portal/contacts/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw contactpersonen bij ons")
    card = page.get_by_role("region", name="Sanne de Wit")
    expect(card).to_contain_text("HR-manager")
    card.get_by_role("link", name=re.compile(r"^Werkt hier niet meer")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sanne de Wit werkt hier niet meer")
    page.get_by_label("Reden (niet verplicht)").fill("Andere baan")
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{base}/portal/contacts/")
    expect(page.get_by_role("status")).to_contain_text("Wij hebben genoteerd dat Sanne de Wit")
    expect(page.get_by_role("heading", name="Sanne de Wit")).to_have_count(0)

    signal = Signal.objects.get(kind=Signal.Kind.CONTACT_LEFT)
    assert (signal.status, signal.assigned_to) == (Signal.Status.OPEN, account_manager)

    # The account manager, in a browser context of their own.
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    try:
        manager_page = sign_in(context.new_page(), base, account_manager, "/")
        manager_page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name=re.compile(r"^Mijn signalen")
        ).click()
        expect(manager_page.get_by_role("heading", level=1)).to_have_text("Mijn signalen")
        item = manager_page.locator(f"#signal-{signal.pk}")
        expect(item).to_be_visible()
        expect(item).to_contain_text("Contactpersoon vertrokken")
        expect(item).to_contain_text("Sanne de Wit")
        expect(item).to_contain_text("Drukkerij Het Anker")
    finally:
        context.close()
