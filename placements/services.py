"""Write workflows for placements, their follow-up plan and instrument periods."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit import services as audit
from candidates.models import Proposal
from candidates.services import proposal_set_status
from continuity.triggers import rescan_after_commit
from employers.models import AccountAssignment
from employers.services import _set_fields
from employers.services.actions import action_create
from wsp_crm.workdays import add_working_days

from .models import (
    DEFAULT_FOLLOW_UP_PLAN,
    LONG_FOLLOW_UP_STEPS,
    FollowUp,
    FollowUpPolicy,
    FollowUpStep,
    InstrumentPeriod,
    Placement,
    TeamMember,
    WageValueAssessment,
    plan_dates,
)
from .team_services import team_add

PLACEMENT_FIELDS = [
    "location",
    "job_title",
    "is_carved_job",
    "carved_tasks",
    "start_date",
    "contract_type",
    "contract_end",
    "hours_per_week",
    "responsible",
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


def follow_up_plan(region, *, permanent=False):
    """The region's checkpoints as [(days after start, label)], or the default plan: for a
    permanent contract with the steps after 12 months up to the region's horizon."""
    steps = [(s.days_after_start, s.label) for s in FollowUpStep.objects.filter(region=region)]
    if steps:
        return steps
    return DEFAULT_FOLLOW_UP_PLAN + (long_steps(region) if permanent else [])


def follow_up_months(region):
    """The region's follow-up horizon for permanent contracts (12 when it set none)."""
    policy = FollowUpPolicy.objects.filter(region=region).first()
    return policy.months if policy else FollowUpPolicy.Months.TWELVE


def long_steps(region):
    """The default plan's steps after 12 months that the region's horizon reaches."""
    months = follow_up_months(region)
    return [(days, label) for days, upto, label in LONG_FOLLOW_UP_STEPS if upto <= months]


def _add_long_steps(placements, steps):
    """Give running permanent placements the long steps they lack, only those still ahead (a
    step already past would be overdue on arrival). Three queries whatever their number."""
    today = timezone.localdate()
    placements = list(placements.values_list("pk", "start_date"))
    have = set(
        FollowUp.objects.filter(placement_id__in=[pk for pk, _start in placements]).values_list(
            "placement_id", "due_on"
        )
    )
    new = [
        FollowUp(placement_id=pk, due_on=due_on, kind=label)
        for pk, start in placements
        for due_on, label in plan_dates(start, steps)
        if due_on > today and (pk, due_on) not in have
    ]
    FollowUp.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def follow_up_policy_set(*, region, months, by):
    """Set how far the region's default plan follows permanent contracts (12, 18 or 24 months).
    A longer horizon also reaches the running permanent placements of a region on the default
    plan: they get the new steps whose date is still ahead. A shorter one removes nothing
    (planned checkpoints stay; move or log them as usual). Returns the number of steps added."""
    if by is not None and not (by.is_wsp_admin or (by.is_team_lead and by.region_id == region.pk)):
        raise PermissionDenied(_("Only a team lead of this region or a WSP admin can do this."))
    FollowUpPolicy.objects.get_or_create(region=region)
    policy = FollowUpPolicy.objects.select_for_update().get(region=region)
    policy.months = months
    policy.updated_by = by
    policy.full_clean()
    policy.save()
    if FollowUpStep.objects.filter(region=region).exists():
        return 0
    added = _add_long_steps(
        Placement.objects.filter(
            employer__region=region, status="active", contract_type="permanent"
        ),
        long_steps(region),
    )
    if added:
        rescan_after_commit(
            Placement.objects.filter(employer__region=region, status="active")
            .values_list("employer_id", flat=True)
            .distinct()
        )
    return added


@transaction.atomic
def placement_start(*, candidate, employer, by, proposal=None, supervisor=None, **fields):
    """Start a placement and create its follow-up plan. A proposal, if given, becomes 'placed';
    a supervisor, if given, is the first member of the placement's team."""
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
    if supervisor is not None:
        _first_supervisor(placement, supervisor, by)
    plan = follow_up_plan(
        employer.region, permanent=placement.contract_type == Placement.ContractType.PERMANENT
    )
    FollowUp.objects.bulk_create(
        FollowUp(placement=placement, due_on=due_on, kind=label)
        for due_on, label in plan_dates(placement.start_date, plan)
    )
    if proposal is not None and proposal.status != Proposal.Status.PLACED:
        proposal_set_status(
            proposal=proposal, status=Proposal.Status.PLACED, by=by, on=placement.start_date
        )
    rescan_after_commit([employer.pk])
    return placement


def _first_supervisor(placement, contact, by):
    try:
        team_add(
            placement=placement,
            role=TeamMember.Role.SUPERVISOR,
            contact=contact,
            start=placement.start_date,
            by=by,
        )
    except ValidationError as error:
        messages = error.message_dict.get("contact") if hasattr(error, "error_dict") else None
        raise ValidationError({"supervisor": messages or error.messages}) from error


@transaction.atomic
def placement_update(*, placement, by, **fields):
    if placement.status == Placement.Status.ENDED:
        raise ValidationError(_("This placement has ended."))
    was_permanent = placement.contract_type == Placement.ContractType.PERMANENT
    _set_fields(placement, [f for f in PLACEMENT_FIELDS if f != "start_date"], fields)
    placement.full_clean()
    with audit.tracked(placement, by=by):
        placement.save()
    if placement.contract_type == Placement.ContractType.PERMANENT and not was_permanent:
        # Made permanent: the plan now runs as far as a permanent contract's does.
        region = placement.employer.region
        if not FollowUpStep.objects.filter(region=region).exists():
            _add_long_steps(Placement.objects.filter(pk=placement.pk), long_steps(region))
    rescan_after_commit([placement.employer_id])
    return placement


@transaction.atomic
def placement_end(*, placement, ended_on, reason, by, note="", next_step_action=False):
    """End a placement: open checkpoints after the end date are dropped, the rest stays.

    `next_step_action`: also give the employer's fixed manager (else the one ending it) an
    action to find the candidate's next step (doorstroom), due in 5 working days."""
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
    if next_step_action:
        next_step_action_create(placement=placement, by=by)
    rescan_after_commit([placement.employer_id])
    return placement


def next_step_action_create(*, placement, by):
    """The action after an ending: find the candidate's next step (a new proposal, training...).
    Its owner is the employer's fixed manager in the employer's region, else `by`."""
    manager = (
        AccountAssignment.objects.filter(
            employer_id=placement.employer_id,
            region_id=placement.employer.region_id,
            kind="primary",
            ended_on__isnull=True,
            manager__is_active=True,
        )
        .select_related("manager")
        .order_by("-started_on", "-pk")
        .first()
    )
    return action_create(
        employer=placement.employer,
        by=by,
        owner=manager.manager if manager else by,
        title=_("Next step for the candidate of %(job)s (doorstroom)")
        % {"job": placement.job_title},
        note=_(
            "The placement ended on %(date)s. Propose the candidate elsewhere, or agree on "
            "another next step."
        )
        % {"date": date_format(placement.ended_on)},
        due_on=add_working_days(timezone.localdate(), 5),
        placement=placement,  # the placement names the candidate
    )


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
