import pytest
from django.urls import reverse

from tests.conftest import PASSWORD as PASSWORD_FOR_TESTS
from tests.conftest import give_totp_device, totp_code

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["home", "accounts:team", "accounts:profile"]


@pytest.mark.parametrize("name", STAFF_PAGES + ["admin:index"])
def test_anonymous_users_are_sent_to_the_login_page(client, name):
    response = client.get(reverse(name), follow=True)
    final_url, status = response.redirect_chain[-1]
    assert status == 302
    assert final_url.startswith(reverse("login") + "?next=")
    assert "Inloggen" in response.text


def test_login_page_is_dutch_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="nl">' in response.text
    assert "Inloggen" in response.text
    assert "Wachtwoord vergeten?" in response.text


def test_login_page_speaks_english_when_the_user_switches(client):
    # The browser's Accept-Language alone does not switch (Dutch first); the language switch does.
    asked = client.get(reverse("login"), headers={"accept-language": "en"})
    assert "Forgotten your password?" not in asked.text
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    response = client.get(reverse("login"))
    assert "Forgotten your password?" in response.text


def test_an_account_manager_logs_in_with_email_password_and_code(client, account_manager):
    device = give_totp_device(account_manager)
    response = client.post(
        reverse("login"), {"username": "AM@wsp.test", "password": "correct-horse-battery-9"}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")
    step = client.get(reverse("home"))
    assert step.url == reverse("accounts:two_factor_verify") + "?next=%2F"
    response = client.post(step.url, {"code": totp_code(device), "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    home = client.get(reverse("home"))
    assert "Fijn dat je er bent, Anna" in home.text


def test_a_wrong_password_shows_a_dutch_error(client, account_manager):
    response = client.post(reverse("login"), {"username": "am@wsp.test", "password": "nope"})
    assert response.status_code == 200
    assert "Voer een juiste e-mailadres en wachtwoord in" in response.text


def test_deactivated_users_cannot_log_in(client, account_manager):
    account_manager.is_active = False
    account_manager.save()
    response = client.post(
        reverse("login"), {"username": "am@wsp.test", "password": "correct-horse-battery-9"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def nav_labels(response):
    return [str(item["label"]) for item in response.context["nav_items"]]


def test_account_manager_navigation_has_team_but_no_administration(client_for, account_manager):
    response = client_for(account_manager).get(reverse("home"))
    assert nav_labels(response) == [
        "Start",
        "Mijn werk",
        "Mijn signalen",
        "Werkgevers",
        "Kandidaten",
        "Plaatsingen",
        "Dashboard",
        "Mijn team",
        "Mijn account",
    ]
    assert reverse("admin:index") not in response.text


def test_wsp_admin_navigation_includes_administration(client_for, wsp_admin):
    response = client_for(wsp_admin).get(reverse("home"))
    assert nav_labels(response) == [
        "Start",
        "Mijn werk",
        "Mijn signalen",
        "Werkgevers",
        "Kandidaten",
        "Plaatsingen",
        "Dashboard",
        "Regio",
        "Mijn team",
        "Audittrail",
        "Beheer",
        "Mijn account",
    ]


def test_team_lead_navigation_includes_the_region_view(client_for, team_lead):
    response = client_for(team_lead).get(reverse("home"))
    assert "Regio" in nav_labels(response)
    assert "Beheer" not in nav_labels(response)


def test_navigation_shows_the_number_of_open_signals(client_for, account_manager):
    from continuity.models import Signal
    from tests.factories import EmployerFactory

    employer = EmployerFactory()
    for number in range(3):
        Signal.objects.create(
            key=f"test:{number}",
            kind="stale_relationship",
            severity=2,
            region=employer.region,
            employer=employer,
            assigned_to=account_manager,
        )
    response = client_for(account_manager).get(reverse("home"))
    signals_item = next(
        item for item in response.context["nav_items"] if str(item["label"]) == "Mijn signalen"
    )
    assert signals_item["count"] == 3
    assert '<span class="nav-count">3<span class="visually-hidden"> open</span>' in response.text


def test_employer_user_sees_only_their_own_navigation(client_for, employer_user):
    response = client_for(employer_user).get(reverse("home"), follow=True)
    assert response.redirect_chain == [(reverse("portal:home"), 302)]
    assert nav_labels(response) == ["Start", "Mijn account"]
    assert "Welkom, Eva" in response.text


def test_employer_users_are_refused_staff_pages(client_for, employer_user):
    assert client_for(employer_user).get(reverse("accounts:team")).status_code == 403


def test_employer_users_and_account_managers_cannot_open_the_admin(
    client_for, employer_user, account_manager
):
    for user in (employer_user, account_manager):
        response = client_for(user).get(reverse("admin:index"))
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")


def test_wsp_admin_can_open_the_admin(client_for, wsp_admin):
    response = client_for(wsp_admin).get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 200


def test_team_page_lists_colleagues_of_own_region_only(
    client_for, account_manager, colleague, team_lead, outsider
):
    response = client_for(account_manager).get(reverse("accounts:team"))
    assert response.status_code == 200
    assert "colleague@wsp.test" in response.text
    assert "lead@wsp.test" in response.text
    assert "outsider@wsp.test" not in response.text
    assert "UWV Testregio" in response.text


def test_team_page_query_count_does_not_grow_with_the_team(
    client_for, account_manager, django_assert_max_num_queries, region, team
):
    from tests.conftest import make_user

    client = client_for(account_manager)
    client.get(reverse("accounts:team"))
    for i in range(20):
        make_user(f"am{i}@wsp.test", "account_manager", region, team)
    with django_assert_max_num_queries(7):  # 6 + the header's unread-notification count
        response = client.get(reverse("accounts:team"))
    assert response.text.count("@wsp.test</a>") == 21


def test_logout_needs_post_and_ends_the_session(client_for, account_manager):
    client = client_for(account_manager)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_api_answers_anonymous_users_with_401_or_403_not_a_redirect(client):
    response = client.get("/api/v1/")
    assert response.status_code in (401, 403)


def test_api_schema_is_for_staff_only(client_for, client, account_manager, employer_user):
    assert client.get("/api/schema/").status_code in (401, 403)
    assert client_for(employer_user).get("/api/schema/").status_code == 403
    assert client_for(account_manager).get("/api/schema/").status_code == 200


def test_an_idle_session_is_logged_out(client_for, account_manager, settings):
    import time

    client = client_for(account_manager)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session["last_activity"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_an_active_session_stays_logged_in(client_for, account_manager, settings):
    import time

    client = client_for(account_manager)
    client.get(reverse("home"))
    session = client.session
    session["last_activity"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT + 60
    session.save()

    assert client.get(reverse("home")).status_code == 200
    assert client.session["last_activity"] >= int(time.time()) - 5


def test_logging_in_starts_the_idle_clock(client, account_manager):
    import time

    client.post(reverse("login"), {"username": "am@wsp.test", "password": PASSWORD_FOR_TESTS})
    assert int(time.time()) - client.session["last_activity"] < 5
