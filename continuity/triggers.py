"""Re-check employers right after a change, so a signal appears (or closes) within seconds.

Services call `rescan_after_commit(employer_ids)`. The ids of one transaction are collected and
queued as ONE task once it commits (an import of a thousand rows queues one re-check, not a
thousand). If the broker is down the change itself still succeeds, and the next scheduled scan
catches up: the database is the source of truth.

Saving must not wait on a broker that is down or hangs: the re-check is published on a
connection of its own whose connect and socket timeouts are BROKER_PUBLISH_TIMEOUT seconds, with
one retry, so a save waits at most about twice that for the broker (measured in
tests/continuity/test_broker_outage.py). The worker keeps its own, patient connection."""

import logging

from django.db import connection, transaction

logger = logging.getLogger(__name__)


class _PendingRescan:
    """The employer ids waiting for the current transaction to commit."""

    def __init__(self):
        self.ids = set()

    def __call__(self):
        _enqueue(sorted(self.ids))


def rescan_after_commit(employer_ids):
    ids = {int(pk) for pk in employer_ids if pk}
    if not ids:
        return
    if not connection.in_atomic_block:
        _enqueue(sorted(ids))
        return
    pending = _scheduled_rescan()
    if pending is None:
        pending = _PendingRescan()
        transaction.on_commit(pending, robust=True)
    pending.ids |= ids


def _scheduled_rescan():
    """The rescan already registered for this transaction, if it is still registered (a rolled
    back savepoint or transaction drops its callbacks, and with them our pending ids)."""
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _PendingRescan):
            return callback
    return None


# One retry right away: a broker that refused or timed out twice is down for this save.
PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0,
    "interval_max": 0,
}


def _enqueue(ids):
    from django.conf import settings

    from wsp_crm.celery import app

    from .tasks import scan_employers_task

    timeout = settings.BROKER_PUBLISH_TIMEOUT
    try:
        with app.connection_for_write(
            connect_timeout=timeout,
            transport_options={"socket_timeout": timeout, "socket_connect_timeout": timeout},
        ) as connection:
            scan_employers_task.apply_async(
                (ids,), connection=connection, retry=True, retry_policy=PUBLISH_RETRY_POLICY
            )
    except Exception:  # noqa: BLE001 - the broker being away must never undo a saved change
        logger.warning("Could not queue a continuity re-check for employers %s", ids, exc_info=True)
