"""Mijn vragen (the employer sees each question with status, due date and the WSP's answer, never
the internal note), and answering a question as staff on its action page and through
/api/v1/actions/ as the portal needs it: success reaches the asker and Mijn vragen; no rights
(403), another region or employer (404) and an empty answer write nothing."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employers.models import Action, ActionEvent
from employers.services import actions as action_services
from tests.portal.helpers import question_action

pytestmark = pytest.mark.django_db

NOTE = "INTERN: klant twijfelt over loonkostensubsidie"
QUESTION = "Kunnen jullie een jobcoach regelen voor onze nieuwe medewerker?"
ANSWER = "Ja, Karin van de jobcoachorganisatie belt u deze week."


@pytest.fixture
def question(user_a, account_manager):
    return question_action(user_a, QUESTION, owner=account_manager, note=NOTE)


@pytest.fixture
def question_b(user_b, colleague):
    return question_action(user_b, "Vraag van Groen over proefplaatsing", owner=colleague)


def answer(question, by, text=ANSWER):
    return action_services.question_answer(action=question, by=by, answer=text)


def staff_url(question, employer=None):
    """The question's action page (staff)."""
    employer_pk = (employer or question.employer).pk
    return reverse("employers:action_detail", args=[employer_pk, question.pk])


# Mijn vragen (portal) ---------------------------------------------------------------------------


def test_my_questions_shows_an_open_question_with_its_due_date(client_for, user_a, question):
    page = client_for(user_a).get(reverse("portal:questions"))
    assert page.status_code == 200
    html = page.text
    assert "Mijn vragen" in html
    assert QUESTION in html
    assert "Open" in html
    assert f"{question.due_on.day}" in html and "Antwoord uiterlijk" in html
    assert "We hebben deze vraag nog niet beantwoord" in html
    assert NOTE not in html


def test_my_questions_shows_the_answer_and_never_the_internal_note(
    client_for, user_a, question, account_manager
):
    answer(question, account_manager)
    client = client_for(user_a)
    for url in (reverse("portal:questions"), reverse("portal:question_detail", args=[question.pk])):
        html = client.get(url).text
        assert QUESTION in html
        assert ANSWER in html
        assert "Beantwoord" in html
        assert "Beantwoord door Anna Test" in html
        assert NOTE not in html
    listed = client.get("/api/v1/portal/my-questions/").json()
    assert [row["id"] for row in listed] == [question.pk]
    row = listed[0]
    assert (row["question"], row["status"], row["answer"], row["answered_by"]) == (
        QUESTION,
        "answered",
        ANSWER,
        "Anna Test",
    )
    assert row["asked_by"] == "Jan Anker"
    assert row["due_on"] == question.due_on.isoformat()
    one = client.get(f"/api/v1/portal/my-questions/{question.pk}/")
    assert one.json() == row
    for body in (str(listed), one.text):
        assert NOTE not in body and "note" not in body and "close_reason" not in body


def test_a_cancelled_question_shows_as_closed_without_its_reason(
    client_for, user_a, question, account_manager
):
    action_services.action_cancel(
        action=question, by=account_manager, reason="INTERN: dubbel gesteld"
    )
    client = client_for(user_a)
    html = client.get(reverse("portal:questions")).text
    assert "Gesloten" in html and "zonder schriftelijk antwoord" in html
    assert "INTERN" not in html
    row = client.get("/api/v1/portal/my-questions/").json()[0]
    assert (row["status"], row["answer"]) == ("closed", "")
    assert "INTERN" not in str(row)


def test_every_user_of_the_employer_sees_its_questions_and_only_those(
    client_for, user_a, user_b, question, question_b, employer_a
):
    from tests.conftest import make_user

    colleague_user = make_user(
        "piet@anker.test", "employer_user", first_name="Piet", employer=employer_a
    )
    client = client_for(colleague_user)
    html = client.get(reverse("portal:questions")).text
    assert QUESTION in html and "Vraag van Groen" not in html
    ids = [row["id"] for row in client.get("/api/v1/portal/my-questions/").json()]
    assert ids == [question.pk]


def test_another_employers_question_answers_404(client_for, user_a, question_b):
    client = client_for(user_a)
    assert client.get(reverse("portal:question_detail", args=[question_b.pk])).status_code == 404
    assert client.get(f"/api/v1/portal/my-questions/{question_b.pk}/").status_code == 404
    assert client.get("/api/v1/portal/my-questions/false/").status_code == 404


def test_a_task_is_not_a_question_in_the_portal(client_for, user_a, employer_a, account_manager):
    task = action_services.action_create(
        employer=employer_a, by=account_manager, title="INTERNE TAAK offerte"
    )
    client = client_for(user_a)
    assert "INTERNE TAAK" not in client.get(reverse("portal:questions")).text
    assert client.get(reverse("portal:question_detail", args=[task.pk])).status_code == 404
    assert client.get("/api/v1/portal/my-questions/").json() == []


def test_staff_get_403_on_my_questions(client_for, account_manager, question):
    client = client_for(account_manager)
    assert client.get(reverse("portal:questions")).status_code == 403
    assert client.get("/api/v1/portal/my-questions/").status_code == 403


