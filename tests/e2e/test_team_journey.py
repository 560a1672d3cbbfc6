"""The placement team in a real browser (issue 15, R38): the account manager records the team
(a supervisor and a buddy), both leave the employer, the placement is flagged as at risk with an
urgent signal within 2 seconds of saving the second leaver, and adding a new supervisor closes
it. No worker runs here: the page's own re-check (continuity.middleware) raises and closes."""

import datetime
import time
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from candidates.models import Candidate
from continuity.models import Signal
from employers import services as employer_services
from employers.models import ContactPerson, Employer
from placements import services as placement_services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WITHIN_SECONDS = 2


@pytest.fixture
def placement(region, account_manager, team_lead):
    """An active placement at an employer with a fixed manager and three shop-floor contacts."""
    employer = employer_services.employer_create(
        region=region,
        by=team_lead,
        name="Drukkerij Het Anker",
        kvk_number="30999001",
        stage=Employer.Stage.ACTIVE,
        inclusion=Employer.Inclusion.INCLUSIVE,
    )
    employer_services.account_manager_assign(
        employer=employer, manager=account_manager, by=team_lead
    )
    for name, title in [
        ("Kees Bouwman", "Ploegleider"),
        ("Fatima El Amrani", "Meewerkend voorman"),
        ("Ingrid Smit", "Teamleider"),
    ]:
        employer_services.contact_add(
            employer=employer,
            by=account_manager,
            name=name,
            job_title=title,
            level=ContactPerson.Level.FLOOR,
            is_supervisor=True,
        )
    candidate = Candidate.objects.create(
        region=region, first_name="Joyce", last_name="de Vries", responsible=account_manager
    )
    return placement_services.placement_start(
        candidate=candidate,
        employer=employer,
        by=account_manager,
        job_title="Medewerker inpak",
        start_date=timezone.localdate() - datetime.timedelta(days=30),
        contract_type="permanent",
        hours_per_week=Decimal("24"),
    )


def add_member(page, role, contact):
    team = page.locator("#team")
    team.locator("summary", has_text="Aan het team toevoegen").click()
    team.get_by_label("Rol").select_option(label=role)
    team.get_by_label("Contactpersoon").select_option(label=contact)
    team.get_by_role("button", name="Aan het team toevoegen").click()


def mark_left(page, live_server, contact):
    url = reverse("employers:contact_left", args=[contact.employer_id, contact.pk])
    page.goto(live_server.url + url)
    page.get_by_label("Reden").fill("Andere baan")
    page.get_by_role("button", name="Markeren als vertrokken").click()


def at_risk_signals(placement, **filters):
    return Signal.objects.filter(placement=placement, kind=Signal.Kind.PLACEMENT_AT_RISK, **filters)


def test_both_guides_leave_the_placement_is_flagged_and_a_new_supervisor_closes_it(
    login, live_server, account_manager, placement
):
    page = login(account_manager)
    page.goto(live_server.url + placement.get_absolute_url())

    # 1. Record the team: a supervisor and a buddy.
    add_member(page, "Leidinggevende", "Kees Bouwman – Ploegleider")
    expect(page.locator(".messages")).to_contain_text("Kees Bouwman is aan het team toegevoegd")
    add_member(page, "Werkbegeleider (buddy)", "Fatima El Amrani – Meewerkend voorman")
    members = page.locator("#team li.team-member")
    expect(members).to_have_count(2)
    expect(page.locator("#team")).to_contain_text("Leidinggevende")
    expect(page.locator("#team")).to_contain_text("Werkbegeleider (buddy)")

    # 2. The supervisor leaves: the buddy still guides, the placement is not at risk.
    kees, fatima = (
        ContactPerson.objects.get(name=name) for name in ("Kees Bouwman", "Fatima El Amrani")
    )
    mark_left(page, live_server, kees)
    expect(page.locator(".messages")).to_contain_text("vertrokken")
    assert not at_risk_signals(placement).exists()

    # 3. The buddy leaves too: an urgent "placement at risk" within 2 seconds of saving.
    started = time.monotonic()
    mark_left(page, live_server, fatima)
    expect(page.locator(".messages")).to_contain_text("Plaatsing in gevaar")
    signal = at_risk_signals(placement, status=Signal.Status.OPEN).get()
    assert time.monotonic() - started < WITHIN_SECONDS
    assert signal.severity == Signal.Severity.URGENT
    assert signal.assigned_to == account_manager
    page.goto(live_server.url + placement.get_absolute_url())
    expect(page.locator("#team")).to_contain_text("Niemand begeleidt de medewerker nog")

    # 4. A new supervisor joins the team: the signal closes by itself.
    add_member(page, "Leidinggevende", "Ingrid Smit – Teamleider")
    expect(page.locator(".messages")).to_contain_text("Ingrid Smit is aan het team toegevoegd")
    signal.refresh_from_db()
    assert signal.status == Signal.Status.AUTO_CLOSED
    expect(page.locator("#team")).not_to_contain_text("Niemand begeleidt de medewerker nog")
