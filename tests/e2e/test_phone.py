"""Chromium at phone size (390x844): the main pages have no two interactive elements on top of
each other, the header stays compact (its menu behind a button), and on the employer page the
summary of the log form is within the first screen (issue 17)."""

import pytest

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

PHONE = {"width": 390, "height": 844}

# Boxes of the visible interactive elements that overlap another one (not their own ancestor
# or descendant), in page coordinates.
OVERLAPS = """
() => {
  // Inside a box clipped to (almost) nothing, e.g. a table head kept for screen readers only.
  const clippedAway = (element) => {
    for (let p = element.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (style.overflow === "visible" && style.clip === "auto") continue;
      const box = p.getBoundingClientRect();
      if (box.width < 2 || box.height < 2) return true;
    }
    return false;
  };
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary";
  const boxes = [];
  for (const element of document.querySelectorAll(selector)) {
    const style = getComputedStyle(element);
    if (style.visibility === "hidden" || style.display === "none") continue;
    const box = element.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) continue;
    if (!element.checkVisibility() || clippedAway(element)) continue;
    const name = element.id || element.name || element.textContent || element.tagName;
    boxes.push({element, box, label: name.trim().slice(0, 40)});
  }
  const found = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.element.contains(b.element) || b.element.contains(a.element)) continue;
      const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
      const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
      if (x > 2 && y > 2) found.push(a.label + " / " + b.label);
    }
  }
  return found;
}
"""


@pytest.fixture
def employer(region, account_manager):
    employer = EmployerFactory(region=region, name="Groothandel Zeester")
    LocationFactory(employer=employer, city="Nieuwegein")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    ContactPersonFactory(employer=employer, name="Fatima El Amrani")
    ConversationFactory(employer=employer, author=account_manager, summary="Kennismaking")
    return employer


@pytest.fixture
def phone(login, page, account_manager):
    page.set_viewport_size(PHONE)
    return login(account_manager)


def test_the_main_pages_have_no_overlapping_controls(phone, live_server, employer):
    pages = [
        "/",
        "/employers/",
        employer.get_absolute_url(),
        "/work/",
        "/signals/",
        "/candidates/",
        "/placements/",
        "/search/?q=zeester",
        "/dashboard/",
    ]
    problems = {}
    for path in pages:
        phone.goto(f"{live_server.url}{path}")
        found = phone.evaluate(OVERLAPS)
        if found:
            problems[path] = found
    assert not problems, problems


def test_the_header_is_compact_and_its_menu_opens(phone, live_server):
    header = phone.locator(".site-header").bounding_box()
    assert header["height"] <= 120, header
    navigation = phone.get_by_role("navigation", name="Hoofdmenu")
    assert not navigation.get_by_role("link", name="Werkgevers").is_visible()
    phone.get_by_role("button", name="Menu").click()
    assert navigation.get_by_role("link", name="Werkgevers").is_visible()


def test_the_log_summary_is_within_the_first_screen(phone, live_server, employer):
    phone.goto(f"{live_server.url}{employer.get_absolute_url()}")
    summary = phone.locator("#id_log-summary").bounding_box()
    assert summary["y"] + 40 <= PHONE["height"], summary
