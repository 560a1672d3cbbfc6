"""Writes of the notifications: mark as read, and each user's choice per kind.

Neither is a business record: they are the user's own reading position and settings (like the
digest log), so they are not in the audit trail."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import is_staff_member

from ..models import NotificationPreference, NotificationState

# The kinds the e-mail job sends "at once" (a new question is e-mailed when it is asked).
JOB_KINDS = ("signals", "handed_over")


def notifications_mark_read(*, user, at=None):
    """Everything up to `at` (now) is read. Never moves the mark back (two tabs, one older)."""
    at = at or timezone.now()
    moved = (
        NotificationState.objects.filter(user=user)
        .filter(Q(seen_at__isnull=True) | Q(seen_at__lt=at))
        .update(seen_at=at)
    )
    if not moved:
        NotificationState.objects.get_or_create(user=user, defaults={"seen_at": at})


def _wants_job_mail(preference):
    immediate = NotificationPreference.Delivery.IMMEDIATE
    return any(getattr(preference, kind) == immediate for kind in JOB_KINDS)


@transaction.atomic
def notification_preferences_set(*, user, by, **choices):
    """Save how `user` hears of each kind (signals, questions, handed_over): "immediate",
    "digest" or "none". Only for oneself, and only for staff. Switching the e-mail job on
    starts it from now: it never sends what came before the choice."""
    if by is None or by.pk != user.pk:
        raise PermissionDenied(_("You can only change your own notification settings."))
    if not is_staff_member(user):
        raise PermissionDenied(_("Notifications are for WSP staff."))
    unknown = set(choices) - set(NotificationPreference.KINDS)
    if unknown:
        raise ValidationError(_("Unknown notification kinds: %s") % ", ".join(sorted(unknown)))
    preference = NotificationPreference.objects.select_for_update().filter(
        user=user
    ).first() or NotificationPreference(user=user)
    had_job_mail = _wants_job_mail(preference)  # as saved, or the defaults
    for kind, delivery in choices.items():
        setattr(preference, kind, delivery)
    preference.full_clean()
    preference.save()
    if _wants_job_mail(preference) and not had_job_mail:
        state, _created = NotificationState.objects.get_or_create(user=user)
        state.mailed_until = timezone.now()
        state.save(update_fields=["mailed_until"])
    return preference
