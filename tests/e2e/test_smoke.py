import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_account_manager_logs_in_and_sees_the_dutch_home_page(login, account_manager):
    page = login(account_manager)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", level=1).inner_text() == "Fijn dat je er bent, Anna"
    navigation = page.get_by_role("navigation", name="Hoofdmenu")
    assert navigation.get_by_role("link", name="Mijn team").is_visible()
    assert navigation.get_by_role("link", name="Beheer").count() == 0
