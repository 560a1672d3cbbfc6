"""Placements and what follows them: follow-up checkpoints (nazorg) and instrument periods
(wage-cost subsidy, job coach, no-risk policy, trial placement...), from a regional catalogue."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.models import EmployerScopedQuerySet
from wsp_crm.dates import day


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
    # Enforced: a period of this instrument lasts at most this long (InstrumentPeriod.clean).
    max_duration_months = models.PositiveSmallIntegerField(
        _("maximum duration (months)"), null=True, blank=True
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

    def latest_end(self, start):
        """The last day a period of this instrument starting on `start` may run, or None when
        the catalogue sets no maximum: `max_duration_months` months, counted from the start
        day (6 months from 1 January: up to and including 30 June)."""
        if not self.max_duration_months or start is None:
            return None
        return start + relativedelta(months=self.max_duration_months) - datetime.timedelta(days=1)

    @property
    def rests_on_wage_value(self):
        """A wage-cost subsidy or wage dispensation rests on a wage-value assessment."""
        return self.kind in (self.Kind.WAGE_COST_SUBSIDY, self.Kind.WAGE_DISPENSATION)


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
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("responsible staff member"),
    )
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
        if self.location_id and self.location.employer_id != self.employer_id:
            raise ValidationError({"location": _("The location belongs to another employer.")})
        if self.is_carved_job and not self.carved_tasks.strip():
            raise ValidationError({"carved_tasks": _("Describe the tasks of the carved job.")})

    # Read-only compatibility with the single supervisor and job-coach fields this model had
    # before the team (docs/domain.md, "Placement team"). They read `team` (prefetch it).

    def _open_members(self, role):
        """Members in `role` whose period has not ended, latest start first."""
        today = timezone.localdate()
        rows = [
            m
            for m in self.team.all()
            if m.role == role and m.start <= today and (m.end is None or m.end >= today)
        ]
        return sorted(rows, key=lambda m: (m.start, m.pk), reverse=True)

    @property
    def supervisor(self):
        """The contact person in the supervisor role (latest start), even if they left."""
        members = self._open_members(TeamMember.Role.SUPERVISOR)
        return members[0].contact if members else None

    @property
    def job_coach(self):
        """The current job-coach member, or None."""
        members = self._open_members(TeamMember.Role.JOB_COACH)
        return members[0] if members else None

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


PERCENTAGE_ERROR = _("The wage value is a percentage from 0 to 100.")


class WageValueAssessment(models.Model):
    """A wage-value assessment (loonwaardemeting) of a placement: on which date, the wage value
    as a percentage of the full wage, who assessed it and when the next one is due. A wage-cost
    subsidy decision (InstrumentPeriod.assessment) rests on one."""

    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("placement"),
    )
    assessed_on = models.DateField(_("date of the assessment"))
    percentage = models.PositiveSmallIntegerField(
        _("wage value (%)"),
        validators=[
            MinValueValidator(0, message=PERCENTAGE_ERROR),
            MaxValueValidator(100, message=PERCENTAGE_ERROR),
        ],
        help_text=_("The wage value as a percentage of the full wage, from 0 to 100."),
    )
    assessor_organisation = models.CharField(_("assessed by (organisation)"), max_length=120)
    next_due_on = models.DateField(_("next assessment due"), null=True, blank=True)
    note = models.CharField(_("internal note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("wage-value assessment")
        verbose_name_plural = _("wage-value assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(percentage__lte=100), name="assessment_percentage_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(next_due_on__isnull=True) | Q(next_due_on__gt=models.F("assessed_on")),
                name="assessment_next_due_after_date",
            ),
        ]
        indexes = [
            # The rule's "latest assessment of the placement" and the page's list.
            models.Index(fields=["placement", "assessed_on"], name="assessment_placement_date"),
            models.Index(fields=["next_due_on"], name="assessment_next_due"),
        ]

    def __str__(self):
        return f"{self.percentage}% ({self.assessed_on:%d-%m-%Y})"

    def clean(self):
        super().clean()
        if self.assessed_on and self.next_due_on and self.next_due_on <= self.assessed_on:
            raise ValidationError(
                {"next_due_on": _("The next assessment must be due after this one.")}
            )
        if self.assessed_on and self.assessed_on > timezone.localdate():
            raise ValidationError(
                {"assessed_on": _("Record an assessment once it has taken place.")}
            )


class InstrumentPeriod(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied for")
        GRANTED = "granted", _("Granted")
        ENDED = "ended", _("Ended")

    class NextStep(models.TextChoices):
        """What follows when the period ends while the contract runs on (R23)."""

        EXTEND = "extend", _("Extend this instrument")
        CONVERT = "convert", _("Continue without it (e.g. a regular or permanent contract)")
        OTHER_INSTRUMENT = "other_instrument", _("Switch to another instrument")
        END = "end", _("Stop: nothing follows")

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
    # The wage-value assessment a wage-cost subsidy decision rests on.
    assessment = models.ForeignKey(
        WageValueAssessment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="periods",
        verbose_name=_("wage-value assessment"),
    )
    # The decision on what follows the period's end (cleared when the end date changes).
    next_step = models.CharField(
        _("what comes next"), max_length=20, choices=NextStep.choices, blank=True
    )
    next_step_note = models.CharField(_("note on what comes next"), max_length=300, blank=True)
    next_step_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    next_step_at = models.DateTimeField(_("decided at"), null=True, blank=True)

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

    @property
    def is_running(self):
        return self.status != self.Status.ENDED

    @property
    def decidable(self):
        """A decision on what comes next can be recorded: a running period with an end date, of
        an active placement."""
        return (
            self.is_running
            and self.end is not None
            and self.placement.status == Placement.Status.ACTIVE
        )

    @property
    def ends_before_contract(self):
        """The period ends while the contract runs on (or the contract has no end): what
        follows has to be decided (continuity rule 15)."""
        contract_end = self.placement.contract_end
        return self.end is not None and (contract_end is None or self.end < contract_end)

    def clean(self):
        super().clean()
        if not (self.instrument_id and self.placement_id):
            return
        if self.instrument.region_id != self.placement.employer.region_id:
            raise ValidationError(
                {"instrument": _("Choose an instrument from the employer's region.")}
            )
        self._check_within_placement()
        self._check_maximum_duration()
        self._check_assessment()

    def _check_maximum_duration(self):
        """The catalogue's maximum (e.g. 6 months for the flat-rate wage-cost subsidy)."""
        latest = self.instrument.latest_end(self.start)
        if latest is None:
            return
        params = {
            "instrument": self.instrument.name,
            "months": self.instrument.max_duration_months,
            "date": day(latest),
        }
        if self.end is None:
            raise ValidationError(
                {
                    "end": _(
                        "%(instrument)s lasts at most %(months)d months: give the end date "
                        "(%(date)s at the latest)."
                    )
                    % params
                }
            )
        if self.end > latest:
            raise ValidationError(
                {
                    "end": _(
                        "%(instrument)s lasts at most %(months)d months: a period from this "
                        "start ends on %(date)s at the latest."
                    )
                    % params
                }
            )

    def _check_within_placement(self):
        """The period lies within the placement: it does not start before the placement,
        nor after its contract end, and does not run past the day the placement ended. (It
        may outlast the current contract: a decision or a no-risk policy can run longer.)"""
        placement = self.placement
        if self.start and self.start < placement.start_date:
            raise ValidationError(
                {
                    "start": _("The placement starts on %(date)s: the period cannot start earlier.")
                    % {"date": day(placement.start_date)}
                }
            )
        last_day = placement.ended_on or placement.contract_end
        if self.start and last_day and self.start > last_day:
            raise ValidationError(
                {
                    "start": _("The placement runs until %(date)s: the period cannot start later.")
                    % {"date": day(last_day)}
                }
            )
        if placement.ended_on and (self.end is None or self.end > placement.ended_on):
            raise ValidationError(
                {
                    "end": _(
                        "The placement ended on %(date)s: the period ends on that day at the "
                        "latest."
                    )
                    % {"date": day(placement.ended_on)}
                }
            )

    def _check_assessment(self):
        if self.assessment_id is None:
            return
        if self.assessment.placement_id != self.placement_id:
            raise ValidationError({"assessment": _("Choose an assessment of this placement.")})
        if not self.instrument.rests_on_wage_value:
            raise ValidationError(
                {
                    "assessment": _(
                        "Only a wage-cost subsidy or wage dispensation rests on a wage-value "
                        "assessment."
                    )
                }
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


class TeamMemberQuerySet(models.QuerySet):
    def current(self, on=None):
        """Members on the team on `on` (today): their period has begun and not ended, and an
        employer's contact person among them has not left (a contact marked as left is gone,
        whatever the membership says)."""
        on = on or timezone.localdate()
        return self.filter(current_q(on))

    def guides(self):
        return self.filter(role__in=TeamMember.GUIDE_ROLES)


def current_q(on, prefix=""):
    """The condition of `TeamMemberQuerySet.current` (prefix: the path to the member, e.g.
    "team__")."""
    p = prefix
    return (
        Q(**{f"{p}start__lte": on})
        & (Q(**{f"{p}end__isnull": True}) | Q(**{f"{p}end__gte": on}))
        & (Q(**{f"{p}contact__left_on__isnull": True}) | Q(**{f"{p}contact__left_on__gt": on}))
    )


class TeamMember(models.Model):
    """One person on a placement's team, with a role and a period (history is kept: a member
    who stops gets an end date, a successor is a new member). Employer-side roles link to the
    employer's contact persons; the job coach is a WSP staff member or an external coach."""

    class Role(models.TextChoices):
        SUPERVISOR = "supervisor", _("Supervisor (leidinggevende)")
        BUDDY = "buddy", _("Buddy (werkbegeleider)")
        HR = "hr", _("HR")
        JOB_COACH = "job_coach", _("Job coach")

    EMPLOYER_ROLES = (Role.SUPERVISOR, Role.BUDDY, Role.HR)
    # Who guides the employee on the job: without any of them the placement is at risk (R38).
    GUIDE_ROLES = (Role.SUPERVISOR, Role.BUDDY)

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="team", verbose_name=_("placement")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    contact = models.ForeignKey(
        "employers.ContactPerson",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="placement_roles",
        verbose_name=_("contact person"),
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coached_placements",
        verbose_name=_("WSP staff member"),
    )
    name = models.CharField(_("name of the external coach"), max_length=120, blank=True)
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("internal note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        ordering = ["placement", "role", "start", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="team_member_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(
                    role__in=["supervisor", "buddy", "hr"],
                    contact__isnull=False,
                    staff__isnull=True,
                )
                | Q(role="job_coach", contact__isnull=True, staff__isnull=False)
                | (Q(role="job_coach", contact__isnull=True, staff__isnull=True) & ~Q(name="")),
                name="team_member_person_fits_role",
            ),
        ]
        indexes = [
            models.Index(fields=["placement", "role"], name="team_member_placement_role"),
            models.Index(fields=["role", "end"], name="team_member_role_end"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.person_name}"

    @property
    def is_employer_side(self):
        return self.role in self.EMPLOYER_ROLES

    @property
    def person_name(self):
        if self.contact_id:
            return self.contact.name
        if self.staff_id:
            return self.staff.full_name
        return self.name

    @property
    def coach_organisation(self):
        """The coach's organisation: the WSP for a staff member."""
        if self.staff_id:
            return str(_("WSP"))
        return self.organisation

    def is_current(self, on=None):
        on = on or timezone.localdate()
        if self.start > on or (self.end is not None and self.end < on):
            return False
        return not (self.contact_id and self.contact.left_on and self.contact.left_on <= on)

    def clean(self):
        super().clean()
        errors = {}
        if self.end and self.start and self.end < self.start:
            errors["end"] = _("The period cannot end before it starts.")
        if self.role in self.EMPLOYER_ROLES:
            if not self.contact_id:
                errors["contact"] = _("Choose a contact person of the employer.")
            elif self.placement_id and self.contact.employer_id != self.placement.employer_id:
                errors["contact"] = _(
                    "This contact person works at another employer: choose one of this "
                    "placement's employer."
                )
        elif self.role == self.Role.JOB_COACH:
            if not self.staff_id and not self.name.strip():
                errors["name"] = _("Choose a staff member or give the external coach's name.")
            if self.staff_id and self.name.strip():
                errors["name"] = _("Either a staff member or an external coach, not both.")
        if errors:
            raise ValidationError(errors)
