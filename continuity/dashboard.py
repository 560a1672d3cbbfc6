"""The team lead's continuity dashboard: every figure computed in the database.

A `Scope` holds who is looking and the filters (region, team, account manager, home
organisation, period). `Scope.employers()` starts at `Employer.objects.visible_to(user)`; every
figure and every drill-down list starts from it, so a figure and the list behind it always agree.

Each figure is a `Table` (title, columns, rows of `Cell`s; a cell may link to its drill-down). The
page, the CSV and the XLSX exports render the same tables. Every builder runs a fixed number of
queries whatever the size of the region (medians are taken in Python over one values_list query,
because SQLite has no percentile function).

Definitions:
- fixed account manager: a current primary assignment (in the region looked at) held by an active
  staff member;
- manager change: a primary assignment of the employer that ended within the window (a
  reassignment ends the previous holder's assignment; removing the manager ends it too);
- stale relationship: the continuity rule's definition (no conversation, or none since the
  employer was created, for longer than the region's threshold for its stage);
- retention after N months: `Placement.retained_after` (the milestone has passed and the placement
  had not ended before it), computed in SQL.
"""

import datetime
import statistics
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat, TruncQuarter
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Region, User
from candidates.models import Proposal
from employers.models import (
    AccountAssignment,
    ContactEvent,
    ContactPerson,
    Conversation,
    Employer,
    employer_ids_of_region,
)
from placements.models import FollowUp, Placement

from .models import RegionPolicy, Signal

ACTIVE_STAGES = ("active", "strategic_partner")
STALE_STAGES = ("introduction", "active", "strategic_partner")
PERIODS = {"6": 6, "12": 12, "24": 24, "36": 36}
DEFAULT_PERIOD = "24"
TOP_CHANGES = 10
CONTACT_CHANGE_DAYS = 90
UNVERIFIED_MONTHS = 12


class AddMonths(Func):
    """date + N months in SQL (PostgreSQL interval arithmetic; SQLite's date modifiers)."""

    output_field = DateField()

    def __init__(self, expression, months):
        self.months = int(months)
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + %s::interval)::date", [*params, f"{self.months} months"]

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, %s)", [*params, f"+{self.months} months"]


@dataclass
class Cell:
    value: object
    url: str = ""
    display: str = ""

    def __str__(self):
        if self.display:
            return self.display
        return "" if self.value is None else str(self.value)


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    description: str = ""
    chart: dict | None = None  # {"label": column index, "value": column index}
    empty: str = ""

    def bars(self):
        """The chart's bars: label, value and width in percent of the largest value."""
        if not self.chart:
            return []
        label, value = self.chart["label"], self.chart["value"]
        values = [row[value].value or 0 for row in self.rows]
        top = max(values, default=0) or 1
        return [
            {
                "label": str(row[label]),
                "value": f"{v}{self.chart.get('suffix', '')}",
                "width": round(100 * v / top, 1),
                "y": i * 28,
            }
            for i, (row, v) in enumerate(zip(self.rows, values, strict=True))
        ]

    def chart_height(self):
        return max(len(self.rows), 1) * 28


def pct(part, whole):
    return round(100 * part / whole) if whole else None


def pct_cell(part, whole):
    share = pct(part, whole)
    return Cell(share, display="–" if share is None else f"{share}%")


def name_of(first, last):
    return f"{first or ''} {last or ''}".strip()


@dataclass
class Scope:
    user: User
    region: Region | None = None
    team: object = None
    manager: User | None = None
    organisation: object = None
    period: str = DEFAULT_PERIOD
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def months(self):
        return PERIODS.get(self.period, PERIODS[DEFAULT_PERIOD])

    @property
    def period_start(self):
        """First day of the quarter `months` ago: placements started since then are shown."""
        start = self.today - relativedelta(months=self.months)
        return datetime.date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)

    def params(self):
        values = {
            "region": self.region.pk if self.region and self.user.is_wsp_admin else None,
            "team": self.team.pk if self.team else None,
            "manager": self.manager.pk
            if self.manager and not self.user.is_account_manager
            else None,
            "organisation": self.organisation.pk if self.organisation else None,
            "period": self.period if self.period != DEFAULT_PERIOD else None,
        }
        return {key: value for key, value in values.items() if value is not None}

    def list_url(self, name, **extra):
        query = {**self.params(), **{k: v for k, v in extra.items() if v is not None}}
        url = reverse("dashboard:list", args=[name])
        return f"{url}?{urlencode(query)}" if query else url

    def primaries(self):
        """Current fixed-manager assignments in the region looked at (active managers only)."""
        assignments = AccountAssignment.objects.filter(
            kind="primary", ended_on__isnull=True, manager__is_active=True
        )
        if self.region is not None:
            assignments = assignments.filter(region=self.region)
        return assignments

    def employers(self):
        employers = Employer.objects.visible_to(self.user)
        # The region looked at: its own employers and the national ones held there. For a
        # team lead's own region that is exactly what visible_to already says, so it is not
        # said twice (PostgreSQL would test every employer of the country again).
        if self.region is not None and (
            self.user.is_wsp_admin or self.region.pk != self.user.region_id
        ):
            employers = employers.filter(pk__in=employer_ids_of_region(self.region.pk))
        mine = self.primaries().filter(employer=OuterRef("pk"))
        if self.team is not None:
            employers = employers.filter(Exists(mine.filter(manager__team=self.team)))
        if self.manager is not None:
            employers = employers.filter(Exists(mine.filter(manager=self.manager)))
        if self.organisation is not None:
            employers = employers.filter(
                Exists(mine.filter(manager__home_organisation=self.organisation))
            )
        return employers

    def has_fixed_manager(self):
        return Exists(self.primaries().filter(employer=OuterRef("pk")))

    def fixed_manager_name(self):
        newest = (
            self.primaries()
            .filter(employer=OuterRef("pk"))
            .order_by("-started_on", "-pk")
            .annotate(full=Concat("manager__first_name", Value(" "), "manager__last_name"))
            .values("full")[:1]
        )
        return Subquery(newest)

    def stale_q(self):
        """Q for employers beyond their stage's threshold; needs the `last_conversation` annotation.

        One query reads the policies of the regions involved; regions without one use defaults."""
        now = timezone.now()
        policies = RegionPolicy.objects.all()
        if self.region is not None:
            policies = policies.filter(region=self.region)
        elif not self.user.is_wsp_admin:
            policies = policies.filter(region_id=self.user.region_id)
        by_region = {policy.region_id: policy for policy in policies}

        def beyond(policy):
            q = Q()
            for stage in STALE_STAGES:
                cutoff = now - datetime.timedelta(days=policy.stale_days(stage))
                q |= Q(stage=stage) & (
                    Q(last_conversation__lt=cutoff)
                    | Q(last_conversation__isnull=True, created_at__lt=cutoff)
                )
            return q

        stale = ~Q(region_id__in=list(by_region)) & beyond(RegionPolicy())
        for region_id, policy in by_region.items():
            stale |= Q(region_id=region_id) & beyond(policy)
        return stale


