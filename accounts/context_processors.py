from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request):
    """The main navigation for the signed-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(_("Home"), reverse("home"))]
    if user.is_staff_member:
        items.append((_("My team"), reverse("accounts:team")))
    if user.is_wsp_admin:
        items.append((_("Administration"), reverse("admin:index")))
    items.append((_("My account"), reverse("accounts:profile")))
    current = request.path
    return {
        "nav_items": [
            {
                "label": label,
                "url": url,
                "current": current == url or (url != "/" and current.startswith(url)),
            }
            for label, url in items
        ]
    }
