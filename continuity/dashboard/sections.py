"""The dashboard's sections in page order, and the drill-down list behind each name."""

from django.utils.translation import gettext_lazy

from .caseload import (
    caseload_tables,
    list_caseload,
    list_overdue_actions,
    list_stale,
    recency_tables,
)
from .contacts import contact_tables, list_contact_changes, list_missing_contact, list_unverified
from .continuity import (
    change_tables,
    fixed_manager_tables,
    list_active,
    list_changed,
    list_no_manager,
)
from .employer_base import base_tables, list_employers
from .placements import (
    list_follow_ups_overdue,
    list_placements_active,
    list_placements_at_risk,
    list_placements_ended,
    list_placements_started,
    list_proposals,
    placement_tables,
)
from .signals import list_signals, signal_tables
from .tables import UnknownList

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
    "placements_ended": list_placements_ended,
    "placements_at_risk": list_placements_at_risk,
    "follow_ups_overdue": list_follow_ups_overdue,
    "proposals": list_proposals,
}


def drilldown(scope, name, params):
    """The list behind a figure; raises UnknownList for an unknown list or parameter."""
    if name not in LISTS:
        raise UnknownList(name)
    return LISTS[name](scope, params)
