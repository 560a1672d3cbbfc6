import logging

import pytest
from django.db import transaction

from continuity import triggers

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    calls = []
    monkeypatch.setattr(triggers, "_enqueue", calls.append)
    return calls


def test_one_transaction_queues_one_rescan_with_all_its_employers(
    queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for pk in (3, 1, 2, 1):
            triggers.rescan_after_commit([pk])
    assert queued == [[1, 2, 3]]


def test_a_rolled_back_savepoint_does_not_swallow_later_rescans(
    queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                triggers.rescan_after_commit([7])
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        triggers.rescan_after_commit([8])
    assert queued == [[8]]


def test_nothing_is_queued_for_an_empty_change(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        triggers.rescan_after_commit([None])
    assert queued == []


def test_a_broker_failure_is_logged_and_never_raised(monkeypatch, caplog):
    from continuity import tasks

    def broken(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.scan_employers_task, "apply_async", broken)
    caplog.set_level(logging.WARNING, logger="continuity.triggers")
    triggers._enqueue([1])
    assert "Could not queue a continuity re-check" in caplog.text
