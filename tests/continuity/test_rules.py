"""The twelve continuity rules (thirteen signal kinds), one by one.

Every rule gets a case that raises it (kind, severity, assignee, detail, due date), a near miss
that does not, and the automatic closing (with the reason) once the condition stops holding.
The changes go through the services a person would use; only the set-up writes rows directly.
Each test starts from `quiet_employer`, which raises nothing, and breaks one thing.
"""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.models import User
from accounts.services import user_set_active
from continuity.models import RegionPolicy, Signal
from employers import services
from employers.models import AccountAssignment, ContactPerson, Conversation, Employer
from placements import services as placement_services
from placements import team_services
from placements.models import FollowUp, Instrument, InstrumentPeriod, Placement, TeamMember
from tests.conftest import make_user
from tests.continuity.conftest import days_ago, days_ahead, run_scan, signals_of, the_signal
from tests.factories import (
    AccountAssignmentFactory,
    ContactPersonFactory,
    ConversationFactory,
    EmployerFactory,
)

pytestmark = pytest.mark.django_db

K = Signal.Kind
S = Signal.Severity


def dutch_date(day):
    return day.strftime("%d-%m-%Y")


def assert_closed(signal, reason):
    signal.refresh_from_db()
    assert signal.status == Signal.Status.AUTO_CLOSED
    assert signal.closed_reason == reason
    assert signal.resolved_at is not None
    assert signal.resolved_by is None


def set_policy(region, **thresholds):
    return RegionPolicy.objects.create(region=region, **thresholds)


@pytest.fixture
def no_manager(quiet_employer, team_lead):
    """quiet_employer's fixed manager stops (the assignment ends, nobody takes over)."""
    assignment = AccountAssignment.objects.get(employer=quiet_employer)
    services.assignment_end(assignment=assignment, by=team_lead)
    return quiet_employer


def champion_of(employer):
    return ContactPerson.objects.get(employer=employer, is_champion=True)


# Rule 1: a contact person left or changed role ---------------------------------------------


def test_a_contact_who_left_is_flagged_to_the_fixed_manager(
    quiet_employer, region, account_manager, supervisor
):
    services.contact_mark_left(
        contact=supervisor, left_on=days_ago(3), by=account_manager, reason="Nieuwe baan"
    )

    run_scan(region)

    signal = the_signal(K.CONTACT_LEFT)
    assert signal.severity == S.ATTENTION
    assert signal.assigned_to == account_manager
    assert (signal.region, signal.employer, signal.contact) == (region, quiet_employer, supervisor)
    assert signal.placement is None
    assert signal.detail == f"Henk Bos is vertrokken op {dutch_date(days_ago(3))}"
    assert signal.status == Signal.Status.OPEN


def test_a_leaver_who_supervises_an_active_placement_is_urgent(
    quiet_employer, region, account_manager, supervisor, make_placement
):
    placement = make_placement(quiet_employer, supervisor=supervisor)

    services.contact_mark_left(contact=supervisor, left_on=timezone.localdate(), by=account_manager)
    run_scan(region)

    signal = the_signal(K.CONTACT_LEFT)
    assert signal.severity == S.URGENT
    assert signal.placement == placement
    assert signal.assigned_to == account_manager
    assert signal.detail == (
        f"Henk Bos is vertrokken op {dutch_date(timezone.localdate())}"
        " · begeleidt een lopende plaatsing"
    )


def test_a_leaver_whose_placement_ended_is_not_urgent(
    quiet_employer, region, account_manager, supervisor, make_placement
):
    placement = make_placement(quiet_employer, supervisor=supervisor)
    placement_services.placement_end(
        placement=placement, ended_on=days_ago(1), reason="contract_ended", by=account_manager
    )

    services.contact_mark_left(contact=supervisor, left_on=timezone.localdate(), by=account_manager)
    run_scan(region)

    assert the_signal(K.CONTACT_LEFT).severity == S.ATTENTION


def test_a_leaver_without_fixed_manager_goes_to_the_team_lead(
    no_manager, region, account_manager, team_lead, supervisor
):
    services.contact_mark_left(contact=supervisor, left_on=days_ago(1), by=account_manager)

    run_scan(region)

    assert the_signal(K.CONTACT_LEFT).assigned_to == team_lead


def test_a_leaver_whose_manager_was_deactivated_goes_to_the_team_lead(
    quiet_employer, region, account_manager, team_lead, wsp_admin, supervisor
):
    user_set_active(user=account_manager, active=False, by=wsp_admin)

    services.contact_mark_left(contact=supervisor, left_on=days_ago(1), by=team_lead)
    run_scan(region)

    assert the_signal(K.CONTACT_LEFT).assigned_to == team_lead


@pytest.mark.parametrize(("left_days_ago", "flagged"), [(60, True), (61, False)])
def test_only_contacts_who_left_within_the_window_are_flagged(
    quiet_employer, region, account_manager, supervisor, left_days_ago, flagged
):
    services.contact_mark_left(
        contact=supervisor, left_on=days_ago(left_days_ago), by=account_manager
    )

    run_scan(region)

    assert signals_of(K.CONTACT_LEFT).exists() is flagged


def test_the_window_for_contact_changes_comes_from_the_region_policy(
    quiet_employer, region, account_manager, supervisor
):
    set_policy(region, contact_change_window_days=90)
    services.contact_mark_left(contact=supervisor, left_on=days_ago(61), by=account_manager)

    run_scan(region)

    assert signals_of(K.CONTACT_LEFT).count() == 1


