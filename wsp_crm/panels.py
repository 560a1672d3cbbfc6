"""Panels: a page of a lower app shows a box that belongs to an app above it, without importing it.

The page owns a `Panels` registry (`employers.panels.employer_page`, the placement page's
`placements.panels.placement_page`). An app above registers its panel from its
`AppConfig.ready()`, with a function of its own that builds the panel's context:

    employer_page.register(
        "placements",
        slot="main",
        order=10,
        template="placements/includes/employer_placements.html",
        context=employer_panel_context,  # (request, employer) -> dict, or None: not shown
    )

The page's view puts `registry.for_page(request, obj)` in its context as `panels`, and its
template renders one slot with `{% for panel in panels.main %}{% panel panel %}{% endfor %}`
(`{% load panels %}`): the panel's template, with the panel's context on top of the page's (as
`{% include ... with ... %}` would). Panels of a slot come in `order`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import template


@dataclass(frozen=True)
class Panel:
    name: str
    slot: str
    order: int
    template: str
    context: Callable


@dataclass(frozen=True)
class Shown:
    """One panel on one page: the template and the context it is rendered with."""

    name: str
    template: str
    context: dict


class Panels:
    """The panels of one page, by slot (a place on the page, named by the page)."""

    def __init__(self, page, slots):
        self.page = page
        self.slots = tuple(slots)
        self._panels = {}

    def register(self, name, *, slot, order, template, context):
        if slot not in self.slots:
            raise ValueError(f"{self.page} has no slot {slot!r} (it has {self.slots})")
        # By name: registering again (ready() of a reloaded app) replaces, never duplicates.
        self._panels[name] = Panel(name, slot, order, template, context)

    def registered(self):
        return sorted(
            self._panels.values(), key=lambda p: (self.slots.index(p.slot), p.order, p.name)
        )

    def for_page(self, request, obj):
        """{slot: [Shown, ...]} for every slot, the panels in order; a panel whose context
        function answers None is left out."""
        shown = {slot: [] for slot in self.slots}
        for panel in self.registered():
            context = panel.context(request, obj)
            if context is not None:
                shown[panel.slot].append(Shown(panel.name, panel.template, context))
        return shown


register = template.Library()


@register.simple_tag(takes_context=True)
def panel(context, panel):
    """Render one Shown panel: its template with its own context on top of the page's."""
    panel_template = context.template.engine.get_template(panel.template)
    with context.push(panel.context):
        return panel_template.render(context)
