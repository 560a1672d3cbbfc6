"""Candidates (job seekers), their work profile, consent to share it, staffing requests and
proposals. Candidate data is special-category personal data: collect the minimum, scope every read
through `visible_to`, log every access, share with employers only through a current consent.
There is no BSN and no diagnosis field, on purpose."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AppendOnlyError
from employers.models import Employer, EmployerScopedQuerySet
from wsp_crm.choices import code_labels, is_code_list

postcode_area_validator = RegexValidator(
    r"^[1-9][0-9]{3}$", _("Enter the four digits of a Dutch postcode, such as 3511.")
)


class Weekday(models.TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")
    SATURDAY = "sat", _("Saturday")
    SUNDAY = "sun", _("Sunday")


def sector_choices():
    return Employer.Sector


class CandidateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """THE scoping rule for candidates.

        WSP admins see all; team leads their region's candidates; account managers the candidates
        they are responsible for and those proposed to or placed at employers they currently hold.
        Anyone else (employer users included) sees none: employer-facing output goes through
        `shared_profile_for_employer`, never through this queryset.
        """
        if not (user and user.is_authenticated and user.is_staff_member):
            return self.none()
        if user.is_wsp_admin:
            return self.all()
        if user.is_team_lead:
            return self.filter(region_id=user.region_id)
        from employers.models import AccountAssignment
        from placements.models import Placement

        held = AccountAssignment.objects.filter(manager=user, ended_on__isnull=True).values(
            "employer_id"
        )
        proposed = Proposal.objects.filter(candidate=OuterRef("pk"), employer_id__in=held)
        placed = Placement.objects.filter(candidate=OuterRef("pk"), employer_id__in=held)
        return self.filter(Q(responsible=user) | Exists(proposed) | Exists(placed))


class Candidate(models.Model):
    class TargetGroup(models.TextChoices):
        JOB_AGREEMENT = "job_agreement", _("Job-agreement target group register")
        WAJONG = "wajong", _("Wajong")
        PARTICIPATION_ACT = "participation_act", _("Participation Act")
        REFUGEE = "refugee", _("Refugee with residence permit")
        WIA_WW = "wia_ww", _("WIA / WW")
        OTHER = "other", _("Other")

    region = models.ForeignKey(
        "accounts.Region",
        on_delete=models.PROTECT,
        related_name="candidates",
        verbose_name=_("region"),
    )
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=120)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    postcode_area = models.CharField(
        _("postcode area"),
        max_length=4,
        blank=True,
        validators=[postcode_area_validator],
        help_text=_(
            "The four digits of the home postcode, for the travel distance in matching. Never "
            "shown to employers."
        ),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="candidates",
        verbose_name=_("responsible staff member"),
        help_text=_("Client manager or job coach who knows the candidate."),
    )
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        indexes = [models.Index(fields=["region", "last_name"], name="candidate_region_name")]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("candidates:detail", args=[self.pk])

    def clean(self):
        super().clean()
        if not is_code_list(self.target_groups, self.TargetGroup):
            raise ValidationError({"target_groups": _("Choose target groups from the list.")})

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def target_group_labels(self):
        return code_labels(self.target_groups, self.TargetGroup)


class CandidateProfile(models.Model):
    """What an employer needs to know, in work terms (never diagnoses)."""

    candidate = models.OneToOneField(
        Candidate, on_delete=models.CASCADE, related_name="profile", verbose_name=_("candidate")
    )
    strengths = models.TextField(
        _("strengths"), blank=True, help_text=_("What is this person good at, in work terms?")
    )
    experience = models.TextField(_("work experience"), blank=True)
    qualifications = models.TextField(_("qualifications"), blank=True)
    motivation = models.TextField(
        _("motivation"),
        blank=True,
        help_text=_(
            "What does this person want to do and why, in their own words where possible. "
            "Work wishes, not the history behind them."
        ),
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week wanted"), null=True, blank=True
    )
    preferred_days = models.JSONField(
        _("preferred working days"),
        default=list,
        blank=True,
        help_text=_("The days this person prefers to work."),
    )
    sectors = models.JSONField(
        _("preferred sectors"),
        default=list,
        blank=True,
        help_text=_("Where this person would like to work; empty means no preference."),
    )
    available_from = models.DateField(
        _("available from"),
        null=True,
        blank=True,
        help_text=_("The first day this person can start; empty means now."),
    )
    availability = models.CharField(
        _("availability"),
        max_length=200,
        blank=True,
        help_text=_(
            "When in the week or day, in work terms. For example: only during school hours. "
            "Not why."
        ),
    )
    has_driving_licence = models.BooleanField(_("driving licence"), default=False)
    uses_public_transport = models.BooleanField(_("travels by public transport"), default=False)
    max_travel_minutes = models.PositiveSmallIntegerField(
        _("maximum travel time (minutes)"), null=True, blank=True
    )
    max_travel_km = models.PositiveSmallIntegerField(
        _("maximum travel distance (km)"),
        null=True,
        blank=True,
        help_text=_("One way, from home to work."),
    )
    work_fitness = models.TextField(
        _("work fitness"),
        blank=True,
        help_text=_(
            "What can the candidate do, for how long, and what not? Describe work, never a "
            "diagnosis."
        ),
    )
    guidance_needs = models.TextField(
        _("guidance needs"),
        blank=True,
        help_text=_("For example: a fixed buddy, clear instructions, a job coach."),
    )
    workplace_needs = models.TextField(
        _("what helps this person at work"),
        blank=True,
        help_text=_(
            'Workplace arrangements, as an employer can provide them: "a quiet workplace '
            'without through traffic", "tasks one at a time, on a list", "a fixed start '
            'time". Never a diagnosis, condition, medicine or treatment. Employers see this '
            "only when the consent names it."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    TEXT_FIELDS = (
        "strengths",
        "experience",
        "qualifications",
        "motivation",
        "availability",
        "work_fitness",
        "guidance_needs",
        "workplace_needs",
    )

    class Meta:
        verbose_name = _("candidate profile")
        verbose_name_plural = _("candidate profiles")

    def __str__(self):
        return str(_("Profile of %(name)s") % {"name": self.candidate})

    def clean(self):
        super().clean()
        if not is_code_list(self.preferred_days, Weekday):
            raise ValidationError({"preferred_days": _("Choose days from the list.")})
        if not is_code_list(self.sectors, sector_choices()):
            raise ValidationError({"sectors": _("Choose sectors from the list.")})

    @property
    def preferred_day_labels(self):
        return code_labels(self.preferred_days, Weekday)

    @property
    def sector_labels(self):
        return code_labels(self.sectors, sector_choices())


class SharingConsentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(withdrawn_on__isnull=True)


class SharingConsent(models.Model):
    """The candidate agrees that one named employer may see the named profile."""

    class Scope(models.TextChoices):
        PROFILE = "profile", _("Name and work profile")
        PROFILE_CONTACT = "profile_contact", _("Name, work profile and contact details")

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="consents", verbose_name=_("candidate")
    )
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("employer"),
    )
    scope = models.CharField(
        _("scope"), max_length=20, choices=Scope.choices, default=Scope.PROFILE
    )
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    includes_arrangements = models.BooleanField(
        _("includes what helps at work"),
        default=False,
        help_text=_(
            "Tick only when the candidate explicitly agreed that this employer may also see "
            "the workplace arrangements (what helps this person at work)."
        ),
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )

    objects = SharingConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("sharing consent")
        verbose_name_plural = _("sharing consents")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "employer"],
                condition=Q(withdrawn_on__isnull=True),
                name="consent_one_current_per_employer",
            ),
        ]

    def __str__(self):
        return f"{self.candidate} → {self.employer}"


class CandidateAccessLogQuerySet(models.QuerySet):
    def visible_to(self, user):
        """For the audit pages: superusers and WSP admins without a region see all; a regional
        WSP admin the looks at their region's candidates (a denied look at an unknown number: by
        their region's users) and those with no region at all; anybody else nothing."""
        if not (user and user.is_authenticated and user.is_active and user.is_wsp_admin):
            return self.none()
        if user.is_superuser or not user.region_id:
            return self
        no_region = Q(candidate__isnull=True, user__region__isnull=True)
        return self.filter(
            Q(candidate__region_id=user.region_id)
            | Q(candidate__isnull=True, user__region_id=user.region_id)
            | no_region
        )

    def update(self, **kwargs):
        raise AppendOnlyError("the candidate access log is append-only")

    def delete(self):
        raise AppendOnlyError("the candidate access log is append-only")


