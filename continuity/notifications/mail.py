"""E-mail "at once" for signals and handed-over work: a job every NOTIFICATION_MAIL_MINUTES.

Each user who chose it gets ONE e-mail per run with what is new for them since their watermark
(`NotificationState.mailed_until`), and the watermark moves on in the same transaction, under a
row lock: a second run, or two schedulers at once, send nothing twice. The job reads up to
SETTLE ago, so rows that were still being committed when it ran come in the next run.
A new question from an employer is e-mailed by the portal the moment it is asked."""

import datetime

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


def send_immediate(preference, *, until):
    user = preference.user
    immediate = NotificationPreference.Delivery.IMMEDIATE
    with transaction.atomic():
        NotificationState.objects.get_or_create(user=user)
        state = NotificationState.objects.select_for_update().get(user=user)
        since = state.mailed_until
        if since is not None and since >= until:
            return 0
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
        if signals or handed_over:
            context = {
                "user": user,
                "signals": signals,
                "handed_over": handed_over,
                "count": len(signals) + len(handed_over),
                "inbox_url": settings.SITE_URL + reverse("continuity:inbox"),
            }
            render_mail("notifications", context, [user.email]).send()
        state.mailed_until = until
        state.save(update_fields=["mailed_until"])
    return 1 if (signals or handed_over) else 0