def last_conversation():
    return Subquery(
        Conversation.objects.filter(employer_id=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )


def current_contacts(today):
    return ContactPerson.objects.filter(Q(left_on__isnull=True) | Q(left_on__gt=today))


def days_since(moment, today):
    if moment is None:
        return None
    return (today - timezone.localtime(moment).date()).days


# --- the figures ------------------------------------------------------------------------------


def fixed_manager_tables(scope):
    """1 query: the share of active employers with a fixed account manager."""
    row = (
        scope.employers()
        .filter(stage__in=ACTIVE_STAGES)
        .annotate(has_fixed=scope.has_fixed_manager())
        .aggregate(total=Count("pk"), fixed=Count("pk", filter=Q(has_fixed=True)))
    )
    without = row["total"] - row["fixed"]
    return [
        Table(
            "fixed_manager",
            _("Fixed account manager"),
            [_("Figure"), _("Number")],
            [
                [Cell(_("Active employers")), Cell(row["total"], scope.list_url("active"))],
                [Cell(_("With a fixed account manager")), Cell(row["fixed"])],
                [
                    Cell(_("Employers without a fixed account manager")),
                    Cell(without, scope.list_url("no_manager")),
                ],
                [
                    Cell(_("Share with a fixed account manager")),
                    pct_cell(row["fixed"], row["total"]),
                ],
            ],
            description=_("Active employers: stage active or strategic partner."),
        )
    ]


def manager_changes(scope, months):
    since = scope.today - relativedelta(months=months)
    changes = AccountAssignment.objects.filter(
        employer=OuterRef("pk"), kind="primary", ended_on__gte=since
    )
    if scope.region is not None:
        changes = changes.filter(region=scope.region)
    counted = changes.order_by().values("employer").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), Value(0))


def change_tables(scope):
    """3 queries: employers with a change in 12 and 24 months, the top employers, and the changes
    per quarter (whose sums are the totals)."""
    employers = scope.employers().annotate(
        changes_12=manager_changes(scope, 12), changes_24=manager_changes(scope, 24)
    )
    totals = employers.aggregate(
        total=Count("pk"),
        employers_12=Count("pk", filter=Q(changes_12__gt=0)),
        employers_24=Count("pk", filter=Q(changes_24__gt=0)),
    )
    ended = AccountAssignment.objects.filter(
        kind="primary",
        employer__in=scope.employers(),
        ended_on__gte=scope.today - relativedelta(months=24),
    )
    if scope.region is not None:
        ended = ended.filter(region=scope.region)
    # Per quarter, with the part of the last 12 months: the trend, and summed, the totals.
    trend_rows = list(
        ended.annotate(quarter=TruncQuarter("ended_on"))
        .values("quarter")
        .annotate(
            n=Count("pk"),
            n12=Count("pk", filter=Q(ended_on__gte=scope.today - relativedelta(months=12))),
        )
        .order_by("quarter")
    )
    sums = {
        "n24": sum(row["n"] for row in trend_rows),
        "n12": sum(row["n12"] for row in trend_rows),
    }
    top = (
        employers.filter(changes_24__gt=0)
        .order_by("-changes_24", "-changes_12", "name")
        .values("pk", "name", "changes_12", "changes_24")[:TOP_CHANGES]
    )
    summary = Table(
        "manager_changes",
        _("Account-manager changes"),
        [_("Period"), _("Changes"), _("Employers with a change"), _("Share of employers")],
        [
            [
                Cell(_("Last 12 months")),
                Cell(sums["n12"]),
                Cell(totals["employers_12"], scope.list_url("changed", months=12)),
                pct_cell(totals["employers_12"], totals["total"]),
            ],
            [
                Cell(_("Last 24 months")),
                Cell(sums["n24"]),
                Cell(totals["employers_24"], scope.list_url("changed", months=24)),
                pct_cell(totals["employers_24"], totals["total"]),
            ],
        ],
        description=_(
            "A change is a fixed account manager's assignment that ended in the period "
            "(handed over or removed)."
        ),
    )
    top_table = Table(
        "top_changes",
        _("Employers with the most changes"),
        [_("Employer"), _("Last 12 months"), _("Last 24 months")],
        [
            [
                Cell(row["name"], reverse("employers:detail", args=[row["pk"]])),
                Cell(row["changes_12"]),
                Cell(row["changes_24"]),
            ]
            for row in top
        ],
        empty=_("No account-manager changes in the last 24 months."),
    )
    trend = Table(
        "changes_trend",
        _("Account-manager changes per quarter"),
        [_("Quarter"), _("Changes")],
        [[Cell(quarter_label(row["quarter"])), Cell(row["n"])] for row in trend_rows],
        chart={"label": 0, "value": 1},
        empty=_("No account-manager changes in the last 24 months."),
    )
    return [summary, top_table, trend]


