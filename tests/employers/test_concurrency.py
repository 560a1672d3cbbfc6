"""Two account managers assigned to the same employer at the same moment (PostgreSQL only).

Each thread has its own database connection and its own transaction; a barrier releases them
together. Whatever the interleaving, the employer ends with exactly ONE current primary: the
second call either ran after the first (and ended it) or was refused with the service's
ValidationError. An IntegrityError must never reach the caller.
"""

import datetime
import functools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from employers import services
from employers.models import AccountAssignment
from tests.concurrency import run_together
from tests.conftest import make_user, require_service, uses_postgresql
from tests.factories import EmployerFactory

ROUNDS = 10

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def assign_together(employer, calls):
    """Run account_manager_assign once per kwargs dict in `calls`, all released at once.

    Returns one outcome per call: the new assignment or the exception it raised.
    """
    return run_together(
        [
            functools.partial(services.account_manager_assign, employer=employer, **kwargs)
            for kwargs in calls
        ]
    )


def assert_one_current_primary(employer, outcomes):
    current = AccountAssignment.objects.filter(
        employer=employer, region=employer.region, kind="primary", ended_on__isnull=True
    )
    assert current.count() == 1, "two current primaries (or none) after concurrent assigns"
    for outcome in outcomes:
        assert isinstance(outcome, AccountAssignment | ValidationError), repr(outcome)
    successes = [outcome for outcome in outcomes if isinstance(outcome, AccountAssignment)]
    assert successes, "neither call succeeded"
    rows = AccountAssignment.objects.filter(employer=employer)
    assert rows.count() == len(successes), "a refused call left a row behind"
    if len(successes) == 2:
        # Sequential after all: the later one ended the earlier one on its start date.
        earlier, later = sorted(successes, key=lambda assignment: assignment.pk)
        assert current.get().pk == later.pk
        ended = AccountAssignment.objects.get(pk=earlier.pk)
        assert ended.ended_on == later.started_on
    return current.get()


@pytest.fixture
def managers(region, team):
    require_service(uses_postgresql(), "concurrency needs PostgreSQL (set DATABASE_URL)")
    first = make_user("race-a@wsp.test", User.Role.ACCOUNT_MANAGER, region, team)
    second = make_user("race-b@wsp.test", User.Role.ACCOUNT_MANAGER, region, team)
    lead = make_user("race-lead@wsp.test", User.Role.TEAM_LEAD, region, team)
    return first, second, lead


def test_two_different_managers_at_once_leave_one_current_primary(region, managers):
    first, second, lead = managers
    today = timezone.localdate()
    for round_number in range(ROUNDS):
        employer = EmployerFactory(region=region, name=f"Race {round_number}")
        outcomes = assign_together(
            employer,
            [
                {"manager": first, "by": lead, "handover_note": "Overdracht A"},
                {"manager": second, "by": lead, "handover_note": "Overdracht B"},
            ],
        )

        current = assert_one_current_primary(employer, outcomes)
        assert current.manager in (first, second)
        assert current.started_on == today


def test_two_assigns_without_handover_note_let_only_the_first_win(region, managers):
    first, second, lead = managers
    for round_number in range(ROUNDS):
        employer = EmployerFactory(region=region, name=f"Zonder notitie {round_number}")
        outcomes = assign_together(
            employer,
            [{"manager": first, "by": lead}, {"manager": second, "by": lead}],
        )

        assert_one_current_primary(employer, outcomes)
        refused = [outcome for outcome in outcomes if isinstance(outcome, ValidationError)]
        assert len(refused) == 1
        assert "handover_note" in refused[0].message_dict


def test_the_same_manager_twice_at_once_gives_one_assignment(region, managers):
    first, _second, lead = managers
    for round_number in range(ROUNDS):
        employer = EmployerFactory(region=region, name=f"Dubbel {round_number}")
        outcomes = assign_together(
            employer,
            [{"manager": first, "by": lead, "handover_note": "x"}] * 2,
        )

        current = assert_one_current_primary(employer, outcomes)
        assert current.manager == first
        assert sum(isinstance(outcome, ValidationError) for outcome in outcomes) == 1


def test_reassigning_a_held_employer_from_two_sides_at_once_keeps_one_primary(region, managers):
    first, second, lead = managers
    holder = make_user("race-holder@wsp.test", User.Role.ACCOUNT_MANAGER, region)
    for round_number in range(ROUNDS):
        employer = EmployerFactory(region=region, name=f"Bezet {round_number}")
        original = services.account_manager_assign(
            employer=employer,
            manager=holder,
            by=lead,
            started_on=timezone.localdate() - datetime.timedelta(days=30),
        )

        outcomes = assign_together(
            employer,
            [
                {"manager": first, "by": lead, "handover_note": "Naar A"},
                {"manager": second, "by": lead, "handover_note": "Naar B"},
                {"manager": holder, "by": lead, "handover_note": "Blijft"},
            ],
        )

        current = AccountAssignment.objects.filter(
            employer=employer, kind="primary", ended_on__isnull=True
        )
        assert current.count() == 1
        for outcome in outcomes:
            assert isinstance(outcome, AccountAssignment | ValidationError), repr(outcome)
        original.refresh_from_db()  # history is never deleted
        # History is kept: the original row still exists; every row but one has ended.
        assert (
            AccountAssignment.objects.filter(employer=employer)
            .exclude(ended_on__isnull=False)
            .count()
            == 1
        )
        successes = sum(isinstance(outcome, AccountAssignment) for outcome in outcomes)
        assert AccountAssignment.objects.filter(employer=employer).count() == 1 + successes
