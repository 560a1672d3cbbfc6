"""Reads for the signal pages, the navigation and the employer/placement panels.

Each function issues a fixed number of queries whatever the number of signals.
"""

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.permissions import is_staff_member

from .models import Signal
from .services import may_act

RELATED = (
    "employer",
    "placement",
    "contact",
    "assigned_to",
    "resolved_by",
    "subject_user",
    "region",
)
# Most pressing first: severity, then the nearest due date, then the newest.
PRESSING_ORDER = (
    "-severity",
    F("due_on").asc(nulls_last=True),
    "-created_at",
    "-pk",
)

K = Signal.Kind
# What to do about a signal, shown with it; most close by themselves once the situation is fixed.
KIND_HINTS = {
    K.CONTACT_LEFT: _(
        "Find out who takes over, then add the new contact person or register a successor. "
        "The signal then closes by itself."
    ),
    K.CONTACT_ROLE_CHANGED: _(
        "Ask the employer what the change means, then add or confirm the contact persons."
    ),
    K.NO_FIXED_MANAGER: _("Assign a fixed account manager on the employer page."),
    K.INTRODUCE: _(
        "Introduce yourself to the employer and log the conversation. "
        "The signal then closes by itself."
    ),
    K.MANAGER_CHURN: _(
        "This employer has had many account managers. Keep the current one in place and "
        "discuss continuity in the team."
    ),
    K.STAFF_DEACTIVATED: _("Assign the employer to another account manager, with a handover note."),
    K.NO_KEY_CONTACT: _("Find a champion or a top-level contact at the employer and add them."),
    K.OTHER_STAFF_CONVERSATION: _(
        "A colleague spoke with your employer. Read the conversation and coordinate, so that "
        "the employer deals with one WSP."
    ),
    K.STALE_RELATIONSHIP: _("Get in touch with the employer and log the conversation."),
    K.CONTACTS_UNVERIFIED: _(
        "Check the contact details with the employer and confirm them on the employer page."
    ),
    K.FOLLOW_UP_DUE: _("Plan the follow-up with the employee and the supervisor."),
    K.FOLLOW_UP_OVERDUE: _("Do the follow-up and record it on the placement page, or move it."),
    K.CONTRACT_ENDING: _(
        "Decide with the employer: extend, make permanent, or arrange an instrument."
    ),
    K.INSTRUMENT_ENDING: _(
        "Apply in time for a new decision or an extension, or agree how it ends."
    ),
}


def open_signal_count(user):
    """The number in the navigation: the user's own open signals (ONE query)."""
    if not is_staff_member(user):
        return 0
    return Signal.objects.filter(assigned_to=user).open().count()


def snoozed_q(today=None):
    """Snoozed and still out of sight (a snooze whose date passed counts as open)."""
    return Q(status=Signal.Status.SNOOZED, snoozed_until__gt=today or timezone.localdate())


def closed_q():
    return Q(status__in=[Signal.Status.RESOLVED, Signal.Status.AUTO_CLOSED])


def open_q(today=None):
    today = today or timezone.localdate()
    return Q(status=Signal.Status.OPEN) | Q(status=Signal.Status.SNOOZED, snoozed_until__lte=today)


def with_related(queryset):
    return queryset.select_related(*RELATED)


INBOX_TABS = ("open", "snoozed", "closed")


def inbox_signals(user, tab="open"):
    """The user's own signals on one tab of "Mijn signalen"."""
    today = timezone.localdate()
    mine = with_related(Signal.objects.filter(assigned_to=user))
    if tab == "snoozed":
        return mine.filter(snoozed_q(today)).order_by("snoozed_until", *PRESSING_ORDER)
    if tab == "closed":
        return mine.filter(closed_q()).order_by(F("resolved_at").desc(nulls_last=True), "-pk")
    return mine.filter(open_q(today)).order_by(*PRESSING_ORDER)


def inbox_counts(user):
    """{"open": n, "snoozed": n, "closed": n} for the tabs, in one query."""
    today = timezone.localdate()
    return Signal.objects.filter(assigned_to=user).aggregate(
        open=Count("pk", filter=open_q(today)),
        snoozed=Count("pk", filter=snoozed_q(today)),
        closed=Count("pk", filter=closed_q()),
    )


def severity_counts(queryset):
    """{"urgent": n, "attention": n, "info": n} of a queryset, in one query."""
    S = Signal.Severity
    return queryset.order_by().aggregate(
        urgent=Count("pk", filter=Q(severity=S.URGENT)),
        attention=Count("pk", filter=Q(severity=S.ATTENTION)),
        info=Count("pk", filter=Q(severity=S.INFO)),
    )


def decorate(signals, user, today=None):
    """Add what the templates show: may this user act, a hint, overdue and snooze state."""
    today = today or timezone.localdate()
    signals = list(signals)
    for signal in signals:
        signal.can_act = signal.is_open and may_act(user, signal)
        signal.hint = KIND_HINTS.get(signal.kind, "")
        signal.is_overdue = bool(signal.is_open and signal.due_on and signal.due_on < today)
        signal.is_snoozed = bool(
            signal.status == Signal.Status.SNOOZED
            and signal.snoozed_until
            and signal.snoozed_until > today
        )
        signal.snooze_ended = bool(
            signal.status == Signal.Status.SNOOZED
            and signal.snoozed_until
            and signal.snoozed_until <= today
        )
    return signals


def panel_signals(user, *, employer=None, placement=None):
    """The `signals` of templates/continuity/includes/signals_panel.html: the unresolved signals
    (open and snoozed) of one employer or one placement that `user` may see, most pressing
    first, each marked with whether the user may act on it. One query."""
    queryset = Signal.objects.visible_to(user).filter(status__in=Signal.OPEN_STATUSES)
    if employer is not None:
        queryset = queryset.filter(employer=employer)
    if placement is not None:
        queryset = queryset.filter(placement=placement)
    return decorate(with_related(queryset).order_by(*PRESSING_ORDER), user)
