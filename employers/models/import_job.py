"""A confirmed background import, kept in the database so that a lost broker message cannot lose
it: the worker claims the job (conditional UPDATE), a scheduled sweeper queues again what waits
too long (employers.importer.jobs), and the import page lists the user's recent jobs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    region = models.ForeignKey(
        "accounts.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    filename = models.CharField(_("file"), max_length=200, blank=True)
    # The uploaded file, packed (employers.importer.pack); emptied once the job is over.
    data = models.TextField(blank=True)
    valid_only = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)
    # Last time the job was (re)queued, and claimed by a worker: the sweeper's clocks.
    queued_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Counts and the summary sentence of the finished import, or why it failed.
    result = models.JSONField(default=dict, blank=True)
    summary = models.TextField(blank=True)
    problem = models.TextField(blank=True)
    # Set (and committed) before the outcome e-mail is sent: sent at most once.
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="importjob_user_recent"),
            models.Index(
                fields=["status", "queued_at"],
                name="importjob_unfinished",
                condition=models.Q(status__in=["queued", "running"]),
            ),
        ]

    def __str__(self):
        return f"{self.filename} ({self.status})"

    @property
    def is_over(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
