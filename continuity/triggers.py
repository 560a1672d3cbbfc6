"""Re-check employers right after a change, so a signal appears (or closes) within seconds.

Services call `rescan_after_commit(employer_ids)`. The check is queued once the transaction has
committed; if the broker is down the change itself still succeeds, and the next scheduled scan
catches up (the database is the source of truth)."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def rescan_after_commit(employer_ids):
    ids = sorted({int(pk) for pk in employer_ids if pk})
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))


def _enqueue(ids):
    from .tasks import scan_employers_task

    try:
        scan_employers_task.delay(ids)
    except Exception:  # noqa: BLE001 - the broker being away must never undo a saved change
        logger.warning("Could not queue a continuity re-check for employers %s", ids, exc_info=True)
