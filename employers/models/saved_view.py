"""A saved employer list: a name for a set of filters, for its owner or shared with their team."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SavedViewQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The user's own views and those their team shares."""
        if not (user and user.is_authenticated and user.is_staff_member):
            return self.none()
        shared = Q(shared=True, team_id=user.team_id) if user.team_id else Q(pk__in=[])
        return self.filter(Q(owner=user) | shared)


class SavedView(models.Model):
    # The list's parameters a view keeps (the page number is not one of them).
    KEYS = ("q", "stage", "inclusion", "style", "manager", "no_manager", "sort")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_views",
        verbose_name=_("owner"),
    )
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filters"), max_length=500, blank=True)
    shared = models.BooleanField(_("shared with my team"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SavedViewQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_view_name_per_owner")
        ]

    def __str__(self):
        return self.name
