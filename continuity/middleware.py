"""Changes made in a web request are re-checked once, when the view is done.

Every request that may change something (not GET/HEAD/OPTIONS) collects the employers whose
changes it saved (continuity.triggers). A staff member's change saved on a page (the page
redirects: post/redirect/get) is re-checked right there, synchronously, a few set-based queries
for the employers touched. So:

- the page they land on already shows the signals the change raised, and no longer shows those
  it fixed;
- it tells them what their change raised and closed ("Signalen aangemaakt: ..."), and the
  signals it raised carry them as `raised_by`: no news to them (left out of their digest), while
  the colleagues and team lead they are addressed to get them as usual.

Every other request that changed something (the API, the portal, a form shown again) queues
the re-check as before, naming the staff member who made the change (so `raised_by` is set all
the same): an API write does not wait for the rules. With CONTINUITY_RECHECK_IN_REQUEST off,
pages do the same (no message).
"""

from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.permissions import is_staff_member

from . import triggers
from .models import Signal
from .selectors import assignee_names

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
REDIRECTS = (301, 302, 303)
LISTED = 5  # at most this many signals are named in one message; the rest are counted


class ChangeCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        with triggers.checks_in_request() as check:
            response = self.get_response(request)
        user = getattr(request, "user", None)
        recorder = user.pk if is_staff_member(user) else None
        in_request = settings.CONTINUITY_RECHECK_IN_REQUEST
        if recorder and in_request and response.status_code in REDIRECTS:
            result = check.run(recorded_by_id=recorder)
            if result is not None:
                confirm(request, result)
        else:
            check.queue(recorded_by_id=recorder)
        return response


def confirm(request, result):
    """Tell the person who made the change which signals it raised and closed (at most two
    messages)."""
    if result.raised_keys:
        raised = Signal.objects.filter(
            key__in=sorted(result.raised_keys), status__in=Signal.OPEN_STATUSES
        ).select_related("employer", "assigned_to", "also_assigned_to")
        items = [
            _("%(signal)s at %(employer)s, for %(people)s")
            % {
                "signal": signal.get_kind_display(),
                "employer": signal.employer.name,
                "people": assignee_names(signal) or _("nobody yet"),
            }
            for signal in raised.order_by("-severity", "employer__name", "pk")[:LISTED]
        ]
        text = listing(items, len(result.raised_keys))
        messages.info(request, _("Signals raised: %(signals)s.") % {"signals": text})
    if result.closed_ids:
        closed = Signal.objects.filter(pk__in=result.closed_ids).select_related("employer")
        items = [
            _("%(signal)s at %(employer)s")
            % {"signal": signal.get_kind_display(), "employer": signal.employer.name}
            for signal in closed.order_by("-severity", "employer__name", "pk")[:LISTED]
        ]
        text = listing(items, len(result.closed_ids))
        messages.info(request, _("Signals closed: %(signals)s.") % {"signals": text})


def listing(items, total):
    """ "a; b; c", or "a; b; c and 4 more" when there are more than are named."""
    text = "; ".join(items)
    if total > len(items):
        more = total - len(items)
        text = f"{text} " + ngettext("and %(count)d more", "and %(count)d more", more) % {
            "count": more
        }
    return text
