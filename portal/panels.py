"""The panel the portal app adds to the employer page: the employer's portal users and its pending
contact proposals (registered by PortalConfig.ready(); the mechanism: wsp_crm/panels.py). Its
forms post to the staff actions in portal/views.py."""

from accounts.models import User
from employers.panels import employer_page

from .forms import InviteForm
from .models import ContactProposal
from .services import staff_may_manage


def register_panels():
    employer_page.register(
        "portal",
        slot="side",
        order=20,
        template="portal/includes/employer_portal_users.html",
        context=employer_portal_panel,
    )


def employer_portal_panel(request, employer):
    """Context for templates/portal/includes/employer_portal_users.html on the employer page.

    Returns {"portal_employer", "portal_users", "portal_proposals", "portal_invite_form",
    "portal_can_manage"}: the employer's portal users (active first) and its pending contact
    proposals, in two queries whatever their number. `portal_can_manage` is true for account
    managers, team leads and WSP admins who can see the employer (the only ones allowed to
    invite, deactivate and decide).
    """
    return {
        "portal_employer": employer,
        "portal_users": list(
            User.objects.filter(employer=employer, role=User.Role.EMPLOYER_USER).order_by(
                "-is_active", "first_name", "last_name", "pk"
            )
        ),
        "portal_proposals": list(
            ContactProposal.objects.filter(employer=employer)
            .pending()
            .select_related("proposed_by")
        ),
        "portal_invite_form": InviteForm(prefix="portal"),
        "portal_can_manage": staff_may_manage(request.user),
    }
