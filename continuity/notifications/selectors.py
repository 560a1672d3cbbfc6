"""Reads of the notifications (see the package docstring). Fixed numbers of queries."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, Func, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from accounts.permissions import is_staff_member
from employers.models import Action, ActionEvent

from ..models import NotificationPreference, NotificationState, Signal

SIGNALS, QUESTIONS, HANDED_OVER = NotificationPreference.KINDS
IMMEDIATE = NotificationPreference.Delivery.IMMEDIATE
DIGEST = NotificationPreference.Delivery.DIGEST
NONE = NotificationPreference.Delivery.NONE
# History steps that put an action in somebody's hands.
HANDOVER_KINDS = (ActionEvent.Kind.HANDED_OVER, ActionEvent.Kind.REASSIGNED)
LIST_LIMIT = 100  # per kind, on the list page


def window_start(now=None):
    """The list and the unread count look back this far (NOTIFICATION_WINDOW_DAYS)."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.NOTIFICATION_WINDOW_DAYS)


def _between(rows, field, since, until):
    rows = rows.filter(**{f"{field}__gt": since})
    if until is not None:
        rows = rows.filter(**{f"{field}__lte": until})
    return rows


# The rows of each kind. `since` may be a datetime or an expression; `user` a user or an id.


def signal_rows(user, since, until=None):
    """New open signals addressed to the user (alone or with a colleague), except those raised by
    the user's own change (`SignalQuerySet.news_for`)."""
    rows = Signal.objects.news_for(user).filter(status=Signal.Status.OPEN)
    return _between(rows, "created_at", since, until)


def question_rows(user, since, until=None):
    """New open questions of employers that the user answers (owns)."""
    rows = Action.objects.filter(owner=user, kind=Action.Kind.QUESTION, status=Action.Status.OPEN)
    return _between(rows, "created_at", since, until)


def handover_rows(user, since, until=None):
    """Open actions handed over or reassigned to the user by somebody else (or by a job)."""
    rows = ActionEvent.objects.filter(
        to_owner=user, kind__in=HANDOVER_KINDS, action__status=Action.Status.OPEN
    ).exclude(by=user)
    return _between(rows, "at", since, until)


def _count(rows):
    """A scalar subquery counting `rows` (no GROUP BY: COUNT over the filtered rows)."""
    return Subquery(
        rows.order_by().annotate(number=Func(F("pk"), function="COUNT")).values("number"),
        output_field=models.IntegerField(),
    )


def unread_count(user, now=None):
    """The number in the header: new signals, questions and handed-over work since the user last
    opened the list (at most NOTIFICATION_WINDOW_DAYS back). ONE query, each part read from an
    index (signal_assignee_status, action_open_owner, the to_owner key of the action history)."""
    if not is_staff_member(user):
        return 0
    floor = window_start(now)
    seen = NotificationState.objects.filter(user_id=user.pk).values("seen_at")[:1]
    since = Coalesce(
        Subquery(seen, output_field=models.DateTimeField()),
        Value(floor, output_field=models.DateTimeField()),
    )

    def fresh(rows, field):
        return _count(rows.filter(**{f"{field}__gt": since}))

    counts = (
        User.objects.filter(pk=user.pk)
        .order_by()
        .annotate(
            new_signals=fresh(signal_rows(user.pk, floor), "created_at"),
            new_questions=fresh(question_rows(user.pk, floor), "created_at"),
            new_handed_over=fresh(handover_rows(user.pk, floor), "at"),
        )
        .values_list("new_signals", "new_questions", "new_handed_over")
        .first()
    )
    return sum(number or 0 for number in counts) if counts else 0


@dataclass
class Notification:
    kind: str  # SIGNALS, QUESTIONS or HANDED_OVER
    at: datetime.datetime
    is_new: bool
    item: object  # a Signal, a question Action, or an ActionEvent (with its action)

    @property
    def employer(self):
        if self.kind == HANDED_OVER:
            return self.item.action.employer
        return self.item.employer


def notification_list(user, now=None):
    """(notifications newest first, the seen_at they were compared with). Four queries: the
    state and one per kind (at most LIST_LIMIT each, within NOTIFICATION_WINDOW_DAYS)."""
    now = now or timezone.now()
    floor = window_start(now)
    seen_at = NotificationState.objects.filter(user=user).values_list("seen_at", flat=True).first()
    signals = (
        signal_rows(user, floor)
        .select_related("employer", "placement")
        .order_by("-created_at", "-pk")[:LIST_LIMIT]
    )
    questions = (
        question_rows(user, floor)
        .select_related("employer", "conversation__author")
        .order_by("-created_at", "-pk")[:LIST_LIMIT]
    )
    events = (
        handover_rows(user, floor)
        .select_related("action__employer", "by", "from_owner")
        .order_by("-at", "-pk")[:LIST_LIMIT]
    )

    def new(at):
        return seen_at is None or at > seen_at

    rows = [Notification(SIGNALS, s.created_at, new(s.created_at), s) for s in signals]
    rows += [Notification(QUESTIONS, q.created_at, new(q.created_at), q) for q in questions]
    rows += [Notification(HANDED_OVER, e.at, new(e.at), e) for e in events]
    rows.sort(key=lambda row: row.at, reverse=True)
    return rows, seen_at


# Preferences -------------------------------------------------------------------------------


def preferences_for(user_ids):
    """{user id: {kind: delivery}} for the given users, defaults filled in (one query)."""
    user_ids = list(user_ids)
    found = {
        row["user_id"]: row
        for row in NotificationPreference.objects.filter(user_id__in=user_ids).values(
            "user_id", *NotificationPreference.KINDS
        )
    }
    return {
        user_id: {
            kind: found.get(user_id, NotificationPreference.DEFAULTS)[kind]
            for kind in NotificationPreference.KINDS
        }
        for user_id in user_ids
    }


def preferences_of(user):
    """The user's NotificationPreference (unsaved, with the defaults, when they never chose)."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(
        user=user
    )


def digest_recipient_ids(since):
    """Ids of the active staff with something new since `since` in a kind they get in the daily
    digest. Four queries."""
    new_signals = Signal.objects.filter(status=Signal.Status.OPEN, created_at__gt=since)
    candidates = {
        # Either assignee, unless the signal came from their own change (news_for).
        SIGNALS: new_signals.exclude(assigned_to=None)
        .exclude(raised_by=F("assigned_to"))
        .values_list("assigned_to", flat=True)
        .union(
            new_signals.exclude(also_assigned_to=None)
            .exclude(raised_by=F("also_assigned_to"))
            .values_list("also_assigned_to", flat=True)
        ),
        QUESTIONS: Action.objects.filter(
            kind=Action.Kind.QUESTION, status=Action.Status.OPEN, created_at__gt=since
        )
        .exclude(owner=None)
        .values_list("owner", flat=True),
        HANDED_OVER: ActionEvent.objects.filter(
            kind__in=HANDOVER_KINDS, action__status=Action.Status.OPEN, at__gt=since
        )
        .exclude(to_owner=None)
        .exclude(by=F("to_owner"))
        .values_list("to_owner", flat=True),
    }
    ids_by_kind = {kind: set(rows) for kind, rows in candidates.items()}
    everyone = set().union(*ids_by_kind.values())
    preferences = preferences_for(everyone)
    return {
        user_id
        for kind, ids in ids_by_kind.items()
        for user_id in ids
        if preferences[user_id][kind] == DIGEST
    }
