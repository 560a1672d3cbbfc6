"""Continuity jobs: thin wrappers around continuity.scan, continuity.digest and the
notification e-mails (continuity.notifications.mail)."""

import logging

from celery import shared_task

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
    """Every few minutes: the rules driven by changes of people and records."""
    result = scan.scan_all(rules=CHANGE_RULES)
    logger.info("change scan: %s raised, %s closed", result.raised, result.closed)
    return {"raised": result.raised, "closed": result.closed}


@shared_task(**RETRY)
def scan_nightly():
    """Every night: all rules, including those driven by the calendar."""
    result = scan.scan_all(rules=ALL_RULES)
    logger.info("nightly scan: %s raised, %s closed", result.raised, result.closed)
    return {"raised": result.raised, "closed": result.closed}


@shared_task(**RETRY)
def scan_employers_task(employer_ids):
    result = scan.scan_employers(employer_ids)
    return {"raised": result.raised, "closed": result.closed}


@shared_task(**RETRY)
def send_digests():
    return digest.send_daily_digests()


@shared_task(**RETRY)
def send_notification_mails():
    """Every NOTIFICATION_MAIL_MINUTES: the "at once" e-mails (idempotent: a watermark per user)."""
    return notification_mail.send_immediate_mails()
