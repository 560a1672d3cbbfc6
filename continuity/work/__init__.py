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

Modules: rows.py (what a row is: kinds, date groups, its texts and link), access.py (whose work
one may read; `Who`), queries.py (the five queries and the filters), lists.py (the person's
list, the start page's counts, the team view); views.py, urls.py and api.py (the pages and
/api/v1/work/).
"""

from .access import Who, colleagues_for, may_view_others, target_for, team_people
from .lists import DateGroup, PersonWork, TeamWork, Work, team_overdue, work_counts, work_of
from .queries import Filters, policy_of
from .rows import GROUP_LIMIT, KIND_CAP, PER_PERSON, Group, Item, Kind, group_of, week_end_of

__all__ = [
    "GROUP_LIMIT",
    "KIND_CAP",
    "PER_PERSON",
    "DateGroup",
    "Filters",
    "Group",
    "Item",
    "Kind",
    "PersonWork",
    "TeamWork",
    "Who",
    "Work",
    "colleagues_for",
    "group_of",
    "may_view_others",
    "policy_of",
    "target_for",
    "team_overdue",
    "team_people",
    "week_end_of",
    "work_counts",
    "work_of",
]
