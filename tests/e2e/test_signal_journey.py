"""The continuity journey in a real browser: a contact person leaves, the account manager sees
the signal in "Mijn signalen", opens the employer, adds the new contact person through the
employer page, and the signal closes by itself.

No worker runs here: the first scan is started by hand. The closing goes through the real
on-commit trigger of employers.services.contact_add, with Celery in eager mode so that the
triggered scan runs inline in the server."""

import re

import pytest
from playwright.sync_api import expect

from continuity.models import Signal
from continuity.scan import scan_region
from employers import services as employer_services
from employers.models import ContactPerson, Employer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def eager_celery(settings):
    """Queued tasks run inline (the Celery app read its settings once, so switch it too)."""
    from wsp_crm.celery import app

    saved = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    try:
        yield app
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture
def left_contact_signal(region, account_manager, team_lead):
    """Through the services: an employer with a fixed manager whose champion just left; the
    scan (run by hand, no worker here) raises the signal for the account manager."""
    lead = team_lead
    employer = employer_services.employer_create(
        region=region,
        by=lead,
        name="Bakkerij De Gouden Korst",
        kvk_number="30123456",
        stage=Employer.Stage.ACTIVE,
        inclusion=Employer.Inclusion.INCLUSIVE,
    )
    employer_services.account_manager_assign(employer=employer, manager=account_manager, by=lead)
    contact = employer_services.contact_add(
        employer=employer,
        by=account_manager,
        name="Mirjam Hoekstra",
        job_title="HR-manager",
        level=ContactPerson.Level.MIDDLE,
        is_hr=True,
        is_champion=True,
    )
    employer_services.contact_mark_left(
        contact=contact, left_on=contact.active_since, by=account_manager, reason="Nieuwe baan"
    )
    scan_region(region)
    signal = Signal.objects.get(employer=employer, kind=Signal.Kind.CONTACT_LEFT)
    assert (signal.status, signal.assigned_to) == (Signal.Status.OPEN, account_manager)
    return signal


def test_account_manager_sees_the_signal_adds_the_new_contact_and_the_signal_closes(
    login, live_server, account_manager, left_contact_signal, eager_celery
):
    signal = left_contact_signal
    employer = signal.employer
    page = login(account_manager)

    # "Mijn signalen": through the navigation once it links there, else by address.
    menu_link = page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name=re.compile(r"^Mijn signalen")
    )
    if menu_link.count():
        menu_link.click()
    else:
        page.goto(f"{live_server.url}/signals/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn signalen")
    item = page.locator(f"#signal-{signal.pk}")
    expect(item).to_be_visible()
    expect(item.get_by_role("heading", level=3)).to_contain_text("Contactpersoon vertrokken")
    expect(item).to_contain_text("Mirjam Hoekstra")
    expect(page.get_by_role("heading", name="Aandacht")).to_be_visible()

    # Open the employer from the signal and add the new contact person there.
    item.get_by_role("link", name="Open Bakkerij De Gouden Korst").click()
    page.wait_for_url(f"{live_server.url}{employer.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bakkerij De Gouden Korst")
    page.locator(f'a[href="/employers/{employer.pk}/contacts/add/"]').first.click()
    page.wait_for_url(re.compile(r"/contacts/add/$"))
    page.get_by_label("Naam").fill("Joris Verbeek")
    page.get_by_label("Functie").fill("HR-manager")
    page.locator('input[name="level"][value="middle"]').check()
    page.locator('input[name="is_hr"]').check()
    page.locator('input[name="is_champion"]').check()
    page.get_by_role("button", name="Contactpersoon toevoegen").click()
    page.wait_for_url(re.compile(rf"/employers/{employer.pk}/(#.*)?$"))
    expect(page.locator("#contacts")).to_contain_text("Joris Verbeek")

    # The on-commit trigger re-checked the employer: the signal closed by itself.
    signal.refresh_from_db()
    assert signal.status == Signal.Status.AUTO_CLOSED
    assert signal.closed_reason

    page.goto(f"{live_server.url}/signals/")
    expect(page.locator(f"#signal-{signal.pk}")).to_have_count(0)
    expect(page.get_by_text("Geen open signalen")).to_be_visible()
    page.get_by_role("navigation", name="Welke signalen").get_by_role(
        "link", name=re.compile(r"^Gesloten")
    ).click()
    closed = page.locator(f"#signal-{signal.pk}")
    expect(closed).to_be_visible()
    expect(closed).to_contain_text("Automatisch gesloten")
    expect(closed).to_contain_text(signal.closed_reason)