def test_a_leaver_with_a_successor_is_not_flagged(
    quiet_employer, region, account_manager, supervisor
):
    successor = services.contact_add(
        employer=quiet_employer, by=account_manager, name="Ingrid Smit", level="floor"
    )

    services.contact_mark_left(
        contact=supervisor, left_on=days_ago(2), by=account_manager, successor=successor
    )
    run_scan(region)

    assert not signals_of(K.CONTACT_LEFT).exists()


def test_a_contact_left_signal_closes_when_a_new_contact_is_added(
    quiet_employer, region, account_manager, supervisor
):
    services.contact_mark_left(contact=supervisor, left_on=days_ago(2), by=account_manager)
    run_scan(region)
    signal = the_signal(K.CONTACT_LEFT)

    services.contact_add(
        employer=quiet_employer, by=account_manager, name="Ingrid Smit", level="floor"
    )
    result = run_scan(region)

    assert result.closed == 1
    assert_closed(
        signal,
        "Er is een nieuwe contactpersoon of een opvolger vastgelegd, "
        "of de wijziging is niet meer recent.",
    )


def test_a_placement_at_risk_stays_open_until_its_supervisor_is_replaced(
    quiet_employer, region, account_manager, supervisor, make_placement
):
    placement = make_placement(quiet_employer, supervisor=supervisor)
    successor = services.contact_add(
        employer=quiet_employer, by=account_manager, name="Ingrid Smit", level="floor"
    )
    services.contact_mark_left(
        contact=supervisor, left_on=days_ago(1), by=account_manager, successor=successor
    )
    run_scan(region)
    signal = the_signal(K.CONTACT_LEFT)
    assert signal.severity == S.URGENT, "a successor alone does not look after the placement"

    team_services.team_add(
        placement=placement, role="supervisor", contact=successor, by=account_manager
    )
    run_scan(region)

    assert_closed(
        signal,
        "Er is een nieuwe contactpersoon of een opvolger vastgelegd, "
        "of de wijziging is niet meer recent.",
    )


def test_a_long_gone_leaver_still_supervising_a_placement_is_flagged(
    quiet_employer, region, account_manager, supervisor, make_placement
):
    make_placement(quiet_employer, supervisor=supervisor)
    services.contact_mark_left(contact=supervisor, left_on=days_ago(200), by=account_manager)

    run_scan(region)

    assert the_signal(K.CONTACT_LEFT).severity == S.URGENT


def test_a_role_change_is_flagged_to_the_fixed_manager(
    quiet_employer, region, account_manager, supervisor
):
    services.contact_change_role(
        contact=supervisor, by=account_manager, level="middle", job_title="Afdelingshoofd"
    )

    run_scan(region)

    signal = the_signal(K.CONTACT_ROLE_CHANGED)
    assert (signal.severity, signal.assigned_to, signal.contact) == (
        S.ATTENTION,
        account_manager,
        supervisor,
    )
    assert signal.detail == (
        f"Henk Bos heeft op {dutch_date(timezone.localdate())} een andere rol gekregen"
    )


def test_an_old_role_change_is_not_flagged(quiet_employer, region, account_manager, supervisor):
    services.contact_change_role(
        contact=supervisor, by=account_manager, on=days_ago(61), job_title="Afdelingshoofd"
    )

    run_scan(region)

    assert not signals_of(K.CONTACT_ROLE_CHANGED).exists()


def test_a_role_change_signal_closes_when_the_contact_is_confirmed(
    quiet_employer, region, account_manager, supervisor
):
    services.contact_change_role(contact=supervisor, by=account_manager, job_title="Teamleider")
    run_scan(region)
    signal = the_signal(K.CONTACT_ROLE_CHANGED)

    services.contact_verify(contact=supervisor, by=account_manager)
    run_scan(region)

    assert_closed(
        signal,
        "De contactpersonen zijn bijgewerkt of bevestigd, of de wijziging is niet meer recent.",
    )


# Rule 2: no fixed account manager -----------------------------------------------------------


def test_an_active_employer_without_fixed_manager_goes_to_the_team_lead(
    no_manager, region, team_lead
):
    run_scan(region)

    signal = the_signal(K.NO_FIXED_MANAGER)
    assert (signal.employer, signal.assigned_to, signal.severity) == (
        no_manager,
        team_lead,
        S.ATTENTION,
    )


@pytest.mark.parametrize(
    ("stage", "flagged"),
    [
        (Employer.Stage.STRATEGIC_PARTNER, True),
        (Employer.Stage.INTRODUCTION, False),
        (Employer.Stage.PROSPECT, False),
    ],
)
def test_only_active_relationships_need_a_fixed_manager(
    no_manager, region, team_lead, stage, flagged
):
    services.employer_update(employer=no_manager, by=team_lead, stage=stage)

    run_scan(region)

    assert signals_of(K.NO_FIXED_MANAGER).exists() is flagged


def test_without_a_team_lead_the_signal_waits_unassigned(other_region):
    employer = EmployerFactory(region=other_region, name="Havenbedrijf Zonder Lead")

    run_scan(other_region)

    signal = the_signal(K.NO_FIXED_MANAGER)
    assert signal.employer == employer
    assert signal.assigned_to is None


def test_no_fixed_manager_closes_when_a_manager_is_assigned(
    no_manager, region, colleague, team_lead
):
    run_scan(region)
    signal = the_signal(K.NO_FIXED_MANAGER)

    services.account_manager_assign(employer=no_manager, manager=colleague, by=team_lead)
    run_scan(region)

    assert_closed(
        signal, "Er is een vaste accountmanager toegewezen, of de relatie is niet meer actief."
    )


def test_a_deactivated_holder_is_a_reassignment_not_a_missing_manager(
    quiet_employer, region, account_manager, wsp_admin
):
    user_set_active(user=account_manager, active=False, by=wsp_admin)

    run_scan(region)

    assert not signals_of(K.NO_FIXED_MANAGER).exists()
    assert signals_of(K.STAFF_DEACTIVATED).count() == 1


