"""The placement workflows: the follow-up plan a placement starts with (default or the region's
own), editing it (add, move, record), ending a placement, the rules that keep supervisors,
locations and instruments within the right employer and region, and the retention helper."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from candidates import services as candidate_services
from candidates.models import Proposal
from placements import services, team_services
from placements.models import DEFAULT_FOLLOW_UP_PLAN, FollowUp, FollowUpStep, Placement
from tests.factories import ContactPersonFactory, LocationFactory
from tests.placements.conftest import days_ago, make_candidate, start_placement

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def messages_of(error):
    return " ".join(error.value.messages)


# The follow-up plan ---------------------------------------------------------------------------


def test_a_new_placement_gets_the_default_plan_of_2_and_6_weeks_and_3_6_and_12_months(
    candidate, employer, account_manager
):
    start = datetime.date(2025, 3, 3)
    placement = start_placement(candidate, employer, account_manager, start_date=start)

    plan = list(placement.follow_ups.order_by("due_on").values_list("due_on", "kind", "done_on"))
    assert [due for due, _kind, _done in plan] == [
        datetime.date(2025, 3, 17),
        datetime.date(2025, 4, 14),
        datetime.date(2025, 6, 2),
        datetime.date(2025, 9, 1),
        datetime.date(2026, 3, 3),
    ]
    assert [kind for _due, kind, _done in plan] == [
        str(label) for _d, label in DEFAULT_FOLLOW_UP_PLAN
    ]
    assert all(done is None for _due, _kind, done in plan)


def test_a_region_with_its_own_plan_gives_its_placements_those_checkpoints(
    region,
    candidate,
    employer,
    account_manager,
    other_region,
    other_candidate,
    other_employer,
    outsider,
):
    FollowUpStep.objects.create(region=region, days_after_start=7, label="Eerste werkweek")
    FollowUpStep.objects.create(region=region, days_after_start=30, label="Na een maand")
    start = datetime.date(2025, 1, 6)

    placement = start_placement(candidate, employer, account_manager, start_date=start)
    elsewhere = start_placement(other_candidate, other_employer, outsider, start_date=start)

    assert list(placement.follow_ups.values_list("due_on", "kind")) == [
        (datetime.date(2025, 1, 13), "Eerste werkweek"),
        (datetime.date(2025, 2, 5), "Na een maand"),
    ]
    assert services.follow_up_plan(region) == [(7, "Eerste werkweek"), (30, "Na een maand")]
    # The other region keeps the default plan.
    assert elsewhere.follow_ups.count() == len(DEFAULT_FOLLOW_UP_PLAN)
    assert services.follow_up_plan(other_region) == DEFAULT_FOLLOW_UP_PLAN


def test_starting_from_a_proposal_without_a_vacancy_marks_it_placed(
    candidate, employer, account_manager
):
    proposal = candidate_services.proposal_create(
        candidate=candidate, employer=employer, by=account_manager
    )
    assert proposal.request is None

    placement = start_placement(candidate, employer, account_manager, proposal=proposal)

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PLACED
    assert placement.proposal == proposal
    assert placement.responsible == account_manager  # the default: whoever starts it


def test_a_proposal_for_another_candidate_is_refused(candidate, employer, account_manager, region):
    someone_else = make_candidate(region, account_manager, first_name="Piet")
    proposal = candidate_services.proposal_create(
        candidate=someone_else, employer=employer, by=account_manager
    )
    with pytest.raises(ValidationError) as error:
        start_placement(candidate, employer, account_manager, proposal=proposal)
    assert "proposal" in error.value.message_dict
    assert not Placement.objects.exists()
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PROPOSED


def test_an_anonymised_candidate_cannot_be_placed(candidate, employer, account_manager):
    candidate = candidate_services.candidate_anonymise(candidate=candidate, by=account_manager)
    with pytest.raises(ValidationError):
        start_placement(candidate, employer, account_manager)
    assert not Placement.objects.exists()


# Editing the plan -----------------------------------------------------------------------------


def test_a_checkpoint_can_be_added_with_its_label_trimmed(placement, account_manager):
    due = TODAY() + datetime.timedelta(days=10)
    follow_up = services.follow_up_add(
        placement=placement, due_on=due, kind="  Evaluatie met leidinggevende ", by=account_manager
    )
    assert follow_up.kind == "Evaluatie met leidinggevende"
    assert placement.follow_ups.filter(due_on=due, done_on__isnull=True).count() == 1
    assert placement.follow_ups.count() == len(DEFAULT_FOLLOW_UP_PLAN) + 1


def test_a_checkpoint_needs_a_label(placement, account_manager):
    with pytest.raises(ValidationError) as error:
        services.follow_up_add(placement=placement, due_on=TODAY(), kind="   ", by=account_manager)
    assert "kind" in error.value.message_dict
    assert placement.follow_ups.count() == len(DEFAULT_FOLLOW_UP_PLAN)


def test_an_open_checkpoint_can_be_moved(placement, account_manager):
    follow_up = placement.follow_ups.order_by("due_on").last()
    new_date = follow_up.due_on + datetime.timedelta(days=21)
    services.follow_up_move(follow_up=follow_up, due_on=new_date, by=account_manager)
    assert FollowUp.objects.get(pk=follow_up.pk).due_on == new_date


def test_a_checkpoint_that_was_done_cannot_move(placement, account_manager):
    follow_up = placement.follow_ups.order_by("due_on").first()
    services.follow_up_record(follow_up=follow_up, outcome="going_well", by=account_manager)
    original = follow_up.due_on
    with pytest.raises(ValidationError) as error:
        services.follow_up_move(
            follow_up=follow_up, due_on=original + datetime.timedelta(days=5), by=account_manager
        )
    assert messages_of(error) == gettext("This checkpoint has been done already.")
    assert FollowUp.objects.get(pk=follow_up.pk).due_on == original


def test_recording_a_checkpoint_keeps_outcome_note_date_and_who(placement, colleague):
    follow_up = placement.follow_ups.order_by("due_on").first()
    done_on = TODAY() - datetime.timedelta(days=1)
    services.follow_up_record(
        follow_up=follow_up,
        outcome=FollowUp.Outcome.ATTENTION,
        note="  Ploegleider is op vakantie; buddy neemt het over. ",
        done_on=done_on,
        by=colleague,
    )
    saved = FollowUp.objects.get(pk=follow_up.pk)
    assert saved.done_on == done_on
    assert saved.outcome == "attention"
    assert saved.note == "Ploegleider is op vakantie; buddy neemt het over."
    assert saved.by == colleague


def test_recording_without_a_date_means_today(placement, account_manager):
    follow_up = placement.follow_ups.order_by("due_on").first()
    services.follow_up_record(follow_up=follow_up, outcome="going_well", by=account_manager)
    assert FollowUp.objects.get(pk=follow_up.pk).done_on == TODAY()


def test_a_follow_up_cannot_be_done_in_the_future(placement, account_manager):
    follow_up = placement.follow_ups.order_by("due_on").first()
    with pytest.raises(ValidationError) as error:
        services.follow_up_record(
            follow_up=follow_up,
            outcome="going_well",
            done_on=TODAY() + datetime.timedelta(days=1),
            by=account_manager,
        )
    assert "done_on" in error.value.message_dict
    assert FollowUp.objects.get(pk=follow_up.pk).done_on is None


@pytest.mark.parametrize("outcome", ["", "excellent"])
def test_recording_needs_a_known_outcome(placement, account_manager, outcome):
    follow_up = placement.follow_ups.order_by("due_on").first()
    with pytest.raises(ValidationError):
        services.follow_up_record(follow_up=follow_up, outcome=outcome, by=account_manager)
    assert FollowUp.objects.get(pk=follow_up.pk).done_on is None


# Ending ---------------------------------------------------------------------------------------


def test_ending_drops_the_open_checkpoints_after_the_end_and_keeps_the_rest(
    placement, account_manager
):
    first, second, *later = placement.follow_ups.order_by("due_on")
    services.follow_up_record(follow_up=first, outcome="going_well", by=account_manager)
    # The second checkpoint (6 weeks) lies after today; end the placement after it.
    ended_on = second.due_on + datetime.timedelta(days=1)

    services.placement_end(
        placement=placement,
        ended_on=ended_on,
        reason="tasks_gone",
        note="Afdeling gesloten",
        by=account_manager,
    )

    placement.refresh_from_db()
    assert placement.status == Placement.Status.ENDED
    assert placement.ended_on == ended_on
    assert placement.end_reason == "tasks_gone"
    assert set(placement.follow_ups.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert not FollowUp.objects.filter(pk__in=[f.pk for f in later]).exists()


def test_ending_keeps_a_done_checkpoint_dated_after_the_end(placement, account_manager):
    first = placement.follow_ups.order_by("due_on").first()
    services.follow_up_record(follow_up=first, outcome="at_risk", by=account_manager)
    services.placement_end(
        placement=placement, ended_on=days_ago(19), reason="employee_left", by=account_manager
    )
    assert list(placement.follow_ups.values_list("pk", flat=True)) == [first.pk]


def test_a_placement_cannot_end_before_it_started_or_end_twice(placement, account_manager):
    with pytest.raises(ValidationError) as error:
        services.placement_end(
            placement=placement, ended_on=days_ago(30), reason="other", by=account_manager
        )
    assert "ended_on" in error.value.message_dict
    services.placement_end(
        placement=placement, ended_on=TODAY(), reason="other", by=account_manager
    )
    with pytest.raises(ValidationError):
        services.placement_end(
            placement=placement, ended_on=TODAY(), reason="other", by=account_manager
        )


def test_an_ended_placement_cannot_be_edited(placement, account_manager):
    services.placement_end(
        placement=placement, ended_on=TODAY(), reason="other", by=account_manager
    )
    placement.refresh_from_db()
    with pytest.raises(ValidationError):
        services.placement_update(placement=placement, by=account_manager, job_title="Anders")
    assert Placement.objects.get(pk=placement.pk).job_title == "Medewerker inpak"


# Supervisor, location and instruments stay with the employer and its region ------------------


def test_a_supervisor_from_another_employer_is_refused(
    candidate, employer, other_employer, account_manager
):
    stranger = ContactPersonFactory(employer=other_employer, is_supervisor=True)
    with pytest.raises(ValidationError) as error:
        start_placement(candidate, employer, account_manager, supervisor=stranger)
    assert "supervisor" in error.value.message_dict
    assert not Placement.objects.exists()


def test_a_location_from_another_employer_is_refused(
    candidate, employer, other_employer, account_manager
):
    elsewhere = LocationFactory(employer=other_employer)
    with pytest.raises(ValidationError) as error:
        start_placement(candidate, employer, account_manager, location=elsewhere)
    assert "location" in error.value.message_dict


def test_a_supervisor_of_another_employer_is_refused_on_the_team(
    placement, other_employer, account_manager, supervisor
):
    stranger = ContactPersonFactory(employer=other_employer)
    with pytest.raises(ValidationError) as error:
        team_services.team_add(
            placement=placement, role="supervisor", contact=stranger, by=account_manager
        )
    assert "andere werkgever" in error.value.message_dict["contact"][0]
    assert Placement.objects.get(pk=placement.pk).supervisor == supervisor
    assert placement.team.filter(contact=stranger).count() == 0


def test_a_carved_job_needs_its_tasks(candidate, employer, account_manager):
    with pytest.raises(ValidationError) as error:
        start_placement(candidate, employer, account_manager, is_carved_job=True, carved_tasks=" ")
    assert "carved_tasks" in error.value.message_dict


def test_an_instrument_from_the_employers_region_is_accepted(
    placement, instrument, account_manager
):
    period = services.instrument_period_add(
        placement=placement,
        by=account_manager,
        instrument=instrument,
        start=placement.start_date,
        end=placement.start_date + datetime.timedelta(days=180),
        status="granted",
        decision_reference="JC-2025-118",
    )
    assert placement.instrument_periods.get() == period
    services.instrument_period_update(period=period, by=account_manager, status="ended")
    assert placement.instrument_periods.get().status == "ended"


def test_an_instrument_from_another_region_is_refused(placement, other_instrument, account_manager):
    with pytest.raises(ValidationError) as error:
        services.instrument_period_add(
            placement=placement,
            by=account_manager,
            instrument=other_instrument,
            start=placement.start_date,
        )
    assert "instrument" in error.value.message_dict
    assert not placement.instrument_periods.exists()


def test_an_instrument_period_cannot_end_before_it_starts(placement, instrument, account_manager):
    with pytest.raises(ValidationError):
        services.instrument_period_add(
            placement=placement,
            by=account_manager,
            instrument=instrument,
            start=TODAY(),
            end=TODAY() - datetime.timedelta(days=1),
        )
    assert not placement.instrument_periods.exists()


# Retention ------------------------------------------------------------------------------------


def _placement_started(candidate, employer, by, start, **fields):
    return start_placement(
        candidate,
        employer,
        by,
        start_date=start,
        contract_type="permanent",
        contract_end=None,
        hours_per_week=Decimal("32"),
        **fields,
    )


def test_retention_is_unknown_until_the_milestone_has_passed(candidate, employer, account_manager):
    placement = _placement_started(candidate, employer, account_manager, days_ago(100))
    assert placement.retained_after(6) is None
    assert placement.retained_after(12) is None


def test_an_active_placement_past_the_milestone_counts_as_retained(
    candidate, employer, account_manager
):
    start = datetime.date(2024, 1, 15)
    placement = _placement_started(candidate, employer, account_manager, start)
    assert placement.retained_after(6, today=datetime.date(2024, 7, 15)) is True
    assert placement.retained_after(6, today=datetime.date(2024, 7, 14)) is None
    assert placement.retained_after(12, today=datetime.date(2025, 1, 15)) is True


def test_a_placement_that_ended_before_the_milestone_was_not_retained(
    candidate, employer, account_manager
):
    start = datetime.date(2024, 1, 15)
    placement = _placement_started(candidate, employer, account_manager, start)
    services.placement_end(
        placement=placement,
        ended_on=datetime.date(2024, 9, 30),
        reason="dismissed",
        by=account_manager,
    )
    placement.refresh_from_db()
    assert placement.retained_after(6, today=datetime.date(2025, 6, 1)) is True
    assert placement.retained_after(12, today=datetime.date(2025, 6, 1)) is False


def test_ending_on_the_milestone_day_still_counts_as_retained(candidate, employer, account_manager):
    placement = _placement_started(candidate, employer, account_manager, datetime.date(2024, 1, 15))
    services.placement_end(
        placement=placement,
        ended_on=datetime.date(2024, 7, 15),
        reason="other_job",
        by=account_manager,
    )
    placement.refresh_from_db()
    assert placement.retained_after(6, today=datetime.date(2025, 6, 1)) is True
    assert placement.retained_after(12, today=datetime.date(2025, 6, 1)) is False
