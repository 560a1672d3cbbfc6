"""The write workflows in employers/services.py and the constraints behind them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from employers import services
from employers.models import (
    AccountAssignment,
    Action,
    ContactEvent,
    ContactPerson,
    Conversation,
    Employer,
    Location,
)
from tests.conftest import make_user
from tests.factories import (
    AccountAssignmentFactory,
    ContactPersonFactory,
    ConversationFactory,
    EmployerFactory,
)

DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    """Today, read when the test runs (a module constant goes stale at midnight)."""
    return timezone.localdate()


def errors_of(excinfo):
    """The field -> messages map of a raised ValidationError."""
    return excinfo.value.message_dict


# --- employer_create / employer_update ------------------------------------------------------


def test_employer_create_saves_all_fields_and_records_the_creator(region, account_manager):
    employer = services.employer_create(
        region=region,
        by=account_manager,
        name="Groenvoorziening De Linde",
        kvk_number="30555666",
        ownership=Employer.Ownership.PRIVATE,
        sector=Employer.Sector.AGRICULTURE,
        employee_count=260,
        is_social_enterprise=True,
        pso_level=Employer.PsoLevel.PSO_30,
        inclusion=Employer.Inclusion.INCLUSIVE,
        stage=Employer.Stage.ACTIVE,
        style_unburdening=True,
        knowledge_guidance="Vaste werkbegeleider op elke ploeg.",
    )

    employer.refresh_from_db()
    assert employer.region == region
    assert employer.kvk_number == "30555666"
    assert employer.pso_level == Employer.PsoLevel.PSO_30
    assert employer.created_by == account_manager
    assert employer.updated_by == account_manager
    assert employer.size_class == "large"
    assert employer.job_agreement_applies is True
    assert employer.style_unburdening is True
    assert len(employer.service_styles) == 1


def test_employer_create_defaults_to_a_private_prospect_not_yet_inclusive(region, account_manager):
    employer = services.employer_create(region=region, by=account_manager, name="Kapsalon Knip")

    assert employer.ownership == Employer.Ownership.PRIVATE
    assert employer.stage == Employer.Stage.PROSPECT
    assert employer.inclusion == Employer.Inclusion.NOT_YET
    assert employer.kvk_number == ""


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567a", "12 345 678"])
def test_employer_create_refuses_a_kvk_number_that_is_not_8_digits(region, account_manager, kvk):
    with pytest.raises(ValidationError) as excinfo:
        services.employer_create(region=region, by=account_manager, name="Foutje", kvk_number=kvk)

    assert "kvk_number" in errors_of(excinfo)
    assert not Employer.objects.filter(name="Foutje").exists()


def test_employer_create_refuses_a_duplicate_kvk_number_and_writes_nothing(
    employer, account_manager
):
    with pytest.raises(ValidationError):
        services.employer_create(
            region=employer.region,
            by=account_manager,
            name="Dubbele Bakkerij",
            kvk_number=employer.kvk_number,
        )

    assert Employer.objects.filter(kvk_number=employer.kvk_number).count() == 1
    assert not Employer.objects.filter(name="Dubbele Bakkerij").exists()


def test_employer_update_refuses_taking_another_employers_kvk_number(employer, account_manager):
    second = EmployerFactory(region=employer.region, name="Tweede", kvk_number="30999888")

    with pytest.raises(ValidationError):
        services.employer_update(
            employer=second, by=account_manager, kvk_number=employer.kvk_number
        )

    second.refresh_from_db()
    assert second.kvk_number == "30999888"


def test_the_database_refuses_a_duplicate_kvk_number_even_without_the_service(employer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Employer.objects.create(region=employer.region, name="Sluiproute", kvk_number="30123456")


def test_several_employers_may_have_no_kvk_number(region, account_manager):
    services.employer_create(region=region, by=account_manager, name="Stichting Een")
    services.employer_create(region=region, by=account_manager, name="Stichting Twee")

    assert Employer.objects.filter(kvk_number="").count() == 2


def test_employer_create_refuses_a_bad_branch_number(region, account_manager):
    with pytest.raises(ValidationError) as excinfo:
        services.employer_create(
            region=region, by=account_manager, name="Filiaal", branch_number="12345"
        )

    assert "branch_number" in errors_of(excinfo)


def test_employer_create_refuses_pso_certification_without_social_enterprise(
    region, account_manager
):
    with pytest.raises(ValidationError) as excinfo:
        services.employer_create(
            region=region,
            by=account_manager,
            name="Gewoon Bedrijf",
            pso_level=Employer.PsoLevel.STEP_2,
        )

    assert "pso_level" in errors_of(excinfo)
    assert not Employer.objects.filter(name="Gewoon Bedrijf").exists()


def test_employer_create_refuses_an_unknown_stage(region, account_manager):
    with pytest.raises(ValidationError) as excinfo:
        services.employer_create(region=region, by=account_manager, name="X", stage="best_friend")

    assert "stage" in errors_of(excinfo)


def test_employer_create_refuses_an_empty_name(region, account_manager):
    with pytest.raises(ValidationError) as excinfo:
        services.employer_create(region=region, by=account_manager, name="")

    assert "name" in errors_of(excinfo)


def test_employer_services_refuse_fields_they_do_not_know(region, employer, account_manager):
    with pytest.raises(TypeError):
        services.employer_create(region=region, by=account_manager, name="X", colour="red")
    with pytest.raises(TypeError):
        services.employer_update(employer=employer, by=account_manager, region=None)


def test_employer_update_changes_fields_and_records_who(employer, account_manager, colleague):
    services.employer_update(
        employer=employer,
        by=colleague,
        stage=Employer.Stage.STRATEGIC_PARTNER,
        style_strategic=True,
        employee_count=300,
    )

    employer.refresh_from_db()
    assert employer.stage == Employer.Stage.STRATEGIC_PARTNER
    assert employer.style_strategic is True
    assert employer.size_class == "large"
    assert employer.updated_by == colleague


def test_employer_update_with_bad_input_changes_nothing_in_the_database(employer, account_manager):
    with pytest.raises(ValidationError):
        services.employer_update(employer=employer, by=account_manager, name="", kvk_number="12")

    employer.refresh_from_db()
    assert employer.name == "Bakkerij De Gouden Korst"
    assert employer.kvk_number == "30123456"


def test_size_class_and_job_agreement_follow_the_employee_count(region):
    assert EmployerFactory.build(region=region, employee_count=None).size_class == ""
    assert EmployerFactory.build(region=region, employee_count=24).job_agreement_applies is False
    assert EmployerFactory.build(region=region, employee_count=25).job_agreement_applies is True
    assert EmployerFactory.build(region=region, employee_count=249).size_class == "small"
    assert EmployerFactory.build(region=region, employee_count=250).size_class == "large"


# --- location_add ---------------------------------------------------------------------------


def test_location_add_saves_an_address_with_a_valid_postcode(employer, account_manager):
    location = services.location_add(
        employer=employer,
        by=account_manager,
        name="Productie",
        street="Ravenswade 54",
        postcode="3439 LD",
        city="Nieuwegein",
    )

    location.refresh_from_db()
    assert location.employer == employer
    assert str(location) == "Ravenswade 54, 3439 LD Nieuwegein"


@pytest.mark.parametrize("postcode", ["0123 AB", "123 AB", "1234 A", "ABCD 12", "12345", ""])
def test_location_add_refuses_a_postcode_that_is_not_dutch(employer, account_manager, postcode):
    before = employer.locations.count()

    with pytest.raises(ValidationError) as excinfo:
        services.location_add(
            employer=employer,
            by=account_manager,
            street="Dorpsstraat 1",
            postcode=postcode,
            city="Zeist",
        )

    assert "postcode" in errors_of(excinfo)
    assert employer.locations.count() == before


def test_location_add_refuses_a_missing_street_or_city(employer, account_manager):
    with pytest.raises(ValidationError) as excinfo:
        services.location_add(employer=employer, by=account_manager, postcode="3701 AA")

    assert {"street", "city"} <= set(errors_of(excinfo))


def test_a_new_main_location_takes_over_the_main_flag(employer, account_manager):
    old_main = employer.locations.get(is_main=True)

    new_main = services.location_add(
        employer=employer,
        by=account_manager,
        street="Slotlaan 2",
        postcode="3701 GK",
        city="Zeist",
        is_main=True,
    )

    old_main.refresh_from_db()
    assert old_main.is_main is False
    assert list(employer.locations.filter(is_main=True)) == [new_main]


def test_a_second_location_that_is_not_main_leaves_the_main_one_alone(employer, account_manager):
    services.location_add(
        employer=employer,
        by=account_manager,
        street="Handelsweg 9",
        postcode="3995 DB",
        city="Houten",
    )

    assert employer.locations.filter(is_main=True).count() == 1
    assert Location.objects.filter(employer=employer).count() == 2


# --- contacts -------------------------------------------------------------------------------


def test_contact_add_saves_the_person_and_records_an_added_event(employer, account_manager, today):
    contact = services.contact_add(
        employer=employer,
        by=account_manager,
        name="Henk Smit",
        job_title="Ploegleider",
        level=ContactPerson.Level.FLOOR,
        is_supervisor=True,
        phone="06 12345678",
        email="henk@goudenkorst.test",
        active_since=today - 30 * DAY,
    )

    contact.refresh_from_db()
    assert contact.employer == employer
    assert contact.roles and contact.is_supervisor
    event = ContactEvent.objects.get(contact=contact)
    assert event.kind == ContactEvent.Kind.ADDED
    assert event.on == today - 30 * DAY
    assert event.by == account_manager


def test_contact_add_without_a_start_date_starts_today(employer, account_manager, today):
    contact = services.contact_add(
        employer=employer, by=account_manager, name="Nieuw", level=ContactPerson.Level.TOP
    )

    assert contact.active_since == today
    assert contact.events.get().on == today


def test_contact_add_refuses_a_missing_level_or_bad_email_and_writes_nothing(
    employer, account_manager
):
    with pytest.raises(ValidationError) as excinfo:
        services.contact_add(employer=employer, by=account_manager, name="Zonder", email="geen")

    assert {"level", "email"} <= set(errors_of(excinfo))
    assert not ContactPerson.objects.filter(name="Zonder").exists()
    assert not ContactEvent.objects.exists()


def test_contact_update_corrects_details_without_an_event(contact, account_manager):
    services.contact_update(contact=contact, by=account_manager, phone="06 99887766")

    contact.refresh_from_db()
    assert contact.phone == "06 99887766"
    assert not contact.events.exists()


def test_contact_update_does_not_change_roles(contact, account_manager):
    with pytest.raises(TypeError):
        services.contact_update(contact=contact, by=account_manager, level="top")
    with pytest.raises(TypeError):
        services.contact_update(contact=contact, by=account_manager, is_champion=False)

    contact.refresh_from_db()
    assert contact.level == ContactPerson.Level.MIDDLE
    assert contact.is_champion is True


def test_contact_mark_left_keeps_the_person_marked_with_reason_and_successor(
    employer, contact, account_manager, today
):
    successor = ContactPersonFactory(employer=employer, name="Ruud Kramer")

    services.contact_mark_left(
        contact=contact,
        left_on=today - 2 * DAY,
        by=account_manager,
        reason="Andere baan",
        successor=successor,
    )

    contact.refresh_from_db()
    assert contact.left_on == today - 2 * DAY
    assert contact.left_reason == "Andere baan"
    assert contact.successor == successor
    assert contact.has_left is True
    assert ContactPerson.objects.filter(pk=contact.pk).exists()  # never deleted
    assert contact not in ContactPerson.objects.current()
    event = contact.events.get(kind=ContactEvent.Kind.LEFT)
    assert event.on == today - 2 * DAY
    assert event.by == account_manager
    assert "Andere baan" in event.details
    assert "Ruud Kramer" in event.details


def test_contact_mark_left_without_reason_or_successor_writes_an_empty_detail(
    contact, account_manager, today
):
    services.contact_mark_left(contact=contact, left_on=today, by=account_manager)

    assert contact.events.get(kind=ContactEvent.Kind.LEFT).details == ""


def test_a_contact_leaving_in_the_future_is_still_current_until_then(
    contact, account_manager, today
):
    services.contact_mark_left(contact=contact, left_on=today + 14 * DAY, by=account_manager)

    contact.refresh_from_db()
    assert contact.has_left is False
    assert contact in ContactPerson.objects.current()
    assert contact not in ContactPerson.objects.current(on=today + 14 * DAY)


def test_contact_mark_left_twice_is_refused(contact, account_manager, today):
    services.contact_mark_left(contact=contact, left_on=today - DAY, by=account_manager)

    with pytest.raises(ValidationError) as excinfo:
        services.contact_mark_left(contact=contact, left_on=today, by=account_manager)

    assert "left_on" in errors_of(excinfo)
    contact.refresh_from_db()
    assert contact.left_on == today - DAY
    assert contact.events.filter(kind=ContactEvent.Kind.LEFT).count() == 1


def test_contact_mark_left_refuses_a_successor_at_another_employer(
    contact, other_employer, account_manager, today
):
    stranger = ContactPersonFactory(employer=other_employer)

    with pytest.raises(ValidationError) as excinfo:
        services.contact_mark_left(
            contact=contact, left_on=today, by=account_manager, successor=stranger
        )

    assert "successor" in errors_of(excinfo)
    contact.refresh_from_db()
    assert contact.left_on is None
    assert not contact.events.filter(kind=ContactEvent.Kind.LEFT).exists()


def test_contact_mark_left_refuses_the_person_as_their_own_successor(
    contact, account_manager, today
):
    with pytest.raises(ValidationError) as excinfo:
        services.contact_mark_left(
            contact=contact, left_on=today, by=account_manager, successor=contact
        )

    assert "successor" in errors_of(excinfo)
    contact.refresh_from_db()
    assert contact.left_on is None


def test_contact_mark_left_refuses_a_date_before_the_person_started(contact, account_manager):
    with pytest.raises(ValidationError) as excinfo:
        services.contact_mark_left(
            contact=contact, left_on=contact.active_since - DAY, by=account_manager
        )

    assert "left_on" in errors_of(excinfo)
    contact.refresh_from_db()
    assert contact.left_on is None


def test_the_database_refuses_a_contact_as_their_own_successor(contact):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactPerson.objects.filter(pk=contact.pk).update(successor=contact.pk)


def test_contact_change_role_saves_and_records_before_and_after(contact, account_manager, today):
    services.contact_change_role(
        contact=contact,
        by=account_manager,
        on=today - 3 * DAY,
        level=ContactPerson.Level.TOP,
        job_title="Directeur",
        is_director=True,
        is_hr=False,
    )

    contact.refresh_from_db()
    assert contact.level == ContactPerson.Level.TOP
    assert contact.is_director is True
    assert contact.is_hr is False
    event = contact.events.get(kind=ContactEvent.Kind.ROLE_CHANGED)
    assert event.on == today - 3 * DAY
    assert event.by == account_manager
    before, after = event.details.split(" → ")
    assert "HR-manager" in before
    assert "Directeur" in after


def test_contact_change_role_without_a_real_change_records_nothing(contact, account_manager):
    services.contact_change_role(contact=contact, by=account_manager, is_champion=True)

    assert not contact.events.filter(kind=ContactEvent.Kind.ROLE_CHANGED).exists()


def test_losing_the_champion_role_is_a_recorded_role_change(contact, account_manager, today):
    services.contact_change_role(contact=contact, by=account_manager, is_champion=False)

    contact.refresh_from_db()
    assert contact.is_champion is False
    event = contact.events.get(kind=ContactEvent.Kind.ROLE_CHANGED)
    assert event.on == today


def test_contact_change_role_refuses_an_unknown_level(contact, account_manager):
    with pytest.raises(ValidationError) as excinfo:
        services.contact_change_role(contact=contact, by=account_manager, level="ceo")

    assert "level" in errors_of(excinfo)
    contact.refresh_from_db()
    assert contact.level == ContactPerson.Level.MIDDLE
    assert not contact.events.exists()


def test_contact_change_role_only_changes_roles(contact, account_manager):
    with pytest.raises(TypeError):
        services.contact_change_role(contact=contact, by=account_manager, name="Andere Naam")


def test_contact_verify_sets_the_date_and_records_an_event(contact, account_manager, today):
    services.contact_verify(contact=contact, by=account_manager, on=today - DAY)

    contact.refresh_from_db()
    assert contact.last_verified_on == today - DAY
    event = contact.events.get(kind=ContactEvent.Kind.VERIFIED)
    assert event.on == today - DAY
    assert event.by == account_manager


def test_contact_verify_defaults_to_today(contact, account_manager, today):
    services.contact_verify(contact=contact, by=account_manager)

    contact.refresh_from_db()
    assert contact.last_verified_on == today


def test_a_person_who_left_cannot_be_verified(contact, account_manager, today):
    services.contact_mark_left(contact=contact, left_on=today - DAY, by=account_manager)
    contact.refresh_from_db()

    with pytest.raises(ValidationError):
        services.contact_verify(contact=contact, by=account_manager)

    contact.refresh_from_db()
    assert contact.last_verified_on is None
    assert not contact.events.filter(kind=ContactEvent.Kind.VERIFIED).exists()


def test_contact_history_lists_every_kind_of_event_newest_first(employer, account_manager, today):
    contact = services.contact_add(
        employer=employer, by=account_manager, name="Ilse", level=ContactPerson.Level.FLOOR
    )
    services.contact_change_role(contact=contact, by=account_manager, is_champion=True)
    services.contact_verify(contact=contact, by=account_manager)
    services.contact_mark_left(contact=contact, left_on=today, by=account_manager)

    assert list(contact.events.values_list("kind", flat=True)) == [
        ContactEvent.Kind.LEFT,
        ContactEvent.Kind.VERIFIED,
        ContactEvent.Kind.ROLE_CHANGED,
        ContactEvent.Kind.ADDED,
    ]


# --- account_manager_assign / assignment_end -----------------------------------------------


def test_first_assignment_needs_no_handover_note(employer, account_manager, team_lead, today):
    assignment = services.account_manager_assign(
        employer=employer, manager=account_manager, by=team_lead
    )

    assignment.refresh_from_db()
    assert assignment.kind == AccountAssignment.Kind.PRIMARY
    assert assignment.region == employer.region
    assert assignment.started_on == today
    assert assignment.ended_on is None
    assert assignment.assigned_by == team_lead
    assert assignment.handover_note == ""


def test_reassigning_ends_the_previous_on_the_new_start_date_and_keeps_history(
    employer, account_manager, colleague, team_lead, today
):
    first = services.account_manager_assign(
        employer=employer, manager=account_manager, by=team_lead, started_on=today - 100 * DAY
    )

    second = services.account_manager_assign(
        employer=employer,
        manager=colleague,
        by=team_lead,
        handover_note="  Let op: vestiging Houten zoekt twee productiemedewerkers.  ",
        started_on=today - 10 * DAY,
    )

    first.refresh_from_db()
    assert first.ended_on == today - 10 * DAY
    assert second.started_on == today - 10 * DAY
    assert second.ended_on is None
    assert second.handover_note == "Let op: vestiging Houten zoekt twee productiemedewerkers."
    assert list(employer.assignments.values_list("manager", "ended_on")) == [
        (colleague.pk, None),
        (account_manager.pk, today - 10 * DAY),
    ]


def test_three_changes_keep_three_ended_assignments(employer, region, team, team_lead, today):
    managers = [
        make_user(f"am{i}@wsp.test", User.Role.ACCOUNT_MANAGER, region, team) for i in range(4)
    ]
    for i, manager in enumerate(managers):
        services.account_manager_assign(
            employer=employer,
            manager=manager,
            by=team_lead,
            handover_note="" if i == 0 else f"Overdracht {i}",
            started_on=today - (300 - 90 * i) * DAY,
        )

    assert employer.assignments.count() == 4
    assert employer.assignments.current().get().manager == managers[3]
    assert employer.assignments.filter(ended_on__isnull=False).count() == 3


def test_a_handover_note_is_required_when_there_was_a_previous_manager(
    employer, primary_assignment, colleague, team_lead
):
    with pytest.raises(ValidationError) as excinfo:
        services.account_manager_assign(
            employer=employer, manager=colleague, by=team_lead, handover_note="   "
        )

    assert "handover_note" in errors_of(excinfo)
    primary_assignment.refresh_from_db()
    assert primary_assignment.ended_on is None
    assert employer.assignments.count() == 1


def test_the_same_manager_twice_is_refused(employer, primary_assignment, account_manager):
    with pytest.raises(ValidationError) as excinfo:
        services.account_manager_assign(
            employer=employer, manager=account_manager, by=account_manager, handover_note="Nog eens"
        )

    assert "manager" in errors_of(excinfo)
    assert employer.assignments.count() == 1


def test_a_manager_of_another_region_is_refused(employer, outsider, team_lead):
    with pytest.raises(ValidationError) as excinfo:
        services.account_manager_assign(employer=employer, manager=outsider, by=team_lead)

    assert "manager" in errors_of(excinfo)
    assert not employer.assignments.exists()


def test_an_inactive_manager_is_refused(employer, colleague, team_lead):
    colleague.is_active = False
    colleague.save()

    with pytest.raises(ValidationError) as excinfo:
        services.account_manager_assign(employer=employer, manager=colleague, by=team_lead)

    assert "manager" in errors_of(excinfo)
    assert not employer.assignments.exists()


def test_an_employer_user_or_a_regionless_admin_cannot_be_account_manager(
    employer, employer_user, wsp_admin, team_lead
):
    for person in (employer_user, wsp_admin):
        with pytest.raises(ValidationError):
            services.account_manager_assign(employer=employer, manager=person, by=team_lead)

    assert not employer.assignments.exists()


def test_a_team_lead_can_hold_an_employer(employer, team_lead):
    assignment = services.account_manager_assign(employer=employer, manager=team_lead, by=team_lead)

    assert assignment.manager == team_lead


def test_the_new_assignment_cannot_start_before_the_current_one(
    employer, account_manager, colleague, team_lead, today
):
    current = services.account_manager_assign(
        employer=employer, manager=account_manager, by=team_lead, started_on=today - 5 * DAY
    )

    with pytest.raises(ValidationError) as excinfo:
        services.account_manager_assign(
            employer=employer,
            manager=colleague,
            by=team_lead,
            handover_note="Terug in de tijd",
            started_on=today - 6 * DAY,
        )

    assert "started_on" in errors_of(excinfo)
    current.refresh_from_db()
    assert current.ended_on is None


def test_a_backup_is_added_next_to_the_primary_without_a_handover_note(
    employer, primary_assignment, colleague, team_lead
):
    backup = services.account_manager_assign(
        employer=employer, manager=colleague, by=team_lead, kind=AccountAssignment.Kind.BACKUP
    )

    primary_assignment.refresh_from_db()
    assert primary_assignment.ended_on is None
    assert backup.kind == AccountAssignment.Kind.BACKUP
    assert set(employer.assignments.current().values_list("kind", flat=True)) == {
        "primary",
        "backup",
    }


def test_a_backup_promoted_to_primary_ends_the_backup_and_the_old_primary(
    employer, account_manager, colleague, team_lead, today
):
    old_primary = services.account_manager_assign(
        employer=employer, manager=account_manager, by=team_lead, started_on=today - 60 * DAY
    )
    backup = services.account_manager_assign(
        employer=employer,
        manager=colleague,
        by=team_lead,
        kind=AccountAssignment.Kind.BACKUP,
        started_on=today - 30 * DAY,
    )

    new_primary = services.account_manager_assign(
        employer=employer,
        manager=colleague,
        by=team_lead,
        handover_note="Cor kent het bedrijf al als backup.",
        started_on=today - 2 * DAY,
    )

    old_primary.refresh_from_db()
    backup.refresh_from_db()
    assert old_primary.ended_on == today - 2 * DAY
    assert backup.ended_on == today - 2 * DAY
    assert list(employer.assignments.current()) == [new_primary]
    assert new_primary.kind == AccountAssignment.Kind.PRIMARY
    assert employer.assignments.count() == 3


def test_a_national_employer_gets_a_primary_per_region(
    national_employer, account_manager, outsider, team_lead, region, other_region
):
    here = services.account_manager_assign(
        employer=national_employer, manager=account_manager, by=team_lead, region=region
    )
    there = services.account_manager_assign(
        employer=national_employer, manager=outsider, by=outsider, region=other_region
    )

    assert here.region == region
    assert there.region == other_region
    assert national_employer.assignments.current().count() == 2


def test_the_database_refuses_two_current_primaries(employer, account_manager, colleague):
    AccountAssignment.objects.create(
        employer=employer, region=employer.region, manager=account_manager
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        AccountAssignment.objects.create(
            employer=employer, region=employer.region, manager=colleague
        )

    assert employer.assignments.current().count() == 1


def test_the_database_allows_an_ended_primary_next_to_the_current_one(
    employer, account_manager, colleague, today
):
    AccountAssignment.objects.create(
        employer=employer,
        region=employer.region,
        manager=account_manager,
        started_on=today - 10 * DAY,
        ended_on=today,
    )
    AccountAssignment.objects.create(employer=employer, region=employer.region, manager=colleague)

    assert employer.assignments.count() == 2


def test_the_database_refuses_an_assignment_ending_before_it_started(
    employer, account_manager, today
):
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountAssignment.objects.create(
            employer=employer,
            region=employer.region,
            manager=account_manager,
            started_on=today,
            ended_on=today - DAY,
        )


def test_the_database_refuses_one_manager_twice_current_at_an_employer(employer, account_manager):
    AccountAssignment.objects.create(
        employer=employer, region=employer.region, manager=account_manager
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        AccountAssignment.objects.create(
            employer=employer,
            region=employer.region,
            manager=account_manager,
            kind=AccountAssignment.Kind.BACKUP,
        )


def test_assignments_are_protected_from_deletion_with_their_employer(primary_assignment):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        primary_assignment.employer.delete()

    assert AccountAssignment.objects.filter(pk=primary_assignment.pk).exists()


def test_assignment_end_ends_without_deleting(employer, primary_assignment, team_lead, today):
    services.assignment_end(assignment=primary_assignment, by=team_lead, ended_on=today)

    primary_assignment.refresh_from_db()
    assert primary_assignment.ended_on == today
    assert not employer.assignments.current().exists()
    assert employer.assignments.count() == 1


def test_assignment_end_never_ends_before_the_start(employer, account_manager, team_lead, today):
    assignment = AccountAssignmentFactory(
        employer=employer, manager=account_manager, started_on=today - DAY
    )

    services.assignment_end(assignment=assignment, by=team_lead, ended_on=today - 30 * DAY)

    assignment.refresh_from_db()
    assert assignment.ended_on == today - DAY


def test_ending_an_ended_assignment_is_refused(primary_assignment, team_lead):
    services.assignment_end(assignment=primary_assignment, by=team_lead)

    with pytest.raises(ValidationError):
        services.assignment_end(assignment=primary_assignment, by=team_lead)


def test_after_ending_a_new_manager_needs_no_handover_note(
    employer, primary_assignment, colleague, team_lead
):
    services.assignment_end(assignment=primary_assignment, by=team_lead)

    assignment = services.account_manager_assign(employer=employer, manager=colleague, by=team_lead)

    assert assignment.ended_on is None
    assert employer.assignments.count() == 2


# --- conversation_log / next_action_complete ------------------------------------------------


def test_conversation_log_saves_everything(employer, contact, account_manager, colleague, today):
    when = timezone.now() - 3 * DAY
    conversation = services.conversation_log(
        employer=employer,
        author=account_manager,
        summary="  Werkplekbezoek; twee leerwerkplekken in de inpak mogelijk.  ",
        channel=Conversation.Channel.VISIT,
        occurred_at=when,
        participants=[contact],
        topics=[Conversation.Topic.STAFFING, Conversation.Topic.JOB_CARVING],
        service_style=Conversation.Style.STRATEGIC,
        next_action="Functieanalyse inpakafdeling maken",
        next_action_due=today + 7 * DAY,
        next_action_owner=colleague,
    )

    conversation.refresh_from_db()
    assert conversation.summary == "Werkplekbezoek; twee leerwerkplekken in de inpak mogelijk."
    assert conversation.occurred_at == when
    assert list(conversation.participants.all()) == [contact]
    assert conversation.topics == ["staffing", "job_carving"]
    assert conversation.next_action_owner == colleague
    assert conversation.has_open_action is True
    assert Action.objects.open().filter(conversation=conversation, owner=colleague).exists()


def test_conversation_log_defaults_to_now_and_the_author_as_action_owner(employer, account_manager):
    before = timezone.now()
    conversation = services.conversation_log(
        employer=employer,
        author=account_manager,
        summary="Kort gebeld.",
        channel=Conversation.Channel.PHONE,
        next_action="Terugbellen",
    )

    assert conversation.occurred_at >= before
    assert conversation.next_action_owner == account_manager
    assert conversation.next_action_due is None


def test_conversation_without_a_next_action_has_no_owner(employer, account_manager):
    conversation = services.conversation_log(
        employer=employer, author=account_manager, summary="Nieuwsbrief besproken.", channel="email"
    )

    assert conversation.next_action_owner is None
    assert conversation.has_open_action is False
    assert not Action.objects.open().filter(conversation=conversation).exists()


def test_participants_from_another_employer_are_refused(
    employer, other_employer, contact, account_manager
):
    stranger = ContactPersonFactory(employer=other_employer)

    with pytest.raises(ValidationError) as excinfo:
        services.conversation_log(
            employer=employer,
            author=account_manager,
            summary="Gesprek",
            channel="visit",
            participants=[contact, stranger],
        )

    assert "participants" in errors_of(excinfo)
    assert not Conversation.objects.exists()


@pytest.mark.parametrize("given", ["due_date", "owner"])
def test_next_action_fields_without_an_action_are_refused(
    employer, account_manager, colleague, today, given
):
    if given == "due_date":
        action_fields = {"next_action_due": today + DAY}
    else:
        action_fields = {"next_action_owner": colleague}

    with pytest.raises(ValidationError) as excinfo:
        services.conversation_log(
            employer=employer,
            author=account_manager,
            summary="Gesprek",
            channel="phone",
            next_action="   ",
            **action_fields,
        )

    assert "next_action" in errors_of(excinfo)
    assert not Conversation.objects.exists()


def test_an_unknown_topic_is_refused(employer, account_manager):
    with pytest.raises(ValidationError) as excinfo:
        services.conversation_log(
            employer=employer,
            author=account_manager,
            summary="Gesprek",
            channel="phone",
            topics=["staffing", "weather"],
        )

    assert "topics" in errors_of(excinfo)
    assert not Conversation.objects.exists()


def test_an_unknown_channel_or_style_or_empty_summary_is_refused(employer, account_manager):
    with pytest.raises(ValidationError) as excinfo:
        services.conversation_log(
            employer=employer,
            author=account_manager,
            summary="   ",
            channel="pigeon",
            service_style="charm",
        )

    assert {"summary", "channel", "service_style"} <= set(errors_of(excinfo))
    assert not Conversation.objects.exists()


def test_next_action_complete_records_who_and_when(conversation, team_lead):
    services.next_action_complete(conversation=conversation, by=team_lead)

    conversation.refresh_from_db()
    assert conversation.next_action_done_by == team_lead
    assert conversation.next_action_done_at is not None
    assert conversation.has_open_action is False
    assert not Action.objects.open().filter(conversation=conversation).exists()


def test_completing_twice_keeps_the_first_completion(conversation, account_manager, team_lead):
    services.next_action_complete(conversation=conversation, by=account_manager)
    conversation.refresh_from_db()
    first_done_at = conversation.next_action_done_at

    services.next_action_complete(conversation=conversation, by=team_lead)

    conversation.refresh_from_db()
    assert conversation.next_action_done_at == first_done_at
    assert conversation.next_action_done_by == account_manager


def test_completing_a_conversation_without_an_action_is_refused(employer, account_manager):
    conversation = ConversationFactory(employer=employer, author=account_manager)

    with pytest.raises(ValidationError):
        services.next_action_complete(conversation=conversation, by=account_manager)

    conversation.refresh_from_db()
    assert conversation.next_action_done_at is None
