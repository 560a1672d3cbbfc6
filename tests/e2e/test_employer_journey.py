"""Browser journey: an account manager finds an employer and logs a conversation by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from employers.models import ContactPerson, Conversation
from tests.factories import (
    AccountAssignmentFactory,
    ContactPersonFactory,
    ConversationFactory,
    EmployerFactory,
    LocationFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUMMARY_LINES = ["Rondleiding op de inpakafdeling gehad.", "Twee taken zijn af te splitsen."]


@pytest.fixture
def bakery(region, account_manager):
    employer = EmployerFactory(
        region=region, name="Bakkerij De Gouden Korst", kvk_number="30123456"
    )
    LocationFactory(employer=employer, city="Utrecht")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    ContactPersonFactory(
        employer=employer, name="Mirjam Hoekstra", level=ContactPerson.Level.MIDDLE
    )
    ConversationFactory(employer=employer, author=account_manager, summary="Eerder gesprek")
    # Another employer of the same manager, so that the search has something to leave out.
    AccountAssignmentFactory(
        employer=EmployerFactory(region=region, name="Zorggroep Het Baken"),
        manager=account_manager,
    )
    return employer


def press_tab_until(page, selector, limit=80):
    """Press Tab until the element matching `selector` has the focus; fail after `limit`."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never received the focus by Tab")


def test_an_account_manager_finds_an_employer_and_logs_a_conversation_by_keyboard(
    login, live_server, account_manager, bakery
):
    page = login(account_manager)

    # Find the employer through the search of the list (the list opens on "my employers").
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werkgevers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werkgevers")
    search = page.get_by_role("searchbox", name="Zoeken", exact=True)
    search.fill("gouden korst")
    search.press("Enter")
    page.wait_for_url(re.compile(r"q=gouden\+korst"))
    results = page.locator("table.employer-table tbody tr")
    expect(results).to_have_count(1)
    results.get_by_role("link", name="Bakkerij De Gouden Korst").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bakkerij De Gouden Korst")

    # By keyboard only: "n" puts the cursor in the summary; channel (phone) and the date
    # (now, behind "other date") keep their defaults; each group of checkboxes is one tab stop.
    page.wait_for_load_state()  # the page's script (the "n" key) runs after the parsing
    page.locator("body").click()
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.id") == "id_log-summary"
    page.keyboard.type(SUMMARY_LINES[0])
    page.keyboard.press("Enter")  # a new line, not a submit
    page.keyboard.type(SUMMARY_LINES[1])
    assert Conversation.objects.filter(summary__startswith="Rondleiding").count() == 0
    expect(page.locator("#id_log-channel")).to_have_value("phone")

    press_tab_until(page, "#id_log-participants_0", limit=4)
    page.keyboard.press("Space")  # Mirjam Hoekstra takes part
    press_tab_until(page, "#id_log-topics_0", limit=2)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # job carving
    assert page.evaluate("document.activeElement.id") == "id_log-topics_2"
    page.keyboard.press("Space")
    press_tab_until(page, "#id_log-next_action", limit=3)
    page.keyboard.type("Functieanalyse inplannen")
    page.keyboard.press("Enter")  # Enter in a one-line field saves

    # Back on the employer page: the new conversation is at the top of the timeline.
    page.wait_for_url(re.compile(r"#conversation-\d+$"))
    # The confirmation is in the saved conversation, where the page scrolled to.
    confirmation = page.locator("#log-confirmation")
    expect(confirmation).to_contain_text("Gesprek vastgelegd.")
    expect(confirmation).to_be_in_viewport()
    newest = page.locator("ol.timeline > li").first
    expect(newest).to_contain_text(SUMMARY_LINES[0])
    expect(newest).to_contain_text(SUMMARY_LINES[1])
    expect(newest).to_contain_text("Mirjam Hoekstra")
    expect(newest).to_contain_text("Functieanalyse inplannen")
    expect(page.locator("#actions")).to_contain_text("Functieanalyse inplannen")

    logged = Conversation.objects.get(summary__startswith="Rondleiding")
    assert logged.summary == "\n".join(SUMMARY_LINES)
    assert logged.channel == "phone"
    assert logged.author == account_manager
    assert logged.topics == ["job_carving"]
    assert [person.name for person in logged.participants.all()] == ["Mirjam Hoekstra"]
    assert logged.next_action_owner == account_manager


def test_ctrl_enter_in_the_summary_saves_the_conversation(
    login, live_server, account_manager, bakery
):
    page = login(account_manager)
    page.goto(f"{live_server.url}{bakery.get_absolute_url()}")
    summary = page.get_by_label("Samenvatting")
    summary.focus()
    page.keyboard.type("Kort telefoontje over de vacature.")
    page.keyboard.press("Control+Enter")
    page.wait_for_url(re.compile(r"#conversation-\d+$"))
    expect(page.locator("ol.timeline > li").first).to_contain_text("Kort telefoontje")
    assert Conversation.objects.filter(summary="Kort telefoontje over de vacature.").count() == 1
