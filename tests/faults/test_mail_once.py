"""Issue 23 item 9: the daily digest and the "at once" notification e-mails are sent at most
once. The mail server accepts the message, then the worker dies before it can record that: the
retry logs the gap and sends nothing (never a duplicate). A send the server refused (nothing
handed over) is tried again."""

import datetime
import logging

import pytest
from django.core import mail
from django.utils import timezone

from continuity.digest import send_daily_digests
from continuity.models import DigestLog, NotificationState
from continuity.notifications import mail as notification_mail
from continuity.notifications import services as notification_services
from tests.faults.mail_backends import WorkerDiedAfterSending

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ACCEPT_THEN_DIE = "tests.faults.mail_backends.AcceptThenDie"
REFUSE = "tests.faults.mail_backends.RefuseConnection"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
LATER = notification_mail.SETTLE + datetime.timedelta(seconds=5)


@pytest.fixture
def new_signal(make_signal, signal_employer, account_manager):
    return make_signal(signal_employer, assigned_to=account_manager, detail="NIEUW-SIGNAAL")


def test_a_digest_accepted_before_the_worker_died_is_not_sent_again(
    settings, account_manager, new_signal, caplog
):
    settings.EMAIL_BACKEND = ACCEPT_THEN_DIE
    with pytest.raises(WorkerDiedAfterSending):
        send_daily_digests()
    assert [m.to for m in mail.outbox] == [[account_manager.email]]
    log = DigestLog.objects.get(user=account_manager)
    assert log.sending_at is not None and log.sent_at is None

    settings.EMAIL_BACKEND = LOCMEM  # the retry, with a mail server that works
    with caplog.at_level(logging.ERROR, logger="continuity.digest"):
        assert send_daily_digests() == 0
    assert len(mail.outbox) == 1, "the digest was sent twice"
    assert "may not have been sent" in caplog.text


def test_a_digest_the_mail_server_refused_is_sent_by_the_retry(
    settings, account_manager, new_signal
):
    settings.EMAIL_BACKEND = REFUSE
    with pytest.raises(ConnectionRefusedError):
        send_daily_digests()
    assert DigestLog.objects.get(user=account_manager).sending_at is None
    settings.EMAIL_BACKEND = LOCMEM
    assert send_daily_digests() == 1
    assert send_daily_digests() == 0
    assert [m.to for m in mail.outbox] == [[account_manager.email]]
    assert DigestLog.objects.get(user=account_manager).sent_at is not None


@pytest.fixture
def at_once(account_manager):
    notification_services.notification_preferences_set(
        user=account_manager, by=account_manager, signals="immediate"
    )


def test_an_at_once_mail_accepted_before_the_worker_died_is_not_sent_again(
    settings, account_manager, at_once, new_signal, caplog
):
    now = timezone.now() + LATER
    settings.EMAIL_BACKEND = ACCEPT_THEN_DIE
    with pytest.raises(WorkerDiedAfterSending):
        notification_mail.send_immediate_mails(now=now)
    assert len(mail.outbox) == 1
    assert NotificationState.objects.get(user=account_manager).mail_sending_at is not None

    settings.EMAIL_BACKEND = LOCMEM
    with caplog.at_level(logging.ERROR, logger="continuity.notifications.mail"):
        assert notification_mail.send_immediate_mails(now=now) == 0
    assert len(mail.outbox) == 1, "the notification e-mail was sent twice"
    assert "may not have been sent" in caplog.text
    assert NotificationState.objects.get(user=account_manager).mail_sending_at is None


def test_an_at_once_mail_the_server_refused_is_sent_by_the_retry_once(
    settings, account_manager, at_once, new_signal
):
    now = timezone.now() + LATER
    settings.EMAIL_BACKEND = REFUSE
    with pytest.raises(ConnectionRefusedError):
        notification_mail.send_immediate_mails(now=now)
    state = NotificationState.objects.get(user=account_manager)
    assert state.mail_sending_at is None  # nothing was handed over: given back
    settings.EMAIL_BACKEND = ACCEPT_THEN_DIE
    with pytest.raises(WorkerDiedAfterSending):
        notification_mail.send_immediate_mails(now=now)
    settings.EMAIL_BACKEND = LOCMEM
    assert notification_mail.send_immediate_mails(now=now) == 0
    [message] = mail.outbox
    assert "NIEUW-SIGNAAL" in message.body
