"""The log of conversations with an employer."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wsp_crm.choices import code_labels, is_code_list

from .employer import Employer, EmployerScopedQuerySet
from .people import ContactPerson


class ConversationQuerySet(EmployerScopedQuerySet):
    def open_actions(self):
        return self.exclude(next_action="").filter(next_action_done_at__isnull=True)


class Conversation(models.Model):
    """A contact moment with an employer, with an optional next action."""

    class Channel(models.TextChoices):
        VISIT = "visit", _("Visit")
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        VIDEO = "video", _("Video call")
        EVENT = "event", _("Event")
        MESSAGE = "message", _("Message")

    class Topic(models.TextChoices):
        STAFFING = "staffing", _("Staffing need")
        INSTRUMENTS = "instruments", _("Instruments")
        JOB_CARVING = "job_carving", _("Job carving")
        GUIDANCE = "guidance", _("Guidance")
        RETENTION = "retention", _("Retention")
        HR_STRATEGY = "hr_strategy", _("HR / strategy")
        SOCIAL_RETURN = "social_return", _("Social return")
        JOB_AGREEMENT = "job_agreement", _("Job agreement")
        INTRODUCTION = "introduction", _("Introduction")
        FOLLOW_UP = "follow_up", _("Follow-up")

    class Style(models.TextChoices):
        VACANCY_FILLING = "vacancy_filling", _("Vacancy filling")
        UNBURDENING = "unburdening", _("Unburdening")
        STRATEGIC = "strategic", _("Strategic partnership")

    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        related_name="conversations",
        verbose_name=_("employer"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="conversations",
        verbose_name=_("logged by"),
    )
    occurred_at = models.DateTimeField(_("date and time"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    participants = models.ManyToManyField(
        ContactPerson, blank=True, related_name="conversations", verbose_name=_("participants")
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    service_style = models.CharField(
        _("service style"), max_length=20, choices=Style.choices, blank=True
    )
    summary = models.TextField(_("summary"))
    next_action = models.CharField(_("next action"), max_length=300, blank=True)
    next_action_due = models.DateField(_("due date"), null=True, blank=True)
    next_action_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_actions",
        verbose_name=_("owner of the next action"),
    )
    next_action_done_at = models.DateTimeField(_("next action done"), null=True, blank=True)
    next_action_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("next action done by"),
    )
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [
            models.Index(fields=["employer", "-occurred_at"], name="conversation_employer_time"),
            # Newest-first lists across employers (the conversations API): no full-table sort.
            models.Index(fields=["-occurred_at", "-id"], name="conversation_time"),
            models.Index(
                fields=["next_action_owner", "next_action_due"], name="conversation_action_owner"
            ),
            # Open next actions per employer (the employer page, the dashboard's overdue
            # figures): a small index of the few open ones instead of every conversation.
            models.Index(
                fields=["employer", "next_action_due"],
                condition=Q(next_action_done_at__isnull=True) & ~Q(next_action=""),
                name="conversation_open_action",
            ),
        ]

    def __str__(self):
        return f"{self.employer} – {self.get_channel_display()} {self.occurred_at:%Y-%m-%d}"

    def clean(self):
        super().clean()
        if not is_code_list(self.topics, self.Topic):
            raise ValidationError({"topics": _("Choose topics from the list.")})
        if (self.next_action_due or self.next_action_owner_id) and not self.next_action:
            raise ValidationError({"next_action": _("Describe the next action.")})

    @property
    def topic_labels(self):
        return code_labels(self.topics, self.Topic)

    @property
    def has_open_action(self):
        return bool(self.next_action) and self.next_action_done_at is None
