"""The panels other apps add to the employer page and the placement page (wsp_crm/panels.py)."""

import pytest
from django.template import Context, Template

from accounts.panels import home_page
from employers.panels import employer_page
from placements.panels import placement_page
from wsp_crm.panels import Panels


def test_the_employer_page_shows_the_panels_of_the_apps_above_it_in_a_fixed_order():
    assert [(p.slot, p.name) for p in employer_page.registered()] == [
        ("main", "placements"),
        ("main", "candidates"),
        ("side_top", "signals"),
        ("side", "continuity card"),
        ("side", "portal"),
    ]
    assert [(p.slot, p.name) for p in placement_page.registered()] == [("side_top", "signals")]
    assert [(p.slot, p.name) for p in home_page.registered()] == [("main", "my work")]


def test_a_panel_is_rendered_with_its_own_context_and_left_out_when_it_has_none():
    page = Panels("a test page", slots=("main",))
    page.register("b", slot="main", order=20, template="x.html", context=lambda r, o: {"n": o})
    page.register("a", slot="main", order=10, template="y.html", context=lambda r, o: None)
    page.register("c", slot="main", order=5, template="z.html", context=lambda r, o: {"n": -o})
    shown = page.for_page(None, 7)
    assert [(s.name, s.context) for s in shown["main"]] == [("c", {"n": -7}), ("b", {"n": 7})]
    with pytest.raises(ValueError, match="no slot"):
        page.register("d", slot="side", order=1, template="x.html", context=lambda r, o: {})


def test_the_panel_tag_pushes_the_panel_context_over_the_page_context():
    page = Panels("a test page", slots=("main",))
    page.register(
        "title",
        slot="main",
        order=1,
        template="portal/includes/employer_portal_users.html",
        context=lambda r, o: {
            "portal_users": [],
            "portal_proposals": [],
            "portal_can_manage": False,
        },
    )
    html = Template("{% load panels %}{% for p in panels.main %}{% panel p %}{% endfor %}").render(
        Context({"panels": page.for_page(None, None), "portal_users": ["outer"]})
    )
    assert 'id="portal"' in html and "outer" not in html
