"""Panels (the mechanism: wsp_crm/panels.py), both ways:

- `placement_page`: the panels other apps add to the placement page (continuity's signals, in the
  slot `side_top`, the top of the side column);
- the panel the placements app adds to the employer page: the employer's active placements
  (registered by PlacementsConfig.ready()).
"""

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from candidates.access import log_candidates_listed
from employers.panels import employer_page
from wsp_crm.panels import Panels

from .models import EARLY_ENDING, EARLY_ENDING_MONTHS, EARLY_ENDING_PATTERN, Placement
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
    the candidate), active_count, ended_count, early (the early endings of the last 12 months
    by reason: [(label, count)]), early_count, early_flagged (as many as the continuity rule
    flags), list_url (all of the employer's placements), start_url. A fixed number of queries.
    """
    today = timezone.localdate()
    active = active_placements(request, [employer])[employer.pk]
    shown = active[:limit] if limit else active
    log_candidates_listed(request, [p.candidate for p in shown if p.candidate_visible])
    ended_count, early = ended_placements(employer, today)
    early_count = sum(n for _label, n in early)
    return {
        "employer": employer,
        "active": shown,
        "active_count": len(active),
        "ended_count": ended_count,
        "early": early,
        "early_count": early_count,
        "early_flagged": early_count >= EARLY_ENDING_PATTERN,
        "list_url": reverse("placements:list") + "?" + urlencode({"employer": employer.pk}),
        "ended_url": reverse("placements:list")
        + "?"
        + urlencode({"employer": employer.pk, "status": "ended"}),
        "start_url": reverse("placements:start") + "?" + urlencode({"employer": employer.pk}),
        "today": today,
    }


def ended_placements(employer, today):
    """(number of ended placements, [(reason, number)] of the early endings of the last twelve
    months, most first): one query."""
    since = today - relativedelta(months=EARLY_ENDING_MONTHS)
    rows = (
        Placement.objects.filter(employer=employer, status="ended")
        .values("end_reason")
        .annotate(
            n=Count("pk"),
            early=Count("pk", filter=EARLY_ENDING & Q(ended_on__gt=since, ended_on__lte=today)),
        )
        .order_by()
    )
    labels = dict(Placement.EndReason.choices)
    ended = 0
    early = []
    for row in rows:
        ended += row["n"]
        if row["early"]:
            early.append((labels.get(row["end_reason"], row["end_reason"]), row["early"]))
    early.sort(key=lambda pair: (-pair[1], str(pair[0])))
    return ended, early
