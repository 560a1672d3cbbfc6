"""One way to show dates (issue 17): a day as "22 maart 2026", a moment as "22 maart 2026,
14:05" (local time). Templates use the filters `day` and `moment` (a builtin library,
settings.TEMPLATES); Python code the functions of the same names."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format

DAY = "j F Y"
MOMENT = "j F Y, H:i"

register = template.Library()


@register.filter
def day(value):
    """A date (or the date of a moment) as "22 maart 2026"; "" for none."""
    if not value:
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, DAY)


@register.filter
def moment(value):
    """A moment as "22 maart 2026, 14:05" in local time; "" for none."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, MOMENT)
