"""Two people acting on the same action at the same moment (PostgreSQL only): each thread has
its own connection and transaction, a barrier releases them together. Whatever the interleaving,
the action ends in one consistent state and its history tells what really happened."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from employers.models import Action
from employers.services import actions as action_services
from tests.concurrency import run_together as together
from tests.conftest import make_user, require_service, uses_postgresql
from tests.factories import AccountAssignmentFactory, EmployerFactory

ROUNDS = 8

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def people(region, team):
    require_service(uses_postgresql(), "concurrency needs PostgreSQL (set DATABASE_URL)")
    holder = make_user("act-holder@wsp.test", User.Role.ACCOUNT_MANAGER, region, team)
    other = make_user("act-other@wsp.test", User.Role.ACCOUNT_MANAGER, region, team)
    lead = make_user("act-lead@wsp.test", User.Role.TEAM_LEAD, region, team)
    return holder, other, lead


def new_action(region, holder, name):
    employer = EmployerFactory(region=region, name=name)
    AccountAssignmentFactory(employer=employer, manager=holder)
    return action_services.action_create(employer=employer, by=holder, title="Terugbellen")


def test_two_completions_at_once_complete_once(region, people):
    holder, _other, lead = people
    for number in range(ROUNDS):
        action = new_action(region, holder, f"Dubbel klaar {number}")
        outcomes = together(
            [
                lambda a=action: action_services.action_complete(action=a, by=holder),
                lambda a=action: action_services.action_complete(action=a, by=lead),
            ]
        )
        assert all(isinstance(outcome, Action) for outcome in outcomes), outcomes
        action.refresh_from_db()
        assert action.status == Action.Status.DONE
        assert action.events.filter(kind="done").count() == 1


def test_complete_and_reassign_at_once_end_consistent(region, people):
    holder, other, lead = people
    for number in range(ROUNDS):
        action = new_action(region, holder, f"Klaar of over {number}")
        outcomes = together(
            [
                lambda a=action: action_services.action_complete(action=a, by=holder),
                lambda a=action: action_services.action_reassign(action=a, by=lead, owner=other),
            ]
        )
        action.refresh_from_db()
        assert action.status == Action.Status.DONE
        history = list(action.events.values_list("kind", flat=True))
        reassigned = isinstance(outcomes[1], Action)
        if reassigned:  # the reassignment came first, then the completion
            assert history == ["created", "reassigned", "done"]
            assert action.owner == other
        else:  # the completion came first; the reassignment was refused, nothing written
            assert isinstance(outcomes[1], ValidationError)
            assert history == ["created", "done"]
            assert action.owner == holder


def test_two_reassignments_at_once_leave_one_owner_and_a_true_history(region, people):
    holder, other, lead = people
    for number in range(ROUNDS):
        action = new_action(region, holder, f"Twee keer over {number}")
        together(
            [
                lambda a=action: action_services.action_reassign(action=a, by=holder, owner=other),
                lambda a=action: action_services.action_reassign(action=a, by=lead, owner=lead),
            ]
        )
        action.refresh_from_db()
        events = list(action.events.filter(kind="reassigned").order_by("pk"))
        assert events, "no reassignment recorded"
        assert events[-1].to_owner_id == action.owner_id
        previous = holder.pk
        for event in events:  # each step starts where the previous one ended
            assert event.from_owner_id == previous
            previous = event.to_owner_id
