"""Read the dashboard's tables back as plain text rows."""

from continuity.dashboard.scope import Scope
from continuity.dashboard.sections import drilldown as dashboard_drilldown
from continuity.dashboard.sections import table_by_key


def scope_for(user, **filters):
    region = filters.pop("region", None)
    if region is None and not user.is_wsp_admin:
        region = user.region
    manager = user if user.is_account_manager else filters.pop("manager", None)
    return Scope(user=user, region=region, manager=manager, **filters)


def rows(table):
    return [[str(cell) for cell in row] for row in table.rows]


def table(user, key, **filters):
    return table_by_key(scope_for(user, **filters), key)


def figures(user, key, **filters):
    """{first column: [other columns as text]} of one dashboard table."""
    return {row[0]: row[1:] for row in rows(table(user, key, **filters))}


def drilldown(user, name, params=None, **filters):
    return dashboard_drilldown(scope_for(user, **filters), name, params or {})


def first_column(table_):
    return [str(row[0]) for row in table_.rows]
