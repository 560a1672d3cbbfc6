"""Chromium: the dashboard's sections open one at a time, and a jump link opens its section."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def open_sections(page):
    return page.eval_on_selector_all(
        "details.dash-section", "all => all.filter(d => d.open).map(d => d.id)"
    )


def test_one_section_at_a_time_and_jump_links_open_theirs(login, live_server, team_lead):
    page = login(team_lead)
    page.goto(f"{live_server.url}/dashboard/")
    sections = page.eval_on_selector_all("details.dash-section", "all => all.map(d => d.id)")
    assert len(sections) >= 3
    assert open_sections(page) == [sections[0]]
    page.locator(f"#{sections[1]} > summary").click()
    assert open_sections(page) == [sections[1]]
    page.locator(f'.jump-links a[href="#{sections[2]}"]').click()
    # (expect polls without evaluating a string, which the page's CSP forbids)
    expect(page.locator(f"#{sections[2]}")).to_have_attribute("open", "")
    assert open_sections(page) == [sections[2]]
