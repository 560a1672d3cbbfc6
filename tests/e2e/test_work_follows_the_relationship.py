"""Work follows the relationship, in a real browser (issue 14's journey): an employer asks a
question in the portal -> the fixed account manager gets the e-mail and sees it in "Mijn werk"
-> the team lead hands the manager's caseload to a colleague -> the question and the open
actions are now the colleague's -> the colleague answers -> the employer reads the answer in the
portal (and gets it by e-mail).

Each person uses their own browser context (their own cookies). Celery runs in the caller, so
whatever a page queues happens before the next page."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from employers import services as employer_services
from employers.models import Action, ContactPerson, Employer
from employers.services import actions as action_services
from tests.conftest import eager_tasks, make_user
from tests.e2e.conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

QUESTION = "Kan iemand uit het doelgroepregister bij ons 20 uur per week inpakken?"
ANSWER = "Ja: we hebben twee kandidaten; ik bel u donderdag om een kennismaking te plannen."


@pytest.fixture
def eager(settings):
    with eager_tasks(settings) as app:
        yield app


@pytest.fixture
def relationship(region, account_manager, colleague, team_lead):
    employer = employer_services.employer_create(
        region=region,
        by=team_lead,
        name="Inpakcentrum De Schakel",
        kvk_number="30999077",
        stage=Employer.Stage.ACTIVE,
        inclusion=Employer.Inclusion.INCLUSIVE,
    )
    employer_services.account_manager_assign(
        employer=employer, manager=account_manager, by=team_lead
    )
    employer_services.contact_add(
        employer=employer,
        by=account_manager,
        name="Sanne de Wit",
        job_title="HR-manager",
        level=ContactPerson.Level.MIDDLE,
        is_hr=True,
    )
    promise = action_services.action_create(
        employer=employer,
        by=account_manager,
        title="Offerte jobcoaching nasturen",
        due_on=timezone.localdate() + datetime.timedelta(days=4),
    )
    asker = make_user(
        "sanne@deschakel.test",
        User.Role.EMPLOYER_USER,
        first_name="Sanne",
        last_name="de Wit",
        employer=employer,
    )
    return employer, promise, asker


def open_as(browser, live_server, user, landing="/"):
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = context.new_page()
    sign_in(page, live_server.url, user, landing)
    return page


def test_a_question_and_the_open_work_follow_a_caseload_handover(
    browser, live_server, relationship, account_manager, colleague, team_lead, eager
):
    employer, promise, asker = relationship
    base = live_server.url

    # 1. The employer asks a question in the portal.
    portal = open_as(browser, live_server, asker, "/portal/")
    portal.goto(f"{base}{reverse('portal:question')}")
    portal.locator("#id_question").fill(QUESTION)
    portal.get_by_role("button", name="Vraag versturen").click()
    portal.wait_for_url(f"{base}/portal/question/*/")
    question = Action.objects.get(employer=employer, kind=Action.Kind.QUESTION)
    assert question.owner == account_manager

    # 2. The fixed manager gets an e-mail at once and sees the question in "Mijn werk".
    to_manager = [message for message in mail.outbox if account_manager.email in message.to]
    assert to_manager and QUESTION in to_manager[0].body
    manager = open_as(browser, live_server, account_manager)
    manager.goto(f"{base}{reverse('work:mine')}")
    expect(manager.locator("main")).to_contain_text(QUESTION)
    expect(manager.locator("main")).to_contain_text("Offerte jobcoaching nasturen")

    # 3. The team lead hands the manager's caseload over to a colleague.
    lead = open_as(browser, live_server, team_lead)
    lead.goto(f"{base}{reverse('employers:caseload_handover', args=[account_manager.pk])}")
    expect(lead.locator("main")).to_contain_text(employer.name)
    lead.locator("fieldset select").first.select_option(str(colleague.pk))
    lead.locator("fieldset textarea").first.fill("Anna gaat met verlof; Cor neemt alles over.")
    lead.get_by_role("button", name="Overdragen", exact=True).click()
    expect(lead.locator("main")).to_contain_text(employer.name)

    # 4. The question and the open action are now the colleague's.
    question.refresh_from_db()
    promise.refresh_from_db()
    assert (question.owner, promise.owner) == (colleague, colleague)
    assert question.events.filter(kind="handed_over", to_owner=colleague).exists()

    # 5. The colleague finds both in "Mijn werk" and answers the question from its page.
    successor = open_as(browser, live_server, colleague)
    successor.goto(f"{base}{reverse('work:mine')}")
    expect(successor.locator("main")).to_contain_text(QUESTION)
    expect(successor.locator("main")).to_contain_text("Offerte jobcoaching nasturen")
    successor.goto(f"{base}{reverse('employers:action_detail', args=[employer.pk, question.pk])}")
    successor.locator("#id_answer-answer").fill(ANSWER)
    successor.locator("#change-answer button[type=submit]").click()
    expect(successor.locator("main")).to_contain_text(ANSWER)
    question.refresh_from_db()
    assert question.status == Action.Status.DONE and question.answered_by == colleague
    assert any(ANSWER in message.body and asker.email in message.to for message in mail.outbox)

    # 6. The employer reads the answer in the portal, without the WSP's internal note.
    portal.goto(f"{base}{reverse('portal:questions')}")
    expect(portal.locator("main")).to_contain_text(QUESTION)
    portal.goto(f"{base}{reverse('portal:question_detail', args=[question.pk])}")
    expect(portal.locator("main")).to_contain_text(ANSWER)
