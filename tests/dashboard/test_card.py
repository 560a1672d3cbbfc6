"""The employer continuity card (templates/dashboard/includes/continuity_card.html)."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from continuity.dashboard.card import employer_continuity_card
from employers.models import ContactEvent

pytestmark = pytest.mark.django_db


def test_card_knows_tenure_previous_managers_and_handover_note(world, colleague, account_manager):
    card = employer_continuity_card(world.beta)
    assert card["primary"].manager == colleague
    assert card["tenure_days"] == 30
    [previous] = card["previous_assignments"]
    assert previous.manager == account_manager
    assert previous.successor_note == "Let op: nieuwe HR."
    assert card["last_conversation"] is None
    assert card["days_since_conversation"] is None
    assert card["open_signals"] == 1
    assert [(e.contact.name, e.kind) for e in card["contact_events"]] == [
        ("Vera Vloer", ContactEvent.Kind.ADDED)
    ]


def test_card_for_an_employer_without_manager(world):
    card = employer_continuity_card(world.gamma)
    assert card["primary"] is None
    assert card["tenure_days"] is None
    assert card["days_since_conversation"] == 100
    assert card["open_signals"] == 1  # the resolved one does not count


def test_card_renders_in_dutch(world):
    html = render_to_string(
        "dashboard/includes/continuity_card.html",
        {"card": employer_continuity_card(world.beta)},
    )
    assert "Continuïteit" in html
    assert "Cor Test" in html
    assert "sinds" in html and "(30 dagen)" in html
    assert "Overdrachtsnotitie: Let op: nieuwe HR." in html
    assert "Vera Vloer" in html
    assert "nooit" in html


def test_card_counts_days_since_the_last_conversation(world, account_manager):
    card = employer_continuity_card(world.alfa)
    assert card["days_since_conversation"] == 10
    assert card["last_conversation"] <= timezone.now() - datetime.timedelta(days=10)
    html = render_to_string("dashboard/includes/continuity_card.html", {"card": card})
    assert "10 dagen geleden" in html
