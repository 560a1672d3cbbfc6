"""The staff side of the portal: inviting employer users (one-time, expiring link),
deactivating them, and deciding on contact persons proposed by the employer."""

import datetime
import re

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import User
from employers.models import ContactEvent, ContactPerson
from portal.models import ContactProposal
from portal.panels import employer_portal_panel
from portal.services import employer_user_invite
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "een-Nieuw-wachtwoord-42"


def invite(client, employer, **data):
    values = {"first_name": "Fleur", "last_name": "Visser", "email": "fleur@anker.test", **data}
    return client.post(
        reverse("portal:staff_invite", args=[employer.pk]),
        {f"portal-{key}": value for key, value in values.items()},
    )


def invitation_link():
    assert len(mail.outbox) == 1
    match = re.search(r"https?://\S+/password/reset/\S+/", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    return match.group(0).split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def invited(
    client_for, account_manager, employer_a, eager_celery, django_capture_on_commit_callbacks
):
    client = client_for(account_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, employer_a)
    assert response.status_code == 302
    client.logout()
    return User.objects.get(email="fleur@anker.test")


def test_account_manager_invites_an_employer_user_with_an_unusable_password(invited, employer_a):
    assert (invited.role, invited.employer, invited.is_active) == (
        "employer_user",
        employer_a,
        True,
    )
    assert not invited.has_usable_password()
    assert invited.invited_at is not None or User.objects.get(pk=invited.pk).invited_at
    assert mail.outbox[0].to == ["fleur@anker.test"]


def test_the_invitation_link_works_once(client, invited):
    path = "/" + invitation_link()
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    request = RequestFactory().post("/login/")  # the lockout backend needs the request
    assert authenticate(request, username="fleur@anker.test", password=NEW_PASSWORD) is not None
    client.logout()
    again = client.get(path, follow=True)
    assert "new_password1" not in again.text
    assert again.context["validlink"] is False


def test_the_invitation_link_expires(client, invited, settings):
    path = "/" + invitation_link()
    settings.PASSWORD_RESET_TIMEOUT = 60
    from django.contrib.auth.tokens import default_token_generator

    # The token generator's own clock (naive local time), two minutes after sending.
    later = datetime.datetime.now() + datetime.timedelta(seconds=120)
    original_now = default_token_generator._now
    default_token_generator._now = lambda: later
    try:
        response = client.get(path, follow=True)
    finally:
        default_token_generator._now = original_now
    assert response.context["validlink"] is False
    assert not User.objects.get(pk=invited.pk).has_usable_password()
    # Within the timeout the same link still works.
    default_token_generator._now = lambda: later - datetime.timedelta(seconds=90)
    try:
        response = client.get(path, follow=True)
    finally:
        default_token_generator._now = original_now
    assert response.context["validlink"] is True


def test_an_invited_employer_user_logs_in_and_lands_on_the_portal(client, invited):
    path = "/" + invitation_link()
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.logout()
    response = client.post(
        reverse("login"), {"username": "fleur@anker.test", "password": NEW_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert "Uw vaste contactpersoon" in response.text


def test_inviting_an_existing_email_is_refused_in_dutch(
    client_for, account_manager, employer_a, user_a
):
    response = invite(client_for(account_manager), employer_a, email="JAN@anker.test")
    assert response.status_code == 400
    assert "Er is al een gebruiker met dit e-mailadres." in response.text
    assert User.objects.filter(employer=employer_a).count() == 1


def test_service_refuses_a_missing_name():
    from django.core.exceptions import ValidationError

    from tests.factories import EmployerFactory

    with pytest.raises(ValidationError):
        employer_user_invite(
            employer=EmployerFactory(), email="x@y.test", first_name="", last_name="", by=None
        )
    assert not User.objects.filter(email="x@y.test").exists()


def test_team_lead_deactivates_a_portal_user_who_can_no_longer_log_in(
    client_for, team_lead, employer_a, user_a, client
):
    response = client_for(team_lead).post(
        reverse("portal:staff_user_deactivate", args=[employer_a.pk, user_a.pk])
    )
    assert response.status_code == 302
    user_a.refresh_from_db()
    assert not user_a.is_active
    client.logout()
    client.post(reverse("login"), {"username": user_a.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_password_reset_works_for_employer_users(client, user_a):
    response = client.post(reverse("password_reset"), {"email": user_a.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user_a.email]


def test_accepting_a_proposal_creates_the_contact_person(
    client_for, account_manager, employer_a, user_a
):
    proposal = ContactProposal.objects.create(
        employer=employer_a,
        name="Piet Post",
        level="floor",
        is_supervisor=True,
        email="piet@anker.test",
        proposed_by=user_a,
    )
    response = client_for(account_manager).post(
        reverse("portal:staff_proposal_accept", args=[employer_a.pk, proposal.pk])
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    contact = ContactPerson.objects.get(employer=employer_a, name="Piet Post")
    assert (proposal.status, proposal.contact, proposal.decided_by) == (
        "accepted",
        contact,
        account_manager,
    )
    assert contact.is_supervisor and contact.email == "piet@anker.test"
    assert ContactEvent.objects.get(contact=contact, kind="added").by == account_manager
    again = client_for(account_manager).post(
        reverse("portal:staff_proposal_accept", args=[employer_a.pk, proposal.pk]), follow=True
    )
    assert "Dit voorstel is al afgehandeld." in again.text
    assert ContactPerson.objects.filter(name="Piet Post").count() == 1


def test_declining_a_proposal_creates_nothing(client_for, team_lead, employer_a):
    proposal = ContactProposal.objects.create(
        employer=employer_a, name="Piet Post", level="floor", email="piet@anker.test"
    )
    client_for(team_lead).post(
        reverse("portal:staff_proposal_decline", args=[employer_a.pk, proposal.pk])
    )
    proposal.refresh_from_db()
    assert proposal.status == "declined"
    assert not ContactPerson.objects.filter(name="Piet Post").exists()


def _panel_html(user, employer):
    request = RequestFactory().get("/")
    request.user = user
    context = employer_portal_panel(request, employer)
    template = Template(
        '{% load i18n %}{% language "nl" %}'
        '{% include "portal/includes/employer_portal_users.html" %}{% endlanguage %}'
    )
    return Template.render(template, Context({**context, "csrf_token": "x"}))


def test_the_panel_lists_portal_users_and_pending_proposals(
    account_manager, employer_a, user_a, employer_b, user_b, django_assert_num_queries
):
    ContactProposal.objects.create(
        employer=employer_a, name="Piet Post", level="floor", email="piet@anker.test"
    )
    ContactProposal.objects.create(
        employer=employer_b, name="Niet Hier", level="floor", email="n@h.test"
    )
    request = RequestFactory().get("/")
    request.user = account_manager
    with django_assert_num_queries(2):
        context = employer_portal_panel(request, employer_a)
    assert [u.email for u in context["portal_users"]] == ["jan@anker.test"]
    assert [p.name for p in context["portal_proposals"]] == ["Piet Post"]
    html = _panel_html(account_manager, employer_a)
    assert "Jan Anker" in html and "Piet Post" in html and "Accepteren" in html
    assert "Bea Groen" not in html and "Niet Hier" not in html
    assert "Deactiveren" in html and "Uitnodiging versturen" in html


def test_the_panel_uses_two_queries_for_many_users_and_proposals(
    account_manager, employer_a, django_assert_num_queries
):
    for n in range(30):
        User.objects.create_user(
            f"u{n}@anker.test",
            None,
            first_name="U",
            last_name=str(n),
            role="employer_user",
            employer=employer_a,
        )
        ContactProposal.objects.create(
            employer=employer_a, name=f"P{n}", level="floor", email="p@a.test"
        )
    request = RequestFactory().get("/")
    request.user = account_manager
    with django_assert_num_queries(2):
        context = employer_portal_panel(request, employer_a)
    assert len(context["portal_users"]) == 30 and len(context["portal_proposals"]) == 30
