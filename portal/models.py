"""What employers add through their portal and the WSP still has to accept."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.models import ContactPerson


class ContactProposalQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ContactProposal.Status.PENDING)

    def visible_to(self, user):
        from employers.models import Employer

        if user.is_authenticated and user.is_employer_user:
            return self.filter(employer_id=user.employer_id)
        return self.filter(employer__in=Employer.objects.visible_to(user))


class ContactProposal(models.Model):
    """A new contact person proposed by the employer; pending until the account manager accepts
    (which creates the ContactPerson through employers.services.contact_add) or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.CASCADE,
        related_name="contact_proposals",
        verbose_name=_("employer"),
    )
    name = models.CharField(_("name"), max_length=160)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=ContactPerson.Level.choices)
    is_director = models.BooleanField(_("director / owner"), default=False)
    is_hr = models.BooleanField(_("HR"), default=False)
    is_supervisor = models.BooleanField(_("supervisor / buddy"), default=False)
    is_champion = models.BooleanField(_("champion (kartrekker)"), default=False)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    contact = models.ForeignKey(
        ContactPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person created"),
    )

    objects = ContactProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("proposed contact person")
        verbose_name_plural = _("proposed contact persons")

    def __str__(self):
        return f"{self.name} ({self.employer})"