def quarter_label(day):
    if isinstance(day, datetime.datetime):
        day = day.date()
    return f"{day.year} K{(day.month - 1) // 3 + 1}"


def caseload_tables(scope):
    """3 queries: employers per manager by stage; last conversations (median and worst in
    Python); overdue open next actions per owner."""
    employers = scope.employers()
    assignments = scope.primaries().filter(employer__in=employers)
    stage_counts = {
        stage: Count("pk", filter=Q(employer__stage=stage)) for stage, _l in Employer.Stage.choices
    }
    rows = (
        assignments.values("manager_id", "manager__first_name", "manager__last_name")
        .annotate(total=Count("pk"), **stage_counts)
        .order_by("manager__first_name", "manager__last_name", "manager_id")
    )
    lasts = {}
    for manager_id, last in assignments.annotate(
        last=Subquery(
            Conversation.objects.filter(employer_id=OuterRef("employer_id"))
            .order_by("-occurred_at")
            .values("occurred_at")[:1]
        )
    ).values_list("manager_id", "last"):
        lasts.setdefault(manager_id, []).append(days_since(last, scope.today))
    overdue = dict(
        Conversation.objects.open_actions()
        .filter(employer__in=employers, next_action_due__lt=scope.today)
        .values("next_action_owner")
        .annotate(n=Count("pk"))
        .values_list("next_action_owner", "n")
    )
    table_rows = []
    for row in rows:
        days = [d for d in lasts.get(row["manager_id"], []) if d is not None]
        never = len(lasts.get(row["manager_id"], [])) - len(days)
        median = round(statistics.median(days)) if days else None
        worst = max(days) if days else None
        table_rows.append(
            [
                Cell(name_of(row["manager__first_name"], row["manager__last_name"])),
                Cell(row["total"], scope.list_url("caseload", manager_id=row["manager_id"])),
                *[Cell(row[stage]) for stage, _l in Employer.Stage.choices],
                Cell(median, display="–" if median is None else str(median)),
                Cell(worst, display="–" if worst is None else str(worst)),
                Cell(never),
                Cell(
                    overdue.get(row["manager_id"], 0),
                    scope.list_url("overdue_actions", owner=row["manager_id"]),
                ),
            ]
        )
    return [
        Table(
            "caseload",
            _("Caseload per account manager"),
            [
                _("Account manager"),
                _("Employers"),
                *[label for _s, label in Employer.Stage.choices],
                _("Days since last conversation (median)"),
                _("Days since last conversation (worst)"),
                _("Never spoken"),
                _("Overdue next actions"),
            ],
            table_rows,
            chart={"label": 0, "value": 1},
            empty=_("No employers with a fixed account manager."),
        )
    ]


