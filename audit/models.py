"""The audit trail: an append-only record of who changed what, and of the retention jobs.

Rows are written by audit.services only. The model refuses updates and deletes; on PostgreSQL a
trigger refuses them too (migration 0002), so not even raw SQL from the application can rewrite
history. docs/operations.md explains how a DBA purges events past their own retention period.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit record."""


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Superusers and WSP admins without a region (national admins, who see every region's
        records elsewhere too) see every event; a regional WSP admin their own region's and those
        without a region; anybody else nothing."""
        if not (user and user.is_authenticated and user.is_active and user.is_wsp_admin):
            return self.none()
        if user.is_superuser or not user.region_id:
            return self
        return self.filter(Q(region__isnull=True) | Q(region_id=user.region_id))

    def update(self, **kwargs):
        raise AppendOnlyError("audit events cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit events cannot be deleted")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        SYSTEM_JOB = "system_job", _("System job")

    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept as text so the event still says who it was after the user is gone.
    actor_label = models.CharField(_("who"), max_length=200)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("object number"), null=True, blank=True)
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    region = models.ForeignKey(
        "accounts.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    # {field: [before, after]}; a field whose content is not recorded maps to null.
    # A system job's event holds its counts: {name: number}.
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["-at"], name="audit_at"),
            models.Index(fields=["region", "-at"], name="audit_region_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
            models.Index(fields=["action", "-at"], name="audit_action_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")

    @property
    def is_job(self):
        return self.action == self.Action.SYSTEM_JOB
