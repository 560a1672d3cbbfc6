"""Dutch first: a browser asking for English still gets Dutch (the language switch decides), the
API follows the caller's header; the error pages are the product's own, in Dutch."""

from pathlib import Path

import pytest
from django.test import RequestFactory
from django.views import defaults

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def test_a_browser_asking_for_english_gets_dutch(client):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="nl">' in page.content.decode()
    assert "Wachtwoord" in page.content.decode()


def test_the_language_switch_still_gives_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="nl")
    assert '<html lang="en">' in page.content.decode()
    assert "Password" in page.content.decode()


def test_the_api_follows_the_callers_language(client):
    english = client.get("/api/v1/employers/", HTTP_ACCEPT_LANGUAGE="en")
    dutch = client.get("/api/v1/employers/")
    assert english.status_code == dutch.status_code == 401
    assert english.json()["detail"] != dutch.json()["detail"]


def test_a_missing_page_is_the_products_own_dutch_page(client, account_manager):
    client.force_login(account_manager)
    response = client.get("/geen-pagina/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html and "WSP CRM" in html
    assert "Not Found" not in html


def test_a_refused_page_is_the_products_own_dutch_page(client, employer_user):
    client.force_login(employer_user)
    response = client.get("/employers/")
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


@pytest.mark.parametrize("view", [defaults.bad_request, defaults.permission_denied])
def test_400_and_403_render_in_dutch(view):
    request = RequestFactory().get("/")
    response = view(request, exception=Exception("x"))
    html = response.content.decode()
    assert '<html lang="nl">' in html and "WSP CRM" in html
    assert "Bad Request" not in html and "Forbidden" not in html


def test_the_500_page_is_static_dutch_html():
    source = (ROOT / "templates" / "500.html").read_text()
    assert "{%" not in source and "{{" not in source  # nothing that could fail while failing
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


# Words that are the same in Dutch (or names): no translation needed.
SAME_IN_DUTCH = {"Tokens", "Token", "team", "teams", "code", "status", "start", "instrument"}


def admin_words():
    """Per registered model: its plural name, its app's name and its list columns' labels."""
    from django.contrib import admin
    from django.core.exceptions import FieldDoesNotExist

    for model, model_admin in admin.site._registry.items():
        yield model._meta.label, model._meta.verbose_name_plural
        yield model._meta.label, model._meta.app_config.verbose_name
        for name in model_admin.list_display:
            try:
                yield model._meta.label, model._meta.get_field(name).verbose_name
            except (FieldDoesNotExist, TypeError):
                continue


def test_the_admin_speaks_dutch_throughout():
    from django.utils import translation

    import wsp_crm.urls  # noqa: F401 - registers every admin

    english = []
    for label, word in admin_words():
        with translation.override("en"):
            en = str(word)
        with translation.override("nl"):
            nl = str(word)
        if nl == en and en not in SAME_IN_DUTCH:
            english.append(f"{label}: {en}")
    assert not english, "Admin words without Dutch (wsp_crm/vendor_strings.py):\n" + "\n".join(
        english
    )