# Rule 3: a new fixed manager introduces themselves -----------------------------------------


def test_a_new_fixed_manager_is_asked_to_introduce_themselves(
    quiet_employer, region, colleague, team_lead
):
    services.account_manager_assign(
        employer=quiet_employer, manager=colleague, by=team_lead, handover_note="Overdracht"
    )

    run_scan(region)

    signal = the_signal(K.INTRODUCE)
    assert (signal.assigned_to, signal.employer, signal.severity) == (
        colleague,
        quiet_employer,
        S.INFO,
    )
    assert signal.due_on == days_ahead(14)


def test_an_introduction_past_its_due_date_needs_attention(
    quiet_employer, region, colleague, team_lead
):
    services.account_manager_assign(
        employer=quiet_employer,
        manager=colleague,
        by=team_lead,
        handover_note="Overdracht",
        started_on=days_ago(20),
    )

    run_scan(region)

    signal = the_signal(K.INTRODUCE)
    assert signal.severity == S.ATTENTION
    assert signal.due_on == days_ago(6)


def test_the_introduction_period_comes_from_the_region_policy(
    quiet_employer, region, colleague, team_lead
):
    set_policy(region, introduce_within_days=30)
    services.account_manager_assign(
        employer=quiet_employer,
        manager=colleague,
        by=team_lead,
        handover_note="Overdracht",
        started_on=days_ago(20),
    )

    run_scan(region)

    signal = the_signal(K.INTRODUCE)
    assert (signal.severity, signal.due_on) == (S.INFO, days_ahead(10))


def test_the_first_ever_manager_has_nothing_to_introduce(region, colleague, team_lead):
    employer = EmployerFactory(region=region, name="Nieuwe Klant B.V.")

    services.account_manager_assign(employer=employer, manager=colleague, by=team_lead)
    run_scan(region)

    assert not signals_of(K.INTRODUCE).exists()


def test_a_new_manager_who_already_talked_to_the_employer_is_not_asked(
    quiet_employer, region, colleague, team_lead
):
    services.account_manager_assign(
        employer=quiet_employer,
        manager=colleague,
        by=team_lead,
        handover_note="Overdracht",
        started_on=days_ago(5),
    )
    ConversationFactory(
        employer=quiet_employer,
        author=colleague,
        occurred_at=timezone.now() - datetime.timedelta(days=2),
    )

    run_scan(region)

    assert not signals_of(K.INTRODUCE).exists()


def test_introduction_closes_when_the_new_manager_logs_a_conversation(
    quiet_employer, region, account_manager, colleague, team_lead
):
    services.account_manager_assign(
        employer=quiet_employer, manager=colleague, by=team_lead, handover_note="Overdracht"
    )
    run_scan(region)
    signal = the_signal(K.INTRODUCE)

    services.conversation_log(
        employer=quiet_employer, author=account_manager, summary="Oud contact", channel="phone"
    )
    run_scan(region)
    signal.refresh_from_db()
    assert signal.status == Signal.Status.OPEN, "only the new manager's own conversation counts"

    services.conversation_log(
        employer=quiet_employer, author=colleague, summary="Kennismaking", channel="visit"
    )
    run_scan(region)

    assert_closed(
        signal,
        "De nieuwe accountmanager heeft een gesprek vastgelegd, "
        "of de toewijzing is gewijzigd of niet meer nieuw.",
    )


# Rule 4: too many manager changes ----------------------------------------------------------


def managers_over_time(employer, region, ended_days):
    """One ended primary assignment per entry in `ended_days` (ended that many days ago, each
    lasting 100 days), plus the current one that started when the last one ended."""
    for number, ended in enumerate(ended_days):
        manager = make_user(f"vorige{number}@wsp.test", User.Role.ACCOUNT_MANAGER, region)
        AccountAssignmentFactory(
            employer=employer,
            manager=manager,
            started_on=days_ago(ended + 100),
            ended_on=days_ago(ended),
        )


@pytest.fixture
def churned(region, account_manager, team_lead):
    """An employer held by three managers within the last 12 months."""
    employer = EmployerFactory(region=region, name="Wisselvallig B.V.")
    managers_over_time(employer, region, ended_days=[200, 100])
    AccountAssignmentFactory(employer=employer, manager=account_manager, started_on=days_ago(100))
    return employer


def test_three_managers_in_a_year_go_to_the_team_lead(churned, region, team_lead):
    run_scan(region)

    signal = the_signal(K.MANAGER_CHURN)
    assert (signal.employer, signal.assigned_to, signal.severity) == (
        churned,
        team_lead,
        S.ATTENTION,
    )
    assert signal.detail == "3 accountmanagers in 12 maanden"


def test_a_manager_who_left_more_than_a_year_ago_does_not_count(region, account_manager, team_lead):
    employer = EmployerFactory(region=region, name="Rustig Bezit B.V.")
    managers_over_time(employer, region, ended_days=[400, 100])
    AccountAssignmentFactory(employer=employer, manager=account_manager, started_on=days_ago(100))

    run_scan(region)

    assert not signals_of(K.MANAGER_CHURN).exists()
    set_policy(region, churn_months=24)
    run_scan(region)
    assert the_signal(K.MANAGER_CHURN).detail == "3 accountmanagers in 24 maanden"


def test_the_churn_threshold_comes_from_the_region_policy(churned, region):
    set_policy(region, churn_managers=4)

    run_scan(region)

    assert not signals_of(K.MANAGER_CHURN).exists()


