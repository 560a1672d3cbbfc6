"""The dashboard journey in a real browser: a team lead opens the dashboard, follows "employers
without a fixed account manager", opens the employer, assigns a manager through the employer
page's form, returns to the dashboard and sees the figure drop."""

import re

import pytest
from playwright.sync_api import expect

from employers import services as employer_services
from employers.models import Employer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def two_active_employers(region, team_lead, account_manager):
    """Through the services: one active employer with a fixed manager, one without."""
    held = employer_services.employer_create(
        region=region,
        by=team_lead,
        name="Bakkerij De Gouden Korst",
        kvk_number="30123456",
        stage=Employer.Stage.ACTIVE,
    )
    employer_services.account_manager_assign(employer=held, manager=account_manager, by=team_lead)
    orphan = employer_services.employer_create(
        region=region,
        by=team_lead,
        name="Fietsenmakerij Spaak",
        kvk_number="30654321",
        stage=Employer.Stage.ACTIVE,
    )
    return held, orphan


def fixed_manager_row(page, label):
    return page.locator("#table-fixed_manager tr", has_text=label)


def test_team_lead_assigns_a_manager_from_the_dashboard(
    login, live_server, team_lead, account_manager, two_active_employers
):
    _held, orphan = two_active_employers
    page = login(team_lead)
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Continuïteitsdashboard Midden-Utrecht"
    )
    without = fixed_manager_row(page, "Werkgevers zonder vaste accountmanager")
    expect(without.get_by_role("cell").last).to_have_text("1")
    expect(fixed_manager_row(page, "Aandeel met een vaste accountmanager")).to_contain_text("50%")

    without.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Werkgevers zonder vaste accountmanager"
    )
    expect(page.get_by_role("status")).to_have_text("1 rij")
    page.get_by_role("link", name="Fietsenmakerij Spaak").click()
    expect(page).to_have_url(re.compile(rf"/employers/{orphan.pk}/"))

    page.get_by_text("Vaste accountmanager toewijzen").click()
    form = page.locator(f"form[action^='/employers/{orphan.pk}/manager/']")
    form.get_by_label("Vaste accountmanager").select_option(value=str(account_manager.pk))
    form.get_by_role("button", name="Accountmanager opslaan").click()
    expect(page.locator("#manager")).to_contain_text(account_manager.full_name)

    page.goto(f"{live_server.url}/dashboard/")
    without = fixed_manager_row(page, "Werkgevers zonder vaste accountmanager")
    expect(without.get_by_role("cell").last).to_have_text("0")
    expect(fixed_manager_row(page, "Aandeel met een vaste accountmanager")).to_contain_text("100%")
