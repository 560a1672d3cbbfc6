"""Placements and what follows them: follow-up checkpoints (nazorg) and instrument periods
(wage-cost subsidy, job coach, no-risk policy, trial placement...), from a regional catalogue."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.models import EmployerScopedQuerySet


class Instrument(models.Model):
    """An instrument in a region's catalogue, explained in plain language."""

    class Provider(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        UWV = "uwv", _("UWV")
        MUNICIPALITY_OR_UWV = "either", _("Municipality or UWV")
        OTHER = "other", _("Other")

    class Kind(models.TextChoices):
        WAGE_COST_SUBSIDY = "wage_cost_subsidy", _("Wage-cost subsidy")
        WAGE_DISPENSATION = "wage_dispensation", _("Wage dispensation")
        NO_RISK = "no_risk", _("No-risk policy")
        JOB_COACH = "job_coach", _("Job coach")
        WORKPLACE = "workplace", _("Workplace adaptation")
        TRIAL = "trial", _("Trial placement")
        WAGE_COST_BENEFIT = "wage_cost_benefit", _("Wage-cost benefit")
        PRACTICE_ROUTE = "practice_route", _("Practice route")
        SECONDMENT = "secondment", _("Secondment")
        OTHER = "other", _("Other")

    region = models.ForeignKey(
        "accounts.Region",
        on_delete=models.CASCADE,
        related_name="instruments",
        verbose_name=_("region"),
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    provider = models.CharField(_("provider"), max_length=15, choices=Provider.choices)
    max_duration_months = models.PositiveSmallIntegerField(
        _("typical maximum duration (months)"), null=True, blank=True
    )
    description = models.TextField(_("plain-language description"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="instrument_unique_per_region")
        ]

    def __str__(self):
        return self.name


class PlacementQuerySet(EmployerScopedQuerySet):
    def active(self):
        return self.filter(status=Placement.Status.ACTIVE)


class Placement(models.Model):
    class ContractType(models.TextChoices):
        TRIAL = "trial", _("Trial placement")
        TEMPORARY = "temporary", _("Temporary contract")
        PERMANENT = "permanent", _("Permanent contract")
        SECONDMENT = "secondment", _("Secondment")
        LEARN_WORK = "learn_work", _("Learn-work track")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    class EndReason(models.TextChoices):
        CONTRACT_ENDED = "contract_ended", _("Contract not extended")
        OTHER_JOB = "other_job", _("Moved to another job")
        EMPLOYEE_LEFT = "employee_left", _("Employee resigned")
        DISMISSED = "dismissed", _("Dismissed")
        TASKS_GONE = "tasks_gone", _("Tasks disappeared")
        GUIDANCE = "guidance", _("Guidance or supervision fell short")
        HEALTH = "health", _("Could not continue")
        OTHER = "other", _("Other")

    candidate = models.ForeignKey(
        "candidates.Candidate",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("candidate"),
    )
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("employer"),
    )
    proposal = models.OneToOneField(
        "candidates.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placement",
        verbose_name=_("proposal"),
    )
    location = models.ForeignKey(
        "employers.Location",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
    )
    job_title = models.CharField(_("job title"), max_length=160)
    is_carved_job = models.BooleanField(_("carved job"), default=False)
    carved_tasks = models.TextField(_("tasks of the carved job"), blank=True)
    start_date = models.DateField(_("start date"))
    contract_type = models.CharField(
        _("contract type"), max_length=15, choices=ContractType.choices
    )
    contract_end = models.DateField(_("contract end date"), null=True, blank=True)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    supervisor = models.ForeignKey(
        "employers.ContactPerson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_placements",
        verbose_name=_("workplace supervisor"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("responsible staff member"),
    )
    job_coach_name = models.CharField(_("job coach"), max_length=120, blank=True)
    job_coach_organisation = models.CharField(
        _("job coach organisation"), max_length=120, blank=True
    )
    job_coach_hours = models.DecimalField(
        _("job coach hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    job_coach_until = models.DateField(_("job coach until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=20, choices=EndReason.choices, blank=True
    )
    end_note = models.CharField(_("note on ending"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True)
                | Q(status="ended", ended_on__isnull=False),
                name="placement_ended_has_date",
            ),
            models.CheckConstraint(
                condition=Q(contract_end__isnull=True)
                | Q(contract_end__gte=models.F("start_date")),
                name="placement_contract_end_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["employer", "status"], name="placement_employer_status"),
            models.Index(fields=["status", "contract_end"], name="placement_status_contract_end"),
        ]

    def __str__(self):
        return f"{self.job_title} – {self.employer}"

    def get_absolute_url(self):
        return reverse("placements:detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.supervisor_id and self.supervisor.employer_id != self.employer_id:
            raise ValidationError({"supervisor": _("The supervisor must work at this employer.")})
        if self.location_id and self.location.employer_id != self.employer_id:
            raise ValidationError({"location": _("The location belongs to another employer.")})
        if self.is_carved_job and not self.carved_tasks.strip():
            raise ValidationError({"carved_tasks": _("Describe the tasks of the carved job.")})

    @property
    def ended_early(self):
        """The Python twin of EARLY_ENDING (one placement)."""
        return (
            self.status == self.Status.ENDED
            and (self.contract_end is None or self.contract_end > self.ended_on)
            and self.end_reason != self.EndReason.OTHER_JOB
        )

    def retained_after(self, months, today=None):
        """True/False once the milestone has passed; None while it is still ahead."""
        today = today or timezone.localdate()
        milestone = self.start_date + relativedelta(months=months)
        if milestone > today:
            return None
        return self.ended_on is None or self.ended_on >= milestone


class InstrumentPeriod(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied for")
        GRANTED = "granted", _("Granted")
        ENDED = "ended", _("Ended")

    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        related_name="instrument_periods",
        verbose_name=_("placement"),
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="periods", verbose_name=_("instrument")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("instrument period")
        verbose_name_plural = _("instrument periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="instrument_period_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["status", "end"], name="instrument_period_status_end")]

    def __str__(self):
        return f"{self.instrument} ({self.start} – {self.end or '…'})"

    def clean(self):
        super().clean()
        if (
            self.instrument_id
            and self.placement_id
            and (self.instrument.region_id != self.placement.employer.region_id)
        ):
            raise ValidationError(
                {"instrument": _("Choose an instrument from the employer's region.")}
            )


class FollowUpStep(models.Model):
    """A region's follow-up plan: checkpoints created when a placement starts."""

    region = models.ForeignKey(
        "accounts.Region",
        on_delete=models.CASCADE,
        related_name="follow_up_steps",
        verbose_name=_("region"),
    )
    days_after_start = models.PositiveSmallIntegerField(_("days after the start"))
    label = models.CharField(_("label"), max_length=60)

    class Meta:
        ordering = ["region", "days_after_start"]
        verbose_name = _("follow-up step")
        verbose_name_plural = _("follow-up plan")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "days_after_start"], name="follow_up_step_unique_day"
            ),
        ]

    def __str__(self):
        return self.label


# The default plan when a region has not set its own: 2 and 6 weeks, 3, 6 and 12 months.
DEFAULT_FOLLOW_UP_PLAN = [
    (14, _("After 2 weeks")),
    (42, _("After 6 weeks")),
    (91, _("After 3 months")),
    (182, _("After 6 months")),
    (365, _("After 12 months")),
]
# ...and for a permanent contract, up to the region's follow-up horizon (FollowUpPolicy): 18 and
# 24 months (R22, R38: a placement can still break in its second year).
LONG_FOLLOW_UP_STEPS = [
    (548, 18, _("After 18 months")),
    (730, 24, _("After 24 months")),
]


class FollowUpPolicy(models.Model):
    """How far a region's default follow-up plan reaches for permanent contracts. No row: 12
    months (the plan as it was). Saved through placements.services.follow_up_policy_set, which
    also gives running permanent placements the steps the longer horizon adds."""

    class Months(models.IntegerChoices):
        TWELVE = 12, _("12 months")
        EIGHTEEN = 18, _("18 months")
        TWENTY_FOUR = 24, _("24 months")

    region = models.OneToOneField(
        "accounts.Region",
        on_delete=models.CASCADE,
        related_name="follow_up_policy",
        verbose_name=_("region"),
    )
    months = models.PositiveSmallIntegerField(
        _("follow-up of permanent contracts until (months)"),
        choices=Months.choices,
        default=Months.TWELVE,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("follow-up horizon")
        verbose_name_plural = _("follow-up horizons")

    def __str__(self):
        return str(self.region)


# An early ending: the placement ended before its contract end (a permanent contract: any
# ending), and not because the employee moved on to another job (doorstroom is a success).
# R35: several such endings at one employer say something about the employer, not the people.
EARLY_ENDING_PATTERN = 2  # this many early endings at one employer...
EARLY_ENDING_MONTHS = 12  # ...within this many months make a pattern (continuity's rule 16)
EARLY_ENDING = (
    Q(status="ended")
    & (Q(contract_end__isnull=True) | Q(contract_end__gt=models.F("ended_on")))
    & ~Q(end_reason="other_job")
)


class FollowUp(models.Model):
    """A follow-up checkpoint (nazorg): due, done, and how it went."""

    class Outcome(models.TextChoices):
        GOING_WELL = "going_well", _("Going well")
        ATTENTION = "attention", _("Needs attention")
        AT_RISK = "at_risk", _("At risk")
        ENDED = "ended", _("Placement ended")

    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("placement"),
    )
    due_on = models.DateField(_("due on"), db_index=True)
    kind = models.CharField(_("checkpoint"), max_length=60)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=15, choices=Outcome.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | ~Q(outcome=""),
                name="follow_up_done_has_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.kind} ({self.due_on})"

    @property
    def is_overdue(self):
        return self.done_on is None and self.due_on < timezone.localdate()


def plan_dates(start_date, steps):
    """[(due date, label)] for a placement starting on start_date."""
    return [(start_date + datetime.timedelta(days=days), str(label)) for days, label in steps]