def test_churn_closes_once_the_changes_fall_out_of_the_period(churned, region):
    run_scan(region)
    signal = the_signal(K.MANAGER_CHURN)

    run_scan(region, now=timezone.now() + datetime.timedelta(days=170))

    assert_closed(signal, "Het aantal wisselingen van accountmanager is weer onder de drempel.")


# Rule 5: a staff member is deactivated -----------------------------------------------------


def test_a_deactivated_manager_s_employers_go_to_the_team_lead(
    quiet_employer, region, account_manager, team_lead, wsp_admin
):
    user_set_active(user=account_manager, active=False, by=wsp_admin)

    run_scan(region)

    signal = the_signal(K.STAFF_DEACTIVATED)
    assert (signal.employer, signal.assigned_to, signal.subject_user, signal.severity) == (
        quiet_employer,
        team_lead,
        account_manager,
        S.URGENT,
    )


def test_a_deactivated_backup_needs_attention_not_urgency(
    quiet_employer, region, colleague, wsp_admin
):
    AccountAssignmentFactory(
        employer=quiet_employer, manager=colleague, kind=AccountAssignment.Kind.BACKUP
    )

    user_set_active(user=colleague, active=False, by=wsp_admin)
    run_scan(region)

    signal = the_signal(K.STAFF_DEACTIVATED)
    assert (signal.subject_user, signal.severity) == (colleague, S.ATTENTION)


def test_a_deactivated_former_manager_raises_nothing(quiet_employer, region, colleague, wsp_admin):
    AccountAssignmentFactory(
        employer=quiet_employer,
        manager=colleague,
        kind=AccountAssignment.Kind.BACKUP,
        started_on=days_ago(300),
        ended_on=days_ago(100),
    )

    user_set_active(user=colleague, active=False, by=wsp_admin)
    run_scan(region)

    assert not signals_of(K.STAFF_DEACTIVATED).exists()


def test_deactivation_closes_when_the_employer_is_reassigned(
    quiet_employer, region, account_manager, colleague, team_lead, wsp_admin
):
    user_set_active(user=account_manager, active=False, by=wsp_admin)
    run_scan(region)
    signal = the_signal(K.STAFF_DEACTIVATED)

    services.account_manager_assign(
        employer=quiet_employer, manager=colleague, by=team_lead, handover_note="Overname"
    )
    run_scan(region)

    assert_closed(signal, "De werkgever is opnieuw toegewezen, of de medewerker is weer actief.")


def test_a_deactivated_manager_s_open_signals_move_to_the_team_lead(
    quiet_employer, region, account_manager, team_lead, wsp_admin
):
    Conversation.objects.filter(employer=quiet_employer).update(
        occurred_at=timezone.now() - datetime.timedelta(days=100)
    )
    run_scan(region)
    stale = the_signal(K.STALE_RELATIONSHIP)
    assert stale.assigned_to == account_manager

    user_set_active(user=account_manager, active=False, by=wsp_admin)
    result = run_scan(region)

    stale.refresh_from_db()
    assert stale.status == Signal.Status.OPEN
    assert stale.assigned_to == team_lead, "nobody would see it in a deactivated inbox"
    assert result.updated == 1


# Rule 6: no key contact at an employer with active placements ------------------------------


@pytest.fixture
def without_champion(quiet_employer):
    ContactPerson.objects.filter(employer=quiet_employer).update(is_champion=False)
    return quiet_employer


def test_placements_without_a_key_contact_go_to_the_manager(
    without_champion, region, account_manager, make_placement
):
    make_placement(without_champion)

    run_scan(region)

    signal = the_signal(K.NO_KEY_CONTACT)
    assert (signal.employer, signal.assigned_to, signal.severity) == (
        without_champion,
        account_manager,
        S.ATTENTION,
    )


def test_no_key_contact_without_manager_goes_to_the_team_lead(
    no_manager, region, team_lead, make_placement
):
    ContactPerson.objects.filter(employer=no_manager).update(is_champion=False)
    make_placement(no_manager)

    run_scan(region)

    assert the_signal(K.NO_KEY_CONTACT).assigned_to == team_lead


def test_a_top_level_contact_is_a_key_contact(without_champion, region, make_placement):
    ContactPersonFactory(
        employer=without_champion, name="Directeur Jansen", level=ContactPerson.Level.TOP
    )
    make_placement(without_champion)

    run_scan(region)

    assert not signals_of(K.NO_KEY_CONTACT).exists()


def test_no_key_contact_is_needed_without_an_active_placement(
    without_champion, region, account_manager, make_placement
):
    placement = make_placement(without_champion)
    placement_services.placement_end(
        placement=placement, ended_on=days_ago(1), reason="other_job", by=account_manager
    )

    run_scan(region)

    assert not signals_of(K.NO_KEY_CONTACT).exists()


@pytest.mark.parametrize(("left_on_days", "flagged"), [(0, True), (1, False)])
def test_a_champion_counts_until_the_day_they_leave(
    quiet_employer, region, account_manager, make_placement, left_on_days, flagged
):
    make_placement(quiet_employer)
    services.contact_mark_left(
        contact=champion_of(quiet_employer),
        left_on=days_ahead(left_on_days),
        by=account_manager,
    )

    run_scan(region)

    assert signals_of(K.NO_KEY_CONTACT).exists() is flagged


def test_no_key_contact_closes_when_a_champion_is_added(
    without_champion, region, account_manager, make_placement
):
    make_placement(without_champion)
    run_scan(region)
    signal = the_signal(K.NO_KEY_CONTACT)

    services.contact_add(
        employer=without_champion,
        by=account_manager,
        name="Fatima El Amrani",
        level="middle",
        is_champion=True,
    )
    run_scan(region)

    assert_closed(
        signal,
        "Er is een kartrekker of een contactpersoon op topniveau vastgelegd, "
        "of er loopt geen plaatsing meer.",
    )


