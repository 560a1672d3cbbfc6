"""Write workflows for placements, their follow-up plan and instrument periods."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from candidates.models import Proposal
from candidates.services import proposal_set_status
from continuity.triggers import rescan_after_commit
from employers.services import _set_fields

from .models import (
    DEFAULT_FOLLOW_UP_PLAN,
    FollowUp,
    FollowUpStep,
    InstrumentPeriod,
    Placement,
    WageValueAssessment,
    plan_dates,
)

PLACEMENT_FIELDS = [
    "location",
    "job_title",
    "is_carved_job",
    "carved_tasks",
    "start_date",
    "contract_type",
    "contract_end",
    "hours_per_week",
    "supervisor",
    "responsible",
    "job_coach_name",
    "job_coach_organisation",
    "job_coach_hours",
    "job_coach_until",
]
PERIOD_FIELDS = [
    "instrument",
    "start",
    "end",
    "decision_reference",
    "status",
    "note",
    "assessment",
]
DECISION_FIELDS = ("next_step", "next_step_note")
ASSESSMENT_FIELDS = ["assessed_on", "percentage", "assessor_organisation", "next_due_on", "note"]


def follow_up_plan(region):
    """The region's checkpoints as [(days after start, label)], or the default plan."""
    steps = [(s.days_after_start, s.label) for s in FollowUpStep.objects.filter(region=region)]
    return steps or DEFAULT_FOLLOW_UP_PLAN


@transaction.atomic
def placement_start(*, candidate, employer, by, proposal=None, **fields):
    """Start a placement and create its follow-up plan. A proposal, if given, becomes 'placed'."""
    if candidate.anonymised_at:
        raise ValidationError(_("This candidate has been anonymised."))
    if proposal is not None and (
        proposal.candidate_id != candidate.pk or proposal.employer_id != employer.pk
    ):
        raise ValidationError({"proposal": _("The proposal is for another candidate or employer.")})
    placement = Placement(candidate=candidate, employer=employer, proposal=proposal, created_by=by)
    fields.setdefault("responsible", by)
    _set_fields(placement, PLACEMENT_FIELDS, fields)
    placement.full_clean()
    with audit.tracked(placement, by=by):
        placement.save()
    FollowUp.objects.bulk_create(
        FollowUp(placement=placement, due_on=due_on, kind=label)
        for due_on, label in plan_dates(placement.start_date, follow_up_plan(employer.region))
    )
    if proposal is not None and proposal.status != Proposal.Status.PLACED:
        proposal_set_status(
            proposal=proposal, status=Proposal.Status.PLACED, by=by, on=placement.start_date
        )
    rescan_after_commit([employer.pk])
    return placement


@transaction.atomic
def placement_update(*, placement, by, **fields):
    if placement.status == Placement.Status.ENDED:
        raise ValidationError(_("This placement has ended."))
    _set_fields(placement, [f for f in PLACEMENT_FIELDS if f != "start_date"], fields)
    placement.full_clean()
    with audit.tracked(placement, by=by):
        placement.save()
    rescan_after_commit([placement.employer_id])
    return placement


