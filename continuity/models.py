"""Continuity signals: flags raised by scheduled scans when people change or things fall due.

A signal is identified by its `key` (the rule and the objects it is about). The database
guarantees that at most one signal per key is open (open or snoozed) at any time, so scans may run
twice, concurrently or after a crash without creating duplicates."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegionPolicy(models.Model):
    """The thresholds of the continuity rules for one region, set by its team leads."""

    region = models.OneToOneField(
        "accounts.Region",
        on_delete=models.CASCADE,
        related_name="continuity_policy",
        verbose_name=_("region"),
    )
    stale_days_introduction = models.PositiveSmallIntegerField(
        _("days without conversation: introduction"), default=30
    )
    stale_days_active = models.PositiveSmallIntegerField(
        _("days without conversation: active"), default=90
    )
    stale_days_strategic = models.PositiveSmallIntegerField(
        _("days without conversation: strategic partner"), default=60
    )
    introduce_within_days = models.PositiveSmallIntegerField(
        _("new account manager introduces themselves within (days)"), default=14
    )
    churn_managers = models.PositiveSmallIntegerField(
        _("manager changes: number of different managers"), default=3
    )
    churn_months = models.PositiveSmallIntegerField(
        _("manager changes: within (months)"), default=12
    )
    unverified_months = models.PositiveSmallIntegerField(
        _("contact details unverified after (months)"), default=12
    )
    follow_up_due_days = models.PositiveSmallIntegerField(
        _("follow-up due soon: within (days)"), default=7
    )
    contract_end_weeks = models.PositiveSmallIntegerField(
        _("contract end approaching: within (weeks)"), default=6
    )
    instrument_end_weeks = models.PositiveSmallIntegerField(
        _("instrument period ending: within (weeks)"), default=6
    )
    job_coach_end_weeks = models.PositiveSmallIntegerField(
        _("job coach period ending while the placement runs: within (weeks)"), default=8
    )
    instrument_decision_weeks = models.PositiveSmallIntegerField(
        _("no decision on what follows an instrument period: within (weeks)"),
        default=6,
    )
    assessment_due_weeks = models.PositiveSmallIntegerField(
        _("next wage-value assessment due: within (weeks)"), default=8
    )
    contact_change_window_days = models.PositiveSmallIntegerField(
        _("contact changes older than this are not flagged (days)"), default=60
    )
    action_overdue_working_days = models.PositiveSmallIntegerField(
        _("action overdue: by more than (working days)"), default=5
    )
    escalate_after_working_days = models.PositiveSmallIntegerField(
        _("urgent signal to the team lead: open for more than (working days)"), default=3
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
        verbose_name = _("continuity thresholds")
        verbose_name_plural = _("continuity thresholds")

    def __str__(self):
        return str(self.region)

    def stale_days(self, stage):
        return {
            "introduction": self.stale_days_introduction,
            "active": self.stale_days_active,
            "strategic_partner": self.stale_days_strategic,
        }.get(stage)


class SignalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """WSP admins: all. Team leads: their region. Others: signals assigned to them, and the
        signals of employers they may see (the employer page shows them)."""
        if not (user and user.is_authenticated and user.is_staff_member):
            return self.none()
        if user.is_wsp_admin:
            return self.all()
        if user.is_team_lead:
            return self.filter(region_id=user.region_id)
        from employers.models import employer_ids_of_region

        # Tested row by row against the visible employer ids (a hashed filter): PostgreSQL then
        # walks the index of the list's order (signal_pressing) and stops after a page.
        return self.filter(
            addressed_to_q(user) | Q(employer_id__in=employer_ids_of_region(user.region_id))
        )

    def addressed_to(self, user):
        """The signals `user` is assigned to, alone or together with a colleague."""
        return self.filter(addressed_to_q(user))

    def news_for(self, user):
        """The signals addressed to `user` that are news to them: not those raised by their own
        change (they saw what it raised when they saved it; see docs/domain.md)."""
        return self.addressed_to(user).exclude(raised_by=user)

    def open(self):
        """Open, or snoozed with the snooze date passed."""
        today = timezone.localdate()
        return self.filter(
            Q(status=Signal.Status.OPEN) | Q(status=Signal.Status.SNOOZED, snoozed_until__lte=today)
        )

    def unresolved(self):
        return self.filter(status__in=Signal.OPEN_STATUSES)


def addressed_to_q(user):
    """Assigned to `user`, or to `user` as the second assignee (a placement's responsible)."""
    return Q(assigned_to=user) | Q(also_assigned_to=user)


class Signal(models.Model):
    class Kind(models.TextChoices):
        CONTACT_LEFT = "contact_left", _("Contact person left")
        CONTACT_ROLE_CHANGED = "contact_role_changed", _("Contact person changed role")
        NO_FIXED_MANAGER = "no_fixed_manager", _("No fixed account manager")
        INTRODUCE = "introduce", _("Introduce yourself to the employer")
        MANAGER_CHURN = "manager_churn", _("Many account-manager changes")
        STAFF_DEACTIVATED = "staff_deactivated", _("Account manager left the WSP")
        NO_KEY_CONTACT = "no_key_contact", _("No key contact")
        OTHER_STAFF_CONVERSATION = "other_staff_conversation", _("Conversation by a colleague")
        STALE_RELATIONSHIP = "stale_relationship", _("No recent conversation")
        CONTACTS_UNVERIFIED = "contacts_unverified", _("Contact details not verified")
        FOLLOW_UP_DUE = "follow_up_due", _("Follow-up due soon")
        FOLLOW_UP_OVERDUE = "follow_up_overdue", _("Follow-up overdue")
        CONTRACT_ENDING = "contract_ending", _("Contract ends soon")
        INSTRUMENT_ENDING = "instrument_ending", _("Instrument period ends soon")
        INSTRUMENT_NEXT_STEP = "instrument_next_step", _("Instrument ends before the contract")
        ASSESSMENT_DUE = "assessment_due", _("Wage-value assessment due")
        ACTION_OVERDUE = "action_overdue", _("Action overdue")
        QUESTION_UNANSWERED = "question_unanswered", _("Employer question unanswered")
        PLACEMENT_AT_RISK = "placement_at_risk", _("Placement at risk: no supervisor or buddy")
        JOB_COACH_ENDING = "job_coach_ending", _("Job coach stops while the placement runs")
        JOB_COACH_MISSING = "job_coach_missing", _("No job coach while job coaching is granted")
        FOLLOW_UP_AT_RISK = "follow_up_at_risk", _("Placement at risk (follow-up)")
        EARLY_ENDINGS = "early_endings", _("Placements ending early at this employer")

    class Severity(models.IntegerChoices):
        INFO = 1, _("Info")
        ATTENTION = 2, _("Attention")
        URGENT = 3, _("Urgent")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SNOOZED = "snoozed", _("Snoozed")
        RESOLVED = "resolved", _("Resolved")
        AUTO_CLOSED = "auto_closed", _("Closed automatically")

    OPEN_STATUSES = ("open", "snoozed")

    key = models.CharField(_("key"), max_length=120)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    region = models.ForeignKey(
        "accounts.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.CASCADE,
        related_name="signals",
        verbose_name=_("employer"),
    )
    placement = models.ForeignKey(
        "placements.Placement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("placement"),
    )
    contact = models.ForeignKey(
        "employers.ContactPerson",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("contact person"),
    )
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member concerned"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("assigned to"),
    )
    # A placement's signal goes to the fixed manager AND the placement's responsible staff
    # member: one row, so resolving or snoozing by either one does it for both.
    also_assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="co_assigned_signals",
        verbose_name=_("also assigned to"),
    )
    action = models.ForeignKey(
        "employers.Action",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("action"),
    )
    # The staff member whose change raised the signal (re-checked in their own request): it is
    # no news to them, they saw it confirmed when they saved the change.
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised by a change of"),
    )
    # An urgent signal left open too long goes up to the region's team lead (once).
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalated_signals",
        verbose_name=_("escalated to"),
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    created_at = models.DateTimeField(_("raised"), default=timezone.now)
    resolved_at = models.DateTimeField(_("closed"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    note = models.TextField(_("note"), blank=True)
    closed_reason = models.CharField(_("reason closed"), max_length=200, blank=True)

    objects = SignalQuerySet.as_manager()

    class Meta:
        ordering = ["-severity", "-created_at", "-pk"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(status__in=["open", "snoozed"]),
                name="signal_one_open_per_key",
            ),
            models.CheckConstraint(
                condition=~Q(status="snoozed") | Q(snoozed_until__isnull=False),
                name="signal_snooze_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["assigned_to", "status"], name="signal_assignee_status"),
            models.Index(fields=["also_assigned_to", "status"], name="signal_co_assignee_status"),
            # The team lead's "Escalated" tab: the few escalated signals of a region.
            models.Index(
                fields=["region", "status"],
                condition=Q(escalated_at__isnull=False),
                name="signal_escalated",
            ),
            models.Index(fields=["region", "status", "kind"], name="signal_region_status_kind"),
            models.Index(fields=["employer", "status"], name="signal_employer_status"),
            models.Index(fields=["key", "status"], name="signal_key_status"),
            # The lists' "most pressing first" order (continuity.selectors.PRESSING_ORDER): a
            # page is read by walking this index instead of sorting every visible signal.
            # (An ascending column sorts NULLs last on PostgreSQL, as the order asks.)
            models.Index(
                fields=["-severity", "due_on", "-created_at", "-id"], name="signal_pressing"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.employer}"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_escalated(self):
        return self.escalated_at is not None

    def addressed_to_ids(self):
        return {pk for pk in (self.assigned_to_id, self.also_assigned_to_id) if pk}


class DigestLog(models.Model):
    """One row per user and day: the daily digest is sent at most once, even if the job reruns."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    signal_count = models.PositiveIntegerField(default=0)
    # Committed before the mail goes out: set without `sent_at`, an attempt died mid-send.
    sending_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_user_day")
        ]

    def __str__(self):
        return f"{self.user} {self.day}"


class NotificationPreference(models.Model):
    """How one staff member hears of each kind of notification: an e-mail at once, the daily
    digest, or not by e-mail (the list at /notifications/ always shows them). No row means the
    defaults (DEFAULTS)."""

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("E-mail at once")
        DIGEST = "digest", _("In the daily digest")
        NONE = "none", _("No e-mail")

    KINDS = ("signals", "questions", "handed_over")
    DEFAULTS = {"signals": "digest", "questions": "immediate", "handed_over": "digest"}

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    signals = models.CharField(
        _("new signals for me"),
        max_length=10,
        choices=Delivery.choices,
        default=DEFAULTS["signals"],
    )
    questions = models.CharField(
        _("new questions from employers for me"),
        max_length=10,
        choices=Delivery.choices,
        default=DEFAULTS["questions"],
    )
    handed_over = models.CharField(
        _("work handed over or reassigned to me"),
        max_length=10,
        choices=Delivery.choices,
        default=DEFAULTS["handed_over"],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.user)


class NotificationState(models.Model):
    """Where one staff member is in their notifications: `seen_at` (opening the list marks all
    as read) and `mailed_until` (the e-mail job's watermark: what was created up to then has
    been e-mailed, or was not to be)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_state",
        verbose_name=_("user"),
    )
    seen_at = models.DateTimeField(_("notifications read up to"), null=True, blank=True)
    mailed_until = models.DateTimeField(_("notifications e-mailed up to"), null=True, blank=True)
    # Set with the watermark before the e-mail goes out, cleared once it went.
    mail_sending_at = models.DateTimeField(_("e-mail being sent since"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification state")
        verbose_name_plural = _("notification states")

    def __str__(self):
        return str(self.user)
