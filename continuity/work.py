"""Mijn werk: everything that asks for one staff member, in one list (issue 14).

Five kinds of work, each read with ONE set-based query whatever the number of rows:

- open actions they own (employers.Action; an employer's portal question is its own kind),
- follow-up checkpoints due within the region's window (or overdue) of active placements they
  are responsible for,
- open signals assigned to them (a signal about a follow-up, a contract end or an instrument
  period that is listed for them anyway as that follow-up or deadline is left out: one row per
  thing to do),
- contract ends and instrument periods ending within the region's windows (or passed while the
  placement is still active) of placements they are responsible for or at employers they hold as
  fixed account manager.

Rows are grouped by date: overdue, today, the rest of this week (until Sunday), later, and no
date; a group shows at most GROUP_LIMIT rows, the soonest first, with the count of all. Each
query reads plain columns, soonest first, at most KIND_CAP rows (building and planning a query
costs more than reading a few hundred rows; window functions doubled the time). A kind with more
rows than that (a team lead with thousands of open signals) is counted in one more query, so the
counts stay exact and the page stays bounded. The start page's counts (`work_counts`) are one
UNION of one count per kind over the same querysets.

Whose work may be read is decided once, in `target_for` (the page and the API both call it):
everybody their own; a team lead anybody of their own region (another region's person: 404); a
WSP admin anybody on the staff; an account manager nobody else (403). The rows come from the
employers that person's region may see (the scoping rule of Employer.objects.visible_to, also
for a colleague who left, so a team lead sees what was left behind).

The team view (`team_overdue`) reads the same five queries for all staff of one region at once,
overdue rows only, and shows at most `per_person` rows per person with the count of all.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, User
from employers.models import AccountAssignment, Action, employer_ids_of_region
from placements.models import FollowUp, InstrumentPeriod, Placement

from .models import RegionPolicy, Signal
from .selectors import open_q

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

# Signals about a thing that is listed as its own row for the same person.
FOLLOW_UP_SIGNALS = (Signal.Kind.FOLLOW_UP_DUE, Signal.Kind.FOLLOW_UP_OVERDUE)
DEADLINE_SIGNALS = (Signal.Kind.CONTRACT_ENDING, Signal.Kind.INSTRUMENT_ENDING)


# --- whose work ----------------------------------------------------------------------------


def may_view_others(viewer):
    return viewer.is_wsp_admin or viewer.is_team_lead


def target_for(viewer, user_id=None, *, people=None):
    """The staff member whose work `viewer` asks for (`user_id`, or themselves).

    Account managers see only their own (403 for anybody else); a team lead anybody of the own
    region, active or not (another region's person, or somebody who is not staff: 404); a WSP
    admin anybody on the staff. `people`: `colleagues_for(viewer)` already read (the page has
    them for its select), else at most one query (none for oneself)."""
    if user_id is None or user_id == viewer.pk:
        return viewer
    if not may_view_others(viewer):
        raise PermissionDenied
    if people is not None:
        person = next((person for person in people if person.pk == user_id), None)
    else:
        person = colleagues_for(viewer).filter(pk=user_id).first()
    if person is None:
        raise Http404
    return person


def team_people(region_id):
    """The staff of a region (deactivated ones too: their open work is still somebody's)."""
    return User.objects.filter(region_id=region_id, role__in=User.REGIONAL_ROLES)


def colleagues_for(viewer):
    """Whose work the viewer may pick on the page: nobody for account managers, the own region
    for team leads, all staff for WSP admins (ONE query when evaluated)."""
    if viewer.is_wsp_admin:
        return (
            User.objects.filter(role__in=User.STAFF_ROLES)
            .select_related("region")
            .order_by("region__name", "first_name", "last_name", "pk")
        )
    if viewer.is_team_lead:
        return team_people(viewer.region_id).order_by("first_name", "last_name", "pk")
    return User.objects.none()


@dataclass(frozen=True)
class Who:
    """One person (`user`) or every staff member of a region (`region_id`)."""

    user: User | None = None
    region_id: int | None = None

    def q(self, field_name):
        if self.user is not None:
            return Q(**{field_name: self.user.pk})
        return Q(**{f"{field_name}__in": team_people(self.region_id).values("pk")})

    def scope(self):
        """The employer ids the work may come from (None: all, for a WSP admin's own work)."""
        if self.user is not None:
            if self.user.is_wsp_admin:
                return None
            return employer_ids_of_region(self.user.region_id)
        return employer_ids_of_region(self.region_id)

    def held(self):
        """The employers held as fixed account manager."""
        return AccountAssignment.objects.filter(
            self.q("manager_id"), kind=AccountAssignment.Kind.PRIMARY, ended_on__isnull=True
        ).values("employer_id")

    def fixed_manager(self, employer_ref):
        """Expression: the person's (or for a team: a team member's) id if they hold the
        employer at `employer_ref`, else NULL."""
        if self.user is not None:
            return Value(self.user.pk)
        managers = (
            AccountAssignment.objects.filter(
                self.q("manager_id"),
                employer_id=OuterRef(employer_ref),
                kind=AccountAssignment.Kind.PRIMARY,
                ended_on__isnull=True,
            )
            .order_by("-started_on", "-pk")
            .values("manager_id")
        )
        return Subquery(managers[:1])


# --- filters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    employer_id: int | None = None
    employer_name: str = ""

    def wants(self, *kinds):
        return not self.kind or self.kind in kinds

    def apply(self, queryset, employer_path):
        if self.employer_id is not None:
            queryset = queryset.filter(**{f"{employer_path}_id": self.employer_id})
        if self.employer_name:
            queryset = queryset.filter(**{f"{employer_path}__name__icontains": self.employer_name})
        return queryset

    def params(self):
        """The filters as query parameters (for links that keep them)."""
        values = {
            "kind": self.kind,
            "employer": self.employer_id or "",
            "q": self.employer_name,
        }
        return {name: value for name, value in values.items() if value}


# --- the rows ------------------------------------------------------------------------------


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
            return _link("employers:detail", self.employer_id) + "#actions"
        if self.kind == Kind.SIGNAL:
            return _link("continuity:detail", self.pk)
        placement = _link("placements:detail", self.placement_id)
        if self.kind == Kind.FOLLOW_UP:
            return f"{placement}#follow-up-{self.pk}"
        if self.kind == Kind.INSTRUMENT_END:
            return f"{placement}#period-{self.pk}"
        return f"{placement}#facts"


# A list of hundreds of rows: the same few addresses and dates over and over.
_SENTINEL = 987654321


def _link(name, pk):
    """reverse(name, args=[pk]), from an address reversed once."""
    return _link_template(name, get_script_prefix(), get_urlconf()).replace(str(_SENTINEL), str(pk))


@functools.lru_cache(maxsize=32)
def _link_template(name, prefix, urlconf):
    return reverse(name, args=[_SENTINEL], urlconf=urlconf)


@functools.lru_cache(maxsize=1024)
def _due_text(due_on, overdue, language):
    if due_on is None:
        return gettext("no due date")
    date = date_format(due_on, "j M Y")
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


def _group_filters(date_field, today, week_end):
    """{group: Q} selecting the rows of each date group (the SQL twin of group_of)."""
    return {
        Group.OVERDUE: Q(**{f"{date_field}__lt": today}),
        Group.TODAY: Q(**{date_field: today}),
        Group.THIS_WEEK: Q(**{f"{date_field}__gt": today, f"{date_field}__lte": week_end}),
        Group.LATER: Q(**{f"{date_field}__gt": week_end}),
        Group.NO_DATE: Q(**{f"{date_field}__isnull": True}),
    }


@dataclass
class Spec:
    """One kind's query: the rows and where its columns are."""

    key: str  # the kind, or "actions" (tasks and questions, told apart by `split`)
    queryset: object
    date: str
    employer: str  # path to the employer ("employer", "placement__employer")
    person: object  # expression: whose row it is
    title: object
    detail: object = None  # None: the kind has no detail
    severity: object = None
    placement: object = None
    split: str | None = None  # actions: the column telling tasks and questions apart

    def rows(self, *, cap=KIND_CAP):
        """The rows, soonest first (no date last), at most `cap` + 1 (one more says "there is
        more"). ONE query with plain columns: cheap to build, to plan and to read."""
        columns = {
            "w_due": F(self.date),
            "w_employer": F(f"{self.employer}_id"),
            "w_employer_name": F(f"{self.employer}__name"),
            "w_person": self.person,
            "w_title": self.title,
            "w_detail": self.detail,
            "w_severity": self.severity,
            "w_placement": self.placement,
            "w_split": F(self.split) if self.split else None,
        }
        columns = {name: value for name, value in columns.items() if value is not None}
        order = [F(self.date).asc(nulls_last=True)]
        if self.severity is not None:
            order.append(F("w_severity").desc())
        rows = self.queryset.annotate(**columns).order_by(*order, "pk").values("pk", *columns)
        return list(rows[: cap + 1])

    def kind_of(self, row):
        if self.split is None:
            return self.key
        return Kind.QUESTION if row["w_split"] == Action.Kind.QUESTION else Kind.ACTION

    def group_counts(self, *, today, week_end):
        """{(kind, group): n} of every row: ONE query (only for a kind past the cap)."""
        counts = {
            group.value: Count("pk", filter=condition)
            for group, condition in _group_filters(self.date, today, week_end).items()
        }
        queryset = self.queryset.order_by()
        if self.split:
            found = queryset.annotate(w_split=F(self.split)).values("w_split").annotate(**counts)
        else:
            found = [queryset.aggregate(**counts)]
        return {
            (self.kind_of(row), Group(group)): row[group.value] for row in found for group in GROUPS
        }

    def person_counts(self):
        """{person id: n} of every row: ONE query (only for a kind past the cap)."""
        found = (
            self.queryset.order_by()
            .annotate(w_person=self.person)
            .values("w_person")
            .annotate(n=Count("pk"))
        )
        return {row["w_person"]: row["n"] for row in found}


def _specs(who, filters, *, today, policy, overdue_only=False):
    """A Spec for each kind the filters ask for. `policy`: the windows (None: overdue
    only, for the team view)."""
    scope = who.scope()
    held = who.held()

    def scoped(queryset, employer_path="employer"):
        if scope is not None:
            queryset = queryset.filter(**{f"{employer_path}_id__in": scope})
        return filters.apply(queryset, employer_path)

    def until(days=0, weeks=0):
        if overdue_only:
            return today - datetime.timedelta(days=1)
        return today + datetime.timedelta(days=days, weeks=weeks)

    specs = []
    if filters.wants(Kind.ACTION, Kind.QUESTION):
        actions = scoped(Action.objects.open().filter(who.q("owner_id")))
        if filters.kind == Kind.ACTION:
            actions = actions.filter(kind=Action.Kind.TASK)
        elif filters.kind == Kind.QUESTION:
            actions = actions.filter(kind=Action.Kind.QUESTION)
        if overdue_only:
            actions = actions.filter(due_on__lt=today)
        specs.append(
            Spec(
                key="actions",
                queryset=actions,
                date="due_on",
                employer="employer",
                person=F("owner_id"),
                # An employer's question: the question itself, as asked in the portal (the
                # conversation it came in; its own title if that text was removed).
                title=Case(
                    When(
                        Q(kind=Action.Kind.QUESTION)
                        & Q(conversation__summary__isnull=False)
                        & ~Q(conversation__summary=""),
                        then=F("conversation__summary"),
                    ),
                    default=F("title"),
                    output_field=models.TextField(),
                ),
                detail=None,
                split="kind",
            )
        )
    if filters.wants(Kind.FOLLOW_UP):
        follow_ups = scoped(
            FollowUp.objects.filter(
                who.q("placement__responsible_id"),
                placement__status=Placement.Status.ACTIVE,
                done_on__isnull=True,
                due_on__lte=until(days=policy.follow_up_due_days if policy else 0),
            ),
            "placement__employer",
        )
        specs.append(
            Spec(
                key=Kind.FOLLOW_UP,
                queryset=follow_ups,
                date="due_on",
                employer="placement__employer",
                person=F("placement__responsible_id"),
                title=F("kind"),
                detail=F("placement__job_title"),
                placement=F("placement_id"),
            )
        )
    if filters.wants(Kind.SIGNAL):
        duplicates = (Q(kind__in=FOLLOW_UP_SIGNALS) & who.q("placement__responsible_id")) | (
            Q(kind__in=DEADLINE_SIGNALS)
            & (who.q("placement__responsible_id") | Q(employer_id__in=held))
        )
        signals = scoped(
            Signal.objects.filter(who.q("assigned_to_id")).filter(open_q(today)).exclude(duplicates)
        )
        if overdue_only:
            signals = signals.filter(due_on__lt=today)
        specs.append(
            Spec(
                key=Kind.SIGNAL,
                queryset=signals,
                date="due_on",
                employer="employer",
                person=F("assigned_to_id"),
                title=F("kind"),
                detail=F("detail"),
                severity=F("severity"),
                placement=F("placement_id"),
            )
        )
    if filters.wants(Kind.CONTRACT_END):
        contracts = scoped(
            Placement.objects.active().filter(
                who.q("responsible_id") | Q(employer_id__in=held),
                contract_end__isnull=False,
                contract_end__lte=until(weeks=policy.contract_end_weeks if policy else 0),
            )
        )
        specs.append(
            Spec(
                key=Kind.CONTRACT_END,
                queryset=contracts,
                date="contract_end",
                employer="employer",
                person=Coalesce(
                    who.fixed_manager("employer_id"),
                    F("responsible_id"),
                    output_field=models.BigIntegerField(),
                ),
                title=F("contract_type"),
                detail=F("job_title"),  # the placement is the row itself
            )
        )
    if filters.wants(Kind.INSTRUMENT_END):
        periods = scoped(
            InstrumentPeriod.objects.filter(
                who.q("placement__responsible_id") | Q(placement__employer_id__in=held),
                placement__status=Placement.Status.ACTIVE,
                status__in=[InstrumentPeriod.Status.APPLIED, InstrumentPeriod.Status.GRANTED],
                end__isnull=False,
                end__lte=until(weeks=policy.instrument_end_weeks if policy else 0),
            ),
            "placement__employer",
        )
        specs.append(
            Spec(
                key=Kind.INSTRUMENT_END,
                queryset=periods,
                date="end",
                employer="placement__employer",
                person=Coalesce(
                    who.fixed_manager("placement__employer_id"),
                    F("placement__responsible_id"),
                    output_field=models.BigIntegerField(),
                ),
                title=F("instrument__name"),
                detail=F("placement__job_title"),
                placement=F("placement_id"),
            )
        )
    return specs


CONTRACT_LABELS = dict(Placement.ContractType.choices)
SIGNAL_LABELS = dict(Signal.Kind.choices)


def _item(spec, row, group):
    kind = spec.kind_of(row)
    title = row["w_title"] or ""
    if kind == Kind.SIGNAL:
        title = str(SIGNAL_LABELS.get(title, title))
    elif kind == Kind.CONTRACT_END:
        title = str(CONTRACT_LABELS.get(title, title))
    detail = row.get("w_detail") or ""
    return Item(
        kind=str(kind),
        pk=row["pk"],
        title=Truncator(title).chars(TITLE_LENGTH) if len(title) > TITLE_LENGTH else title,
        detail=Truncator(detail).chars(DETAIL_LENGTH) if len(detail) > DETAIL_LENGTH else detail,
        due_on=row["w_due"],
        group=group.value,
        employer_id=row["w_employer"],
        employer_name=row["w_employer_name"],
        person_id=row["w_person"],
        severity=row.get("w_severity"),
        placement_id=row["pk"] if kind == Kind.CONTRACT_END else row.get("w_placement"),
    )


def _sort_key(spec, row):
    """Soonest first, then by kind, the most severe signal first."""
    return (
        row["w_due"] or datetime.date.max,
        KIND_ORDER[spec.kind_of(row)],
        -(row.get("w_severity") or 0),
        row["pk"],
    )


def week_end_of(today):
    """The Sunday of today's week ("this week" runs until then)."""
    return today + datetime.timedelta(days=6 - today.weekday())


def policy_of(person):
    """The windows of the person's region (the defaults when it has not set its own), read
    together with the region in ONE query; the region is kept on `person`, so the page header
    that names it costs nothing more."""
    if person.region_id is None:
        return RegionPolicy()
    region = Region.objects.select_related("continuity_policy").filter(pk=person.region_id).first()
    if region is None:
        return RegionPolicy()
    person.region = region
    try:
        return region.continuity_policy
    except RegionPolicy.DoesNotExist:
        return RegionPolicy(region=region)


# --- one person's work ---------------------------------------------------------------------


@dataclass
class DateGroup:
    key: str
    label: str
    items: list
    count: int

    @property
    def more(self):
        return self.count - len(self.items)


@dataclass
class Work:
    person: User
    today: datetime.date
    filters: Filters
    groups: list
    kind_counts: dict = field(default_factory=dict)

    @property
    def total(self):
        return sum(group.count for group in self.groups)

    @property
    def overdue(self):
        return self.group(Group.OVERDUE).count

    def group(self, key):
        return next(group for group in self.groups if group.key == key)

    @property
    def items(self):
        return [item for group in self.groups for item in group.items]

    @property
    def truncated(self):
        return any(group.more for group in self.groups)


def work_of(person, *, filters=None, today=None, limit=GROUP_LIMIT, cap=KIND_CAP):
    """Everything that asks for `person`, grouped by date, at most `limit` rows per group:
    the region's windows (one query) and one query per kind asked for (plus one for a kind
    with more than `cap` rows, to count them all)."""
    today = today or timezone.localdate()
    filters = filters or Filters()
    week_end = week_end_of(today)
    policy = policy_of(person)
    grouped = {group: [] for group in GROUPS}
    counts = dict.fromkeys(((kind, group) for kind in Kind for group in GROUPS), 0)
    for spec in _specs(Who(user=person), filters, today=today, policy=policy):
        rows = spec.rows(cap=cap)
        complete = len(rows) <= cap
        for row in rows[:cap]:
            group = group_of(row["w_due"], today, week_end)
            grouped[group].append((_sort_key(spec, row), spec, row))
            if complete:
                counts[(spec.kind_of(row), group)] += 1
        if not complete:
            counts.update(spec.group_counts(today=today, week_end=week_end))
    groups = []
    for group in GROUPS:
        shown = sorted(grouped[group], key=lambda entry: entry[0])[:limit]
        items = [_item(spec, row, group) for _key, spec, row in shown]
        count = sum(counts[(kind, group)] for kind in Kind)
        groups.append(DateGroup(group.value, group.label, items, count))
    kind_counts = {kind: sum(counts[(kind, group)] for group in GROUPS) for kind in Kind}
    return Work(person=person, today=today, filters=filters, groups=groups, kind_counts=kind_counts)


# --- the counts on the start page ----------------------------------------------------------


def work_counts(person, *, today=None):
    """{"total": n, "overdue": n}: the same rows as `work_of`, counted in ONE query (a UNION
    of one count per kind) after the region's windows."""
    today = today or timezone.localdate()
    policy = policy_of(person)
    counted = [
        spec.queryset.order_by()
        .annotate(w_one=Value(1))
        .values("w_one")  # a constant: no GROUP BY, one row per kind
        .annotate(total=Count("pk"), overdue=Count("pk", filter=Q(**{f"{spec.date}__lt": today})))
        .values("total", "overdue")
        for spec in _specs(Who(user=person), Filters(), today=today, policy=policy)
    ]
    rows = list(counted[0].union(*counted[1:], all=True))
    return {
        "total": sum(row["total"] for row in rows),
        "overdue": sum(row["overdue"] for row in rows),
    }


# --- the team's overdue work ---------------------------------------------------------------


@dataclass
class PersonWork:
    person: User
    items: list
    count: int

    @property
    def more(self):
        return self.count - len(self.items)


@dataclass
class TeamWork:
    region_id: int
    region: Region | None  # read with the people (None when the region has no staff)
    today: datetime.date
    filters: Filters
    people: list  # PersonWork of everybody with overdue work, most first
    without: list  # the active staff with nothing overdue

    @property
    def total(self):
        return sum(entry.count for entry in self.people)


def team_overdue(region_id, *, filters=None, today=None, per_person=PER_PERSON, cap=KIND_CAP):
    """All overdue work of a region's staff, by person, at most `per_person` rows each: one
    query for the people and one per kind (plus one for a kind with more than `cap` overdue
    rows, to count them all)."""
    today = today or timezone.localdate()
    filters = filters or Filters()
    people = {
        person.pk: person
        for person in team_people(region_id)
        .select_related("region")
        .order_by("first_name", "last_name", "pk")
    }
    rows_of = {pk: [] for pk in people}
    counts = dict.fromkeys(people, 0)
    specs = _specs(Who(region_id=region_id), filters, today=today, policy=None, overdue_only=True)
    for spec in specs:
        rows = spec.rows(cap=cap)
        complete = len(rows) <= cap
        for row in rows[:cap]:
            person_id = row["w_person"]
            if person_id in people:
                rows_of[person_id].append((_sort_key(spec, row), spec, row))
                if complete:
                    counts[person_id] += 1
        if not complete:
            for person_id, count in spec.person_counts().items():
                if person_id in counts:
                    counts[person_id] += count
    with_work = []
    for pk, person in people.items():
        if counts[pk]:
            shown = sorted(rows_of[pk], key=lambda entry: entry[0])[:per_person]
            items = [_item(spec, row, Group.OVERDUE) for _key, spec, row in shown]
            with_work.append(PersonWork(person, items, counts[pk]))
    with_work.sort(key=lambda entry: (-entry.count, entry.person.first_name, entry.person.pk))
    without = [person for pk, person in people.items() if not counts[pk] and person.is_active]
    region = next((person.region for person in people.values()), None)
    return TeamWork(
        region_id=region_id,
        region=region,
        today=today,
        filters=filters,
        people=with_work,
        without=without,
    )
