"""The placements of the demo candidates, written through placements.services: about
twenty-five, active and ended, of every contract type: carved jobs with their tasks, workplace
teams (a supervisor, often a buddy and the HR contact among the employer's contact persons,
job coaches), contracts and instrument periods
(from the region's catalogue, including a flat-rate wage-cost subsidy) ending in the coming
weeks, and follow-up checkpoints done with their outcome, overdue, or due this week. A few
placements are still supervised by a contact person who has LEFT the employer, so the
continuity scan flags them as "placement at risk".

demo/candidates.py calls place(builder, job) for each Job step of a candidate's story; it draws
on that builder: the candidate, its random generator, the responsible staff member, and the
world of demo employers, requests and instruments. The words are in demo/tables/placements.py.
"""

from decimal import Decimal

from dateutil.relativedelta import relativedelta

from candidates import services
from candidates.models import SharingConsent, StaffingRequest
from demo.common import DAY
from demo.tables.candidates import AT_RISK
from demo.tables.employers import SECTOR_JOBS
from demo.tables.placements import (
    AT_RISK_NOTES,
    CHECKPOINT_EXIT,
    COACHES,
    EXIT_NOTES,
    NOTES,
    REFERENCE_PREFIXES,
)
from employers.models import ContactPerson
from placements import services as placement_services
from placements import team_services
from placements.models import FollowUp, InstrumentPeriod, Placement, TeamMember

CARVED = StaffingRequest.Kind.CARVED
RS = StaffingRequest.Status
CT = Placement.ContractType
OUTCOME = FollowUp.Outcome
ROLE = TeamMember.Role


def place(builder, job):
    """Place the candidate of `builder` (demo.candidates) as the Job step `job` says."""
    world, rng = builder.world, builder.rng
    supervisor = None
    if job.employer.startswith(AT_RISK):
        if not world.at_risk:
            raise ValueError("the demo employers have no contact person who left")
        pool_index = int(job.employer.removeprefix(AT_RISK))
        supervisor = world.at_risk[pool_index % len(world.at_risk)]
        employer = supervisor.employer
        start = builder.weekday(
            max(
                supervisor.left_on - rng.randint(60, 150) * DAY,
                supervisor.active_since + 30 * DAY,
            )
        )
    else:
        employer = world.employer(job.employer)
        if job.start is None:
            start = builder.previous_end + DAY
            while start.weekday() >= 5:
                start += DAY
        else:
            start = builder.ago(job.start)
    request = world.request(job.request) if job.request else None
    ended_on = None
    if job.ended and job.ended[0] != "contract":
        ended_on = builder.ago(job.ended[0])
    if supervisor is None:
        supervisor = _pick_supervisor(builder, employer, start, ended_on)
    contract_end = None
    if job.ends_in is not None:
        contract_end = builder.weekday(builder.today + job.ends_in * DAY)
    elif job.months:
        contract_end = start + relativedelta(months=job.months) - DAY
    if job.ended and job.ended[0] == "contract":
        ended_on = contract_end
    title = job.title or (request.title if request else "")
    if not title:  # a job at an employer chosen for the story: its sector's usual work
        title = SECTOR_JOBS[employer.sector][0][0]
        title = title[0].upper() + title[1:]
    carved = job.carved or (request.tasks if request and request.kind == CARVED else "")
    proposal = None
    if job.path is not None:
        proposal = _proposal_before(builder, employer, request, start, job.path, job.consent)
    location = world.location(employer, job.location)
    if request is not None and request.location is not None:
        location = request.location
    fields = {
        "location": location,
        "job_title": title,
        "is_carved_job": bool(carved),
        "carved_tasks": carved,
        "start_date": start,
        "contract_type": job.contract,
        "contract_end": contract_end,
        "hours_per_week": Decimal(job.hours),
        "supervisor": supervisor,
        "responsible": builder.responsible,
    }
    coach_until = coach = None
    if job.coach:
        hours, months = job.coach
        name, organisation = rng.choice(COACHES)
        if job.contract == CT.SECONDMENT:
            name, organisation = COACHES[0]
        coach_until = start + relativedelta(months=months)
        coach = {
            "name": name,
            "organisation": organisation,
            "hours_per_week": Decimal(hours),
            "start": start,
            "end": coach_until,
        }
    placement = placement_services.placement_start(
        candidate=builder.candidate,
        employer=employer,
        by=world.manager_of(employer) or builder.responsible,
        proposal=proposal,
        **fields,
    )
    if request is not None and request.status != RS.FILLED:
        world.requests[job.request] = services.staffing_request_update(
            request=request, by=placement.created_by, status=RS.FILLED
        )
    _team(builder, placement, supervisor, ended_on, coach, at_risk=job.employer.startswith(AT_RISK))
    assessments = _add_assessments(builder, placement, job, ended_on)
    for period in job.periods:
        _add_period(builder, placement, period, contract_end, coach_until, ended_on, assessments)
    _follow_ups(builder, placement, job, ended_on, supervisor)
    if ended_on is not None:
        _end(builder, placement, job, ended_on, employer)
    builder.previous_end = ended_on


