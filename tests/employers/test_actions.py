"""Actions as first-class work: create, edit, reassign, postpone, complete, cancel, answer, and
the open work that moves with a handover. Bad input writes nothing."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from employers import services
from employers.models import Action, ActionEvent
from employers.services import actions as action_services
from tests.conftest import make_user
from tests.factories import ConversationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NEXT_WEEK = TODAY + datetime.timedelta(days=7)


@pytest.fixture
def action(employer, account_manager, primary_assignment):
    return action_services.action_create(
        employer=employer, by=account_manager, title="Offerte jobcoach nasturen", due_on=NEXT_WEEK
    )


def kinds(action):
    return list(action.events.values_list("kind", flat=True))


def test_create_defaults_owner_and_starts_history(action, account_manager):
    assert action.owner == account_manager
    assert action.status == Action.Status.OPEN
    assert kinds(action) == ["created"]
    event = AuditEvent.objects.get(object_type="employers.action", object_id=action.pk)
    assert event.action == "create"


def test_create_refuses_owner_outside_region_and_past_due(employer, account_manager, outsider):
    with pytest.raises(ValidationError) as exc:
        action_services.action_create(
            employer=employer, by=account_manager, title="Bellen", owner=outsider
        )
    assert "owner" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        action_services.action_create(
            employer=employer,
            by=account_manager,
            title="Bellen",
            due_on=TODAY - datetime.timedelta(days=1),
        )
    assert "due_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        action_services.action_create(employer=employer, by=account_manager, title="   ")
    assert not Action.objects.exists()


def test_edit_reassign_postpone_complete(action, account_manager, colleague):
    action_services.action_update(action=action, by=account_manager, title="Offerte mailen")
    action_services.action_reassign(
        action=action, by=account_manager, owner=colleague, reason="Kent de jobcoach"
    )
    later = NEXT_WEEK + datetime.timedelta(days=7)
    action_services.action_postpone(
        action=action, by=colleague, due_on=later, reason="Werkgever op vakantie"
    )
    action_services.action_complete(action=action, by=colleague)
    action.refresh_from_db()
    assert action.title == "Offerte mailen"
    assert action.owner == colleague
    assert action.due_on == later
    assert action.status == Action.Status.DONE
    assert action.closed_by == colleague
    assert kinds(action) == ["created", "edited", "reassigned", "postponed", "done"]
    postponed = action.events.get(kind="postponed")
    assert (postponed.from_due, postponed.to_due, postponed.reason) == (
        NEXT_WEEK,
        later,
        "Werkgever op vakantie",
    )


def test_postpone_needs_future_date_and_reason(action, account_manager):
    with pytest.raises(ValidationError) as exc:
        action_services.action_postpone(
            action=action,
            by=account_manager,
            due_on=TODAY - datetime.timedelta(days=1),
            reason="x",
        )
    assert "due_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        action_services.action_postpone(
            action=action, by=account_manager, due_on=NEXT_WEEK, reason=""
        )
    assert "reason" in exc.value.message_dict
    action.refresh_from_db()
    assert action.due_on == NEXT_WEEK
    assert kinds(action) == ["created"]


def test_reassign_outside_region_writes_nothing(action, account_manager, outsider):
    with pytest.raises(ValidationError):
        action_services.action_reassign(action=action, by=account_manager, owner=outsider)
    action.refresh_from_db()
    assert action.owner == account_manager
    assert kinds(action) == ["created"]


def test_cancel_needs_reason_and_closed_action_refuses_changes(action, account_manager):
    with pytest.raises(ValidationError):
        action_services.action_cancel(action=action, by=account_manager, reason=" ")
    action_services.action_cancel(action=action, by=account_manager, reason="Vacature vervallen")
    action.refresh_from_db()
    assert action.status == Action.Status.CANCELLED
    assert action.close_reason == "Vacature vervallen"
    with pytest.raises(ValidationError):
        action_services.action_reassign(action=action, by=account_manager, owner=account_manager)
    with pytest.raises(ValidationError):
        action_services.action_complete(action=action, by=account_manager)


def test_completing_twice_is_one_completion(action, account_manager):
    action_services.action_complete(action=action, by=account_manager)
    action_services.action_complete(action=action, by=account_manager)
    assert kinds(action) == ["created", "done"]


def test_someone_without_rights_cannot_change(action, region, team, municipality, outsider):
    # Another account manager of the region who does not hold the employer and does not own it.
    stranger = make_user("stranger@wsp.example", "account_manager", region, team, municipality)
    for user in (stranger, outsider):
        with pytest.raises(PermissionDenied):
            action_services.action_complete(action=action, by=user)
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


def test_team_lead_and_fixed_manager_may_change(
    employer, colleague, team_lead, account_manager, primary_assignment
):
    action = action_services.action_create(
        employer=employer, by=colleague, title="Bellen met HR", owner=colleague
    )
    assert action_services.may_change(account_manager, action)  # the fixed manager
    assert action_services.may_change(team_lead, action)
    action_services.action_complete(action=action, by=team_lead)
    assert Action.objects.get(pk=action.pk).closed_by == team_lead


def test_handover_moves_open_work_except_kept(
    employer, account_manager, colleague, primary_assignment
):
    moving = action_services.action_create(
        employer=employer, by=account_manager, title="Terugbellen"
    )
    keeping = action_services.action_create(
        employer=employer, by=account_manager, title="Eigen afspraak afronden"
    )
    done = action_services.action_create(employer=employer, by=account_manager, title="Klaar")
    action_services.action_complete(action=done, by=account_manager)
    someone_elses = action_services.action_create(
        employer=employer, by=colleague, title="Van collega", owner=colleague
    )
    assignment = services.account_manager_assign(
        employer=employer,
        manager=colleague,
        by=account_manager,
        handover_note="Overdracht wegens vertrek.",
        keep_actions=[keeping.pk],
    )
    assert [a.pk for a in assignment.moved_actions] == [moving.pk]
    assert [a.pk for a in assignment.kept_actions] == [keeping.pk]
    owners = dict(Action.objects.values_list("pk", "owner_id"))
    assert owners == {
        moving.pk: colleague.pk,
        keeping.pk: account_manager.pk,
        done.pk: account_manager.pk,
        someone_elses.pk: colleague.pk,
    }
    moved_event = moving.events.get(kind="handed_over")
    assert (moved_event.from_owner, moved_event.to_owner) == (account_manager, colleague)
    assert keeping.events.filter(kind="kept").exists()
    assert AuditEvent.objects.filter(
        object_type="employers.action", object_id=moving.pk, action="update"
    ).exists()


def test_refused_handover_moves_nothing(employer, account_manager, colleague, primary_assignment):
    action = action_services.action_create(employer=employer, by=account_manager, title="Bellen")
    with pytest.raises(ValidationError):
        services.account_manager_assign(
            employer=employer, manager=colleague, by=account_manager, handover_note=""
        )
    assert Action.objects.get(pk=action.pk).owner == account_manager
    assert not ActionEvent.objects.filter(kind="handed_over").exists()


def test_answer_closes_question_and_emails_the_asker(
    employer, account_manager, primary_assignment, django_capture_on_commit_callbacks
):
    asker = make_user("hr@bakkerij.example", "employer_user", employer=employer)
    question = ConversationFactory(
        employer=employer, author=asker, channel="message", summary="Kan iemand 20 uur werken?"
    )
    action = action_services.action_create(
        employer=employer,
        by=asker,
        title="Vraag van werkgever beantwoorden",
        kind=Action.Kind.QUESTION,
        conversation=question,
        owner=account_manager,
    )
    with django_capture_on_commit_callbacks(execute=True):
        action_services.question_answer(
            action=action, by=account_manager, answer="Ja, met een proefplaatsing."
        )
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert action.answer == "Ja, met een proefplaatsing."
    assert action.answered_by == account_manager
    assert kinds(action) == ["created", "answered", "done"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hr@bakkerij.example"]
    assert "Ja, met een proefplaatsing." in mail.outbox[0].body
    assert "Kan iemand 20 uur werken?" in mail.outbox[0].body


def test_only_questions_are_answered_and_an_answer_is_required(action, account_manager):
    with pytest.raises(ValidationError):
        action_services.question_answer(action=action, by=account_manager, answer="Ja")
    action.kind = Action.Kind.QUESTION
    action.save()
    with pytest.raises(ValidationError):
        action_services.question_answer(action=action, by=account_manager, answer="  ")
    assert Action.objects.get(pk=action.pk).status == Action.Status.OPEN


def test_link_to_another_employers_conversation_is_refused(
    employer, other_employer, account_manager
):
    elsewhere = ConversationFactory(employer=other_employer)
    with pytest.raises(ValidationError) as exc:
        action_services.action_create(
            employer=employer, by=account_manager, title="Bellen", conversation=elsewhere
        )
    assert "conversation" in exc.value.message_dict
