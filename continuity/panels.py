"""The panels the continuity app adds to other apps' pages (registered by ContinuityConfig.ready();
the mechanism: wsp_crm/panels.py):

- the open signals, at the top of the side column of the employer page and the placement page
  (left out when there are none);
- the continuity card (managers over time, contact-person changes) on the employer page;
- "Mijn werk" on the staff start page: how much asks for the user, how much is overdue.
"""

from accounts.panels import home_page
from employers.panels import employer_page
from placements.panels import placement_page

from .dashboard.card import employer_continuity_card
from .selectors import panel_signals
from .work import work_counts

SIGNALS_TEMPLATE = "continuity/includes/signals_panel.html"


def register_panels():
    employer_page.register(
        "signals", slot="side_top", order=10, template=SIGNALS_TEMPLATE, context=employer_signals
    )
    employer_page.register(
        "continuity card",
        slot="side",
        order=10,
        template="dashboard/includes/continuity_card.html",
        context=lambda request, employer: {"card": employer_continuity_card(employer)},
    )
    placement_page.register(
        "signals", slot="side_top", order=10, template=SIGNALS_TEMPLATE, context=placement_signals
    )
    home_page.register(
        "my work",
        slot="main",
        order=10,
        template="continuity/includes/work_panel.html",
        # Two queries: the region's windows and the counts (continuity.work.work_counts).
        context=lambda request, user: {"counts": work_counts(user)},
    )


def employer_signals(request, employer):
    return _shown(panel_signals(request.user, employer=employer))


def placement_signals(request, placement):
    return _shown(panel_signals(request.user, placement=placement))


def _shown(signals):
    return {"signals": signals} if signals else None