def _proposal_before(builder, employer, request, start, path, consent):
    """A proposal that went through `path` and is placed on `start`."""
    rng = builder.rng
    days = []
    day = start
    for _status in reversed(path):
        day = builder.weekday(day - rng.randint(5, 12) * DAY)
        days.insert(0, day)
    proposed_on = builder.weekday(day - rng.randint(6, 20) * DAY)
    if request is not None:
        proposed_on = max(proposed_on, request.opened_on)
    proposal = builder.propose(employer, request, proposed_on, consent)
    return builder.move(proposal, path, days)


def _pick_supervisor(builder, employer, start, ended_on):
    """A contact person who was there at the start (and, for a running placement, still is):
    a supervisor or buddy by preference, else the shop floor, else HR and management."""
    present = _present(builder, employer, start, ended_on)
    for wanted in (
        lambda c: c.is_supervisor,
        lambda c: c.level == ContactPerson.Level.FLOOR,
        lambda c: c.level == ContactPerson.Level.MIDDLE,
        lambda c: True,
    ):
        chosen = [contact for contact in present if wanted(contact)]
        if chosen:
            return builder.rng.choice(chosen)
    return None


def _team(builder, placement, supervisor, ended_on, coach, *, at_risk):
    """The rest of the team: the job coach, and for some placements a buddy and the HR contact
    (never a buddy where the story is a placement left without supervisor: it must stay at
    risk)."""
    by = placement.responsible
    if coach is not None:
        team_services.team_add(placement=placement, role=ROLE.JOB_COACH, by=by, **coach)
    present = [
        contact
        for contact in _present(builder, placement.employer, placement.start_date, ended_on)
        if contact != supervisor
    ]
    buddies = [c for c in present if c.level == ContactPerson.Level.FLOOR]
    if buddies and not at_risk and builder.rng.random() < 0.5:
        team_services.team_add(
            placement=placement,
            role=ROLE.BUDDY,
            contact=builder.rng.choice(buddies),
            start=placement.start_date,
            by=by,
        )
    hr = [c for c in present if c.is_hr]
    if hr and builder.rng.random() < 0.6:
        team_services.team_add(
            placement=placement, role=ROLE.HR, contact=hr[0], start=placement.start_date, by=by
        )


def _present(builder, employer, start, ended_on):
    """The employer's contact persons there at `start` and, for a running placement, still."""
    return [
        contact
        for contact in builder.world.contacts.get(employer.pk, [])
        if (contact.active_since is None or contact.active_since <= start)
        and (contact.left_on is None or (ended_on is not None and contact.left_on > ended_on))
    ]


ASSESSORS = ("Loonwaardemeting Midden-Utrecht", "UWV arbeidsdeskundige", "Ergon Loonwaarde")


def _add_assessments(builder, placement, job, ended_on):
    """The placement's wage-value assessments (those up to today and its end), oldest first."""
    made = []
    for row in job.assessments:
        assessed_on = builder.weekday(placement.start_date + row.after * DAY)
        if assessed_on > builder.today or (ended_on is not None and assessed_on > ended_on):
            continue
        next_due = assessed_on + relativedelta(months=row.next_in) if row.next_in else None
        made.append(
            placement_services.assessment_add(
                placement=placement,
                by=placement.responsible,
                assessed_on=assessed_on,
                percentage=row.percentage,
                assessor_organisation=ASSESSORS[row.percentage % len(ASSESSORS)],
                next_due_on=next_due,
            )
        )
    return made


def _rests_on(instrument, start, assessments):
    """The latest assessment up to a month after the start of a wage-cost subsidy period."""
    if not instrument.rests_on_wage_value:
        return None
    before = [a for a in assessments if a.assessed_on <= start + relativedelta(months=1)]
    return before[-1] if before else None


