"""The nightly retention job (CELERY_BEAT_SCHEDULE "retention-nightly")."""

import logging

from celery import shared_task

from . import retention

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
    acks_late=True,
)
def apply_retention():
    """Idempotent (a second run finds nothing due) and one run at a time (single_run)."""
    result = retention.apply_retention()
    if result.skipped:
        logger.warning("retention: another run is going on; this one is skipped")
        return "skipped"
    logger.info(
        "retention: %s candidates anonymised, text of %s conversations and %s actions removed",
        result.candidates,
        result.conversations,
        result.actions,
    )
    return {
        "candidates": result.candidates,
        "conversations": result.conversations,
        "actions": result.actions,
    }
