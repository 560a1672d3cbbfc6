"""Reads for the signal pages, the navigation and the employer/placement panels.

Each function issues a fixed number of queries whatever the number of signals.
"""

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.permissions import is_staff_member

from .models import Signal, addressed_to_q
from .services import may_act

# What the lists show with each signal, joined in the same query. (Each join costs planning time
# on PostgreSQL: the lists keep to these; one signal's page adds DETAIL_RELATED.)
RELATED = (
    "employer",
    "placement",
    "contact",
    "assigned_to",
    "also_assigned_to",
    "resolved_by",
    "subject_user",
    "region",
)
DETAIL_RELATED = ("action", "escalated_to", "raised_by")
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
    K.PLACEMENT_AT_RISK: _(
        "Nobody guides the employee on the job any more. Agree a new supervisor or buddy with "
        "the employer and add them to the placement's team; the signal then closes by itself."
    ),
    K.JOB_COACH_ENDING: _(
        "Job coaching stops while the placement goes on. Check with the employee and the "
        "employer whether coaching is still needed, and extend it or record the next coach."
    ),
    K.JOB_COACH_MISSING: _(
        "Job coaching is granted, but nobody is the job coach. Add the job coach to the "
        "placement's team."
    ),
    K.INSTRUMENT_NEXT_STEP: _(
        "The contract runs on after this instrument ends. Decide with the employer: extend, "
        "continue without it, switch to another instrument or stop; record it on the placement "
        "page. The signal then closes by itself."
    ),
    K.ASSESSMENT_DUE: _(
        "Book the wage-value assessment in time for the next subsidy decision and record it on "
        "the placement page. The signal then closes by itself."
    ),
    K.ACTION_OVERDUE: _(
        "Do the action and mark it done, or postpone it with a reason (and let the employer "
        "know if they were promised the date). The signal then closes by itself."
    ),
    K.QUESTION_UNANSWERED: _(
        "Answer the employer's question: the answer is e-mailed to the person who asked and "
        "shown in the portal, and the signal closes by itself."
    ),
    K.FOLLOW_UP_AT_RISK: _(
        "Talk with the employee and the supervisor this week, agree what is needed (guidance, "
        "job coach, tasks, hours) and record the next follow-up: it closes the signal."
    ),
    K.EARLY_ENDINGS: _(
        "Several placements at this employer ended early. Discuss guidance, tasks and the "
        "supervisors with the employer before the next placement starts."
    ),
}


def escalated_q(user):
    """The signals escalated to `user`'s desk: for a team lead, those of their region (every
    team lead of the region sees them); nobody else has such a desk (None)."""
    if not (is_staff_member(user) and user.is_team_lead and user.region_id):
        return None
    return Q(region_id=user.region_id, escalated_at__isnull=False)


def inbox_q(user):
    """Everything in `user`'s inbox: assigned to them (alone or with a colleague) and, for a
    team lead, what was escalated to them."""
    escalated = escalated_q(user)
    mine = addressed_to_q(user)
    return mine | escalated if escalated is not None else mine


def open_signal_count(user):
    """The number in the navigation: the user's own open signals and, for a team lead, the open
    escalated ones of the region (ONE query)."""
    if not is_staff_member(user):
        return 0
    return Signal.objects.filter(inbox_q(user)).open().count()


def snoozed_q(today=None):
    """Snoozed and still out of sight (a snooze whose date passed counts as open)."""
    return Q(status=Signal.Status.SNOOZED, snoozed_until__gt=today or timezone.localdate())


def closed_q():
    return Q(status__in=[Signal.Status.RESOLVED, Signal.Status.AUTO_CLOSED])


def open_q(today=None):
    today = today or timezone.localdate()
    return Q(status=Signal.Status.OPEN) | Q(status=Signal.Status.SNOOZED, snoozed_until__lte=today)


def with_related(queryset, *more):
    return queryset.select_related(*RELATED, *more)


INBOX_TABS = ("open", "escalated", "snoozed", "closed")


def inbox_tabs(user):
    """The tabs of the user's inbox: "escalated" only for those who receive escalations."""
    return [tab for tab in INBOX_TABS if tab != "escalated" or escalated_q(user) is not None]


def inbox_signals(user, tab="open"):
    """The user's own signals on one tab of "Mijn signalen" ("escalated": the open escalated
    signals of a team lead's region)."""
    today = timezone.localdate()
    if tab == "escalated":
        escalated = escalated_q(user)
        if escalated is None:
            return Signal.objects.none()
        rows = with_related(Signal.objects.filter(escalated, open_q(today)))
        return rows.order_by(*PRESSING_ORDER)
    mine = with_related(Signal.objects.addressed_to(user))
    if tab == "snoozed":
        return mine.filter(snoozed_q(today)).order_by("snoozed_until", *PRESSING_ORDER)
    if tab == "closed":
        return mine.filter(closed_q()).order_by(F("resolved_at").desc(nulls_last=True), "-pk")
    return mine.filter(open_q(today)).order_by(*PRESSING_ORDER)


def inbox_counts(user):
    """{"open": n, "escalated": n, "snoozed": n, "closed": n} for the tabs, in one query."""
    today = timezone.localdate()
    mine = addressed_to_q(user)
    escalated = escalated_q(user)
    counts = {
        "open": Count("pk", filter=mine & open_q(today)),
        "snoozed": Count("pk", filter=mine & snoozed_q(today)),
        "closed": Count("pk", filter=mine & closed_q()),
    }
    if escalated is None:
        return {**Signal.objects.filter(mine).aggregate(**counts), "escalated": 0}
    counts["escalated"] = Count("pk", filter=escalated & open_q(today))
    return Signal.objects.filter(mine | escalated).aggregate(**counts)


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
        # Raised by the user's own change: shown as theirs, not as news.
        signal.raised_by_me = bool(user and signal.raised_by_id == user.pk)
        signal.assignee_names = assignee_names(signal)
    return signals


def assignee_names(signal):
    """ "Anna de Vries and Cor Jansen"; "" when nobody. Reads the assignees of a signal fetched
    with `with_related`."""
    people = [p for p in (signal.assigned_to, signal.also_assigned_to) if p is not None]
    return get_text_list([person.full_name for person in people], gettext("and"))


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
