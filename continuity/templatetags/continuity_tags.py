"""Small helpers for the signal templates."""

import datetime

from django import template
from django.utils import timezone

from continuity.services import snooze_bounds

register = template.Library()

SEVERITY_BADGES = {3: "badge-danger", 2: "badge-warn", 1: "badge-info"}


@register.simple_tag
def snooze_dates():
    """{"min", "max", "default"}: the dates a snooze form offers (default: a week ahead)."""
    first, last = snooze_bounds()
    return {
        "min": first,
        "max": last,
        "default": timezone.localdate() + datetime.timedelta(days=7),
    }


@register.filter
def severity_badge(severity):
    """The badge class of a severity (1 info, 2 attention, 3 urgent)."""
    return SEVERITY_BADGES.get(severity, "")
