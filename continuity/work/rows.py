"""What a row of "Mijn werk" is: its kind, its date group, and the texts and link it shows.
The rows are read by continuity.work.queries and listed by continuity.work.lists."""

import datetime
import functools
from dataclasses import dataclass

from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from wsp_crm.dates import day

from ..models import Signal

GROUP_LIMIT = 50  # rows shown per date group (the counts stay exact)
PER_PERSON = 10  # overdue rows per person in the team view
# Rows read per kind of work. Beyond it (hundreds of open signals) the rest is counted in one
# more query for that kind, so the counts stay exact and the page stays bounded.
KIND_CAP = 1000


class Kind(models.TextChoices):
    ACTION = "action", _("Action")
    QUESTION = "question", _("Question from employer")
    FOLLOW_UP = "follow_up", _("Follow-up")
    SIGNAL = "signal", _("Signal")
    CONTRACT_END = "contract_end", _("Contract ends")
    INSTRUMENT_END = "instrument_end", _("Instrument period ends")


class Group(models.TextChoices):
    OVERDUE = "overdue", _("Overdue")
    TODAY = "today", _("Today")
    THIS_WEEK = "this_week", _("This week")
    LATER = "later", _("Later")
    NO_DATE = "no_date", _("No date")


GROUPS = list(Group)  # in the order the page shows them
KIND_ORDER = {kind: number for number, kind in enumerate(Kind)}
KIND_LABELS = dict(Kind.choices)
TITLE_LENGTH, DETAIL_LENGTH = 200, 160  # longer text (a question, a signal) is shortened


@dataclass
class Item:
    kind: str
    pk: int
    title: str
    detail: str
    due_on: datetime.date | None
    group: str
    employer_id: int
    employer_name: str
    person_id: int | None
    severity: int | None = None
    placement_id: int | None = None

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    @property
    def is_overdue(self):
        return self.group == Group.OVERDUE

    @property
    def is_urgent(self):
        return self.severity == Signal.Severity.URGENT

    @property
    def due_text(self):
        """ "was due 3 Dec 2026", "due 9 Dec 2026" or "no due date" (shown with every row)."""
        return _due_text(self.due_on, self.is_overdue, get_language())

    @property
    def css(self):
        """The row's classes: its kind, and whether it is overdue."""
        return f"work-item work-{self.kind}{' is-overdue' if self.is_overdue else ''}"

    @property
    def url(self):
        """The thing itself, one click away."""
        if self.kind in (Kind.ACTION, Kind.QUESTION):
            # The action's own page: /employers/<employer>/actions/<action>/ (its history, the
            # answer form for a question).
            return _link("employers:action_detail", self.employer_id, self.pk)
        if self.kind == Kind.SIGNAL:
            return _link("continuity:detail", self.pk)
        placement = _link("placements:detail", self.placement_id)
        if self.kind == Kind.FOLLOW_UP:
            return f"{placement}#follow-up-{self.pk}"
        if self.kind == Kind.INSTRUMENT_END:
            return f"{placement}#period-{self.pk}"
        return f"{placement}#facts"


# A list of hundreds of rows: the same few addresses and dates over and over.
_SENTINELS = (987654321, 987654322)


def _link(name, *pks):
    """reverse(name, args=pks), from an address reversed once."""
    url = _link_template(name, len(pks), get_script_prefix(), get_urlconf())
    for sentinel, pk in zip(_SENTINELS, pks, strict=False):
        url = url.replace(str(sentinel), str(pk))
    return url


@functools.lru_cache(maxsize=32)
def _link_template(name, arity, prefix, urlconf):
    return reverse(name, args=_SENTINELS[:arity], urlconf=urlconf)


@functools.lru_cache(maxsize=1024)
def _due_text(due_on, overdue, language):
    if due_on is None:
        return gettext("no due date")
    date = day(due_on)
    if overdue:
        return gettext("was due %(date)s") % {"date": date}
    return gettext("due %(date)s") % {"date": date}


def group_of(due_on, today, week_end):
    """The date group of a row."""
    if due_on is None:
        return Group.NO_DATE
    if due_on < today:
        return Group.OVERDUE
    if due_on == today:
        return Group.TODAY
    if due_on <= week_end:
        return Group.THIS_WEEK
    return Group.LATER


def week_end_of(today):
    """The Sunday of today's week ("this week" runs until then)."""
    return today + datetime.timedelta(days=6 - today.weekday())