def contact_tables(scope):
    """3 queries: coverage (one aggregate), changes in the last 90 days, unverified contacts."""
    today = scope.today
    contacts = current_contacts(today).filter(employer=OuterRef("pk"))
    coverage = (
        scope.employers()
        .exclude(stage="prospect")
        .annotate(
            has_top=Exists(contacts.filter(level="top")),
            has_middle=Exists(contacts.filter(level="middle")),
            has_floor=Exists(contacts.filter(level="floor")),
            has_champion=Exists(contacts.filter(is_champion=True)),
        )
        .aggregate(
            total=Count("pk"),
            top=Count("pk", filter=Q(has_top=True)),
            middle=Count("pk", filter=Q(has_middle=True)),
            floor=Count("pk", filter=Q(has_floor=True)),
            champion=Count("pk", filter=Q(has_champion=True)),
        )
    )
    labels = [
        ("top", _("Top level (owner / director)")),
        ("middle", _("Middle level (HR / management)")),
        ("floor", _("Shop floor (supervisor / buddy)")),
        ("champion", _("Champion (kartrekker)")),
    ]
    coverage_table = Table(
        "contact_coverage",
        _("Contact coverage"),
        [_("Contact"), _("Employers with one"), _("Employers without one"), _("Coverage")],
        [
            [
                Cell(label),
                Cell(coverage[key]),
                Cell(
                    coverage["total"] - coverage[key], scope.list_url("missing_contact", level=key)
                ),
                pct_cell(coverage[key], coverage["total"]),
            ]
            for key, label in labels
        ],
        description=_("Employers beyond the prospect stage (%(count)s).")
        % {"count": coverage["total"]},
    )
    since = today - datetime.timedelta(days=CONTACT_CHANGE_DAYS)
    events = dict(
        ContactEvent.objects.filter(
            contact__employer__in=scope.employers(),
            on__gte=since,
            kind__in=("added", "left", "role_changed"),
        )
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    unverified = unverified_contacts(scope).count()
    changes_table = Table(
        "contact_changes",
        _("Contact-person changes"),
        [_("Figure"), _("Number")],
        [
            *[
                [
                    Cell(label),
                    Cell(events.get(kind, 0), scope.list_url("contact_changes", kind=kind)),
                ]
                for kind, label in (
                    ("added", _("Added in the last 90 days")),
                    ("left", _("Left in the last 90 days")),
                    ("role_changed", _("Changed role in the last 90 days")),
                )
            ],
            [
                Cell(_("Contacts not verified for 12 months")),
                Cell(unverified, scope.list_url("unverified")),
            ],
        ],
    )
    return [coverage_table, changes_table]


def unverified_contacts(scope):
    cutoff = scope.today - relativedelta(months=UNVERIFIED_MONTHS)
    cutoff_moment = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    return current_contacts(scope.today).filter(
        Q(employer__in=scope.employers()),
        Q(last_verified_on__lt=cutoff)
        | Q(last_verified_on__isnull=True, created_at__lt=cutoff_moment),
    )


def recency_tables(scope):
    """2 queries: the policies, then the stale employers per stage."""
    stale = scope.stale_q()
    counts = dict(
        scope.employers()
        .filter(stage__in=STALE_STAGES)
        .annotate(last_conversation=last_conversation())
        .filter(stale)
        .values("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    stages = dict(Employer.Stage.choices)
    rows = [
        [Cell(stages[stage]), Cell(counts.get(stage, 0), scope.list_url("stale", stage=stage))]
        for stage in STALE_STAGES
    ]
    rows.append([Cell(_("Total")), Cell(sum(counts.values()), scope.list_url("stale"))])
    return [
        Table(
            "recency",
            _("Employers without a recent conversation"),
            [_("Stage"), _("Employers")],
            rows,
            description=_(
                "No conversation for longer than the region's threshold for the stage "
                "(see the thresholds of the signals)."
            ),
        )
    ]


def open_signals(scope):
    return Signal.objects.visible_to(scope.user).open().filter(employer__in=scope.employers())


def signal_tables(scope):
    """1 query: open signals counted per kind, severity and staff member together (a few hundred
    groups at most), then summed three ways here (one pass over the region's signals instead of
    three)."""
    kinds = dict(Signal.Kind.choices)
    severities = dict(Signal.Severity.choices)
    groups = (
        open_signals(scope)
        .values(
            "kind", "severity", "assigned_to", "assigned_to__first_name", "assigned_to__last_name"
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    kind_counts, severity_counts, staff_counts, staff_names = {}, {}, {}, {}
    for group in groups:
        kind_counts[group["kind"]] = kind_counts.get(group["kind"], 0) + group["n"]
        severity = group["severity"]
        severity_counts[severity] = severity_counts.get(severity, 0) + group["n"]
        person = group["assigned_to"]
        staff_counts[person] = staff_counts.get(person, 0) + group["n"]
        staff_names[person] = (group["assigned_to__first_name"], group["assigned_to__last_name"])
    by_kind = [
        {"kind": kind, "n": n}
        for kind, n in sorted(kind_counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    by_severity = [
        {"severity": severity, "n": n}
        for severity, n in sorted(severity_counts.items(), key=lambda item: -item[0])
    ]

    def staff_order(item):  # most signals first, then by first name; nobody last
        person, n = item
        first = staff_names[person][0]
        return (-n, first is None, first or "", person is None, person or 0)

    by_staff = [
        {
            "assigned_to": person,
            "assigned_to__first_name": staff_names[person][0],
            "assigned_to__last_name": staff_names[person][1],
            "n": n,
        }
        for person, n in sorted(staff_counts.items(), key=staff_order)
    ]
    return [
        Table(
            "signals_kind",
            _("Open signals by kind"),
            [_("Kind"), _("Open")],
            [
                [
                    Cell(kinds.get(row["kind"], row["kind"])),
                    Cell(row["n"], scope.list_url("signals", kind=row["kind"])),
                ]
                for row in by_kind
            ],
            chart={"label": 0, "value": 1},
            empty=_("No open signals."),
        ),
        Table(
            "signals_severity",
            _("Open signals by severity"),
            [_("Severity"), _("Open")],
            [
                [
                    Cell(severities.get(row["severity"], row["severity"])),
                    Cell(row["n"], scope.list_url("signals", severity=row["severity"])),
                ]
                for row in by_severity
            ],
            empty=_("No open signals."),
        ),
        Table(
            "signals_staff",
            _("Open signals by staff member"),
            [_("Staff member"), _("Open")],
            [
                [
                    Cell(
                        name_of(row["assigned_to__first_name"], row["assigned_to__last_name"])
                        or _("nobody")
                    ),
                    Cell(
                        row["n"],
                        scope.list_url("signals", assigned_to=row["assigned_to"] or "none"),
                    ),
                ]
                for row in by_staff
            ],
            empty=_("No open signals."),
        ),
    ]


def placement_tables(scope):
    """3 queries: active placements with their overdue follow-ups, retention per quarter,
    proposals by status."""
    placements = Placement.objects.filter(employer__in=scope.employers())
    counts = placements.filter(status="active").aggregate(
        active=Count("pk", distinct=True),
        overdue=Count(
            "follow_ups",
            filter=Q(follow_ups__done_on__isnull=True, follow_ups__due_on__lt=scope.today),
        ),
    )
    active, overdue = counts["active"], counts["overdue"]
    retention_rows = (
        placements.filter(start_date__gte=scope.period_start, start_date__lte=scope.today)
        .annotate(
            quarter=TruncQuarter("start_date"),
            m6=AddMonths(F("start_date"), 6),
            m12=AddMonths(F("start_date"), 12),
        )
        .values("quarter")
        .annotate(
            started=Count("pk"),
            permanent=Count("pk", filter=Q(contract_type="permanent")),
            due6=Count("pk", filter=Q(m6__lte=scope.today)),
            kept6=Count(
                "pk",
                filter=Q(m6__lte=scope.today)
                & (Q(ended_on__isnull=True) | Q(ended_on__gte=F("m6"))),
            ),
            due12=Count("pk", filter=Q(m12__lte=scope.today)),
            kept12=Count(
                "pk",
                filter=Q(m12__lte=scope.today)
                & (Q(ended_on__isnull=True) | Q(ended_on__gte=F("m12"))),
            ),
        )
        .order_by("quarter")
    )
    statuses = dict(Proposal.Status.choices)
    proposal_counts = dict(
        Proposal.objects.filter(employer__in=scope.employers())
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    overview = Table(
        "placements",
        _("Placements"),
        [_("Figure"), _("Number")],
        [
            [Cell(_("Active placements")), Cell(active, scope.list_url("placements_active"))],
            [Cell(_("Follow-ups overdue")), Cell(overdue, scope.list_url("follow_ups_overdue"))],
        ],
    )
    retention = Table(
        "retention",
        _("Retention per quarter of start"),
        [
            _("Quarter of start"),
            _("Started"),
            _("Still in the job after 6 months"),
            _("Still in the job after 12 months"),
            _("Permanent contracts"),
        ],
        [
            [
                Cell(quarter_label(row["quarter"])),
                Cell(
                    row["started"],
                    scope.list_url("placements_started", quarter=row["quarter"].isoformat()[:10]),
                ),
                retention_cell(row["kept6"], row["due6"]),
                retention_cell(row["kept12"], row["due12"]),
                pct_cell(row["permanent"], row["started"]),
            ]
            for row in retention_rows
        ],
        description=_(
            "Retention counts placements whose milestone has passed; a quarter whose "
            "milestone is still ahead shows a dash."
        ),
        chart={
            "label": 0,
            "value": 2,
            "suffix": "%",
            "title": _("Still in the job after 6 months, per quarter of start"),
        },
        empty=_("No placements started in this period."),
    )
    pipeline = Table(
        "proposals",
        _("Proposals by status"),
        [_("Status"), _("Proposals")],
        [
            [
                Cell(label),
                Cell(proposal_counts.get(status, 0), scope.list_url("proposals", status=status)),
            ]
            for status, label in statuses.items()
        ],
        chart={"label": 0, "value": 1},
    )
    return [overview, retention, pipeline]


def retention_cell(kept, due):
    share = pct(kept, due)
    if share is None:
        return Cell(None, display="–")
    return Cell(share, display=f"{share}% ({kept}/{due})")


def base_tables(scope):
    """1 query: the employer base in one aggregate."""
    stage_counts = {
        f"stage_{stage}": Count("pk", filter=Q(stage=stage)) for stage, _l in Employer.Stage.choices
    }
    row = scope.employers().aggregate(
        total=Count("pk"),
        **stage_counts,
        inclusive=Count("pk", filter=Q(inclusion="inclusive")),
        not_yet=Count("pk", filter=Q(inclusion="not_yet")),
        large=Count("pk", filter=Q(employee_count__gte=250)),
        small=Count("pk", filter=Q(employee_count__lt=250)),
        size_unknown=Count("pk", filter=Q(employee_count__isnull=True)),
        public=Count("pk", filter=Q(ownership="public")),
        private=Count("pk", filter=Q(ownership="private")),
        social=Count("pk", filter=Q(is_social_enterprise=True)),
        style_vacancy_filling=Count("pk", filter=Q(style_vacancy_filling=True)),
        style_unburdening=Count("pk", filter=Q(style_unburdening=True)),
        style_strategic=Count("pk", filter=Q(style_strategic=True)),
    )
    total = row["total"]

    def line(label, key, facet, value):
        return [
            Cell(label),
            Cell(row[key], scope.list_url("employers", facet=facet, value=value)),
            pct_cell(row[key], total),
        ]

    columns = [_("Group"), _("Employers"), _("Share")]
    funnel = Table(
        "funnel",
        _("Stage funnel"),
        columns,
        [line(label, f"stage_{stage}", "stage", stage) for stage, label in Employer.Stage.choices],
        chart={"label": 0, "value": 1},
    )
    base = Table(
        "employer_base",
        _("The employer base"),
        columns,
        [
            line(_("Inclusive"), "inclusive", "inclusion", "inclusive"),
            line(_("Not yet inclusive"), "not_yet", "inclusion", "not_yet"),
            line(_("250 or more employees"), "large", "size", "large"),
            line(_("Fewer than 250 employees"), "small", "size", "small"),
            line(_("Size unknown"), "size_unknown", "size", "unknown"),
            line(_("Public"), "public", "ownership", "public"),
            line(_("Private"), "private", "ownership", "private"),
            line(_("Social enterprises"), "social", "social", "1"),
            line(
                _("Service style: vacancy filling"),
                "style_vacancy_filling",
                "style",
                "vacancy_filling",
            ),
            line(_("Service style: unburdening"), "style_unburdening", "style", "unburdening"),
            line(
                _("Service style: strategic partnership"), "style_strategic", "style", "strategic"
            ),
        ],
        description=_("All employers in view (%(count)s).") % {"count": total},
    )
    return [funnel, base]


SECTIONS = [
    ("continuity", gettext_lazy("Continuity"), (fixed_manager_tables, change_tables)),
    ("caseload", gettext_lazy("Caseload"), (caseload_tables, recency_tables)),
    ("contacts", gettext_lazy("Contact persons"), (contact_tables,)),
    ("signals", gettext_lazy("Open signals"), (signal_tables,)),
    ("placements", gettext_lazy("Placements and proposals"), (placement_tables,)),
    ("base", gettext_lazy("The employer base"), (base_tables,)),
]


def dashboard_sections(scope):
    return [
        {"key": key, "title": title, "tables": [t for builder in builders for t in builder(scope)]}
        for key, title, builders in SECTIONS
    ]


def table_by_key(scope, key):
    """One table of the dashboard (for its export); None when there is no such table."""
    for _key, _title, builders in SECTIONS:
        for builder in builders:
            for table in builder(scope):
                if table.key == key:
                    return table
    return None


# --- drill-down lists (one query each) ---------------------------------------------------------


class UnknownList(Exception):
    """The list name or one of its parameters is not one we know (the view answers 404)."""


def employer_rows(scope, employers, title, description=""):
    rows = (
        employers.annotate(manager_name=scope.fixed_manager_name(), last=last_conversation())
        .order_by("name", "pk")
        .values("pk", "name", "stage", "manager_name", "last", "region__name")
    )
    stages = dict(Employer.Stage.choices)
    return Table(
        "list",
        title,
        [
            _("Employer"),
            _("Stage"),
            _("Fixed account manager"),
            _("Last conversation"),
            _("Days since"),
            _("Region"),
        ],
        [
            [
                Cell(row["name"], reverse("employers:detail", args=[row["pk"]])),
                Cell(stages.get(row["stage"], row["stage"])),
                Cell(row["manager_name"] or "", display=row["manager_name"] or _("none")),
                Cell(
                    timezone.localtime(row["last"]).date() if row["last"] else None,
                    display=timezone.localtime(row["last"]).strftime("%d-%m-%Y")
                    if row["last"]
                    else _("never"),
                ),
                Cell(days_since(row["last"], scope.today)),
                Cell(row["region__name"]),
            ]
            for row in rows
        ],
        description=description,
        empty=_("No employers."),
    )


def as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise UnknownList(value) from None


EMPLOYER_FACETS = {
    "stage": lambda v: Q(stage=v) if v in Employer.Stage.values else None,
    "inclusion": lambda v: Q(inclusion=v) if v in Employer.Inclusion.values else None,
    "size": lambda v: {
        "large": Q(employee_count__gte=250),
        "small": Q(employee_count__lt=250),
        "unknown": Q(employee_count__isnull=True),
    }.get(v),
    "ownership": lambda v: Q(ownership=v) if v in Employer.Ownership.values else None,
    "social": lambda v: Q(is_social_enterprise=True) if v == "1" else None,
    "style": lambda v: {
        "vacancy_filling": Q(style_vacancy_filling=True),
        "unburdening": Q(style_unburdening=True),
        "strategic": Q(style_strategic=True),
    }.get(v),
}


def list_employers(scope, params):
    facet, value = params.get("facet"), params.get("value", "")
    if facet not in EMPLOYER_FACETS:
        raise UnknownList(facet)
    condition = EMPLOYER_FACETS[facet](value)
    if condition is None:
        raise UnknownList(value)
    return employer_rows(scope, scope.employers().filter(condition), _("Employers"))


def list_active(scope, params):
    return employer_rows(
        scope, scope.employers().filter(stage__in=ACTIVE_STAGES), _("Active employers")
    )


def list_no_manager(scope, params):
    employers = (
        scope.employers()
        .filter(stage__in=ACTIVE_STAGES)
        .annotate(has_fixed=scope.has_fixed_manager())
        .filter(has_fixed=False)
    )
    return employer_rows(scope, employers, _("Employers without a fixed account manager"))


def list_changed(scope, params):
    months = as_int(params.get("months", 12))
    if months not in (12, 24):
        raise UnknownList(months)
    employers = (
        scope.employers().annotate(changes=manager_changes(scope, months)).filter(changes__gt=0)
    )
    return employer_rows(
        scope,
        employers,
        _("Employers with an account-manager change in the last %(months)s months")
        % {"months": months},
    )


def list_caseload(scope, params):
    manager_id = as_int(params.get("manager_id"))
    mine = scope.primaries().filter(employer=OuterRef("pk"), manager_id=manager_id)
    return employer_rows(
        scope, scope.employers().filter(Exists(mine)), _("Caseload of the account manager")
    )


def list_missing_contact(scope, params):
    level = params.get("level")
    contacts = current_contacts(scope.today).filter(employer=OuterRef("pk"))
    conditions = {
        "top": contacts.filter(level="top"),
        "middle": contacts.filter(level="middle"),
        "floor": contacts.filter(level="floor"),
        "champion": contacts.filter(is_champion=True),
    }
    if level not in conditions:
        raise UnknownList(level)
    employers = scope.employers().exclude(stage="prospect").filter(~Exists(conditions[level]))
    titles = {
        "top": _("Employers without a contact at top level"),
        "middle": _("Employers without a contact at middle level"),
        "floor": _("Employers without a contact on the shop floor"),
        "champion": _("Employers without a champion"),
    }
    return employer_rows(scope, employers, titles[level])


def list_stale(scope, params):
    stage = params.get("stage")
    employers = scope.employers().filter(stage__in=STALE_STAGES)
    if stage:
        if stage not in STALE_STAGES:
            raise UnknownList(stage)
        employers = employers.filter(stage=stage)
    employers = employers.annotate(last_conversation=last_conversation()).filter(scope.stale_q())
    return employer_rows(scope, employers, _("Employers without a recent conversation"))


def list_overdue_actions(scope, params):
    actions = Conversation.objects.open_actions().filter(
        employer__in=scope.employers(), next_action_due__lt=scope.today
    )
    if params.get("owner"):
        actions = actions.filter(next_action_owner_id=as_int(params["owner"]))
    rows = actions.order_by("next_action_due", "pk").values(
        "employer_id",
        "employer__name",
        "next_action",
        "next_action_due",
        "next_action_owner__first_name",
        "next_action_owner__last_name",
    )
    return Table(
        "list",
        _("Overdue next actions"),
        [_("Employer"), _("Next action"), _("Due date"), _("Owner"), _("Days overdue")],
        [
            [
                Cell(row["employer__name"], reverse("employers:detail", args=[row["employer_id"]])),
                Cell(row["next_action"]),
                Cell(row["next_action_due"], display=row["next_action_due"].strftime("%d-%m-%Y")),
                Cell(
                    name_of(
                        row["next_action_owner__first_name"], row["next_action_owner__last_name"]
                    )
                ),
                Cell((scope.today - row["next_action_due"]).days),
            ]
            for row in rows
        ],
        empty=_("No overdue next actions."),
    )


def list_contact_changes(scope, params):
    kinds = dict(ContactEvent.Kind.choices)
    kind = params.get("kind")
    if kind not in ("added", "left", "role_changed"):
        raise UnknownList(kind)
    rows = (
        ContactEvent.objects.filter(
            contact__employer__in=scope.employers(),
            on__gte=scope.today - datetime.timedelta(days=CONTACT_CHANGE_DAYS),
            kind=kind,
        )
        .order_by("-on", "-pk")
        .values("contact__employer_id", "contact__employer__name", "contact__name", "on", "details")
    )
    return Table(
        "list",
        _("Contact-person changes in the last 90 days: %(kind)s") % {"kind": kinds[kind]},
        [_("Employer"), _("Contact person"), _("Date"), _("Details")],
        [
            [
                Cell(
                    row["contact__employer__name"],
                    reverse("employers:detail", args=[row["contact__employer_id"]]),
                ),
                Cell(row["contact__name"]),
                Cell(row["on"], display=row["on"].strftime("%d-%m-%Y")),
                Cell(row["details"]),
            ]
            for row in rows
        ],
        empty=_("No changes."),
    )


def list_unverified(scope, params):
    levels = dict(ContactPerson.Level.choices)
    rows = (
        unverified_contacts(scope)
        .order_by("employer__name", "name", "pk")
        .values("employer_id", "employer__name", "name", "level", "last_verified_on")
    )
    return Table(
        "list",
        _("Contacts not verified for 12 months"),
        [_("Employer"), _("Contact person"), _("Level"), _("Last verified on")],
        [
            [
                Cell(row["employer__name"], reverse("employers:detail", args=[row["employer_id"]])),
                Cell(row["name"]),
                Cell(levels.get(row["level"], row["level"])),
                Cell(
                    row["last_verified_on"],
                    display=row["last_verified_on"].strftime("%d-%m-%Y")
                    if row["last_verified_on"]
                    else _("never"),
                ),
            ]
            for row in rows
        ],
        empty=_("No contacts."),
    )


def list_signals(scope, params):
    signals = open_signals(scope)
    if params.get("kind"):
        if params["kind"] not in Signal.Kind.values:
            raise UnknownList(params["kind"])
        signals = signals.filter(kind=params["kind"])
    if params.get("severity"):
        signals = signals.filter(severity=as_int(params["severity"]))
    if params.get("assigned_to") == "none":
        signals = signals.filter(assigned_to__isnull=True)
    elif params.get("assigned_to"):
        signals = signals.filter(assigned_to_id=as_int(params["assigned_to"]))
    kinds, severities = dict(Signal.Kind.choices), dict(Signal.Severity.choices)
    rows = signals.order_by("-severity", "created_at", "pk").values(
        "pk",
        "kind",
        "severity",
        "employer__name",
        "assigned_to__first_name",
        "assigned_to__last_name",
        "created_at",
    )
    return Table(
        "list",
        _("Open signals"),
        [_("Signal"), _("Severity"), _("Employer"), _("Assigned to"), _("Raised")],
        [
            [
                Cell(
                    kinds.get(row["kind"], row["kind"]),
                    reverse("continuity:detail", args=[row["pk"]]),
                ),
                Cell(severities.get(row["severity"], row["severity"])),
                Cell(row["employer__name"]),
                Cell(name_of(row["assigned_to__first_name"], row["assigned_to__last_name"])),
                Cell(
                    timezone.localtime(row["created_at"]).date(),
                    display=timezone.localtime(row["created_at"]).strftime("%d-%m-%Y"),
                ),
            ]
            for row in rows
        ],
        empty=_("No open signals."),
    )


def placement_rows(scope, placements, title):
    contract_types = dict(Placement.ContractType.choices)
    rows = placements.order_by("-start_date", "pk").values(
        "pk", "job_title", "employer__name", "start_date", "contract_type", "ended_on"
    )
    return Table(
        "list",
        title,
        [_("Placement"), _("Employer"), _("Start date"), _("Contract type"), _("Ended on")],
        [
            [
                Cell(row["job_title"], reverse("placements:detail", args=[row["pk"]])),
                Cell(row["employer__name"]),
                Cell(row["start_date"], display=row["start_date"].strftime("%d-%m-%Y")),
                Cell(contract_types.get(row["contract_type"], row["contract_type"])),
                Cell(
                    row["ended_on"],
                    display=row["ended_on"].strftime("%d-%m-%Y") if row["ended_on"] else "",
                ),
            ]
            for row in rows
        ],
        empty=_("No placements."),
    )


def list_placements_active(scope, params):
    placements = Placement.objects.filter(employer__in=scope.employers(), status="active")
    return placement_rows(scope, placements, _("Active placements"))


def list_placements_started(scope, params):
    try:
        start = datetime.date.fromisoformat(params.get("quarter", ""))
    except ValueError:
        raise UnknownList(params.get("quarter")) from None
    if start.month not in (1, 4, 7, 10) or start.day != 1:
        raise UnknownList(start)
    placements = Placement.objects.filter(
        employer__in=scope.employers(),
        start_date__gte=start,
        start_date__lt=start + relativedelta(months=3),
        start_date__lte=scope.today,
    )
    return placement_rows(
        scope,
        placements,
        _("Placements started in %(quarter)s") % {"quarter": quarter_label(start)},
    )


def list_follow_ups_overdue(scope, params):
    rows = (
        FollowUp.objects.filter(
            placement__employer__in=scope.employers(),
            placement__status="active",
            done_on__isnull=True,
            due_on__lt=scope.today,
        )
        .order_by("due_on", "pk")
        .values(
            "placement_id", "placement__job_title", "placement__employer__name", "kind", "due_on"
        )
    )
    return Table(
        "list",
        _("Follow-ups overdue"),
        [_("Placement"), _("Employer"), _("Checkpoint"), _("Due on"), _("Days overdue")],
        [
            [
                Cell(
                    row["placement__job_title"],
                    reverse("placements:detail", args=[row["placement_id"]]),
                ),
                Cell(row["placement__employer__name"]),
                Cell(row["kind"]),
                Cell(row["due_on"], display=row["due_on"].strftime("%d-%m-%Y")),
                Cell((scope.today - row["due_on"]).days),
            ]
            for row in rows
        ],
        empty=_("No overdue follow-ups."),
    )


def list_proposals(scope, params):
    """Proposals by status; no candidate details here (candidate records are opened, and logged,
    on their own pages)."""
    statuses = dict(Proposal.Status.choices)
    status = params.get("status")
    if status not in statuses:
        raise UnknownList(status)
    rows = (
        Proposal.objects.filter(employer__in=scope.employers(), status=status)
        .order_by("-proposed_on", "-pk")
        .values("employer_id", "employer__name", "proposed_on", "status_changed_on")
    )
    return Table(
        "list",
        _("Proposals: %(status)s") % {"status": statuses[status]},
        [_("Employer"), _("Proposed on"), _("Status changed on")],
        [
            [
                Cell(row["employer__name"], reverse("employers:detail", args=[row["employer_id"]])),
                Cell(row["proposed_on"], display=row["proposed_on"].strftime("%d-%m-%Y")),
                Cell(
                    row["status_changed_on"],
                    display=row["status_changed_on"].strftime("%d-%m-%Y"),
                ),
            ]
            for row in rows
        ],
        empty=_("No proposals."),
    )


LISTS = {
    "employers": list_employers,
    "active": list_active,
    "no_manager": list_no_manager,
    "changed": list_changed,
    "caseload": list_caseload,
    "missing_contact": list_missing_contact,
    "stale": list_stale,
    "overdue_actions": list_overdue_actions,
    "contact_changes": list_contact_changes,
    "unverified": list_unverified,
    "signals": list_signals,
    "placements_active": list_placements_active,
    "placements_started": list_placements_started,
    "follow_ups_overdue": list_follow_ups_overdue,
    "proposals": list_proposals,
}


def drilldown(scope, name, params):
    """The list behind a figure; raises UnknownList for an unknown list or parameter."""
    if name not in LISTS:
        raise UnknownList(name)
    return LISTS[name](scope, params)


# --- the employer continuity card -------------------------------------------------------------

CARD_CONTACT_EVENTS = 10


def employer_continuity_card(employer, today=None):
    """Context for templates/dashboard/includes/continuity_card.html: 4 queries.

    The current fixed manager and the tenure, previous fixed managers with dates and handover
    notes, the latest contact-person changes, days since the last conversation, open signals.
    The caller has already checked that the user may see `employer`."""
    today = today or timezone.localdate()
    assignments = list(
        AccountAssignment.objects.filter(employer=employer, kind="primary")
        .select_related("manager", "region")
        .order_by("-started_on", "-pk")
    )
    current = [a for a in assignments if a.ended_on is None]
    home = [a for a in current if a.region_id == employer.region_id]
    primary = (home or current or [None])[0]
    previous = [a for a in assignments if a.ended_on is not None]
    # A handover note is written on the assignment that takes over from the previous holder.
    for old in previous:
        successor = next(
            (
                a
                for a in reversed(assignments[: assignments.index(old)])
                if a.region_id == old.region_id
            ),
            None,
        )
        old.successor_note = successor.handover_note if successor else ""
        old.tenure_days = (old.ended_on - old.started_on).days
    events = list(
        ContactEvent.objects.filter(contact__employer=employer)
        .exclude(kind="verified")
        .select_related("contact")
        .order_by("-on", "-pk")[:CARD_CONTACT_EVENTS]
    )
    last = (
        Conversation.objects.filter(employer=employer)
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)
        .first()
    )
    signals = Signal.objects.filter(employer=employer).open().count()
    return {
        "employer": employer,
        "primary": primary,
        "tenure_days": (today - primary.started_on).days if primary else None,
        "previous_assignments": previous,
        "contact_events": events,
        "last_conversation": last,
        "days_since_conversation": days_since(last, today),
        "open_signals": signals,
    }
