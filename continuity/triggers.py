"""Re-check employers right after a change, so a signal appears (or closes) within seconds.

Services call `rescan_after_commit(employer_ids)`. The ids are collected and re-checked as ONE
scan (an import of a thousand rows re-checks once, not a thousand times):

- In a web request (`continuity.middleware.ChangeCheckMiddleware` wraps every request that may
  change something in `checks_in_request()`), the ids of the whole request are collected and
  handled when the view is done (its transactions have committed by then). A staff member's
  change saved on a page (the page redirects) is re-checked right there, synchronously: the
  page they land on already shows the new signals, and tells them what their change raised and
  closed instead of leaving a signal addressed to themself as news (`Signal.raised_by`;
  docs/domain.md, "Who gets which signal"). Other requests (the API, the portal, a form shown
  again with errors) queue the re-check, naming the staff member who made the change. A change
  that was rolled back costs a needless re-check, nothing more (scans are idempotent); a re-check
  that fails in the request is queued instead.
- Elsewhere (jobs, the shell, an import running on the worker) the ids of one transaction are
  queued as ONE Celery task once it commits. If the broker is down the change itself still
  succeeds, and the next scheduled scan catches up: the database is the source of truth.

Saving must not wait on a broker that is down or hangs: the re-check is queued with
`wsp_crm.celery.publish` (short timeouts, one retry), so a save waits at most about twice
BROKER_PUBLISH_TIMEOUT for the broker (measured in tests/continuity/test_broker_outage.py)."""

import contextvars
import logging
from contextlib import contextmanager

from django.db import connection, transaction

logger = logging.getLogger(__name__)

_request_check = contextvars.ContextVar("continuity_request_check", default=None)


class RequestCheck:
    """The employers changed during one web request, re-checked when it ends (`run`) or queued
    (`queue`)."""

    def __init__(self):
        self.ids = set()

    def take(self):
        ids, self.ids = sorted(self.ids), set()
        return ids

    def run(self, *, recorded_by_id=None):
        """Re-check the changed employers now; the ScanResult, or None when nothing changed or
        the re-check failed (it is then queued)."""
        ids = self.take()
        if not ids:
            return None
        from .scan import scan_employers

        try:
            return scan_employers(ids, recorded_by_id=recorded_by_id)
        except Exception:  # the change is saved; the queued re-check or the next scan follows
            logger.exception("The continuity re-check of employers %s failed; queued instead", ids)
            _enqueue(ids, recorded_by_id)
            return None

    def queue(self, *, recorded_by_id=None):
        ids = self.take()
        if ids:
            _enqueue(ids, recorded_by_id)


@contextmanager
def checks_in_request():
    """Within the block, the employers to re-check are collected in the yielded RequestCheck
    instead of being queued; the caller runs it once the block's transactions are over."""
    check = RequestCheck()
    token = _request_check.set(check)
    try:
        yield check
    finally:
        _request_check.reset(token)


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
    check = _request_check.get()
    if check is not None:
        check.ids |= ids
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


def _enqueue(ids, recorded_by_id=None):
    from wsp_crm.celery import publish

    from .tasks import scan_employers_task

    args = (ids, recorded_by_id) if recorded_by_id else (ids,)
    publish(
        scan_employers_task, args, what=f"a continuity re-check for employers {ids}", log=logger
    )