class CandidateAccessLog(models.Model):
    """Every look at a candidate's record, allowed or not. Append-only: the model refuses changes
    and deletes, and on PostgreSQL a trigger does too (audit migration 0002)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.SET_NULL,
        null=True,
        related_name="access_log",
        verbose_name=_("candidate"),
    )
    candidate_ref = models.PositiveBigIntegerField(_("candidate number"))
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    route = models.CharField(_("route"), max_length=200)
    method = models.CharField(_("method"), max_length=10)
    allowed = models.BooleanField(_("allowed"))

    objects = CandidateAccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("candidate access")
        verbose_name_plural = _("candidate access log")
        indexes = [models.Index(fields=["candidate_ref", "at"], name="access_candidate_at")]

    def __str__(self):
        return f"{self.user} {self.method} {self.route} ({'ok' if self.allowed else 'denied'})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("the candidate access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the candidate access log is append-only")


class StaffingRequest(models.Model):
    """An employer's personnel need: a vacancy, or a job carved out of existing work."""

    class Kind(models.TextChoices):
        VACANCY = "vacancy", _("Vacancy")
        CARVED = "carved", _("Carved or created job")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ON_HOLD = "on_hold", _("On hold")
        FILLED = "filled", _("Filled")
        CANCELLED = "cancelled", _("Cancelled")

    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.CASCADE,
        related_name="staffing_requests",
        verbose_name=_("employer"),
    )
    title = models.CharField(_("job title"), max_length=160)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.VACANCY)
    tasks = models.TextField(_("tasks"), blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True, blank=True)
    location = models.ForeignKey(
        "employers.Location",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    target_groups = models.JSONField(
        _("for target groups"),
        default=list,
        blank=True,
        help_text=_(
            "Only when the job is meant for a target group (for example the job-agreement "
            "register); empty means anybody."
        ),
    )
    starts_on = models.DateField(
        _("wanted start date"),
        null=True,
        blank=True,
        help_text=_("Empty means as soon as possible."),
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = EmployerScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("staffing request")
        verbose_name_plural = _("staffing requests")

    def __str__(self):
        return f"{self.title} ({self.employer})"

    def clean(self):
        super().clean()
        if self.location_id and self.location.employer_id != self.employer_id:
            raise ValidationError({"location": _("The location belongs to another employer.")})
        if not is_code_list(self.target_groups, Candidate.TargetGroup):
            raise ValidationError({"target_groups": _("Choose target groups from the list.")})


class ProposalQuerySet(EmployerScopedQuerySet):
    def open(self):
        return self.filter(status__in=Proposal.OPEN_STATUSES)


class Proposal(models.Model):
    """A candidate put forward to an employer (voordracht), with or without a request."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        INTRODUCTION = "introduction", _("Introduction")
        TRIAL = "trial", _("Trial")
        PLACED = "placed", _("Placed")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = ("proposed", "introduction", "trial")
    # Which status may follow which: forward through the pipeline, or closed at any open step.
    NEXT_STATUSES = {
        "proposed": ("introduction", "trial", "placed", "declined", "withdrawn"),
        "introduction": ("trial", "placed", "declined", "withdrawn"),
        "trial": ("placed", "declined", "withdrawn"),
        "placed": (),
        "declined": (),
        "withdrawn": (),
    }

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("candidate")
    )
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("employer"),
    )
    request = models.ForeignKey(
        StaffingRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("staffing request"),
        help_text=_("Leave empty when the candidate is offered without a vacancy."),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    note = models.TextField(_("note"), blank=True)
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)
    proposed_on = models.DateField(_("proposed on"), default=timezone.localdate)
    status_changed_on = models.DateField(_("status changed on"), default=timezone.localdate)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-status_changed_on", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "employer"],
                condition=Q(status__in=["proposed", "introduction", "trial"]),
                name="proposal_one_open_per_employer",
            ),
        ]

    def __str__(self):
        return f"{self.candidate} → {self.employer} ({self.get_status_display()})"

    def clean(self):
        super().clean()
        if self.request_id and self.request.employer_id != self.employer_id:
            raise ValidationError({"request": _("The request belongs to another employer.")})
        if self.status in ("declined", "withdrawn") and not self.decline_reason:
            raise ValidationError({"decline_reason": _("Give the reason.")})

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES


class ProposalResponse(models.Model):
    """An employer's answer to a proposal in the portal: invite for an introduction, ask a
    question, or decline with a reason. Each one becomes an action for the staff."""

    class Kind(models.TextChoices):
        INVITE = "invite", _("Invitation for an introduction")
        QUESTION = "question", _("Question")
        DECLINE = "decline", _("Declined")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="responses", verbose_name=_("proposal")
    )
    kind = models.CharField(_("response"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("message"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    action = models.ForeignKey(
        "employers.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action"),
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("response to a proposal")
        verbose_name_plural = _("responses to proposals")

    def __str__(self):
        return f"{self.proposal}: {self.get_kind_display()}"
