"""Continuity jobs: thin wrappers around continuity.scan, continuity.digest and the
notification e-mails (continuity.notifications.mail)."""

import logging

from celery import shared_task

from wsp_crm.single_run import single_run

from . import digest, scan
from .notifications import mail as notification_mail
from .rules import ALL_RULES, CHANGE_RULES

logger = logging.getLogger(__name__)
RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
    "acks_late": True,
}


@shared_task(**RETRY)
def scan_changes():
    """Every few minutes: the rules driven by changes of people and records (and the
    escalation of urgent signals left open too long)."""
    with single_run("continuity-change-scan") as acquired:
        if not acquired:
            return "skipped"
        return report("change scan", scan.scan_all(rules=CHANGE_RULES))


@shared_task(**RETRY)
def scan_nightly():
    """Every night: all rules, including those driven by the calendar."""
    with single_run("continuity-nightly-scan") as acquired:
        if not acquired:
            return "skipped"
        return report("nightly scan", scan.scan_all(rules=ALL_RULES))


def report(name, result):
    logger.info(
        "%s: %s raised, %s closed, %s escalated",
        name,
        result.raised,
        result.closed,
        result.escalated,
    )
    return {"raised": result.raised, "closed": result.closed, "escalated": result.escalated}


@shared_task(**RETRY)
def scan_employers_task(employer_ids, recorded_by_id=None):
    """The re-check after a change (continuity.triggers); `recorded_by_id`: the staff member
    who made it, when known (the signals it raises are no news to them)."""
    result = scan.scan_employers(employer_ids, recorded_by_id=recorded_by_id)
    return {"raised": result.raised, "closed": result.closed}


@shared_task(**RETRY)
def send_digests():
    return digest.send_daily_digests()


@shared_task(**RETRY)
def send_notification_mails():
    """Every NOTIFICATION_MAIL_MINUTES: the "at once" e-mails (idempotent: a watermark per user)."""
    return notification_mail.send_immediate_mails()
