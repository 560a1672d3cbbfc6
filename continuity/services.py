"""Write workflows for continuity signals and thresholds. Pages, API and admin call these.

Who may act on a signal (snooze, resolve): the staff members it is assigned to (a placement's
signal can have two), the team leads of its region and WSP admins. Others who can see it
(through `Signal.objects.visible_to`) may only look. The services check this themselves, so no
caller can forget it.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import is_staff_member

from .models import RegionPolicy, Signal

MAX_SNOOZE_DAYS = 90
NOTE_MAX_LENGTH = 2000

# The thresholds a team lead may set, with the range that keeps the rules meaningful.
POLICY_LIMITS = {
    "stale_days_introduction": (7, 365),
    "stale_days_active": (14, 730),
    "stale_days_strategic": (14, 730),
    "introduce_within_days": (1, 90),
    "churn_managers": (2, 10),
    "churn_months": (3, 36),
    "unverified_months": (3, 36),
    "contact_change_window_days": (7, 365),
    "follow_up_due_days": (1, 60),
    "contract_end_weeks": (1, 26),
    "instrument_end_weeks": (1, 26),
    "job_coach_end_weeks": (1, 26),
    "instrument_decision_weeks": (1, 26),
    "assessment_due_weeks": (1, 26),
    "action_overdue_working_days": (1, 30),
    "escalate_after_working_days": (1, 20),
}
POLICY_FIELDS = list(POLICY_LIMITS)


def may_act(user, signal):
    """May `user` snooze or resolve `signal`? (Seeing it is `Signal.objects.visible_to`.)
    Either assignee may: it is one signal, so it is then snoozed or resolved for both."""
    if not is_staff_member(user):
        return False
    if user.is_wsp_admin or user.pk in signal.addressed_to_ids():
        return True
    return user.is_team_lead and user.region_id == signal.region_id


def may_edit_policy(user, region):
    """Team leads set the thresholds of their own region; WSP admins of every region."""
    if not is_staff_member(user) or region is None:
        return False
    return user.is_wsp_admin or (user.is_team_lead and user.region_id == region.pk)


def snooze_bounds(today=None):
    """The first and the last date a signal may be snoozed until."""
    today = today or timezone.localdate()
    return today + datetime.timedelta(days=1), today + datetime.timedelta(days=MAX_SNOOZE_DAYS)


def _locked_open_signal(signal, by):
    locked = Signal.objects.select_for_update().get(pk=signal.pk)
    if not may_act(by, locked):
        raise PermissionDenied(_("Only the assignee, a team lead or a WSP admin can do this."))
    if not locked.is_open:
        raise ValidationError(_("This signal is already closed."))
    return locked


@transaction.atomic
def signal_snooze(*, signal, until, by):
    """Put a signal aside until a date (at most 90 days ahead). On that date it is open again:
    the inbox shows it, and the next scan closes it if the situation no longer applies."""
    first, last = snooze_bounds()
    if not isinstance(until, datetime.date) or isinstance(until, datetime.datetime):
        raise ValidationError({"until": _("Enter a date.")})
    if until < first:
        raise ValidationError({"until": _("Choose a date after today.")})
    if until > last:
        raise ValidationError(
            {
                "until": _("You can snooze a signal for at most %(days)d days (until %(date)s).")
                % {"days": MAX_SNOOZE_DAYS, "date": last.strftime("%d-%m-%Y")}
            }
        )
    signal = _locked_open_signal(signal, by)
    signal.status = Signal.Status.SNOOZED
    signal.snoozed_until = until
    signal.full_clean()
    signal.save(update_fields=["status", "snoozed_until"])
    return signal


@transaction.atomic
def signal_resolve(*, signal, by, note):
    """Close a signal by hand, with a note on what was done. If its situation still holds, the
    scans leave it closed for a while (continuity.rules.QUIET_DAYS)."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write down briefly what you did.")})
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("Keep the note under %(max)d characters.") % {"max": NOTE_MAX_LENGTH}}
        )
    signal = _locked_open_signal(signal, by)
    signal.status = Signal.Status.RESOLVED
    signal.snoozed_until = None
    signal.resolved_at = timezone.now()
    signal.resolved_by = by
    signal.note = note
    signal.full_clean()
    signal.save(update_fields=["status", "snoozed_until", "resolved_at", "resolved_by", "note"])
    return signal


@transaction.atomic
def policy_update(*, region, by, **fields):
    """Set a region's thresholds (the row is created on the first save). Scans use them from
    their next run."""
    unknown = set(fields) - set(POLICY_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if not may_edit_policy(by, region):
        raise PermissionDenied(_("Only a team lead of this region or a WSP admin can do this."))
    errors = {}
    for name, value in fields.items():
        low, high = POLICY_LIMITS[name]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            errors[name] = _("Choose a whole number from %(min)d to %(max)d.") % {
                "min": low,
                "max": high,
            }
    if errors:
        raise ValidationError(errors)
    RegionPolicy.objects.get_or_create(region=region)
    policy = RegionPolicy.objects.select_for_update().get(region=region)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.updated_by = by
    policy.full_clean()
    policy.save()
    return policy
