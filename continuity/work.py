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
date. Each query returns at most `limit` rows per group (the soonest first) and counts every row
of each group with a window function, so the page shows exact numbers and stays bounded for
somebody with hundreds of open signals.

Whose work may be read is decided once, in `target_for` (the page and the API both call it):
everybody their own; a team lead anybody of their own region (another region's person: 404); a
WSP admin anybody on the staff; an account manager nobody else (403). The rows come from the
employers that person's region may see (the scoping rule of Employer.objects.visible_to, also
for a colleague who left, so a team lead sees what was left behind).

The team view (`team_overdue`) reads the same five queries for all staff of one region at once,
overdue rows only, at most `per_person` rows per person.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, User
from employers.models import AccountAssignment, Action, employer_ids_of_region
from placements.models import FollowUp, InstrumentPeriod, Placement

from .models import RegionPolicy, Signal
from .selectors import open_q

GROUP_LIMIT = 50  # rows shown per date group (the counts stay exact)
PER_PERSON = 10  # overdue rows per person in the team view


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
        if self.due_on is None:
            return gettext("no due date")
        date = date_format(self.due_on, "j M Y")
        if self.is_overdue:
            return gettext("was due %(date)s") % {"date": date}
        return gettext("due %(date)s") % {"date": date}

    @property
    def css(self):
        """The row's classes: its kind, and whether it is overdue."""
        return f"work-item work-{self.kind}{' is-overdue' if self.is_overdue else ''}"

    @property
    def url(self):
        """The thing itself, one click away."""
        if self.kind in (Kind.ACTION, Kind.QUESTION):
            return reverse("employers:detail", args=[self.employer_id]) + "#actions"
        if self.kind == Kind.SIGNAL:
            return reverse("continuity:detail", args=[self.pk])
        placement = reverse("placements:detail", args=[self.placement_id])
        if self.kind == Kind.FOLLOW_UP:
            return f"{placement}#follow-up-{self.pk}"
        if self.kind == Kind.INSTRUMENT_END:
            return f"{placement}#period-{self.pk}"
        return f"{placement}#facts"

    def sort_key(self):
        return (
            self.due_on or datetime.date.max,
            KIND_ORDER[self.kind],
            -(self.severity or 0),
            self.pk,
        )


GROUP_NUMBERS = {group: number for number, group in enumerate(GROUPS)}


def _group_of(date_field, today, week_end):
    """Expression: the number of the date group (see GROUPS) of a row."""
    n = GROUP_NUMBERS
    return Case(
        When(**{f"{date_field}__isnull": True}, then=Value(n[Group.NO_DATE])),
        When(**{f"{date_field}__lt": today}, then=Value(n[Group.OVERDUE])),
        When(**{date_field: today}, then=Value(n[Group.TODAY])),
        When(**{f"{date_field}__lte": week_end}, then=Value(n[Group.THIS_WEEK])),
        default=Value(n[Group.LATER]),
        output_field=IntegerField(),
    )


