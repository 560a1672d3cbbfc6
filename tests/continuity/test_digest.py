"""The daily e-mail digest: Dutch HTML and text with each user's NEW OPEN signals, sent at most
once per user and day even when the job runs twice."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from continuity import tasks
from continuity.digest import send_daily_digests
from continuity.models import DigestLog, Signal
from tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db

SITE = "https://crm.wsp.test"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def digest_world(account_manager, colleague, region, make_signal):
    """Two new open signals for account_manager, and three that must stay out of the digest."""
    employer = EmployerFactory(region=region, name="Van Dam & Zonen")
    urgent = make_signal(
        employer,
        severity=Signal.Severity.URGENT,
        assigned_to=account_manager,
        detail="Mirjam Hoekstra vertrokken op 01-03-2025",
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    info = make_signal(
        employer,
        kind=Signal.Kind.CONTACTS_UNVERIFIED,
        severity=Signal.Severity.INFO,
        assigned_to=account_manager,
        detail="2 contactpersonen te bevestigen",
    )
    old = make_signal(
        employer,
        kind=Signal.Kind.STALE_RELATIONSHIP,
        assigned_to=account_manager,
        detail="OUDE-SIGNAAL",
        created_at=timezone.now() - datetime.timedelta(days=3),
    )
    resolved = make_signal(
        employer,
        kind=Signal.Kind.NO_KEY_CONTACT,
        assigned_to=account_manager,
        detail="AFGEHANDELD-SIGNAAL",
        status=Signal.Status.RESOLVED,
        resolved_at=timezone.now(),
    )
    auto_closed = make_signal(
        employer,
        kind=Signal.Kind.INTRODUCE,
        assigned_to=account_manager,
        detail="GESLOTEN-SIGNAAL",
        status=Signal.Status.AUTO_CLOSED,
        resolved_at=timezone.now(),
    )
    return {
        "new": [urgent, info],
        "left_out": [old, resolved, auto_closed],
        "employer": employer,
    }


def digest_for(email):
    messages = [m for m in mail.outbox if m.to == [email]]
    assert len(messages) == 1, f"expected one digest for {email}, got {len(messages)}"
    message = messages[0]
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return message, html


def test_digest_lists_the_new_open_signals_in_dutch_text_and_html(account_manager, digest_world):
    assert send_daily_digests() == 1
    message, html = digest_for(account_manager.email)
    urgent, info = digest_world["new"]

    assert message.subject == "WSP CRM: 2 nieuwe signalen"
    text = message.body
    assert text.startswith("Hallo Anna,")
    assert "Sinds gisteren zijn er 2 nieuwe signalen voor je:" in text
    assert "[Urgent] Contactpersoon vertrokken – Van Dam & Zonen" in text
    assert "Mirjam Hoekstra vertrokken op 01-03-2025" in text
    assert f"Uiterlijk: {urgent.due_on.day}" in text
    assert "[Info] Contactgegevens niet bevestigd – Van Dam & Zonen" in text
    assert text.index("[Urgent]") < text.index("[Info]")
    assert f"{SITE}/signals/{urgent.pk}/" in text
    assert f"{SITE}/signals/{info.pk}/" in text
    assert f"Bekijk en behandel al je signalen in ‘Mijn signalen’:\n{SITE}/signals/" in text
    assert "&amp;" not in text

    assert '<html lang="nl">' in html
    assert "Hallo Anna," in html
    assert "Sinds gisteren zijn er 2 nieuwe signalen voor je:" in html
    assert "Van Dam &amp; Zonen" in html
    assert f'href="{SITE}/signals/{urgent.pk}/"' in html
    assert f'href="{SITE}/signals/"' in html
    assert "Open Mijn signalen" in html
    assert "Je krijgt deze e-mail hooguit één keer per dag" in html

    for body in (text, html):
        for marker in ("OUDE-SIGNAAL", "AFGEHANDELD-SIGNAAL", "GESLOTEN-SIGNAAL", "{%", "{{"):
            assert marker not in body


def test_digest_of_one_signal_uses_the_singular(account_manager, signal_employer, make_signal):
    make_signal(signal_employer, assigned_to=account_manager)
    send_daily_digests()
    message, html = digest_for(account_manager.email)
    assert message.subject == "WSP CRM: 1 nieuw signaal"
    assert "Sinds gisteren is er 1 nieuw signaal voor je:" in message.body


def test_digest_is_sent_once_per_day_even_when_the_job_runs_twice(account_manager, digest_world):
    tasks.send_digests()
    tasks.send_digests()
    assert send_daily_digests() == 0
    assert [m.to for m in mail.outbox] == [[account_manager.email]]
    log = DigestLog.objects.get(user=account_manager)
    assert log.day == timezone.localdate()
    assert log.signal_count == 2
    assert log.sent_at is not None


def test_each_user_gets_only_their_own_signals(
    account_manager, colleague, outsider, digest_world, make_signal, foreign_signal
):
    make_signal(digest_world["employer"], assigned_to=colleague, detail="VOOR-COR")
    assert send_daily_digests() == 3
    mine, _html = digest_for(account_manager.email)
    theirs, _html = digest_for(colleague.email)
    foreign, _html = digest_for(outsider.email)
    assert "VOOR-COR" not in mine.body
    assert "VOOR-COR" in theirs.body and theirs.subject == "WSP CRM: 1 nieuw signaal"
    assert "Haven Rotterdam BV" in foreign.body and "Van Dam" not in foreign.body


def test_no_digest_without_new_open_signals(account_manager, signal_employer, make_signal):
    make_signal(
        signal_employer,
        assigned_to=account_manager,
        created_at=timezone.now() - datetime.timedelta(days=2),
    )
    make_signal(
        signal_employer,
        assigned_to=account_manager,
        status=Signal.Status.RESOLVED,
        resolved_at=timezone.now(),
    )
    assert send_daily_digests() == 0
    assert mail.outbox == []
    assert not DigestLog.objects.filter(sent_at__isnull=False).exists()


def test_digest_is_dutch_whatever_language_is_active(account_manager, signal_employer, make_signal):
    make_signal(signal_employer, assigned_to=account_manager)
    with translation.override("en"):
        send_daily_digests()
    message, html = digest_for(account_manager.email)
    assert message.subject == "WSP CRM: 1 nieuw signaal"
    assert "Contactpersoon vertrokken" in message.body and "Contactpersoon vertrokken" in html


def test_the_next_day_brings_a_digest_with_only_that_days_new_signals(
    account_manager, signal_employer, make_signal
):
    make_signal(signal_employer, assigned_to=account_manager, detail="EERSTE-DAG")
    send_daily_digests()
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    make_signal(
        signal_employer,
        assigned_to=account_manager,
        detail="TWEEDE-DAG",
        created_at=tomorrow - datetime.timedelta(hours=1),
    )
    assert send_daily_digests(now=tomorrow + datetime.timedelta(minutes=1)) == 1
    first, second = [m.body for m in mail.outbox]
    assert "EERSTE-DAG" in first and "TWEEDE-DAG" not in first
    assert "TWEEDE-DAG" in second and "EERSTE-DAG" not in second
    assert DigestLog.objects.filter(user=account_manager, sent_at__isnull=False).count() == 2


def test_a_signal_snoozed_on_the_day_it_appeared_stays_out_of_the_digest(
    account_manager, region, make_signal
):
    employer = EmployerFactory(region=region, name="Bakkerij Snooze")
    make_signal(
        employer,
        assigned_to=account_manager,
        detail="UITGESTELD-SIGNAAL",
        status=Signal.Status.SNOOZED,
        snoozed_until=timezone.localdate() + datetime.timedelta(days=7),
    )
    make_signal(
        employer, kind=Signal.Kind.INTRODUCE, assigned_to=account_manager, detail="OPEN-SIGNAAL"
    )

    assert send_daily_digests() == 1
    assert "OPEN-SIGNAAL" in mail.outbox[0].body
    assert "UITGESTELD-SIGNAAL" not in mail.outbox[0].body


def test_nobody_gets_a_digest_when_their_only_new_signal_is_snoozed(
    account_manager, region, make_signal
):
    employer = EmployerFactory(region=region, name="Bakkerij Snooze")
    make_signal(
        employer,
        assigned_to=account_manager,
        status=Signal.Status.SNOOZED,
        snoozed_until=timezone.localdate() + datetime.timedelta(days=7),
    )

    assert send_daily_digests() == 0
    assert mail.outbox == []
