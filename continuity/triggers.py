"""Re-check employers right after a change, so a signal appears (or closes) within seconds.

Services call `rescan_after_commit(employer_ids)`. The ids of one transaction are collected and
queued as ONE task once it commits (an import of a thousand rows queues one re-check, not a
thousand). If the broker is down the change itself still succeeds, and the next scheduled scan
catches up: the database is the source of truth.

Saving must not wait on a broker that is down or hangs: the re-check is queued with
`wsp_crm.celery.publish` (short timeouts, one retry), so a save waits at most about twice
BROKER_PUBLISH_TIMEOUT for the broker (measured in tests/continuity/test_broker_outage.py)."""

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


def _enqueue(ids):
    from wsp_crm.celery import publish

    from .tasks import scan_employers_task

    publish(
        scan_employers_task, (ids,), what=f"a continuity re-check for employers {ids}", log=logger
    )
