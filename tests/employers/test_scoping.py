"""Who sees which employer: the ONE scoping rule, `Employer.objects.visible_to(user)`, and the
querysets of contacts, assignments and conversations that filter through it."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.models import Region, User
from employers import services
from employers.models import AccountAssignment, ContactPerson, Conversation, Employer
from tests.conftest import make_user
from tests.factories import (
    AccountAssignmentFactory,
    ContactPersonFactory,
    ConversationFactory,
    EmployerFactory,
)


@pytest.fixture
def today():
    """Today, read when the test runs (a module constant goes stale at midnight)."""
    return timezone.localdate()


def visible(user):
    return set(Employer.objects.visible_to(user))


@pytest.fixture
def world(employer, other_employer, national_employer):
    """One employer here, one in the other region, one national one based over there."""
    return {employer, other_employer, national_employer}


def test_account_manager_sees_own_region_only(world, employer, account_manager):
    assert visible(account_manager) == {employer}


def test_a_colleague_sees_the_same_employers_without_holding_them(
    world, employer, primary_assignment, colleague
):
    assert visible(colleague) == {employer}


def test_an_account_manager_of_the_other_region_sees_that_region_and_its_national_employer(
    world, other_employer, national_employer, outsider
):
    assert visible(outsider) == {other_employer, national_employer}


def test_a_national_employer_is_visible_here_only_with_a_current_assignment_here(
    world, employer, national_employer, account_manager, colleague, team_lead, region
):
    assert national_employer not in visible(account_manager)

    assignment = services.account_manager_assign(
        employer=national_employer, manager=account_manager, by=team_lead, region=region
    )

    for user in (account_manager, colleague, team_lead):
        assert visible(user) == {employer, national_employer}

    services.assignment_end(assignment=assignment, by=team_lead)

    for user in (account_manager, colleague, team_lead):
        assert visible(user) == {employer}


def test_a_current_backup_assignment_here_also_makes_a_national_employer_visible(
    world, national_employer, colleague, team_lead, region
):
    services.account_manager_assign(
        employer=national_employer,
        manager=colleague,
        by=team_lead,
        region=region,
        kind=AccountAssignment.Kind.BACKUP,
    )

    assert national_employer in visible(team_lead)


def test_an_assignment_in_a_third_region_does_not_make_a_national_employer_visible_here(
    world, national_employer, account_manager
):
    third = make_user(
        "twente@wsp.test",
        User.Role.ACCOUNT_MANAGER,
        region=Region.objects.get(code="twente"),
    )
    AccountAssignmentFactory(employer=national_employer, region=third.region, manager=third)

    assert national_employer not in visible(account_manager)
    assert national_employer in visible(third)


def test_an_ordinary_employer_of_another_region_stays_hidden_even_with_an_assignment_here(
    world, other_employer, account_manager, region
):
    AccountAssignment.objects.create(
        employer=other_employer, region=region, manager=account_manager
    )

    assert other_employer not in visible(account_manager)


def test_a_national_employer_based_here_is_visible_here_without_an_assignment(
    region, account_manager
):
    based_here = EmployerFactory(region=region, is_national=True, name="Landelijk Hier")

    assert based_here in visible(account_manager)


def test_a_national_employer_with_several_current_assignments_here_appears_once(
    national_employer, account_manager, colleague, region, team_lead
):
    services.account_manager_assign(
        employer=national_employer, manager=account_manager, by=team_lead, region=region
    )
    services.account_manager_assign(
        employer=national_employer,
        manager=colleague,
        by=team_lead,
        region=region,
        kind=AccountAssignment.Kind.BACKUP,
    )

    rows = list(Employer.objects.visible_to(account_manager).filter(pk=national_employer.pk))
    assert rows == [national_employer]


def test_team_lead_sees_the_whole_own_region(world, employer, team_lead, region):
    unassigned = EmployerFactory(region=region, name="Zonder Accountmanager")

    assert visible(team_lead) == {employer, unassigned}


def test_a_team_lead_of_another_region_does_not_see_this_region(world, employer, other_region):
    lead_there = make_user("lead-rijnmond@wsp.test", User.Role.TEAM_LEAD, other_region)

    assert employer not in visible(lead_there)


def test_wsp_admin_sees_everything(world, wsp_admin):
    assert visible(wsp_admin) == world


def test_a_superuser_sees_everything(world):
    superuser = User.objects.create_superuser(
        "root@wsp.test", "x-long-password-1", first_name="Root", last_name="Beheer"
    )

    assert visible(superuser) == world


def test_an_employer_user_sees_no_employers(world, employer_user):
    assert visible(employer_user) == set()


@pytest.mark.parametrize("fixture", ["account_manager", "team_lead", "wsp_admin"])
def test_an_inactive_user_sees_nothing(world, request, fixture):
    user = request.getfixturevalue(fixture)
    user.is_active = False
    user.save()

    assert visible(user) == set()


def test_anonymous_and_missing_users_see_nothing(world):
    assert visible(AnonymousUser()) == set()
    assert visible(None) == set()


def test_visible_to_is_a_queryset_that_can_be_filtered_further(world, employer, account_manager):
    queryset = Employer.objects.visible_to(account_manager)

    assert queryset.filter(name__icontains="gouden").get() == employer
    assert not queryset.filter(name__icontains="haven").exists()


# --- related records follow their employer --------------------------------------------------


@pytest.fixture
def related(employer, other_employer, national_employer, account_manager, outsider):
    """A contact, a current assignment and a conversation at each of the three employers."""
    rows = {}
    for key, target, author in (
        ("here", employer, account_manager),
        ("there", other_employer, outsider),
        ("national", national_employer, outsider),
    ):
        contact = ContactPersonFactory(employer=target)
        assignment = AccountAssignmentFactory(employer=target, region=target.region, manager=author)
        conversation = ConversationFactory(employer=target, author=author, participants=[contact])
        rows[key] = (contact, assignment, conversation)
    return rows


def pick(related, *keys, index):
    return {related[key][index] for key in keys}


def test_contacts_assignments_and_conversations_follow_the_employer_scope(
    related, account_manager, outsider, wsp_admin, employer_user
):
    cases = [
        (account_manager, ("here",)),
        (outsider, ("there", "national")),
        (wsp_admin, ("here", "there", "national")),
        (employer_user, ()),
    ]
    for user, keys in cases:
        assert set(ContactPerson.objects.visible_to(user)) == pick(related, *keys, index=0)
        assert set(AccountAssignment.objects.visible_to(user)) == pick(related, *keys, index=1)
        assert set(Conversation.objects.visible_to(user)) == pick(related, *keys, index=2)


def test_the_national_employers_records_become_visible_here_with_an_assignment_here(
    related, national_employer, account_manager, region, team_lead
):
    services.account_manager_assign(
        employer=national_employer, manager=account_manager, by=team_lead, region=region
    )

    contact, assignment_there, conversation = related["national"]
    assert contact in ContactPerson.objects.visible_to(account_manager)
    assert conversation in Conversation.objects.visible_to(account_manager)
    assert assignment_there in AccountAssignment.objects.visible_to(account_manager)


def test_past_contacts_and_ended_assignments_stay_visible_in_the_history(
    employer, contact, primary_assignment, account_manager, colleague, team_lead, today
):
    services.contact_mark_left(
        contact=contact, left_on=today - datetime.timedelta(days=1), by=account_manager
    )
    services.account_manager_assign(
        employer=employer, manager=colleague, by=team_lead, handover_note="Overdracht"
    )

    assert contact in ContactPerson.objects.visible_to(colleague)
    assert primary_assignment in AccountAssignment.objects.visible_to(colleague)
