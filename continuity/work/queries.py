"""The five queries of "Mijn werk", one per kind of work (`specs`), the filters they take, and
how a row read becomes an Item."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Count, F, Q, When
from django.db.models.functions import Coalesce
from django.utils.text import Truncator

from accounts.models import Region
from employers.models import Action
from placements.models import FollowUp, InstrumentPeriod, Placement

from ..models import RegionPolicy, Signal
from ..selectors import open_q
from .rows import (
    DETAIL_LENGTH,
    GROUPS,
    KIND_CAP,
    KIND_ORDER,
    TITLE_LENGTH,
    Group,
    Item,
    Kind,
)

# Signals about a thing that is listed as its own row for the same person.
FOLLOW_UP_SIGNALS = (Signal.Kind.FOLLOW_UP_DUE, Signal.Kind.FOLLOW_UP_OVERDUE)
DEADLINE_SIGNALS = (Signal.Kind.CONTRACT_ENDING, Signal.Kind.INSTRUMENT_ENDING)


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to: a kind, an employer (id), part of an employer's name."""

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


def specs(who, filters, *, today, policy, overdue_only=False):
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
        # Either assignee: a placement's signal reaches its responsible too (addressed_to_q).
        # Scoped by the signal's own region (the region whose staff act on it), not by the
        # employer id list: with that list PostgreSQL misjudged the rows and re-read the
        # region's employers once per signal (1.5 s at national size).
        signals = (
            Signal.objects.filter(who.q("assigned_to_id") | who.q("also_assigned_to_id"))
            .filter(open_q(today))
            .exclude(duplicates)
        )
        if scope is not None:
            signals = signals.filter(region_id=who.region_id or who.user.region_id)
        signals = filters.apply(signals, "employer")
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


def item_of(spec, row, group):
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


def sort_key(spec, row):
    """Soonest first, then by kind, the most severe signal first."""
    return (
        row["w_due"] or datetime.date.max,
        KIND_ORDER[spec.kind_of(row)],
        -(row.get("w_severity") or 0),
        row["pk"],
    )


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
