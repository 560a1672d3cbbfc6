"""The main navigation of every page (a context processor, settings.TEMPLATES): a link to each
app's pages for the signed-in user's role. Like urls.py and api.py it assembles the site from the
apps, so it may import any of them (docs/architecture.md, "Which app may import which")."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


def navigation(request):
    """The main navigation for the signed-in user's role (one query: the open-signal count) and,
    for staff, the unread notifications in the header (one query, when the page shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "two_factor_pending", False):
        # Nothing to navigate to before the second factor (TwoFactorRequiredMiddleware).
        return {"nav_items": []}
    items = [(_("Home"), reverse("home"), None)]
    if user.is_staff_member:
        from continuity.selectors import open_signal_count

        items += [
            (_("My work"), reverse("work:mine"), None),
            (_("My signals"), reverse("continuity:inbox"), open_signal_count(user)),
            (_("Employers"), reverse("employers:list"), None),
            (_("Candidates"), reverse("candidates:list"), None),
            (_("Placements"), reverse("placements:list"), None),
            (_("Dashboard"), reverse("dashboard:index"), None),
        ]
        if user.is_team_lead or user.is_wsp_admin:
            items.append((_("Region"), reverse("continuity:region"), None))
        items.append((_("My team"), reverse("accounts:team"), None))
    if user.is_wsp_admin:
        items.append((_("Audit trail"), reverse("audit:list"), None))
        items.append((_("Administration"), reverse("admin:index"), None))
    items.append((_("My account"), reverse("accounts:profile"), None))
    current = request.path
    context = {}
    if user.is_staff_member:
        from continuity.notifications.selectors import unread_count

        context["notification_count"] = SimpleLazyObject(lambda: unread_count(user))
    return {
        **context,
        "nav_items": [
            {
                "label": label,
                "url": url,
                "count": count,
                "current": current == url or (url != "/" and current.startswith(url)),
            }
            for label, url, count in items
        ],
    }