# Rule 7: a colleague other than the fixed manager talked to the employer -------------------


def test_a_colleague_s_conversation_is_reported_to_the_fixed_manager(
    quiet_employer, region, account_manager, colleague
):
    services.conversation_log(
        employer=quiet_employer, author=colleague, summary="Vacature besproken", channel="visit"
    )

    run_scan(region)

    signal = the_signal(K.OTHER_STAFF_CONVERSATION)
    assert (signal.employer, signal.assigned_to, signal.severity) == (
        quiet_employer,
        account_manager,
        S.INFO,
    )
    assert signal.detail == "Cor Test (UWV Testregio) heeft de werkgever gesproken"


def test_a_backup_s_conversation_is_not_reported(quiet_employer, region, colleague):
    AccountAssignmentFactory(
        employer=quiet_employer, manager=colleague, kind=AccountAssignment.Kind.BACKUP
    )

    services.conversation_log(
        employer=quiet_employer, author=colleague, summary="Namens Anna", channel="phone"
    )
    run_scan(region)

    assert not signals_of(K.OTHER_STAFF_CONVERSATION).exists()


@pytest.mark.parametrize(("days", "flagged"), [(13, True), (15, False)])
def test_only_recent_conversations_by_colleagues_are_reported(
    quiet_employer, region, colleague, days, flagged
):
    ConversationFactory(
        employer=quiet_employer,
        author=colleague,
        occurred_at=timezone.now() - datetime.timedelta(days=days),
    )

    run_scan(region)

    assert signals_of(K.OTHER_STAFF_CONVERSATION).exists() is flagged


def test_a_colleague_conversation_signal_closes_after_two_weeks(quiet_employer, region, colleague):
    services.conversation_log(
        employer=quiet_employer, author=colleague, summary="Langs geweest", channel="visit"
    )
    run_scan(region)
    signal = the_signal(K.OTHER_STAFF_CONVERSATION)

    run_scan(region, now=timezone.now() + datetime.timedelta(days=15))

    assert_closed(
        signal, "Ouder dan twee weken, of de collega is nu zelf aan deze werkgever toegewezen."
    )


def test_a_colleague_conversation_signal_closes_when_the_colleague_becomes_backup(
    quiet_employer, region, colleague, team_lead
):
    services.conversation_log(
        employer=quiet_employer, author=colleague, summary="Langs geweest", channel="visit"
    )
    run_scan(region)
    signal = the_signal(K.OTHER_STAFF_CONVERSATION)

    services.account_manager_assign(
        employer=quiet_employer,
        manager=colleague,
        by=team_lead,
        kind=AccountAssignment.Kind.BACKUP,
    )
    run_scan(region)

    signal.refresh_from_db()
    assert signal.status == Signal.Status.AUTO_CLOSED


# Rule 8: stale relationship ----------------------------------------------------------------


def last_talked(employer, days):
    Conversation.objects.filter(employer=employer).update(
        occurred_at=timezone.now() - datetime.timedelta(days=days)
    )


@pytest.mark.parametrize(
    ("stage", "days", "flagged"),
    [
        (Employer.Stage.ACTIVE, 91, True),
        (Employer.Stage.ACTIVE, 89, False),
        (Employer.Stage.STRATEGIC_PARTNER, 61, True),
        (Employer.Stage.STRATEGIC_PARTNER, 59, False),
        (Employer.Stage.INTRODUCTION, 31, True),
        (Employer.Stage.INTRODUCTION, 29, False),
        (Employer.Stage.PROSPECT, 400, False),
    ],
)
def test_a_relationship_is_stale_after_the_days_its_stage_allows(
    quiet_employer, region, stage, days, flagged
):
    Employer.objects.filter(pk=quiet_employer.pk).update(stage=stage)
    last_talked(quiet_employer, days)

    run_scan(region)

    assert signals_of(K.STALE_RELATIONSHIP).exists() is flagged


def test_a_stale_relationship_goes_to_the_manager_with_the_last_date(
    quiet_employer, region, account_manager
):
    last_talked(quiet_employer, 91)

    run_scan(region)

    signal = the_signal(K.STALE_RELATIONSHIP)
    last = timezone.localtime(timezone.now() - datetime.timedelta(days=91)).date()
    assert (signal.assigned_to, signal.severity) == (account_manager, S.ATTENTION)
    assert signal.detail == f"laatste gesprek op {dutch_date(last)}"


def test_an_employer_never_talked_to_is_stale_after_the_days_since_it_was_added(
    region, account_manager, team_lead
):
    employer = EmployerFactory(region=region, name="Nooit Gesproken B.V.")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    fresh = EmployerFactory(region=region, name="Net Binnen B.V.")
    AccountAssignmentFactory(employer=fresh, manager=account_manager)
    Employer.objects.filter(pk=employer.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=100)
    )

    run_scan(region)

    signal = the_signal(K.STALE_RELATIONSHIP)
    assert signal.employer == employer
    assert signal.detail == "nog geen gesprek vastgelegd"


def test_stale_days_come_from_the_region_policy(quiet_employer, region):
    set_policy(region, stale_days_active=120)
    last_talked(quiet_employer, 91)

    run_scan(region)
    assert not signals_of(K.STALE_RELATIONSHIP).exists()

    last_talked(quiet_employer, 121)
    run_scan(region)
    assert signals_of(K.STALE_RELATIONSHIP).count() == 1


def test_a_stale_relationship_without_manager_goes_to_the_team_lead(no_manager, region, team_lead):
    last_talked(no_manager, 91)

    run_scan(region)

    assert the_signal(K.STALE_RELATIONSHIP).assigned_to == team_lead


