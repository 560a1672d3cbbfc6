"""Chromium: logging a conversation from the employer page by keyboard, counting the key
presses (typing a text counts as one). Summary only: at most 10; with one participant, one topic
and a next action: at most 20 (issue 17). The confirmation shows where the page is, and "n"
starts the next log."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import (
    AccountAssignmentFactory,
    ContactPersonFactory,
    ConversationFactory,
    EmployerFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class Keyboard:
    """The page's keyboard, counting: a press is one, a typed text is one."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def press(self, key):
        self.count += 1
        self.page.keyboard.press(key)

    def type(self, text):
        self.count += 1
        self.page.keyboard.type(text)

    def tab_to(self, selector, limit=25):
        for _ in range(limit):
            if self.page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
                return
            self.press("Tab")
        raise AssertionError(f"{selector} never received the focus by Tab")


@pytest.fixture
def employer(region, account_manager):
    employer = EmployerFactory(region=region, name="Houtbewerking Eikenhof")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    ContactPersonFactory(employer=employer, name="Sanne de Wit")
    ConversationFactory(employer=employer, author=account_manager, summary="Eerder gesprek")
    return employer


def open_employer(login, live_server, account_manager, employer):
    page = login(account_manager)
    page.goto(f"{live_server.url}{employer.get_absolute_url()}")
    page.locator("h1").click()  # the reader's eye is on the page, the focus on nothing
    return page


def test_a_summary_only_log_takes_at_most_10_key_presses(
    login, live_server, account_manager, employer
):
    page = open_employer(login, live_server, account_manager, employer)
    keys = Keyboard(page)
    keys.press("n")
    keys.type("Kort gebeld over de openstaande vacature.")
    keys.press("Control+Enter")
    page.wait_for_url(re.compile(r"#conversation-\d+$"))
    assert keys.count <= 10, keys.count
    confirmation = page.locator("#log-confirmation")
    expect(confirmation).to_contain_text("Gesprek vastgelegd.")
    expect(confirmation).to_be_in_viewport()
    assert employer.conversations.filter(summary__startswith="Kort gebeld").count() == 1

    # The focus is on the saved conversation; "n" starts the next one.
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.id") == "id_log-summary"


def test_a_full_log_takes_at_most_20_key_presses(login, live_server, account_manager, employer):
    page = open_employer(login, live_server, account_manager, employer)
    keys = Keyboard(page)
    keys.press("n")
    keys.type("Werkplekbezoek: twee functies voor jobcarving besproken.")
    keys.tab_to("#id_log-participants_0")
    keys.press("Space")
    keys.tab_to("#id_log-topics_0")
    keys.press("ArrowDown")  # the second topic
    keys.press("Space")
    keys.tab_to("#id_log-next_action")
    keys.type("Functieanalyse inplannen")
    keys.press("Enter")
    page.wait_for_url(re.compile(r"#conversation-\d+$"))
    assert keys.count <= 20, keys.count
    logged = employer.conversations.get(summary__startswith="Werkplekbezoek")
    assert [person.name for person in logged.participants.all()] == ["Sanne de Wit"]
    assert len(logged.topics) == 1
    assert logged.action.title == "Functieanalyse inplannen"


def test_enter_in_the_due_date_does_not_send_the_form(
    login, live_server, account_manager, employer
):
    page = open_employer(login, live_server, account_manager, employer)
    page.keyboard.press("n")
    page.keyboard.type("Nog niet klaar")
    page.locator("#id_log-next_action_due").focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert not employer.conversations.filter(summary="Nog niet klaar").exists()