def test_portal_navigation_and_question_sent_page_link_to_my_questions(
    client_for, user_a, account_manager
):
    client = client_for(user_a)
    home = client.get(reverse("portal:home")).text
    assert f'href="{reverse("portal:questions")}"' in home
    response = client.post(reverse("portal:question"), {"question": "Hoe werkt de no-riskpolis?"})
    sent = client.get(response["Location"]).text
    assert f'href="{reverse("portal:questions")}"' in sent and "Mijn vragen" in sent


# Answering as staff (the action page and /api/v1/actions/, employers app) ---------------------
# The staff side is the question's action page; these tests pin what the portal relies on: the
# answer reaches "Mijn vragen" and the asker, and refused answers write nothing.


def answer_url(question, employer=None):
    employer_pk = (employer or question.employer).pk
    return reverse(
        "employers:action_change",
        kwargs={"pk": employer_pk, "action_pk": question.pk, "op": "answer"},
    )


def test_staff_page_shows_the_question_and_the_note(client_for, account_manager, question):
    page = client_for(account_manager).get(staff_url(question))
    assert page.status_code == 200
    html = page.text
    assert QUESTION in html and "Jan Anker" in html
    assert NOTE in html  # staff see the internal note
    assert 'name="answer-answer"' in html


def test_staff_answer_reaches_the_asker_and_my_questions(
    client_for, account_manager, question, user_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(account_manager).post(answer_url(question), {"answer-answer": ANSWER})
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.answer, question.answered_by) == (
        Action.Status.DONE,
        ANSWER,
        account_manager,
    )
    assert [m.to for m in mail.outbox] == [[user_a.email]]
    assert ANSWER in mail.outbox[0].body and NOTE not in mail.outbox[0].body
    html = client_for(user_a).get(reverse("portal:questions")).text
    assert ANSWER in html and NOTE not in html


def test_an_empty_answer_is_a_form_error_and_writes_nothing(client_for, account_manager, question):
    response = client_for(account_manager).post(answer_url(question), {"answer-answer": "  "})
    assert "Dit veld is vereist." in response.text
    question.refresh_from_db()
    assert (question.status, question.answer) == (Action.Status.OPEN, "")
    assert not ActionEvent.objects.filter(action=question, kind="answered").exists()


def test_answering_without_rights_is_403_and_writes_nothing(client_for, colleague, question):
    client = client_for(colleague)  # same region, but neither owner nor manager of employer A
    assert 'name="answer-answer"' not in client.get(staff_url(question)).text
    assert client.post(answer_url(question), {"answer-answer": ANSWER}).status_code == 403
    question.refresh_from_db()
    assert (question.status, question.answer) == (Action.Status.OPEN, "")


def test_another_region_or_employer_answers_404(
    client_for, outsider, account_manager, question, question_b, employer_a
):
    other = client_for(outsider)
    assert other.get(staff_url(question)).status_code == 404
    assert other.post(answer_url(question), {"answer-answer": ANSWER}).status_code == 404
    # Employer A's URL with employer B's question: 404, nothing written.
    client = client_for(account_manager)
    assert client.get(staff_url(question_b, employer=employer_a)).status_code == 404
    wrong = answer_url(question_b, employer=employer_a)
    assert client.post(wrong, {"answer-answer": ANSWER}).status_code == 404
    question_b.refresh_from_db()
    assert question_b.status == Action.Status.OPEN


def test_staff_api_answers_a_question_for_the_portal(
    client_for, account_manager, question, user_a, django_capture_on_commit_callbacks
):
    client = client_for(account_manager)
    listed = client.get("/api/v1/actions/?kind=question").json()["results"]
    assert [row["id"] for row in listed] == [question.pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/actions/{question.pk}/answer/",
            {"answer": ANSWER},
            content_type="application/json",
        )
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [[user_a.email]]
    row = client_for(user_a).get(f"/api/v1/portal/my-questions/{question.pk}/").json()
    assert (row["status"], row["answer"]) == ("answered", ANSWER)


def test_staff_api_answer_errors_write_nothing(
    client_for, account_manager, colleague, outsider, user_a, question
):
    url = f"/api/v1/actions/{question.pk}/answer/"

    def post(user, text):
        return client_for(user).post(url, {"answer": text}, content_type="application/json")

    assert post(account_manager, " ").status_code == 400
    assert post(colleague, ANSWER).status_code == 403
    assert post(outsider, ANSWER).status_code == 404
    assert post(user_a, ANSWER).status_code == 403
    question.refresh_from_db()
    assert (question.status, question.answer) == (Action.Status.OPEN, "")


# Queries ----------------------------------------------------------------------------------------


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("who", "urls"),
    [
        ("user_a", ["/portal/questions/", "/api/v1/portal/my-questions/"]),
        ("account_manager", ["/api/v1/actions/?kind=question"]),
    ],
)
def test_question_lists_take_the_same_queries_for_few_and_many(
    client_for, user_a, account_manager, who, urls
):
    def grow(count):
        for number in range(count):
            action = question_action(user_a, f"Vraag {number}", owner=account_manager)
            if number % 2:
                answer(action, account_manager)

    client = client_for({"user_a": user_a, "account_manager": account_manager}[who])
    grow(2)
    few = [queries(client, url) for url in urls]
    grow(6)
    assert [queries(client, url) for url in urls] == few