def _add_period(builder, placement, period, contract_end, coach_until, ended_on, assessments=()):
    instrument = builder.world.instruments.get(period.name)
    if instrument is None:  # the region removed it from its catalogue
        return
    start = placement.start_date + relativedelta(months=period.after)
    if ended_on is not None and start > ended_on:
        return
    end = None
    if period.until == "contract":
        end = contract_end
    elif period.until == "coach":
        end = coach_until
    elif period.months:
        end = start + relativedelta(months=period.months) - DAY
    status = period.status or InstrumentPeriod.Status.GRANTED
    if ended_on is not None:
        end = min(end, ended_on) if end else ended_on
        status = InstrumentPeriod.Status.ENDED
    elif end is not None and end < builder.today and not period.status:
        status = InstrumentPeriod.Status.ENDED
    reference = ""
    if status != InstrumentPeriod.Status.APPLIED:
        prefix = REFERENCE_PREFIXES.get(instrument.kind, "WSP")
        reference = f"{prefix}-{start.year}-{builder.rng.randint(10000, 99999)}"
    added = placement_services.instrument_period_add(
        placement=placement,
        by=placement.responsible,
        instrument=instrument,
        start=start,
        end=end,
        decision_reference=reference,
        status=status,
        note=period.note,
        assessment=_rests_on(instrument, start, assessments),
    )
    if period.next_step and added.decidable:
        placement_services.instrument_period_decide(
            period=added,
            next_step=period.next_step,
            note=period.next_step_note,
            by=placement.responsible,
        )


def _follow_ups(builder, placement, job, ended_on, supervisor):
    rng = builder.rng
    last_day = min(ended_on, builder.today) if ended_on else builder.today
    checkpoints = list(placement.follow_ups.order_by("due_on", "pk"))
    past = [c for c in checkpoints if c.due_on < builder.today and c.due_on <= last_day]
    if job.open_checkpoints and ended_on is None:
        past = past[: -job.open_checkpoints]
    for position, checkpoint in enumerate(past):
        is_last = position == len(past) - 1
        outcome = OUTCOME.GOING_WELL if rng.random() < 0.72 else OUTCOME.ATTENTION
        note = rng.choice(NOTES[outcome])
        reason = job.ended[1] if job.ended else None
        if is_last and reason in AT_RISK_NOTES:
            outcome, note = OUTCOME.AT_RISK, AT_RISK_NOTES[reason]
        if is_last and job.last_at_risk and ended_on is None:
            # Still running: the scan raises "placement at risk (nazorg)", escalated.
            outcome, note = OUTCOME.AT_RISK, job.last_at_risk
        if (
            supervisor is not None
            and supervisor.left_on
            and checkpoint.due_on >= supervisor.left_on
        ):
            outcome = OUTCOME.ATTENTION
            note = (
                f"Werkbegeleider {supervisor.name} is vertrokken; de teamleider vangt de "
                "vragen voorlopig op. Nieuwe vaste begeleider nog niet bekend."
            )
        done_on = builder.weekday(checkpoint.due_on + rng.randint(-2, 4) * DAY)
        done_on = min(max(done_on, placement.start_date), last_day)
        placement_services.follow_up_record(
            follow_up=checkpoint,
            outcome=outcome,
            by=placement.responsible,
            note=note,
            done_on=done_on,
        )
    if ended_on is None and job.move_next_checkpoint:
        upcoming = [c for c in checkpoints if c.due_on >= builder.today]
        if upcoming:
            placement_services.follow_up_move(
                follow_up=upcoming[0],
                due_on=upcoming[0].due_on + job.move_next_checkpoint * DAY,
                by=placement.responsible,
            )
    if ended_on is None and job.extra_checkpoint:
        in_days, label = job.extra_checkpoint
        placement_services.follow_up_add(
            placement=placement,
            due_on=builder.weekday(builder.today + in_days * DAY),
            kind=label,
            by=placement.responsible,
        )


def _end(builder, placement, job, ended_on, employer):
    _when, reason, note = job.ended
    exit_talk = placement_services.follow_up_add(
        placement=placement, due_on=ended_on, kind=CHECKPOINT_EXIT, by=placement.responsible
    )
    placement_services.follow_up_record(
        follow_up=exit_talk,
        outcome=OUTCOME.ENDED,
        by=placement.responsible,
        note=EXIT_NOTES.get(reason, note),
        done_on=min(ended_on, builder.today),
    )
    placement_services.placement_end(
        placement=placement,
        ended_on=ended_on,
        reason=reason,
        by=placement.responsible,
        note=note,
    )
    if job.consent_withdrawn_after_end is not None:
        consent = SharingConsent.objects.current().filter(
            candidate=builder.candidate, employer=employer
        )
        for row in consent:
            services.consent_withdraw(
                consent=row,
                by=builder.responsible,
                withdrawn_on=min(ended_on + job.consent_withdrawn_after_end * DAY, builder.today),
            )
