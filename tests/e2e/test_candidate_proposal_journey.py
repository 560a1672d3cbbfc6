"""Issue 16 in a real browser: a staff member records the candidate's consent for an employer and
proposes the candidate; the employer user sees the named work profile in the portal and invites
the candidate for an introduction; the staff member then sees the invitation as an open action on
the employer page and as a response on the candidate's proposal."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from candidates import services as candidate_services
from candidates.models import Proposal, ProposalResponse
from employers import services as employer_services
from employers.models import Action, Employer
from tests.conftest import make_user
from tests.e2e.conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def anker(region, account_manager, team_lead):
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
    return employer


@pytest.fixture
def noor(region, account_manager):
    return candidate_services.candidate_create(
        region=region,
        by=account_manager,
        responsible=account_manager,
        first_name="Noor",
        last_name="Bakker",
        target_groups=["wajong"],
        profile={
            "strengths": "Secuur en rustig in de omgang.",
            "motivation": "Wil graag met papier en machines werken.",
            "hours_per_week": 20,
            "work_fitness": "Kan niet lang achter elkaar tillen.",
        },
    )


def test_consent_proposal_invitation_and_the_action_for_the_staff(
    browser, page, live_server, account_manager, anker, noor
):
    base = live_server.url
    sign_in(page, base, account_manager, "/")

    # Staff: record the consent for Drukkerij Het Anker.
    page.goto(f"{base}/candidates/{noor.pk}/consents/")
    expect(page.get_by_text("De werkgever ziet precies deze gegevens:")).to_be_visible()
    page.get_by_label("Werkgever").select_option(label="Drukkerij Het Anker")
    page.get_by_role("button", name="Toestemming vastleggen").click()
    page.wait_for_url(re.compile(rf"{base}/candidates/{noor.pk}/"))
    expect(page.get_by_role("status")).to_contain_text("Drukkerij Het Anker")

    # Staff: propose Noor to the employer.
    page.goto(f"{base}/candidates/{noor.pk}/propose/")
    page.get_by_label("Werkgever").select_option(label="Drukkerij Het Anker")
    page.get_by_role("button", name="Voordragen").click()
    page.wait_for_url(re.compile(rf"{base}/candidates/{noor.pk}/"))
    proposal = Proposal.objects.get(candidate=noor, employer=anker)

    # The employer, in a browser context of its own.
    portal_user = make_user(
        "jan@anker.test", User.Role.EMPLOYER_USER, first_name="Jan", employer=anker
    )
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    try:
        employer_page = sign_in(context.new_page(), base, portal_user, "/portal/")
        employer_page.get_by_role("navigation", name="Portaal").get_by_role(
            "link", name="Voorgedragen kandidaten"
        ).click()
        expect(employer_page.get_by_role("heading", level=1)).to_have_text(
            "Voorgedragen kandidaten"
        )
        employer_page.get_by_role("link", name="Profiel bekijken en reageren").click()
        expect(employer_page.get_by_role("heading", level=1)).to_have_text("Noor Bakker")
        expect(employer_page.locator("main")).to_contain_text(
            "Wil graag met papier en machines werken."
        )
        expect(employer_page.locator("main")).not_to_contain_text("tillen")  # work fitness
        expect(employer_page.locator("main")).not_to_contain_text("Wajong")
        employer_page.get_by_label("Uitnodigen voor een kennismaking").check()
        employer_page.get_by_label("Bericht").fill("Dinsdag om tien uur?")
        employer_page.get_by_role("button", name="Reactie versturen").click()
        expect(employer_page.get_by_role("status")).to_contain_text("plant de kennismaking")
    finally:
        context.close()

    response = ProposalResponse.objects.get(proposal=proposal)
    action = Action.objects.get(proposal=proposal)
    assert (response.kind, action.owner, action.note) == (
        "invite",
        account_manager,
        "Dinsdag om tien uur?",
    )

    # Staff: the invitation is an open action on the employer page and shows on the proposal.
    page.goto(f"{base}{anker.get_absolute_url()}")
    actions = page.locator("#actions")
    expect(actions).to_contain_text(f"nodigt Kandidaat V-{proposal.pk} uit voor een kennismaking")
    page.goto(f"{base}{noor.get_absolute_url()}")
    item = page.locator(f"#proposal-{proposal.pk}")
    expect(item).to_contain_text("Uitnodiging voor een kennismaking")
    expect(item).to_contain_text("Dinsdag om tien uur?")
