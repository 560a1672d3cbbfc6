"""The employer's contact persons (with their comings and goings) and its account managers
(with full assignment history)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .employer import Employer, EmployerScopedQuerySet


class ContactPersonQuerySet(EmployerScopedQuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=on))


class ContactPerson(models.Model):
    class Level(models.TextChoices):
        TOP = "top", _("Top (owner / director)")
        MIDDLE = "middle", _("Middle (HR / management)")
        FLOOR = "floor", _("Shop floor (supervisor / buddy)")

    ROLE_FIELDS = ("is_director", "is_hr", "is_supervisor", "is_champion")

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("employer")
    )
    name = models.CharField(_("name"), max_length=160)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    is_director = models.BooleanField(_("director / owner"), default=False)
    is_hr = models.BooleanField(_("HR"), default=False)
    is_supervisor = models.BooleanField(_("supervisor / buddy"), default=False)
    is_champion = models.BooleanField(
        _("champion (kartrekker)"),
        default=False,
        help_text=_("Carries inclusion inside the organisation."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    active_since = models.DateField(_("active since"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True, db_index=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor"),
    )
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        constraints = [
            models.CheckConstraint(
                condition=~Q(successor=models.F("pk")), name="contact_not_own_successor"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.successor_id and self.successor.employer_id != self.employer_id:
            raise ValidationError({"successor": _("The successor must work at the same employer.")})
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("A person cannot succeed themselves.")})
        if self.left_on and self.active_since and self.left_on < self.active_since:
            raise ValidationError({"left_on": _("The leaving date lies before the start date.")})

    @property
    def has_left(self):
        return self.left_on is not None and self.left_on <= timezone.localdate()

    @property
    def roles(self):
        labels = [
            (self.is_director, _("director / owner")),
            (self.is_hr, _("HR")),
            (self.is_supervisor, _("supervisor / buddy")),
            (self.is_champion, _("champion (kartrekker)")),
        ]
        return [label for flag, label in labels if flag]


class ContactEvent(models.Model):
    """The comings and goings of contact persons: the history behind continuity signals."""

    class Kind(models.TextChoices):
        ADDED = "added", _("added")
        LEFT = "left", _("left")
        ROLE_CHANGED = "role_changed", _("role changed")
        VERIFIED = "verified", _("verified")

    contact = models.ForeignKey(
        ContactPerson, on_delete=models.CASCADE, related_name="events", verbose_name=_("contact")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    details = models.CharField(_("details"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("contact person change")
        verbose_name_plural = _("contact person changes")
        indexes = [models.Index(fields=["kind", "at"], name="contactevent_kind_at")]

    def __str__(self):
        return f"{self.contact}: {self.get_kind_display()} ({self.on})"


class AccountAssignmentQuerySet(EmployerScopedQuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)


class AccountAssignment(models.Model):
    """Who holds an employer for the WSP. Never deleted: ending one keeps the history."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", _("Fixed account manager")
        BACKUP = "backup", _("Backup")

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("employer")
    )
    region = models.ForeignKey(
        "accounts.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("account manager"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PRIMARY)
    started_on = models.DateField(_("start"), default=timezone.localdate)
    ended_on = models.DateField(_("end"), null=True, blank=True)
    handover_note = models.TextField(_("handover note"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AccountAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("account assignment")
        verbose_name_plural = _("account assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "region"],
                condition=Q(kind="primary", ended_on__isnull=True),
                name="assignment_one_current_primary",
            ),
            models.UniqueConstraint(
                fields=["employer", "manager"],
                condition=Q(ended_on__isnull=True),
                name="assignment_one_current_per_manager",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="assignment_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["manager", "ended_on"], name="assignment_manager_current"),
            models.Index(
                fields=["region", "employer"],
                condition=Q(ended_on__isnull=True),
                name="assignment_region_current",
            ),
        ]

    def __str__(self):
        return f"{self.manager} – {self.employer} ({self.get_kind_display()})"

    @property
    def is_current(self):
        return self.ended_on is None
