"""The staff start page's "Mijn werk" card: how much asks for me, how much of it is overdue."""

from django import template

from continuity.work import work_counts

register = template.Library()


@register.inclusion_tag("continuity/includes/work_panel.html", takes_context=True)
def my_work_panel(context):
    """Two queries: the region's windows and the counts (continuity.work.work_counts)."""
    user = context["request"].user
    return {"counts": work_counts(user)}
