"""Notifications: the unread count in the header (one query), the list that marks all as read,
the per-kind settings, the "at once" e-mail job (idempotent) and the digest that follows the
settings."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from continuity import tasks
from continuity.digest import send_daily_digests
from continuity.models import NotificationPreference, NotificationState, Signal
from continuity.notifications import mail as notification_mail
from continuity.notifications import services as notification_services
from continuity.notifications.selectors import unread_count
from employers.services import actions as action_services
from tests.conftest import make_user
from tests.portal.helpers import question_action

pytestmark = pytest.mark.django_db

SITE = "https://crm.wsp.test"
LATER = notification_mail.SETTLE + datetime.timedelta(seconds=5)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def asker(signal_employer):
    return make_user(
        "vraag@vandam.test", User.Role.EMPLOYER_USER, first_name="Jan", employer=signal_employer
    )


@pytest.fixture
def news(signal_employer, account_manager, colleague, team_lead, asker, make_signal):
    """For account_manager: a new signal, a new question, an action reassigned to them by a
    colleague and one handed over to them by the team lead."""
    signal = make_signal(signal_employer, assigned_to=account_manager, detail="NIEUW-SIGNAAL")
    question = question_action(asker, "NIEUWE-VRAAG over jobcoaching", owner=account_manager)
    reassigned = action_services.action_create(
        employer=signal_employer, by=colleague, title="OVERGENOMEN-ACTIE offerte"
    )
    action_services.action_reassign(action=reassigned, by=colleague, owner=account_manager)
    handed = action_services.action_create(
        employer=signal_employer, by=colleague, title="OVERDRACHT-ACTIE bellen"
    )
    action_services.actions_hand_over(
        employer=signal_employer, from_manager=colleague, to_manager=account_manager, by=team_lead
    )
    return {"signal": signal, "question": question, "reassigned": reassigned, "handed": handed}


def choose(user, **choices):
    return notification_services.notification_preferences_set(user=user, by=user, **choices)


# The unread count and the list ------------------------------------------------------------------


def test_unread_count_counts_the_three_kinds_in_one_query(account_manager, news):
    with CaptureQueriesContext(connection) as captured:
        assert unread_count(account_manager) == 4
    assert len(captured) == 1


def test_what_is_not_new_for_me_does_not_count(
    account_manager, colleague, signal_employer, make_signal, asker
):
    make_signal(signal_employer, assigned_to=colleague, detail="VAN-COR")
    make_signal(
        signal_employer,
        assigned_to=account_manager,
        status=Signal.Status.RESOLVED,
        resolved_at=timezone.now(),
    )
    make_signal(
        signal_employer,
        assigned_to=account_manager,
        created_at=timezone.now() - datetime.timedelta(days=settings.NOTIFICATION_WINDOW_DAYS + 1),
    )
    answered = question_action(asker, "Al beantwoord", owner=account_manager)
    action_services.question_answer(action=answered, by=account_manager, answer="Ja.")
    # Taking over a colleague's action oneself is no news.
    taken = action_services.action_create(employer=signal_employer, by=colleague, title="Bellen")
    action_services.action_reassign(action=taken, by=account_manager, owner=account_manager)
    assert unread_count(account_manager) == 0
    assert unread_count(colleague) == 1


def test_opening_the_list_shows_everything_new_and_marks_it_read(
    client_for, account_manager, news, signal_employer, make_signal
):
    client = client_for(account_manager)
    page = client.get(reverse("notifications:list"))
    assert page.status_code == 200
    html = page.text
    for marker in ("NIEUW-SIGNAAL", "NIEUWE-VRAAG", "OVERGENOMEN-ACTIE", "OVERDRACHT-ACTIE"):
        assert marker in html
    assert "4 nieuw sinds je vorige bezoek." in html
    assert html.count('class="badge badge-warn">Nieuw<') == 4
    assert "Door Cor Test aan jou toegewezen" in html
    assert "Bij de overdracht van Cor Test naar jou gegaan" in html
    question = news["question"]
    assert reverse("employers:action_detail", args=[signal_employer.pk, question.pk]) in html
    assert reverse("continuity:detail", args=[news["signal"].pk]) in html
    assert NotificationState.objects.get(user=account_manager).seen_at is not None
    assert unread_count(account_manager) == 0

    again = client.get(reverse("notifications:list")).text
    assert "NIEUW-SIGNAAL" in again and ">Nieuw<" not in again
    make_signal(signal_employer, assigned_to=account_manager, detail="NOG-EEN-SIGNAAL")
    assert unread_count(account_manager) == 1


def test_the_header_shows_the_unread_count_to_staff_only(client_for, account_manager, news, asker):
    html = client_for(account_manager).get(reverse("continuity:inbox")).text
    assert (
        '<a class="notify-link" href="/notifications/">Meldingen '
        '<span class="nav-count">4<span class="visually-hidden"> ongelezen</span>' in html
    )
    portal = client_for(asker).get(reverse("portal:home")).text
    assert "/notifications/" not in portal


def test_an_empty_list_says_so(client_for, colleague):
    html = client_for(colleague).get(reverse("notifications:list")).text
    assert "Geen meldingen: er is niets nieuws voor je." in html
    assert '<a class="notify-link" href="/notifications/" aria-current="page">Meldingen</a>' in html


# Settings ---------------------------------------------------------------------------------------


def test_settings_page_shows_the_defaults_and_saves_a_choice(client_for, account_manager):
    client = client_for(account_manager)
    html = client.get(reverse("notifications:settings")).text
    assert "Meldingen instellen" in html
    assert '<option value="immediate" selected>Meteen een e-mail</option>' in html  # questions
    assert html.count('<option value="digest" selected>') == 2
    response = client.post(
        reverse("notifications:settings"),
        {"signals": "immediate", "questions": "none", "handed_over": "digest"},
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=account_manager)
    assert (preference.signals, preference.questions, preference.handed_over) == (
        "immediate",
        "none",
        "digest",
    )
    assert "Je meldingsinstellingen zijn opgeslagen." in client.get(response["Location"]).text


def test_settings_refuse_unknown_values_and_save_nothing(client_for, account_manager):
    response = client_for(account_manager).post(
        reverse("notifications:settings"),
        {"signals": "sms", "questions": "none", "handed_over": "digest"},
    )
    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_settings_are_ones_own_and_for_staff(account_manager, colleague, asker):
    with pytest.raises(PermissionDenied):
        notification_services.notification_preferences_set(
            user=colleague, by=account_manager, signals="none"
        )
    with pytest.raises(PermissionDenied):
        notification_services.notification_preferences_set(user=asker, by=asker, signals="none")
    assert not NotificationPreference.objects.exists()


def test_the_account_page_links_to_the_settings(client_for, account_manager):
    html = client_for(account_manager).get(reverse("accounts:profile")).text
    assert f'href="{reverse("notifications:settings")}"' in html


# The "at once" e-mail job -----------------------------------------------------------------------


def test_switching_on_starts_the_job_from_now(account_manager, news):
    choose(account_manager, signals="immediate", handed_over="immediate")
    state = NotificationState.objects.get(user=account_manager)
    assert state.mailed_until is not None
    # What came before the choice is not e-mailed.
    assert notification_mail.send_immediate_mails(now=timezone.now() + LATER) == 0
    assert mail.outbox == []


def test_the_job_mails_new_items_once(account_manager, colleague, signal_employer, make_signal):
    choose(account_manager, signals="immediate", handed_over="immediate")
    make_signal(signal_employer, assigned_to=account_manager, detail="DIRECT-SIGNAAL")
    action = action_services.action_create(
        employer=signal_employer, by=colleague, title="DIRECT-ACTIE terugbellen"
    )
    action_services.action_reassign(
        action=action, by=colleague, owner=account_manager, reason="Ik ben op vakantie"
    )
    now = timezone.now() + LATER
    assert notification_mail.send_immediate_mails(now=now) == 1
    [message] = mail.outbox
    assert message.to == [account_manager.email]
    assert message.subject == "WSP CRM: 2 nieuwe meldingen"
    assert "Er is 1 nieuw signaal voor je:" in message.body
    assert "DIRECT-SIGNAAL" in message.body
    assert "DIRECT-ACTIE terugbellen – Bakkerij Van Dam" in message.body
    assert "Door Cor Test aan jou toegewezen: Ik ben op vakantie" in message.body
    assert f"{SITE}/notifications/" in message.body
    [(html, _mimetype)] = message.alternatives
    assert "DIRECT-SIGNAAL" in html and "Open mijn meldingen" in html
    state = NotificationState.objects.get(user=account_manager)
    assert state.mailed_until == now - notification_mail.SETTLE

    # A second run (or the task) sends nothing; the watermark stays.
    assert notification_mail.send_immediate_mails(now=now) == 0
    assert tasks.send_notification_mails() == 0
    assert len(mail.outbox) == 1


def test_the_job_sends_only_the_kinds_chosen_at_once(
    account_manager, colleague, signal_employer, make_signal
):
    choose(account_manager, signals="immediate")  # handed-over work stays in the digest
    choose(colleague, signals="none", handed_over="none")
    make_signal(signal_employer, assigned_to=colleague)
    action = action_services.action_create(
        employer=signal_employer, by=colleague, title="NIET-DIRECT"
    )
    action_services.action_reassign(action=action, by=colleague, owner=account_manager)
    assert notification_mail.send_immediate_mails(now=timezone.now() + LATER) == 0
    assert mail.outbox == []


def test_the_job_leaves_items_still_settling_for_the_next_run(
    account_manager, signal_employer, make_signal
):
    choose(account_manager, signals="immediate")
    make_signal(signal_employer, assigned_to=account_manager, detail="NET-BINNEN")
    assert notification_mail.send_immediate_mails() == 0  # younger than SETTLE
    assert notification_mail.send_immediate_mails(now=timezone.now() + LATER) == 1
    assert "NET-BINNEN" in mail.outbox[0].body


def test_the_job_is_in_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["notification-mails"]
    assert entry["task"] == "continuity.tasks.send_notification_mails"
    assert entry["schedule"] == 5 * 60
    assert tasks.send_notification_mails.name == entry["task"]


# The daily digest follows the settings ---------------------------------------------------------


def digest_of(user):
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    return message


def test_by_default_the_digest_holds_signals_and_handed_over_work_not_questions(
    account_manager, news
):
    assert send_daily_digests() == 1
    message = digest_of(account_manager)
    assert message.subject == "WSP CRM: 3 nieuwe meldingen"
    body = message.body
    assert "Sinds gisteren is er 1 nieuw signaal voor je:" in body and "NIEUW-SIGNAAL" in body
    assert "Sinds gisteren zijn 2 openstaande punten aan je overgedragen of toegewezen:" in body
    assert "OVERGENOMEN-ACTIE" in body and "OVERDRACHT-ACTIE" in body
    assert "NIEUWE-VRAAG" not in body  # e-mailed at once when it was asked
    assert f"{SITE}/notifications/settings/" in body
    [(html, _mimetype)] = message.alternatives
    assert "OVERDRACHT-ACTIE" in html and "NIEUWE-VRAAG" not in html


def test_questions_set_to_the_digest_are_in_it(account_manager, news, signal_employer):
    choose(account_manager, questions="digest")
    send_daily_digests()
    body = digest_of(account_manager).body
    question = news["question"]
    assert "Sinds gisteren is er 1 nieuwe vraag van een werkgever voor je:" in body
    assert "NIEUWE-VRAAG over jobcoaching" in body
    path = reverse("employers:action_detail", args=[signal_employer.pk, question.pk])
    assert f"{SITE}{path}" in body


@pytest.mark.parametrize("delivery", ["none", "immediate"])
def test_signals_not_set_to_the_digest_stay_out(account_manager, news, delivery):
    choose(account_manager, signals=delivery)
    send_daily_digests()
    body = digest_of(account_manager).body
    assert "NIEUW-SIGNAAL" not in body and "OVERDRACHT-ACTIE" in body


def test_nothing_set_to_the_digest_means_no_digest(account_manager, news):
    choose(account_manager, signals="none", handed_over="immediate")
    assert send_daily_digests() == 0
    assert mail.outbox == []


# Queries ----------------------------------------------------------------------------------------


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_takes_the_same_queries_for_few_and_many_items(
    client_for, account_manager, colleague, signal_employer, make_signal, asker
):
    def grow(count):
        for number in range(count):
            make_signal(signal_employer, assigned_to=account_manager)
            question_action(asker, f"Vraag {number}", owner=account_manager)
            action = action_services.action_create(
                employer=signal_employer, by=colleague, title=f"Actie {number}"
            )
            action_services.action_reassign(action=action, by=colleague, owner=account_manager)

    client = client_for(account_manager)
    url = reverse("notifications:list")
    grow(2)
    client.get(url)  # the first visit makes the reading position
    few = queries_of(client, url)
    grow(8)
    assert queries_of(client, url) == few
