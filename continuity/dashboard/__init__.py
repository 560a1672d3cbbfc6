"""The team lead's continuity dashboard: every figure computed in the database.

A `Scope` (scope.py) holds who is looking and the filters (region, team, account manager, home
organisation, period). `Scope.employers()` starts at `Employer.objects.visible_to(user)`; every
figure and every drill-down list starts from it, so a figure and the list behind it always agree.

Each figure is a `Table` (tables.py: title, columns, rows of `Cell`s; a cell may link to its
drill-down). The page, the CSV and the XLSX exports (exports.py) render the same tables. Every
builder runs a fixed number of queries whatever the size of the region (medians are taken in
Python over one values_list query, because SQLite has no percentile function).

One module per section of the page, each with its figures and the drill-down lists behind them:
continuity.py, caseload.py, contacts.py, signals.py, placements.py, employer_base.py.
sections.py puts them in page order and maps each list's name to its function; views.py and
urls.py are the pages; card.py is the continuity card on the employer page.

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
