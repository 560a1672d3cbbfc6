"""axe-core (the axe-playwright-python package ships it; no network) over the main pages in
Chromium, at desktop and phone size: no serious or critical violation (issue 17).

With SCREENSHOTS_DIR set (`make screenshots`), each page is also saved there as a PNG, one per
size, for docs and reviews."""

import os
from pathlib import Path

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

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def employer(region, account_manager):
    employer = EmployerFactory(region=region, name="Drukkerij Het Anker")
    LocationFactory(employer=employer, city="Zeist")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    ContactPersonFactory(employer=employer, name="Ilse Vermeer")
    ConversationFactory(employer=employer, author=account_manager, summary="Kennismaking")
    return employer


def save_screenshot(page, path, size):
    folder = os.environ.get("SCREENSHOTS_DIR")
    if not folder:
        return
    name = path.strip("/").split("?")[0].replace("/", "-") or "home"
    Path(folder).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(folder) / f"{name}-{size}.png"), full_page=True)


def serious(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("size", SIZES)
def test_the_main_pages_have_no_serious_accessibility_violations(
    login, page, live_server, account_manager, employer, size
):
    page.set_viewport_size(SIZES[size])
    login(account_manager)
    problems = {}
    for path in [
        "/",
        "/employers/",
        employer.get_absolute_url(),
        "/work/",
        "/signals/",
        "/candidates/",
        "/placements/",
        "/dashboard/",
        "/search/?q=anker",
        "/notifications/",
    ]:
        page.goto(f"{live_server.url}{path}")
        save_screenshot(page, path, size)
        found = serious(page)
        if found:
            problems[path] = found
    assert not problems, problems
