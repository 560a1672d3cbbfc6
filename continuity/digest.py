"""The daily e-mail digest: each staff member's new signals since their previous digest.

A placement's signal reaches both its assignees; a signal raised by a person's own change is no
news to them and stays out of their digest (`SignalQuerySet.news_for`). Sent at most once per
user and day, even when the job runs twice (DigestLog row, locked)."""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User

from .models import DigestLog, Signal


def send_daily_digests(now=None):
    now = now or timezone.now()
    today = timezone.localdate(now)
    since = now - datetime.timedelta(days=1)
    new = Signal.objects.filter(created_at__gte=since, status=Signal.Status.OPEN)
    recipients = User.objects.filter(is_active=True, role__in=User.STAFF_ROLES).filter(
        Exists(new.filter(assigned_to=OuterRef("pk")).exclude(raised_by=OuterRef("pk")))
        | Exists(new.filter(also_assigned_to=OuterRef("pk")).exclude(raised_by=OuterRef("pk")))
    )
    sent = 0
    for user in recipients:
        sent += send_digest(user, today=today, since=since)
    return sent


def send_digest(user, *, today, since):
    with transaction.atomic():
        log, _created = DigestLog.objects.get_or_create(user=user, day=today)
        log = DigestLog.objects.select_for_update().get(pk=log.pk)
        if log.sent_at is not None:
            return 0
        signals = list(
            Signal.objects.news_for(user)
            .filter(created_at__gte=since, status=Signal.Status.OPEN)
            .select_related("employer", "placement")
            .order_by("-severity", "employer__name")
        )
        if not signals:
            return 0
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "signals": signals,
                "inbox_url": settings.SITE_URL + reverse("continuity:inbox"),
                "site_url": settings.SITE_URL,
            }
            subject = render_to_string("emails/digest_subject.txt", context).strip()
            text = render_to_string("emails/digest.txt", context)
            html = render_to_string("emails/digest.html", context)
        message = EmailMultiAlternatives(subject, text, None, [user.email])
        message.attach_alternative(html, "text/html")
        message.send()
        log.signal_count = len(signals)
        log.sent_at = timezone.now()
        log.save(update_fields=["signal_count", "sent_at"])
    return 1
