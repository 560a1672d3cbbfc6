"""The log of conversations with an employer."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wsp_crm.choices import code_labels, is_code_list

from .employer import Employer, EmployerScopedQuerySet
from .people import ContactPerson


class ConversationQuerySet(EmployerScopedQuerySet):
    pass


class Conversation(models.Model):
    """A contact moment with an employer. Its "next action" is an employers.Action logged with
    it (`conversation.action`); the read-only next_action* properties show that action."""

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
        ]

    def __str__(self):
        return f"{self.employer} – {self.get_channel_display()} {self.occurred_at:%Y-%m-%d}"

    def clean(self):
        super().clean()
        if not is_code_list(self.topics, self.Topic):
            raise ValidationError({"topics": _("Choose topics from the list.")})

    @property
    def topic_labels(self):
        return code_labels(self.topics, self.Topic)

    @property
    def action(self):
        """The action logged with this conversation (its next action), or None. Reads the
        prefetched `actions` when the list prefetched them."""
        actions = sorted(self.actions.all(), key=lambda action: action.pk)
        return actions[0] if actions else None

    # The next action as the conversation shows it (read-only; the Action is the record).
    @property
    def next_action(self):
        return self.action.title if self.action else ""

    @property
    def next_action_due(self):
        return self.action.due_on if self.action else None

    @property
    def next_action_owner(self):
        return self.action.owner if self.action else None

    @property
    def next_action_done_at(self):
        action = self.action
        return action.closed_at if action and action.status == "done" else None

    @property
    def next_action_done_by(self):
        action = self.action
        return action.closed_by if action and action.status == "done" else None

    @property
    def has_open_action(self):
        return bool(self.action and self.action.is_open)
