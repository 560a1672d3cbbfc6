"""The Celery app: configured from Django settings (CELERY_*), tasks from each app's tasks.py.

Web requests queue jobs with `publish`, never with a bare `.delay()`: a broker that is down or
hangs must not hold up (or undo) a saved change. The worker keeps its own, patient connection."""

import logging
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsp_crm.settings")

app = Celery("wsp_crm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)

# One retry right away: a broker that refused or timed out twice is down for this request.
PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0,
    "interval_max": 0,
}


def publish(task, args=(), *, what, log=logger):
    """Queue `task(*args)` on a connection of its own whose connect and socket timeouts are
    BROKER_PUBLISH_TIMEOUT seconds (so a caller waits at most about twice that). Returns False,
    and logs the warning "Could not queue <what>" on `log` (the caller's logger), when the broker
    is away."""
    from django.conf import settings

    timeout = settings.BROKER_PUBLISH_TIMEOUT
    try:
        with app.connection_for_write(
            connect_timeout=timeout,
            transport_options={"socket_timeout": timeout, "socket_connect_timeout": timeout},
        ) as connection:
            task.apply_async(
                tuple(args), connection=connection, retry=True, retry_policy=PUBLISH_RETRY_POLICY
            )
    except Exception:  # noqa: BLE001 - the broker being away must never break the request
        log.warning("Could not queue %s", what, exc_info=True)
        return False
    return True
