"""E-mail "at once" for signals and handed-over work: a job every NOTIFICATION_MAIL_MINUTES.

Each user who chose it gets ONE e-mail per run with what is new for them since their watermark
(`NotificationState.mailed_until`); the watermark moves on under a row lock and is committed
before the e-mail is sent: a second run, two schedulers at once, or a retry after a worker that
died mid-send send nothing twice (at most once; a send that never began gives the rows back).
The job reads up to SETTLE ago, so rows still being committed when it ran come in the next run.
A new question from an employer is e-mailed by the portal the moment it is asked."""

import datetime
import logging
import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User

from ..models import NotificationPreference, NotificationState
from . import selectors

logger = logging.getLogger(__name__)
SETTLE = datetime.timedelta(minutes=2)


def render_mail(template, context, to):
    """A Dutch e-mail with a text and an HTML part from emails/<template>{_subject.txt,.txt,
    .html}, with the links every notification e-mail carries."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "site_url": settings.SITE_URL,
            "notifications_url": settings.SITE_URL + reverse("notifications:list"),
            "settings_url": settings.SITE_URL + reverse("notifications:settings"),
            **context,
        }
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, None, to)
    message.attach_alternative(html, "text/html")
    return message


def send_immediate_mails(now=None):
    """The job: one e-mail per user with "at once" for signals or handed-over work and something
    new. Returns the number of e-mails sent."""
    until = (now or timezone.now()) - SETTLE
    immediate = NotificationPreference.Delivery.IMMEDIATE
    preferences = (
        NotificationPreference.objects.filter(Q(signals=immediate) | Q(handed_over=immediate))
        .filter(user__is_active=True, user__role__in=User.STAFF_ROLES)
        .select_related("user")
        .order_by("pk")
    )
    return sum(send_immediate(preference, until=until) for preference in preferences)


def never_delivered(exc):
    """Whether a failed send certainly did not reach the mail server (refused before any message
    was handed over): only then may a retry send it again."""
    return isinstance(exc, NOT_DELIVERED)


NOT_DELIVERED = (
    ConnectionRefusedError,
    socket.gaierror,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPRecipientsRefused,
)


def send_immediate(preference, *, until):
    """The watermark moves (and is committed, with `mail_sending_at`) BEFORE the e-mail goes
    out: a worker that dies after the mail server accepted it never sends it again. A later run
    that finds `mail_sending_at` still set logs the possible gap."""
    message, since = _claim_immediate(preference, until)
    if message is None:
        return 0
    user = preference.user
    try:
        message.send()
    except Exception as exc:
        if never_delivered(exc):  # give the rows back to the next run
            NotificationState.objects.filter(user=user, mailed_until=until).update(
                mailed_until=since, mail_sending_at=None
            )
        raise
    NotificationState.objects.filter(user=user, mailed_until=until).update(mail_sending_at=None)
    return 1


def _claim_immediate(preference, until):
    """(the e-mail to send or None, the previous watermark); the new watermark is committed."""
    user = preference.user
    immediate = NotificationPreference.Delivery.IMMEDIATE
    with transaction.atomic():
        NotificationState.objects.get_or_create(user=user)
        state = NotificationState.objects.select_for_update().get(user=user)
        since = state.mailed_until
        if state.mail_sending_at is not None:
            logger.error(
                "Notification e-mail of user %s up to %s may not have been sent: an attempt "
                "began sending at %s and did not finish. Not sent again (at most once).",
                user.pk,
                since.isoformat() if since else None,
                state.mail_sending_at.isoformat(),
            )
            state.mail_sending_at = None
        if since is not None and since >= until:
            state.save(update_fields=["mail_sending_at"])
            return None, since
        signals, handed_over = [], []
        if since is not None:  # None: the first run after the choice starts from here
            if preference.signals == immediate:
                signals = list(
                    selectors.signal_rows(user, since, until)
                    .select_related("employer", "placement")
                    .order_by("-severity", "employer__name", "pk")
                )
            if preference.handed_over == immediate:
                handed_over = list(
                    selectors.handover_rows(user, since, until)
                    .select_related("action__employer", "by", "from_owner")
                    .order_by("at", "pk")
                )
        message = None
        if signals or handed_over:
            context = {
                "user": user,
                "signals": signals,
                "handed_over": handed_over,
                "count": len(signals) + len(handed_over),
                "inbox_url": settings.SITE_URL + reverse("continuity:inbox"),
            }
            message = render_mail("notifications", context, [user.email])
            state.mail_sending_at = timezone.now()
        state.mailed_until = until
        state.save(update_fields=["mailed_until", "mail_sending_at"])
    return message, since
