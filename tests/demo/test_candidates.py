"""The demo candidates, proposals and placements loaded by `manage.py seed_demo`
(demo/candidates.py, demo/placements.py), and the continuity scan that seed_demo runs at the end.

The demo is loaded once for this module inside a transaction that is rolled back at the end;
every test runs in a savepoint inside it.
"""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Region, User
from candidates.models import (
    Candidate,
    CandidateProfile,
    Proposal,
    SharingConsent,
    StaffingRequest,
)
from candidates.services import shared_profile_for_employer
from continuity.models import Signal
from continuity.scan import scan_all
from demo import candidates as demo
from demo.people import DEMO_REGION, DEMO_STAFF
from placements.models import (
    FollowUp,
    Instrument,
    InstrumentPeriod,
    Placement,
    TeamMember,
    WageValueAssessment,
)
from placements.services import follow_up_plan

MODELS = [
    Candidate,
    CandidateProfile,
    SharingConsent,
    StaffingRequest,
    Proposal,
    Placement,
    InstrumentPeriod,
    FollowUp,
    Signal,
]
# Words that would make a work profile a medical file: the demo speaks in work terms only.
DIAGNOSIS_WORDS = re.compile(
    r"\b(autis|adhd|add\b|depress|psych|diagnos|ziekte|stoornis|beperking|burn-?out|angst|"
    r"verslav|epilep|hernia|ptss|wajong|participatiewet|banenafspraak|doelgroep)",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seeded_on = timezone.localdate()
            output = io.StringIO()
            call_command("seed_demo", quiet_logins=True, stdout=output)
            yield seeded_on, output.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def today():
    return timezone.localdate()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def staff(email_start):
    return User.objects.get(email__startswith=email_start)


def fingerprint():
    """Everything the candidates demo wrote, in a comparable form (ids left out)."""
    return {
        "candidates": sorted(
            (
                c.email,
                c.first_name,
                c.last_name,
                c.phone,
                c.municipality,
                c.responsible.email,
                tuple(c.target_groups),
                tuple(getattr(c.profile, name) for name in demo.services.PROFILE_FIELDS),
            )
            for c in Candidate.objects.select_related("profile", "responsible")
        ),
        "consents": sorted(
            SharingConsent.objects.values_list(
                "candidate__email", "employer__name", "scope", "given_on", "withdrawn_on"
            )
        ),
        "requests": sorted(
            StaffingRequest.objects.values_list(
                "employer__name", "title", "kind", "tasks", "status", "opened_on", "location__name"
            )
        ),
        "proposals": sorted(
            Proposal.objects.values_list(
                "candidate__email",
                "employer__name",
                "request__title",
                "status",
                "decline_reason",
                "note",
                "proposed_on",
                "status_changed_on",
                "proposed_by__email",
            )
        ),
        "placements": sorted(
            Placement.objects.values_list(
                "candidate__email",
                "employer__name",
                "job_title",
                "is_carved_job",
                "carved_tasks",
                "start_date",
                "contract_type",
                "contract_end",
                "hours_per_week",
                "responsible__email",
                "status",
                "ended_on",
                "end_reason",
                "location__street",
            )
        ),
        "periods": sorted(
            InstrumentPeriod.objects.values_list(
                "placement__candidate__email",
                "instrument__name",
                "start",
                "end",
                "status",
                "decision_reference",
                "note",
            )
        ),
        "follow_ups": sorted(
            FollowUp.objects.values_list(
                "placement__candidate__email",
                "placement__start_date",
                "kind",
                "due_on",
                "done_on",
                "outcome",
                "note",
            ),
            key=str,
        ),
    }


def test_seed_demo_twice_adds_nothing_the_second_time(demo_loaded, db):
    _seeded_on, first_output = demo_loaded
    first = counts()
    output = io.StringIO()

    call_command("seed_demo", quiet_logins=True, stdout=output)

    assert counts() == first
    assert f"{len(demo.CANDIDATES)} new candidates" in first_output
    raised = int(re.search(r"Continuity scan: (\d+) new signals raised", first_output)[1])
    assert raised >= 20
    assert "0 new candidates" in output.getvalue()
    assert "Continuity scan: 0 new signals raised, 0 closed." in output.getvalue()


def test_about_forty_candidates_with_a_work_profile_in_the_demo_region(demo_loaded, db):
    candidates = Candidate.objects.select_related("profile", "responsible", "region")
    managers = {
        email for email, *_rest, role, _org, _title in DEMO_STAFF if role == "account_manager"
    }

    assert 35 <= candidates.count() <= 50
    assert len({(c.first_name, c.last_name) for c in candidates}) == candidates.count()
    for candidate in candidates:
        assert candidate.region.code == DEMO_REGION
        assert candidate.email.endswith("@mail.example")  # fictional addresses
        assert candidate.responsible.email in managers
        assert candidate.target_groups  # codes only, from the list
        assert set(candidate.target_groups) <= set(Candidate.TargetGroup.values)
        profile = candidate.profile
        assert profile.strengths and profile.experience and profile.qualifications
        assert profile.hours_per_week and profile.availability and profile.guidance_needs
    groups = {code for c in candidates for code in c.target_groups}
    assert groups == set(Candidate.TargetGroup.values)


def test_profiles_speak_in_work_terms_never_diagnoses_or_target_groups(demo_loaded, db):
    for profile in CandidateProfile.objects.all():
        for name in CandidateProfile.TEXT_FIELDS:
            text = getattr(profile, name)
            assert not DIAGNOSIS_WORDS.search(text), (name, text)


def test_every_proposal_status_is_present_and_closed_ones_give_their_reason(demo_loaded, db):
    proposals = Proposal.objects.all()

    assert set(proposals.values_list("status", flat=True)) == set(Proposal.Status.values)
    closed = proposals.filter(status__in=[Proposal.Status.DECLINED, Proposal.Status.WITHDRAWN])
    assert closed.filter(status=Proposal.Status.DECLINED).count() >= 3
    assert closed.filter(status=Proposal.Status.WITHDRAWN).count() >= 2
    assert not closed.filter(decline_reason="").exists()
    assert not proposals.exclude(pk__in=closed).exclude(decline_reason="").exists()
    for proposal in proposals.select_related("request"):
        proposal.full_clean()  # request of the same employer, reason where needed
        assert proposal.proposed_on <= proposal.status_changed_on <= timezone.localdate()


def test_some_candidates_are_offered_without_a_vacancy(demo_loaded, db):
    without = Proposal.objects.filter(request__isnull=True)

    assert without.count() >= 8
    assert len(set(without.values_list("status", flat=True))) >= 4
    assert without.filter(status=Proposal.Status.PLACED).exists()


def test_placed_proposals_belong_to_their_placement(demo_loaded, db):
    placed = Proposal.objects.filter(status=Proposal.Status.PLACED).select_related("placement")

    assert placed.count() >= 20
    for proposal in placed:
        assert proposal.placement.candidate_id == proposal.candidate_id
        assert proposal.placement.employer_id == proposal.employer_id
        assert proposal.status_changed_on == proposal.placement.start_date
    assert Placement.objects.filter(proposal__isnull=True).exists()  # placed without one


def test_staffing_requests_are_vacancies_and_carved_jobs_in_every_status(demo_loaded, db):
    requests = StaffingRequest.objects.all()

    assert requests.count() >= 12
    assert set(requests.values_list("kind", flat=True)) == set(StaffingRequest.Kind.values)
    assert set(requests.values_list("status", flat=True)) == set(StaffingRequest.Status.values)
    assert not requests.filter(kind=StaffingRequest.Kind.CARVED, tasks="").exists()
    for request in requests.select_related("location"):
        request.full_clean()  # the location belongs to the employer
        assert request.location is not None
    for request in requests.filter(status=StaffingRequest.Status.FILLED):
        assert request.proposals.filter(status=Proposal.Status.PLACED).exists()


def test_about_twenty_five_placements_active_and_ended_of_every_contract_type(demo_loaded, db):
    placements = Placement.objects.all()
    ended = placements.filter(status=Placement.Status.ENDED)

    assert 20 <= placements.count() <= 32
    assert set(placements.values_list("contract_type", flat=True)) == set(
        Placement.ContractType.values
    )
    assert placements.filter(status=Placement.Status.ACTIVE).count() >= 15
    assert ended.count() >= 5
    assert not ended.filter(end_reason="").exists()
    assert not ended.filter(ended_on__isnull=True).exists()
    assert len(set(ended.values_list("end_reason", flat=True))) >= 5
    assert set(
        placements.filter(status=Placement.Status.ACTIVE).values_list("contract_type", flat=True)
    ) == set(Placement.ContractType.values)


def test_placements_have_carved_jobs_teams_at_the_employer_and_job_coaches(demo_loaded, db):
    placements = Placement.objects.select_related("location", "employer__region").prefetch_related(
        "team__contact"
    )
    carved = placements.filter(is_carved_job=True)

    assert carved.count() >= 5
    assert not carved.filter(carved_tasks="").exists()
    for placement in placements:
        placement.full_clean()  # location of the employer, tasks when carved
        roles = [member.role for member in placement.team.all()]
        assert "supervisor" in roles
        for member in placement.team.all():
            member.full_clean()  # contact persons of the placement's own employer
        assert placement.employer.region.code == DEMO_REGION
        assert placement.start_date < timezone.localdate()
    members = TeamMember.objects.all()
    assert members.filter(role="buddy").count() >= 3, "some teams have a buddy"
    assert members.filter(role="hr").count() >= 3, "and the HR contact"
    coaches = members.filter(role="job_coach")
    assert coaches.count() >= 6
    assert not coaches.filter(organisation="").exists()
    assert not coaches.filter(hours_per_week__isnull=True).exists()
    assert not coaches.filter(end__isnull=True).exists()


def test_a_few_running_placements_are_supervised_by_a_contact_who_left(demo_loaded, db, today):
    at_risk = Placement.objects.filter(
        status=Placement.Status.ACTIVE, team__role="supervisor", team__contact__left_on__lte=today
    ).prefetch_related("team__contact")

    assert at_risk.count() >= 2
    for placement in at_risk:
        # The supervisor was there when the placement started and left afterwards.
        assert placement.supervisor.active_since <= placement.start_date
        assert placement.start_date < placement.supervisor.left_on


def test_the_scan_flags_placement_at_risk_as_urgent_for_the_fixed_manager(demo_loaded, db, today):
    urgent = Signal.objects.open().filter(
        kind=Signal.Kind.CONTACT_LEFT, severity=Signal.Severity.URGENT
    )

    assert urgent.count() >= 2
    for signal in urgent.select_related("placement", "contact", "assigned_to"):
        assert signal.placement is not None
        assert signal.placement.supervisor == signal.contact
        assert signal.contact.left_on <= today
        assert signal.assigned_to.is_staff_member
        assert "begeleidt een lopende plaatsing" in signal.detail  # Dutch, for the inbox
    # The placements themselves: no supervisor or buddy left (rule 14).
    at_risk = Signal.objects.open().filter(kind=Signal.Kind.PLACEMENT_AT_RISK)
    assert {s.placement_id for s in at_risk} == {s.placement_id for s in urgent}
    assert all(s.severity == Signal.Severity.URGENT for s in at_risk)


def test_the_demo_opens_with_signals_of_every_placement_rule(demo_loaded, db):
    kinds = set(Signal.objects.open().values_list("kind", flat=True))

    assert {
        Signal.Kind.CONTACT_LEFT,
        Signal.Kind.FOLLOW_UP_DUE,
        Signal.Kind.FOLLOW_UP_OVERDUE,
        Signal.Kind.CONTRACT_ENDING,
        Signal.Kind.INSTRUMENT_ENDING,
        Signal.Kind.PLACEMENT_AT_RISK,
        Signal.Kind.FOLLOW_UP_AT_RISK,
    } <= kinds
    assert Signal.objects.open().filter(assigned_to__isnull=True).count() == 0


def test_the_demo_has_a_running_placement_at_risk_escalated_to_the_team_lead(demo_loaded, db):
    signal = Signal.objects.open().get(kind=Signal.Kind.FOLLOW_UP_AT_RISK)
    assert signal.placement.status == "active"
    assert signal.escalated_to is not None and signal.escalated_to.is_team_lead
    assert "Tessa" not in signal.detail  # the checkpoint and its date, never the note


def test_contracts_end_in_the_coming_six_weeks_for_some(demo_loaded, db, today):
    soon = Placement.objects.filter(
        status=Placement.Status.ACTIVE,
        contract_end__gte=today,
        contract_end__lte=today + datetime.timedelta(weeks=6),
    )

    assert soon.count() >= 2
    assert Placement.objects.filter(
        status=Placement.Status.ACTIVE, contract_end__lt=today
    ).exists()  # a decision is overdue


def test_instrument_periods_come_from_the_regional_catalogue(demo_loaded, db, today):
    periods = InstrumentPeriod.objects.select_related("instrument__region", "placement")
    catalogue = set(
        Instrument.objects.filter(region__code=DEMO_REGION).values_list("name", flat=True)
    )

    assert periods.count() >= 30
    assert {p.instrument.region.code for p in periods} == {DEMO_REGION}
    assert len({p.instrument.name for p in periods}) >= 9
    assert {p.instrument.name for p in periods} <= catalogue
    assert set(periods.values_list("status", flat=True)) == set(InstrumentPeriod.Status.values)
    for period in periods:
        period.full_clean()
        assert period.start >= period.placement.start_date
        if period.status != InstrumentPeriod.Status.APPLIED:
            assert period.decision_reference
    flat_rate = periods.get(instrument__name="Forfaitaire loonkostensubsidie")
    assert flat_rate.status == InstrumentPeriod.Status.GRANTED
    assert today <= flat_rate.end <= today + datetime.timedelta(weeks=6)
    assert flat_rate.end <= flat_rate.start + datetime.timedelta(days=186)  # at most 6 months


def test_wage_value_assessments_and_decisions_on_what_comes_next(demo_loaded, db, today):
    assessments = WageValueAssessment.objects.select_related("placement")
    assert assessments.count() >= 5
    for assessment in assessments:
        assessment.full_clean()
    # A subsidy rests on an assessment of its own placement.
    resting = InstrumentPeriod.objects.filter(assessment__isnull=False)
    assert resting.count() >= 3
    assert not resting.exclude(assessment__placement=F("placement")).exists()
    decided = InstrumentPeriod.objects.exclude(next_step="")
    assert set(decided.values_list("next_step", flat=True)) >= {"extend", "other_instrument"}
    assert not decided.filter(next_step_by__isnull=True).exists()
    # One assessment falls due within the signal's lead time (8 weeks).
    assert assessments.filter(
        placement__status="active",
        next_due_on__gte=today,
        next_due_on__lte=today + datetime.timedelta(weeks=8),
    ).exists()


def test_follow_ups_are_done_with_outcomes_overdue_and_due_this_week(demo_loaded, db, today):
    follow_ups = FollowUp.objects.select_related("placement")
    running = follow_ups.filter(placement__status=Placement.Status.ACTIVE)
    done = follow_ups.filter(done_on__isnull=False)

    assert done.count() >= 40
    assert not done.filter(outcome="").exists()
    assert not done.filter(done_on__gt=today).exists()
    assert not done.filter(by__isnull=True).exists()
    outcomes = set(done.values_list("outcome", flat=True))
    assert outcomes == set(FollowUp.Outcome.values)
    assert running.filter(done_on__isnull=True, due_on__lt=today).count() >= 3
    assert (
        running.filter(
            done_on__isnull=True,
            due_on__gte=today,
            due_on__lte=today + datetime.timedelta(days=7),
        ).count()
        >= 2
    )
    # Ended placements keep their history, ending with the exit talk, and nothing open after.
    for placement in Placement.objects.filter(status=Placement.Status.ENDED):
        assert not placement.follow_ups.filter(done_on__isnull=True).exists()
        last = placement.follow_ups.order_by("-due_on", "-pk").first()
        assert last.outcome == FollowUp.Outcome.ENDED
        assert last.due_on == placement.ended_on


def test_staff_added_and_moved_checkpoints_by_hand(demo_loaded, db):
    plan = follow_up_plan(Region.objects.get(code=DEMO_REGION))
    plan_days = {days for days, _label in plan}
    plan_labels = {str(label) for _days, label in plan}
    still_open = FollowUp.objects.filter(done_on__isnull=True).select_related("placement")

    added = [f for f in still_open if f.kind not in plan_labels]
    moved = [
        f
        for f in still_open
        if f.kind in plan_labels and (f.due_on - f.placement.start_date).days not in plan_days
    ]

    assert added
    assert moved


def test_consents_are_recorded_and_one_was_withdrawn(demo_loaded, db):
    consents = SharingConsent.objects.select_related("candidate", "employer")
    withdrawn = consents.filter(withdrawn_on__isnull=False)

    assert consents.current().count() >= 25
    assert withdrawn.count() >= 1
    assert not withdrawn.filter(withdrawn_by__isnull=True).exists()
    for consent in withdrawn:
        assert consent.withdrawn_on >= consent.given_on
        shared = shared_profile_for_employer(
            candidate=consent.candidate, employer=consent.employer, alias="medewerker 1"
        )
        assert shared["named"] is False
    current = consents.current().first()
    shared = shared_profile_for_employer(
        candidate=current.candidate, employer=current.employer, alias="medewerker 1"
    )
    assert shared["name"] == current.candidate.full_name
    # Some candidates are proposed anonymously: no consent for that employer yet.
    anonymous = [
        p
        for p in Proposal.objects.filter(status=Proposal.Status.PROPOSED)
        if not SharingConsent.objects.filter(candidate=p.candidate, employer=p.employer).exists()
    ]
    assert anonymous


def test_account_managers_see_their_candidates_and_those_at_their_employers(demo_loaded, db):
    manager = staff("anouk@")
    visible = Candidate.objects.visible_to(manager)

    assert visible.filter(responsible=manager).count() >= 5
    assert visible.exclude(responsible=manager).exists()  # proposed or placed at her employers
    assert visible.count() < Candidate.objects.count()


def test_a_second_scan_raises_nothing(demo_loaded, db):
    before = set(Signal.objects.unresolved().values_list("key", flat=True))

    result = scan_all()

    assert result.raised == 0
    assert result.closed == 0
    assert set(Signal.objects.unresolved().values_list("key", flat=True)) == before


def test_the_candidates_demo_is_deterministic(demo_loaded, db):
    seeded_on, _output = demo_loaded
    before = fingerprint()
    managers = [
        User.objects.get(email=email)
        for email, _first, _last, role, _org, _title in DEMO_STAFF
        if role == User.Role.ACCOUNT_MANAGER
    ]

    Placement.objects.all().delete()
    Candidate.objects.all().delete()
    StaffingRequest.objects.all().delete()
    created = demo.load(
        region=Region.objects.get(code=DEMO_REGION),
        managers=managers,
        team_lead=staff("fatima@"),
        today=seeded_on,  # the day the module's demo was seeded
    )

    assert created == len(demo.CANDIDATES)
    assert fingerprint() == before


def test_load_refuses_without_account_managers(demo_loaded, db):
    with pytest.raises(ValueError):
        demo.load(region=None, managers=[], team_lead=staff("fatima@"))
