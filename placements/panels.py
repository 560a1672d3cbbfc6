"""Panels (the mechanism: wsp_crm/panels.py), both ways:

- `placement_page`: the panels other apps add to the placement page (continuity's signals, in the
  slot `side_top`, the top of the side column);
- the panel the placements app adds to the employer page: the employer's active placements
  (registered by PlacementsConfig.ready()).
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from candidates.access import log_candidates_listed
from employers.panels import employer_page
from wsp_crm.panels import Panels

from .models import Placement
from .selectors import active_placements

placement_page = Panels("the placement page", slots=("side_top",))


def register_panels():
    employer_page.register(
        "placements",
        slot="main",
        order=10,
        template="placements/includes/employer_placements.html",
        context=lambda request, employer: {"panel": employer_placements_panel(request, employer)},
    )


def employer_placements_panel(request, employer, limit=None):
    """The context of templates/placements/includes/employer_placements.html, as `panel`.

    Keys: employer, active (annotated placements, candidate names only where the user may see
    the candidate), active_count, ended_count, list_url (all of the employer's placements),
    start_url. A fixed number of queries.
    """
    today = timezone.localdate()
    active = active_placements(request, [employer])[employer.pk]
    shown = active[:limit] if limit else active
    log_candidates_listed(request, [p.candidate for p in shown if p.candidate_visible])
    ended_count = Placement.objects.filter(employer=employer, status="ended").count()
    return {
        "employer": employer,
        "active": shown,
        "active_count": len(active),
        "ended_count": ended_count,
        "list_url": reverse("placements:list") + "?" + urlencode({"employer": employer.pk}),
        "ended_url": reverse("placements:list")
        + "?"
        + urlencode({"employer": employer.pk, "status": "ended"}),
        "start_url": reverse("placements:start") + "?" + urlencode({"employer": employer.pk}),
        "today": today,
    }
