"""Browser journey: an account manager offers a candidate to an employer without a vacancy,
records the introduction, then the placement, sees its follow-up plan and logs the first
checkpoint with the keyboard."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from candidates import services as candidate_services
from candidates.models import Proposal
from employers.models import ContactPerson
from placements.models import FollowUp, Placement
from tests.factories import (
    AccountAssignmentFactory,
    ContactPersonFactory,
    EmployerFactory,
    LocationFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def bakery(account_manager):
    employer = EmployerFactory(region=account_manager.region, name="Bakkerij De Gouden Korst")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    LocationFactory(employer=employer, street="Kanaalweg 12", postcode="3526 KL", city="Utrecht")
    ContactPersonFactory(
        employer=employer,
        name="Kees Bouwman",
        job_title="Ploegleider",
        level=ContactPerson.Level.FLOOR,
        is_hr=False,
        is_supervisor=True,
    )
    return employer


@pytest.fixture
def joyce(account_manager):
    return candidate_services.candidate_create(
        region=account_manager.region,
        by=account_manager,
        responsible=account_manager,
        first_name="Joyce",
        last_name="de Vries",
        profile={"strengths": "Nauwkeurig, werkt graag met haar handen", "hours_per_week": 24},
    )


def test_account_manager_proposes_without_vacancy_places_and_sees_the_follow_up_plan(
    login, live_server, account_manager, bakery, joyce
):
    page = login(account_manager)

    # 1. Offer Joyce to the bakery without a vacancy, from her candidate page.
    page.goto(f"{live_server.url}/candidates/{joyce.pk}/")
    proposals = page.locator("#proposals")
    proposals.get_by_text("Voordragen bij een werkgever").click()
    proposals.get_by_label("Werkgever").select_option(label="Bakkerij De Gouden Korst")
    expect(proposals.get_by_label("Personeelsvraag")).to_have_value("")
    proposals.get_by_role("button", name="Voordragen", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(
        "Joyce de Vries is voorgedragen bij Bakkerij De Gouden Korst."
    )
    proposal = Proposal.objects.get(candidate=joyce, employer=bakery)
    assert proposal.request is None and proposal.status == Proposal.Status.PROPOSED

    # 2. Record the introduction.
    page.locator(f"#proposal-{proposal.pk}").get_by_role(
        "button", name=re.compile("^Kennismaking vastleggen")
    ).click()
    expect(page.locator(f"#proposal-{proposal.pk}")).to_contain_text("Kennismaking")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.INTRODUCTION

    # 3. Record the placement from the proposal.
    page.locator(f"#proposal-{proposal.pk}").get_by_role(
        "link", name="Plaatsing vastleggen"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plaatsing starten")
    page.get_by_label("Functie:", exact=True).fill("Medewerker inpak")
    page.get_by_label("Vestiging").select_option(label="Kanaalweg 12, 3526 KL Utrecht")
    page.get_by_label("Uren per week").fill("24")
    page.get_by_label("Tijdelijk contract").check()
    contract_end = timezone.localdate() + datetime.timedelta(days=182)
    page.get_by_label("Einddatum contract").fill(contract_end.isoformat())
    page.get_by_label("Leidinggevende").select_option(label="Kees Bouwman – Ploegleider")
    page.get_by_role("button", name="Plaatsing starten").click()

    # 4. The placement page with its follow-up plan.
    expect(page.locator(".messages")).to_contain_text("nazorgplan heeft 5 contactmomenten")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Joyce de Vries")
    plan = page.locator("#plan")
    expect(plan.get_by_role("heading", name=re.compile("^Nazorgplan"))).to_be_visible()
    items = plan.locator("ol.follow-up-plan > li")
    expect(items).to_have_count(5)
    for label in ["Na 2 weken", "Na 6 weken", "Na 3 maanden", "Na 6 maanden", "Na 12 maanden"]:
        expect(plan).to_contain_text(label)
    expect(items.first).to_contain_text("binnenkort")
    placement = Placement.objects.get(candidate=joyce, employer=bakery)
    assert placement.proposal == proposal
    assert placement.supervisor.name == "Kees Bouwman"
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PLACED

    # 5. Log the first checkpoint with the keyboard only: outcome, note, Ctrl+Enter.
    log = page.locator("#log")
    expect(log.get_by_label("Contactmoment")).to_have_value(
        str(placement.follow_ups.order_by("due_on").first().pk)
    )
    log.get_by_label("Gaat goed").focus()
    page.keyboard.press("Space")
    note = log.get_by_label("Notitie")
    note.focus()
    page.keyboard.type("Eerste week goed verlopen, Kees is tevreden.")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".messages")).to_contain_text("Nazorg vastgelegd")
    expect(items.first).to_contain_text("gedaan")
    expect(items.first).to_contain_text("Eerste week goed verlopen")
    first = FollowUp.objects.filter(placement=placement).order_by("due_on").first()
    assert first.outcome == "going_well" and first.by == account_manager
