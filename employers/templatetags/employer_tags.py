"""Template tags of the employer pages: the staff start page's "my work" panels."""

from django import template
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from employers.models import AccountAssignment, Action, Employer

register = template.Library()

ACTIONS_SHOWN = 10


@register.inclusion_tag("employers/_home_panels.html", takes_context=True)
def staff_work_panels(context):
    """My employers (count) and my open next actions, soonest due first, overdue marked."""
    request = context["request"]
    user = request.user
    today = timezone.localdate()
    visible = Employer.objects.visible_to(user)
    my_employers = visible.filter(
        Exists(
            AccountAssignment.objects.current().filter(
                employer=OuterRef("pk"), manager=user, kind=AccountAssignment.Kind.PRIMARY
            )
        )
    ).count()
    without_manager = visible.without_fixed_manager(user.region_id).count()
    actions = (
        Action.objects.visible_to(user)
        .open()
        .filter(owner=user)
        .select_related("employer")
        .order_by(F("due_on").asc(nulls_last=True), "created_at", "pk")
    )
    shown = list(actions[: ACTIONS_SHOWN + 1])
    for action in shown:
        action.overdue = action.is_overdue(today)
    return {
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "my_employer_count": my_employers,
        "without_manager_count": without_manager,
        "actions": shown[:ACTIONS_SHOWN],
        "more_actions": len(shown) > ACTIONS_SHOWN,
        "overdue_count": sum(1 for action in shown if action.overdue),
        "today": today,
    }