@transaction.atomic
def placement_end(*, placement, ended_on, reason, by, note=""):
    """End a placement: open checkpoints after the end date are dropped, the rest stays."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.status == Placement.Status.ENDED:
        raise ValidationError(_("This placement has already ended."))
    if ended_on < placement.start_date:
        raise ValidationError({"ended_on": _("The end lies before the start.")})
    placement.status = Placement.Status.ENDED
    placement.ended_on = ended_on
    placement.end_reason = reason
    placement.end_note = note
    placement.full_clean()
    with audit.tracked(placement, by=by):
        placement.save()
    placement.follow_ups.filter(done_on__isnull=True, due_on__gt=ended_on).delete()
    rescan_after_commit([placement.employer_id])
    return placement


@transaction.atomic
def follow_up_add(*, placement, due_on, kind, by):
    follow_up = FollowUp(placement=placement, due_on=due_on, kind=kind.strip())
    follow_up.full_clean()
    follow_up.save()
    rescan_after_commit([placement.employer_id])
    return follow_up


@transaction.atomic
def follow_up_move(*, follow_up, due_on, by):
    if follow_up.done_on is not None:
        raise ValidationError(_("This checkpoint has been done already."))
    follow_up.due_on = due_on
    follow_up.full_clean()
    follow_up.save(update_fields=["due_on"])
    rescan_after_commit([follow_up.placement.employer_id])
    return follow_up


@transaction.atomic
def follow_up_record(*, follow_up, outcome, by, note="", done_on=None):
    """Log how a checkpoint went."""
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A follow-up cannot be done in the future.")})
    follow_up.done_on = done_on
    follow_up.outcome = outcome
    follow_up.note = note.strip()
    follow_up.by = by
    follow_up.full_clean()
    follow_up.save()
    rescan_after_commit([follow_up.placement.employer_id])
    return follow_up


@transaction.atomic
def instrument_period_add(*, placement, by, **fields):
    """Add an instrument to a placement. The rules for its dates (the catalogue's maximum, within
    the placement) and its assessment are InstrumentPeriod.clean's."""
    period = InstrumentPeriod(placement=placement)
    _set_fields(period, PERIOD_FIELDS, fields)
    period.full_clean()
    with audit.tracked(period, by=by):
        period.save()
    rescan_after_commit([period.placement.employer_id])
    return period


@transaction.atomic
def instrument_period_update(*, period, by, **fields):
    """Change a period. A new end date clears the decision on what comes next: that decision
    was about the old end."""
    old_end = InstrumentPeriod.objects.filter(pk=period.pk).values_list("end", flat=True).first()
    _set_fields(period, PERIOD_FIELDS, fields)
    if period.end != old_end:
        _clear_next_step(period)
    period.full_clean()
    with audit.tracked(period, by=by):
        period.save()
    rescan_after_commit([period.placement.employer_id])
    return period


def _clear_next_step(period):
    period.next_step, period.next_step_note = "", ""
    period.next_step_by, period.next_step_at = None, None


@transaction.atomic
def instrument_period_decide(*, period, next_step, by, note=""):
    """Record what comes after the period's end (extend, continue without, another instrument,
    stop), with who and when: closes the 'no decision' signal."""
    period = (
        InstrumentPeriod.objects.select_for_update().select_related("placement").get(pk=period.pk)
    )
    if period.placement.status == Placement.Status.ENDED:
        raise ValidationError(_("This placement has ended."))
    if period.status == InstrumentPeriod.Status.ENDED:
        raise ValidationError(_("This instrument period has ended."))
    if period.end is None:
        raise ValidationError(_("Give the period an end date first."))
    if next_step not in InstrumentPeriod.NextStep.values:
        raise ValidationError({"next_step": _("Choose what comes next.")})
    period.next_step = next_step
    period.next_step_note = note.strip()
    period.next_step_by = by
    period.next_step_at = timezone.now()
    # Only the decision is checked: older periods may predate the rules on their dates.
    period.clean_fields(
        exclude=[f.name for f in InstrumentPeriod._meta.fields if f.name not in DECISION_FIELDS]
    )
    with audit.tracked(period, by=by):
        period.save(update_fields=["next_step", "next_step_note", "next_step_by", "next_step_at"])
    rescan_after_commit([period.placement.employer_id])
    return period


@transaction.atomic
def assessment_add(*, placement, by, **fields):
    """Record a wage-value assessment of a placement."""
    if placement.status == Placement.Status.ENDED:
        raise ValidationError(_("This placement has ended."))
    assessment = WageValueAssessment(placement=placement, created_by=by)
    _set_fields(assessment, ASSESSMENT_FIELDS, fields)
    assessment.full_clean()
    with audit.tracked(assessment, by=by):
        assessment.save()
    rescan_after_commit([placement.employer_id])
    return assessment


@transaction.atomic
def assessment_update(*, assessment, by, **fields):
    _set_fields(assessment, ASSESSMENT_FIELDS, fields)
    assessment.full_clean()
    with audit.tracked(assessment, by=by):
        assessment.save()
    rescan_after_commit([assessment.placement.employer_id])
    return assessment
