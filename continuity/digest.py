"""The daily e-mail digest: each staff member's new signals, new employer questions and work
handed over to them since the previous digest, for the kinds they get in the digest (their
notification settings; by default signals and handed-over work: a question is e-mailed at once).

A placement's signal reaches both its assignees; a signal raised by a person's own change is no
news to them and stays out of their digest (`SignalQuerySet.news_for`, through
continuity.notifications.selectors.signal_rows). Sent at most once per user and day, even when
the job runs twice (DigestLog row, locked) or the worker dies after the mail server accepted the
mail ("sending" is recorded and committed first: a gap is logged, never a duplicate sent)."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User

from .models import DigestLog
from .notifications import selectors
from .notifications.mail import never_delivered, render_mail

logger = logging.getLogger(__name__)


def send_daily_digests(now=None):
    now = now or timezone.now()
    today = timezone.localdate(now)
    since = now - datetime.timedelta(days=1)
    recipients = User.objects.filter(
        is_active=True,
        role__in=User.STAFF_ROLES,
        pk__in=selectors.digest_recipient_ids(since),
    ).order_by("pk")
    preferences = selectors.preferences_for([user.pk for user in recipients])
    sent = 0
    for user in recipients:
        sent += send_digest(user, today=today, since=since, preferences=preferences[user.pk])
    return sent


def _digest_items(user, since, preferences):
    """{kind: rows} of the kinds this user gets in the digest."""
    wanted = {kind for kind, delivery in preferences.items() if delivery == selectors.DIGEST}
    items = {selectors.SIGNALS: [], selectors.QUESTIONS: [], selectors.HANDED_OVER: []}
    if selectors.SIGNALS in wanted:
        items[selectors.SIGNALS] = list(
            selectors.signal_rows(user, since)
            .select_related("employer", "placement")
            .order_by("-severity", "employer__name")
        )
    if selectors.QUESTIONS in wanted:
        items[selectors.QUESTIONS] = list(
            selectors.question_rows(user, since)
            .select_related("employer", "conversation__author")
            .order_by("due_on", "pk")
        )
    if selectors.HANDED_OVER in wanted:
        items[selectors.HANDED_OVER] = list(
            selectors.handover_rows(user, since)
            .select_related("action__employer", "by", "from_owner")
            .order_by("at", "pk")
        )
    return items


def send_digest(user, *, today, since, preferences=None):
    """At most once per user and day: "sending" is committed before the mail goes out, so a
    retry after a worker that died mid-send logs the gap and sends nothing (never twice)."""
    if preferences is None:
        preferences = selectors.preferences_for([user.pk])[user.pk]
    with transaction.atomic():
        log, _created = DigestLog.objects.get_or_create(user=user, day=today)
        log = DigestLog.objects.select_for_update().get(pk=log.pk)
        if log.sent_at is not None:
            return 0
        if log.sending_at is not None:
            logger.error(
                "Daily digest of user %s for %s may not have been sent: an attempt began "
                "sending at %s and did not finish. Not sent again (at most once).",
                user.pk,
                today,
                log.sending_at.isoformat(),
            )
            return 0
        items = _digest_items(user, since, preferences)
        if not any(items.values()):
            return 0
        signals = items[selectors.SIGNALS]
        context = {
            "user": user,
            "signals": signals,
            "questions": items[selectors.QUESTIONS],
            "handed_over": items[selectors.HANDED_OVER],
            "count": sum(len(rows) for rows in items.values()),
            "inbox_url": settings.SITE_URL + reverse("continuity:inbox"),
        }
        message = render_mail("digest", context, [user.email])
        log.signal_count = len(signals)
        log.sending_at = timezone.now()
        log.save(update_fields=["signal_count", "sending_at"])
    try:
        message.send()
    except Exception as exc:
        if not never_delivered(exc):
            raise  # the claim stays: a retry logs the gap instead of sending twice
        DigestLog.objects.filter(pk=log.pk, sent_at__isnull=True).update(sending_at=None)
        raise
    DigestLog.objects.filter(pk=log.pk).update(sent_at=timezone.now())
    return 1