def test_a_stale_relationship_closes_when_a_conversation_is_logged(
    quiet_employer, region, account_manager
):
    last_talked(quiet_employer, 120)
    run_scan(region)
    signal = the_signal(K.STALE_RELATIONSHIP)

    services.conversation_log(
        employer=quiet_employer, author=account_manager, summary="Bijgepraat", channel="phone"
    )
    run_scan(region)

    assert_closed(signal, "Er is een gesprek vastgelegd.")


# Rule 9: contact details not verified for 12 months ----------------------------------------


def verified_months_ago(contact, months):
    ContactPerson.objects.filter(pk=contact.pk).update(
        last_verified_on=timezone.localdate() - relativedelta(months=months)
    )


@pytest.mark.parametrize(("months", "flagged"), [(13, True), (12, False), (11, False)])
def test_contacts_unverified_for_twelve_months_are_flagged(quiet_employer, region, months, flagged):
    verified_months_ago(champion_of(quiet_employer), months)

    run_scan(region)

    assert signals_of(K.CONTACTS_UNVERIFIED).exists() is flagged


def test_unverified_contacts_are_counted_for_the_manager(
    quiet_employer, region, account_manager, supervisor
):
    verified_months_ago(champion_of(quiet_employer), 13)

    run_scan(region)
    signal = the_signal(K.CONTACTS_UNVERIFIED)
    assert (signal.assigned_to, signal.severity) == (account_manager, S.INFO)
    assert signal.detail == "1 contactpersoon te bevestigen"

    verified_months_ago(supervisor, 14)
    run_scan(region)
    signal.refresh_from_db()
    assert signal.detail == "2 contactpersonen te bevestigen"


def test_a_never_verified_contact_counts_from_when_it_was_added(quiet_employer, region):
    contact = ContactPersonFactory(employer=quiet_employer, name="Nooit Bevestigd")
    run_scan(region)
    assert not signals_of(K.CONTACTS_UNVERIFIED).exists()

    ContactPerson.objects.filter(pk=contact.pk).update(
        created_at=timezone.now() - relativedelta(months=13)
    )
    run_scan(region)

    assert signals_of(K.CONTACTS_UNVERIFIED).count() == 1


def test_contacts_who_left_need_no_verification(
    quiet_employer, region, account_manager, supervisor
):
    verified_months_ago(supervisor, 20)
    services.contact_mark_left(contact=supervisor, left_on=days_ago(1), by=account_manager)

    run_scan(region)

    assert not signals_of(K.CONTACTS_UNVERIFIED).exists()


def test_the_verification_period_comes_from_the_region_policy(quiet_employer, region):
    set_policy(region, unverified_months=24)
    verified_months_ago(champion_of(quiet_employer), 13)

    run_scan(region)

    assert not signals_of(K.CONTACTS_UNVERIFIED).exists()


def test_unverified_closes_when_the_contacts_are_confirmed(quiet_employer, region, account_manager):
    champion = champion_of(quiet_employer)
    verified_months_ago(champion, 13)
    run_scan(region)
    signal = the_signal(K.CONTACTS_UNVERIFIED)

    services.contact_verify(contact=champion, by=account_manager)
    run_scan(region)

    assert_closed(signal, "De contactgegevens zijn bevestigd.")


# Rule 10: follow-up checkpoints due soon, or overdue ---------------------------------------


@pytest.fixture
def placement(quiet_employer, make_placement, colleague):
    """An active placement whose responsible staff member is the colleague (not the manager)."""
    return make_placement(quiet_employer, responsible=colleague)


@pytest.mark.parametrize(("due_in", "flagged"), [(7, True), (8, False)])
def test_a_follow_up_due_within_a_week_goes_to_the_responsible(
    placement, region, colleague, make_follow_up, due_in, flagged
):
    make_follow_up(placement, days_ahead(due_in), kind="Na 6 weken")

    run_scan(region)

    assert signals_of(K.FOLLOW_UP_DUE).exists() is flagged
    if flagged:
        signal = the_signal(K.FOLLOW_UP_DUE)
        assert (signal.assigned_to, signal.severity, signal.placement) == (
            colleague,
            S.INFO,
            placement,
        )
        assert (signal.due_on, signal.detail) == (days_ahead(7), "Na 6 weken")


def test_an_overdue_follow_up_needs_attention(placement, region, colleague, make_follow_up):
    make_follow_up(placement, days_ago(1))

    run_scan(region)

    signal = the_signal(K.FOLLOW_UP_OVERDUE)
    assert (signal.assigned_to, signal.severity, signal.due_on) == (
        colleague,
        S.ATTENTION,
        days_ago(1),
    )
    assert not signals_of(K.FOLLOW_UP_DUE).exists()


def test_the_follow_up_horizon_comes_from_the_region_policy(placement, region, make_follow_up):
    set_policy(region, follow_up_due_days=14)
    make_follow_up(placement, days_ahead(8))

    run_scan(region)

    assert signals_of(K.FOLLOW_UP_DUE).count() == 1


def test_a_follow_up_of_a_deactivated_responsible_goes_to_the_fixed_manager_alone(
    placement, region, account_manager, colleague, wsp_admin, make_follow_up
):
    make_follow_up(placement, days_ahead(3))
    user_set_active(user=colleague, active=False, by=wsp_admin)

    run_scan(region)

    signal = the_signal(K.FOLLOW_UP_DUE)
    assert (signal.assigned_to, signal.also_assigned_to) == (account_manager, None)


