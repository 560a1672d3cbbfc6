"""The lists: one person's work by date group (`work_of`), the start page's counts
(`work_counts`) and the team's overdue work by person (`team_overdue`)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Value
from django.utils import timezone

from accounts.models import Region, User

from .access import Who, team_people
from .queries import Filters, item_of, policy_of, sort_key, specs
from .rows import GROUP_LIMIT, GROUPS, KIND_CAP, PER_PERSON, Group, Kind, group_of, week_end_of

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
    for spec in specs(Who(user=person), filters, today=today, policy=policy):
        rows = spec.rows(cap=cap)
        complete = len(rows) <= cap
        for row in rows[:cap]:
            group = group_of(row["w_due"], today, week_end)
            grouped[group].append((sort_key(spec, row), spec, row))
            if complete:
                counts[(spec.kind_of(row), group)] += 1
        if not complete:
            counts.update(spec.group_counts(today=today, week_end=week_end))
    groups = []
    for group in GROUPS:
        shown = sorted(grouped[group], key=lambda entry: entry[0])[:limit]
        items = [item_of(spec, row, group) for _key, spec, row in shown]
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
        for spec in specs(Who(user=person), Filters(), today=today, policy=policy)
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
    kinds = specs(Who(region_id=region_id), filters, today=today, policy=None, overdue_only=True)
    for spec in kinds:
        rows = spec.rows(cap=cap)
        complete = len(rows) <= cap
        for row in rows[:cap]:
            person_id = row["w_person"]
            if person_id in people:
                rows_of[person_id].append((sort_key(spec, row), spec, row))
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
            items = [item_of(spec, row, Group.OVERDUE) for _key, spec, row in shown]
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