@dataclass
class Spec:
    """One kind's query: the rows and where its columns are."""

    queryset: object
    date: str
    employer: str  # path to the employer ("employer", "placement__employer")
    person: object  # expression: whose row it is
    title: object
    detail: object  # None: the kind has no detail
    severity: object = None
    placement: object = None
    split: str | None = None  # a column that splits the groups further (actions: task/question)

    def rows(self, *, today, week_end, partition, limit, partitions, extra_order=()):
        """At most `limit` rows of each partition (a date group, or a person), soonest first,
        each with the number of rows in its partition; `partitions`: how many there can be.

        The rows are ordered by their rank within their partition and cut at `limit` times the
        partitions: every partition's first `limit` rows are in, and every partition that has
        rows has its first row (with the count) in. No wrapping query is needed for that."""
        group = _group_of(self.date, today, week_end)
        partition_by = {"group": [group], "person": [self.person]}[partition]
        if self.split:
            partition_by = [*partition_by, F(self.split)]
            partitions *= 2
        order_by = [F(self.date).asc(nulls_last=True), *extra_order, F("pk").asc()]
        columns = {
            "w_due": F(self.date),
            "w_group": group,
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
        queryset = self.queryset.annotate(
            **columns,
            w_count=models.Window(Count("pk"), partition_by=partition_by),
            w_rank=models.Window(RowNumber(), partition_by=partition_by, order_by=order_by),
        ).order_by("w_rank", *order_by)
        return queryset.values("pk", "w_count", "w_rank", *columns)[: limit * partitions]


def _specs(who, filters, *, today, policy, overdue_only=False):
    """(kind, Spec) for each kind the filters ask for. `policy`: the windows (None: overdue
    only, for the team view)."""
    scope = who.scope()

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
            (
                "actions",
                Spec(
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
                ),
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
            (
                Kind.FOLLOW_UP,
                Spec(
                    queryset=follow_ups,
                    date="due_on",
                    employer="placement__employer",
                    person=F("placement__responsible_id"),
                    title=F("kind"),
                    detail=F("placement__job_title"),
                    placement=F("placement_id"),
                ),
            )
        )
    if filters.wants(Kind.SIGNAL):
        duplicates = (Q(kind__in=FOLLOW_UP_SIGNALS) & who.q("placement__responsible_id")) | (
            Q(kind__in=DEADLINE_SIGNALS)
            & (who.q("placement__responsible_id") | Q(employer_id__in=who.held()))
        )
        signals = scoped(
            Signal.objects.filter(who.q("assigned_to_id")).filter(open_q(today)).exclude(duplicates)
        )
        if overdue_only:
            signals = signals.filter(due_on__lt=today)
        specs.append(
            (
                Kind.SIGNAL,
                Spec(
                    queryset=signals,
                    date="due_on",
                    employer="employer",
                    person=F("assigned_to_id"),
                    title=F("kind"),
                    detail=F("detail"),
                    severity=F("severity"),
                    placement=F("placement_id"),
                ),
            )
        )
    if filters.wants(Kind.CONTRACT_END):
        contracts = scoped(
            Placement.objects.active().filter(
                who.q("responsible_id") | Q(employer_id__in=who.held()),
                contract_end__isnull=False,
                contract_end__lte=until(weeks=policy.contract_end_weeks if policy else 0),
            )
        )
        specs.append(
            (
                Kind.CONTRACT_END,
                Spec(
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
                ),
            )
        )
    if filters.wants(Kind.INSTRUMENT_END):
        periods = scoped(
            InstrumentPeriod.objects.filter(
                who.q("placement__responsible_id") | Q(placement__employer_id__in=who.held()),
                placement__status=Placement.Status.ACTIVE,
                status__in=[InstrumentPeriod.Status.APPLIED, InstrumentPeriod.Status.GRANTED],
                end__isnull=False,
                end__lte=until(weeks=policy.instrument_end_weeks if policy else 0),
            ),
            "placement__employer",
        )
        specs.append(
            (
                Kind.INSTRUMENT_END,
                Spec(
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
                ),
            )
        )
    return specs


CONTRACT_LABELS = dict(Placement.ContractType.choices)
SIGNAL_LABELS = dict(Signal.Kind.choices)


def _item(spec_key, row):
    if spec_key == "actions":
        kind = Kind.QUESTION if row.get("w_split") == Action.Kind.QUESTION else Kind.ACTION
    else:
        kind = spec_key
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
        group=GROUPS[row["w_group"]].value,
        employer_id=row["w_employer"],
        employer_name=row["w_employer_name"],
        person_id=row["w_person"],
        severity=row.get("w_severity"),
        placement_id=row["pk"] if kind == Kind.CONTRACT_END else row.get("w_placement"),
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


def work_of(person, *, filters=None, today=None, limit=GROUP_LIMIT):
    """Everything that asks for `person`, grouped by date: the policy (one query) and one
    query per kind asked for."""
    today = today or timezone.localdate()
    filters = filters or Filters()
    week_end = week_end_of(today)
    who = Who(user=person)
    policy = policy_of(person)
    grouped = {group: [] for group in GROUPS}
    counts = dict.fromkeys(GROUPS, 0)
    kind_counts = dict.fromkeys(Kind, 0)
    for key, spec in _specs(who, filters, today=today, policy=policy):
        extra = [F("severity").desc()] if key == Kind.SIGNAL else []
        seen = set()
        for row in spec.rows(
            today=today,
            week_end=week_end,
            partition="group",
            limit=limit,
            partitions=len(GROUPS),
            extra_order=extra,
        ):
            if row["w_rank"] > limit:
                continue
            item = _item(key, row)
            grouped[Group(item.group)].append(item)
            partition = (item.group, item.kind)
            if partition not in seen:  # every row of a partition carries its count
                seen.add(partition)
                counts[Group(item.group)] += row["w_count"]
                kind_counts[Kind(item.kind)] += row["w_count"]
    groups = []
    for group in GROUPS:
        items = sorted(grouped[group], key=Item.sort_key)[:limit]
        groups.append(DateGroup(group.value, group.label, items, counts[group]))
    return Work(person=person, today=today, filters=filters, groups=groups, kind_counts=kind_counts)


# --- the counts on the start page ----------------------------------------------------------


def _count_of(queryset):
    """A scalar subquery: the number of rows of `queryset`."""
    counted = queryset.order_by().annotate(n=models.Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def work_counts(person, *, today=None):
    """{"total": n, "overdue": n}: the same rows as `work_of`, counted in ONE query (plus the
    policy's)."""
    today = today or timezone.localdate()
    who = Who(user=person)
    policy = policy_of(person)
    columns = {}
    for key, spec in _specs(who, Filters(), today=today, policy=policy):
        queryset = spec.queryset
        columns[f"{key}_total"] = _count_of(queryset)
        columns[f"{key}_overdue"] = _count_of(queryset.filter(**{f"{spec.date}__lt": today}))
    row = User.objects.filter(pk=person.pk).values(**columns).first() or {}
    return {
        "total": sum(value for name, value in row.items() if name.endswith("_total")),
        "overdue": sum(value for name, value in row.items() if name.endswith("_overdue")),
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


def team_overdue(region_id, *, filters=None, today=None, per_person=PER_PERSON):
    """All overdue work of a region's staff, by person: one query for the people and one per
    kind, at most `per_person` rows per person (the counts stay exact)."""
    today = today or timezone.localdate()
    filters = filters or Filters()
    people = {
        person.pk: person
        for person in team_people(region_id)
        .select_related("region")
        .order_by("first_name", "last_name", "pk")
    }
    who = Who(region_id=region_id)
    items = {pk: [] for pk in people}
    counts = dict.fromkeys(people, 0)
    for key, spec in _specs(who, filters, today=today, policy=None, overdue_only=True):
        extra = [F("severity").desc()] if key == Kind.SIGNAL else []
        seen = set()
        for row in spec.rows(
            today=today,
            week_end=week_end_of(today),
            partition="person",
            limit=per_person,
            partitions=len(people),
            extra_order=extra,
        ):
            person_id = row["w_person"]
            if person_id not in people or row["w_rank"] > per_person:
                continue
            item = _item(key, row)
            items[person_id].append(item)
            partition = (person_id, row.get("w_split"))
            if partition not in seen:
                seen.add(partition)
                counts[person_id] += row["w_count"]
    with_work = [
        PersonWork(person, sorted(items[pk], key=Item.sort_key)[:per_person], counts[pk])
        for pk, person in people.items()
        if counts[pk]
    ]
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
