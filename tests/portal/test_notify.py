"""A question asked in the portal e-mails the fixed manager and the active backup at once, after
it has committed, each according to their notification settings."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from continuity.notifications import services as notification_services
from employers.models import AccountAssignment
from portal import services
from portal.notify import question_notify_staff
from tests.factories import AccountAssignmentFactory
from tests.portal.helpers import question_action

pytestmark = pytest.mark.django_db

SITE = "https://crm.wsp.test"
QUESTION = "Wij zoeken een medewerker voor de inpakafdeling, 20 uur."


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def backup(employer_a, colleague):
    return AccountAssignmentFactory(
        employer=employer_a, manager=colleague, kind=AccountAssignment.Kind.BACKUP
    )


def ask(user, capture, text=QUESTION):
    with capture(execute=True):
        return services.question_ask(user=user, question=text)


def staff_mails(asker):
    return [message for message in mail.outbox if message.to != [asker.email]]


def test_the_fixed_manager_and_the_backup_are_emailed_after_commit(
    user_a, account_manager, colleague, backup, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.question_ask(user=user_a, question=QUESTION)
        assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    to_manager, to_backup = staff_mails(user_a)
    assert to_manager.to == [account_manager.email]
    assert to_backup.to == [colleague.email]
    assert to_manager.subject == "WSP CRM: een vraag van Drukkerij Het Anker"
    body = to_manager.body
    assert body.startswith("Hallo Anna,")
    assert "Jan Anker van Drukkerij Het Anker heeft in het portaal een vraag gesteld:" in body
    assert QUESTION in body
    assert f"{SITE}/notifications/settings/" in body
    assert "als backup" not in body
    assert "Je krijgt dit als backup; Anna Test beantwoordt de vraag." in to_backup.body


def test_with_the_question_action_the_mail_links_to_the_answer_page(
    user_a, employer_a, account_manager
):
    action = question_action(user_a, QUESTION, owner=account_manager)
    sent = question_notify_staff(
        conversation=action.conversation, owner=account_manager, action=action
    )
    assert sent == [account_manager.email]
    body = mail.outbox[0].body
    path = reverse("employers:action_detail", args=[employer_a.pk, action.pk])
    assert "Beantwoord de vraag hier" in body and f"{SITE}{path}" in body
    assert "De werkgever is uiterlijk" in body
    # Found through the conversation when the caller does not pass it.
    mail.outbox.clear()
    question_notify_staff(conversation=action.conversation, owner=account_manager)
    assert f"{SITE}{path}" in mail.outbox[0].body


def test_an_inactive_backup_gets_nothing(
    user_a, account_manager, colleague, backup, django_capture_on_commit_callbacks
):
    colleague.is_active = False
    colleague.save(update_fields=["is_active"])
    ask(user_a, django_capture_on_commit_callbacks)
    assert [m.to for m in staff_mails(user_a)] == [[account_manager.email]]


@pytest.mark.parametrize("delivery", ["none", "digest"])
def test_a_manager_who_chose_otherwise_gets_no_mail_now(
    user_a, account_manager, colleague, backup, delivery, django_capture_on_commit_callbacks
):
    notification_services.notification_preferences_set(
        user=account_manager, by=account_manager, questions=delivery
    )
    ask(user_a, django_capture_on_commit_callbacks)
    assert [m.to for m in staff_mails(user_a)] == [[colleague.email]]
    # The asker's confirmation goes anyway.
    assert [m.to for m in mail.outbox if m.to == [user_a.email]] == [[user_a.email]]


def test_without_a_fixed_manager_the_team_lead_is_emailed(
    user_a, employer_a, team_lead, django_capture_on_commit_callbacks
):
    AccountAssignment.objects.filter(employer=employer_a).update(ended_on=timezone.localdate())
    ask(user_a, django_capture_on_commit_callbacks)
    assert [m.to for m in staff_mails(user_a)] == [[team_lead.email]]


def test_a_failing_mail_server_does_not_break_the_question(
    user_a, employer_a, account_manager, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise OSError("mail server away")

    monkeypatch.setattr("portal.notify.send_mail", refuse)
    conversation = ask(user_a, django_capture_on_commit_callbacks)
    assert conversation.pk is not None
    assert staff_mails(user_a) == []