def test_a_follow_up_with_nobody_left_to_act_goes_to_the_team_lead(
    placement, region, account_manager, colleague, team_lead, wsp_admin, make_follow_up
):
    make_follow_up(placement, days_ahead(3))
    user_set_active(user=colleague, active=False, by=wsp_admin)
    user_set_active(user=account_manager, active=False, by=wsp_admin)

    run_scan(region)

    signal = the_signal(K.FOLLOW_UP_DUE)
    assert (signal.assigned_to, signal.also_assigned_to) == (team_lead, None)


def test_follow_ups_of_ended_placements_and_done_ones_are_not_flagged(
    placement, region, account_manager, make_follow_up
):
    done = make_follow_up(placement, days_ago(3))
    FollowUp.objects.filter(pk=done.pk).update(done_on=days_ago(2), outcome="going_well")
    ended = make_follow_up(placement, days_ago(5))
    run_scan(region)
    assert the_signal(K.FOLLOW_UP_OVERDUE).key.endswith(f":{ended.pk}")

    placement_services.placement_end(
        placement=placement, ended_on=days_ago(1), reason="other_job", by=account_manager
    )
    run_scan(region)

    assert not signals_of(K.FOLLOW_UP_OVERDUE).exists()


def test_a_follow_up_signal_closes_when_the_follow_up_is_recorded(
    placement, region, colleague, make_follow_up
):
    follow_up = make_follow_up(placement, days_ago(2))
    run_scan(region)
    signal = the_signal(K.FOLLOW_UP_OVERDUE)

    placement_services.follow_up_record(follow_up=follow_up, outcome="going_well", by=colleague)
    run_scan(region)

    assert_closed(signal, "Het nazorgmoment is gedaan of verplaatst.")


def test_a_follow_up_signal_closes_when_the_follow_up_is_moved(
    placement, region, colleague, make_follow_up
):
    follow_up = make_follow_up(placement, days_ahead(3))
    run_scan(region)
    signal = the_signal(K.FOLLOW_UP_DUE)

    placement_services.follow_up_move(follow_up=follow_up, due_on=days_ahead(30), by=colleague)
    run_scan(region)

    assert_closed(signal, "Het nazorgmoment is gedaan, verplaatst of inmiddels te laat.")


def test_a_due_follow_up_that_passes_its_date_becomes_overdue(placement, region, make_follow_up):
    make_follow_up(placement, days_ahead(3))
    run_scan(region)
    due = the_signal(K.FOLLOW_UP_DUE)

    run_scan(region, now=timezone.now() + datetime.timedelta(days=5))

    assert_closed(due, "Het nazorgmoment is gedaan, verplaatst of inmiddels te laat.")
    assert the_signal(K.FOLLOW_UP_OVERDUE).due_on == days_ahead(3)


# Rule 11: the contract ends within six weeks -----------------------------------------------


@pytest.mark.parametrize(("ends_in", "flagged"), [(41, True), (42, True), (43, False)])
def test_a_contract_ending_within_six_weeks_goes_to_the_manager(
    quiet_employer, region, account_manager, colleague, make_placement, ends_in, flagged
):
    placement = make_placement(
        quiet_employer, responsible=colleague, contract_end=days_ahead(ends_in)
    )

    run_scan(region)

    assert signals_of(K.CONTRACT_ENDING).exists() is flagged
    if flagged:
        signal = the_signal(K.CONTRACT_ENDING)
        assert (signal.assigned_to, signal.severity, signal.placement) == (
            account_manager,
            S.ATTENTION,
            placement,
        )
        assert (signal.due_on, signal.detail) == (days_ahead(ends_in), placement.job_title)


def test_a_contract_that_ended_without_decision_is_urgent(quiet_employer, region, make_placement):
    make_placement(quiet_employer, contract_end=days_ago(1))

    run_scan(region)

    assert the_signal(K.CONTRACT_ENDING).severity == S.URGENT


def test_the_contract_horizon_comes_from_the_region_policy(quiet_employer, region, make_placement):
    set_policy(region, contract_end_weeks=8)
    make_placement(quiet_employer, contract_end=days_ahead(43))

    run_scan(region)

    assert signals_of(K.CONTRACT_ENDING).count() == 1


def test_a_contract_ending_without_manager_goes_to_the_responsible_or_team_lead(
    no_manager, region, colleague, team_lead, wsp_admin, make_placement
):
    make_placement(no_manager, responsible=colleague, contract_end=days_ahead(20))

    run_scan(region)
    signal = the_signal(K.CONTRACT_ENDING)
    assert signal.assigned_to == colleague

    user_set_active(user=colleague, active=False, by=wsp_admin)
    run_scan(region)
    signal.refresh_from_db()
    assert signal.assigned_to == team_lead


def test_a_contract_signal_closes_when_the_contract_is_extended(
    quiet_employer, region, account_manager, make_placement
):
    placement = make_placement(quiet_employer, contract_end=days_ahead(20))
    run_scan(region)
    signal = the_signal(K.CONTRACT_ENDING)

    placement_services.placement_update(
        placement=placement, by=account_manager, contract_end=days_ahead(400)
    )
    run_scan(region)

    assert_closed(signal, "Het contract is verlengd of de plaatsing is beëindigd.")
    assert not signals_of(K.CONTRACT_ENDING).exists()


def test_a_short_extension_raises_a_new_signal_for_the_new_date(
    quiet_employer, region, account_manager, make_placement
):
    placement = make_placement(quiet_employer, contract_end=days_ahead(10))
    run_scan(region)
    first = the_signal(K.CONTRACT_ENDING)

    placement_services.placement_update(
        placement=placement, by=account_manager, contract_end=days_ahead(30)
    )
    run_scan(region)

    first.refresh_from_db()
    assert first.status == Signal.Status.AUTO_CLOSED
    assert the_signal(K.CONTRACT_ENDING).due_on == days_ahead(30)


