"""Chromium: press "/" on any page, type a contact person's name (with a typo where the database
can find one), and open the employer from the result."""

import pytest

from tests.conftest import uses_postgresql
from tests.factories import AccountAssignmentFactory, ContactPersonFactory, EmployerFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_slash_search_finds_a_contact_and_opens_the_employer(login, account_manager, region):
    employer = EmployerFactory(region=region, name="Bakkerij Korenbloem")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    ContactPersonFactory(employer=employer, name="Femke Smit", email="femke@korenbloem.nl")
    page = login(account_manager)

    page.locator("body").click()
    page.keyboard.press("/")
    field = page.locator("#header-search-q")
    assert field.evaluate("element => element === document.activeElement")
    # PostgreSQL (CI) finds the typo; SQLite compares parts only.
    field.type("Femkee Smit" if uses_postgresql() else "Femke Smit")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")

    contacts = page.get_by_role("region", name="Contactpersonen")
    hit = contacts.get_by_role("link", name="Femke Smit")
    assert hit.count() == 1
    hit.click()
    page.wait_for_url(f"**/employers/{employer.pk}/#contact-*")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bakkerij Korenbloem")
