"""The "Open signals" section: open continuity signals by kind, severity and staff member, and
the list behind them."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from continuity.models import Signal

from .tables import Cell, Table, UnknownList, as_int, name_of


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
