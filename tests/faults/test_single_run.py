"""Issue 23 item 12: scheduled jobs whose second concurrent run would double-count run one at a
time (PostgreSQL advisory lock; a file lock on SQLite). Two retention runs at once on
PostgreSQL: one does the work and records it, the other logs and returns "skipped"."""

import datetime
import logging
import threading

import pytest
from django.db import connection
from django.utils import timezone

from audit import retention
from audit import tasks as audit_tasks
from audit.models import AuditEvent
from audit.registry import RETENTION
from continuity import tasks as continuity_tasks
from employers.models import Conversation
from tests.conftest import uses_postgresql
from tests.factories import ConversationFactory, EmployerFactory
from tests.faults.conftest import held_elsewhere

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def old_conversations(region, account_manager):
    employer = EmployerFactory(region=region)
    long_ago = timezone.now() - datetime.timedelta(days=2000)
    return [
        ConversationFactory(
            employer=employer, author=account_manager, occurred_at=long_ago, summary=f"Tekst {n}"
        )
        for n in range(3)
    ]


def retention_events():
    events = AuditEvent.objects.filter(action=AuditEvent.Action.SYSTEM_JOB, object_type=RETENTION)
    return list(events.values_list("changes", flat=True))


def test_two_retention_runs_at_once_do_the_work_once(old_conversations, monkeypatch, caplog):
    if not uses_postgresql():
        pytest.skip("two sessions at once need PostgreSQL")
    entered, go = threading.Event(), threading.Event()
    real = retention.conversations_remove_text
    first_call = [True]

    def held_up(**kwargs):  # the first run waits inside its work until the second has run
        if first_call[0]:
            first_call[0] = False
            entered.set()
            assert go.wait(30)
        return real(**kwargs)

    monkeypatch.setattr(retention, "conversations_remove_text", held_up)
    results = {}

    def first_run():
        try:
            results["first"] = retention.apply_retention()
        finally:
            connection.close()

    thread = threading.Thread(target=first_run)
    thread.start()
    try:
        assert entered.wait(30)
        with caplog.at_level(logging.WARNING):
            results["second"] = audit_tasks.apply_retention()
    finally:
        go.set()
        thread.join(30)

    assert results["second"] == "skipped"
    assert "apply_retention is running already" in caplog.text
    assert results["first"].conversations == 3 and not results["first"].skipped
    [event] = retention_events()
    assert event["conversations_text_removed"] == 3
    assert not Conversation.objects.exclude(summary="").exists()


def test_a_retention_run_while_another_holds_the_lock_is_skipped(old_conversations):
    with held_elsewhere(retention.JOB):
        assert audit_tasks.apply_retention() == "skipped"
        assert retention.apply_retention().skipped
    assert retention_events() == []
    assert Conversation.objects.exclude(summary="").count() == 3
    assert audit_tasks.apply_retention()["conversations"] == 3  # the lock is free again


def test_the_continuity_scans_run_one_at_a_time():
    with held_elsewhere("continuity-change-scan"):
        assert continuity_tasks.scan_changes() == "skipped"
        assert continuity_tasks.scan_nightly() != "skipped"  # a lock of its own
    with held_elsewhere("continuity-nightly-scan"):
        assert continuity_tasks.scan_nightly() == "skipped"
    assert continuity_tasks.scan_changes() != "skipped"