def test_a_contract_signal_closes_when_the_placement_ends(
    quiet_employer, region, account_manager, make_placement
):
    placement = make_placement(quiet_employer, contract_end=days_ahead(20))
    run_scan(region)
    signal = the_signal(K.CONTRACT_ENDING)

    placement_services.placement_end(
        placement=placement, ended_on=timezone.localdate(), reason="other_job", by=account_manager
    )
    run_scan(region)

    assert_closed(signal, "Het contract is verlengd of de plaatsing is beëindigd.")


# Rule 12: an instrument period ends within six weeks ---------------------------------------


@pytest.fixture
def job_coach(region):
    return Instrument.objects.get(region=region, kind=Instrument.Kind.JOB_COACH)


def add_period(placement, instrument, end, status=InstrumentPeriod.Status.GRANTED):
    return InstrumentPeriod.objects.create(
        placement=placement, instrument=instrument, start=days_ago(150), end=end, status=status
    )


@pytest.mark.parametrize(
    ("ends_in", "status", "flagged"),
    [
        (41, InstrumentPeriod.Status.GRANTED, True),
        (41, InstrumentPeriod.Status.APPLIED, True),
        # The threshold day itself (6 weeks = 42 days) is within the horizon, the day after not.
        (42, InstrumentPeriod.Status.GRANTED, True),
        (42, InstrumentPeriod.Status.APPLIED, True),
        (43, InstrumentPeriod.Status.GRANTED, False),
        (43, InstrumentPeriod.Status.APPLIED, False),
        (0, InstrumentPeriod.Status.GRANTED, True),
        (41, InstrumentPeriod.Status.ENDED, False),
    ],
)
def test_an_instrument_period_ending_within_six_weeks_goes_to_the_manager(
    quiet_employer, region, account_manager, make_placement, job_coach, ends_in, status, flagged
):
    placement = make_placement(quiet_employer)
    add_period(placement, job_coach, days_ahead(ends_in), status)

    run_scan(region)

    assert signals_of(K.INSTRUMENT_ENDING).exists() is flagged
    if flagged:
        signal = the_signal(K.INSTRUMENT_ENDING)
        assert (signal.assigned_to, signal.severity, signal.placement) == (
            account_manager,
            S.ATTENTION,
            placement,
        )
        assert (signal.due_on, signal.detail) == (days_ahead(ends_in), job_coach.name)


def test_an_instrument_period_that_ran_out_is_urgent(
    quiet_employer, region, make_placement, job_coach
):
    add_period(make_placement(quiet_employer), job_coach, days_ago(2))

    run_scan(region)

    assert the_signal(K.INSTRUMENT_ENDING).severity == S.URGENT


def test_instrument_periods_of_ended_placements_are_not_flagged(
    quiet_employer, region, account_manager, make_placement, job_coach
):
    placement = make_placement(quiet_employer)
    add_period(placement, job_coach, days_ahead(10))
    placement_services.placement_end(
        placement=placement, ended_on=timezone.localdate(), reason="other_job", by=account_manager
    )

    run_scan(region)

    assert not signals_of(K.INSTRUMENT_ENDING).exists()


def test_the_instrument_horizon_comes_from_the_region_policy(
    quiet_employer, region, make_placement, job_coach
):
    set_policy(region, instrument_end_weeks=4)
    add_period(make_placement(quiet_employer), job_coach, days_ahead(29))

    run_scan(region)

    assert not signals_of(K.INSTRUMENT_ENDING).exists()


@pytest.mark.parametrize(("ends_in", "flagged"), [(27, True), (28, True), (29, False)])
def test_the_instrument_horizon_includes_the_policy_threshold_day(
    quiet_employer, region, make_placement, job_coach, ends_in, flagged
):
    set_policy(region, instrument_end_weeks=4)
    add_period(make_placement(quiet_employer), job_coach, days_ahead(ends_in))

    run_scan(region)

    assert signals_of(K.INSTRUMENT_ENDING).exists() is flagged


@pytest.mark.parametrize(("ends_in", "severity"), [(0, S.ATTENTION), (-1, S.URGENT)])
def test_an_instrument_period_is_urgent_from_the_day_after_its_end(
    quiet_employer, region, make_placement, job_coach, ends_in, severity
):
    add_period(make_placement(quiet_employer), job_coach, days_ahead(ends_in))

    run_scan(region)

    assert the_signal(K.INSTRUMENT_ENDING).severity == severity


def test_an_instrument_signal_closes_when_the_period_is_extended(
    quiet_employer, region, account_manager, make_placement, job_coach
):
    period = add_period(make_placement(quiet_employer), job_coach, days_ahead(20))
    run_scan(region)
    signal = the_signal(K.INSTRUMENT_ENDING)

    placement_services.instrument_period_update(
        period=period, by=account_manager, end=days_ahead(200)
    )
    run_scan(region)

    assert_closed(signal, "De instrumentperiode is verlengd of beëindigd.")


def test_every_placement_rule_leaves_an_unrelated_placement_alone(
    quiet_employer, region, make_placement, make_follow_up, job_coach
):
    """The quiet baseline: a placement with far-away dates (and a job coach on its team for its
    job-coach instrument) raises nothing."""
    placement = make_placement(quiet_employer, contract_end=days_ahead(200))
    make_follow_up(placement, days_ahead(30))
    add_period(placement, job_coach, days_ahead(100))
    TeamMember.objects.create(
        placement=placement, role="job_coach", name="Karin Coach", start=placement.start_date
    )

    run_scan(region)

    assert not Signal.objects.exists()
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.ACTIVE
