"""The open work on an employer: actions (promises, tasks, the employer's own questions) with an
owner, a due date, a status and a history. They follow the relationship: a handover of the fixed
account manager moves the open ones to the successor (employers.services.actions)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .conversation import Conversation
from .employer import Employer, EmployerScopedQuerySet


class ActionQuerySet(EmployerScopedQuerySet):
    def open(self):
        return self.filter(status=Action.Status.OPEN)

    def questions(self):
        return self.filter(kind=Action.Kind.QUESTION)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class Action(models.Model):
    class Kind(models.TextChoices):
        TASK = "task", _("Action")
        QUESTION = "question", _("Employer question")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="actions", verbose_name=_("employer")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TASK)
    title = models.CharField(_("action"), max_length=300)
    note = models.TextField(
        _("internal note"), blank=True, help_text=_("Only for WSP staff; never shown to employers.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # Where it came from and what it is about (all optional).
    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("conversation"),
    )
    placement = models.ForeignKey(
        "placements.Placement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("placement"),
    )
    candidate = models.ForeignKey(
        "candidates.Candidate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("candidate"),
    )
    proposal = models.ForeignKey(
        "candidates.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("proposal"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    close_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # The WSP's answer to an employer's question (shown in the portal, e-mailed to the asker).
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | (~Q(status="open") & Q(closed_at__isnull=False)),
                name="action_closed_when_not_open",
            ),
        ]
        indexes = [
            # "Mijn werk" and the overdue rule: the few open actions of one owner by due date.
            models.Index(
                fields=["owner", "due_on"], condition=Q(status="open"), name="action_open_owner"
            ),
            # The employer page and a handover: the open actions of one employer.
            models.Index(
                fields=["employer", "due_on"],
                condition=Q(status="open"),
                name="action_open_employer",
            ),
        ]

    def __str__(self):
        return f"{self.employer} – {self.title}"

    def clean(self):
        super().clean()
        self.title = (self.title or "").strip()
        if not self.title:
            raise ValidationError({"title": _("Describe the action.")})
        for link in ("placement", "candidate", "proposal", "conversation"):
            target = getattr(self, link) if getattr(self, f"{link}_id") else None
            if target is not None and _employer_of(target) != self.employer_id:
                raise ValidationError({link: _("This belongs to another employer.")})

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def is_question(self):
        return self.kind == self.Kind.QUESTION

    def is_overdue(self, today=None):
        return (
            self.is_open
            and self.due_on is not None
            and self.due_on < (today or timezone.localdate())
        )


def _employer_of(target):
    if hasattr(target, "employer_id"):
        return target.employer_id
    # A candidate belongs to no employer; it may be linked to any action in the same region.
    return None


class ActionEvent(models.Model):
    """One step in an action's history (who did what, when, and why)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        REASSIGNED = "reassigned", _("Reassigned")
        POSTPONED = "postponed", _("Postponed")
        HANDED_OVER = "handed_over", _("Moved with the handover")
        KEPT = "kept", _("Kept at the handover")
        ANSWERED = "answered", _("Answered")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="events", verbose_name=_("action")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    to_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to"),
    )
    from_due = models.DateField(_("old due date"), null=True, blank=True)
    to_due = models.DateField(_("new due date"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("action history")
        verbose_name_plural = _("action history")

    def __str__(self):
        return f"{self.action_id}: {self.get_kind_display()}"
