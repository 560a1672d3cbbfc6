"""Editing a placement and ending it (with the candidate's next step: doorstroom)."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from candidates.models import Candidate

from .. import services
from ..forms import PlacementEndForm, PlacementForm
from .detail import PlacementActionView, next_step_url


class PlacementEditView(PlacementActionView):
    template_name = "placements/placement_form.html"
    allow_ended = False

    def get_form(self, data=None):
        return PlacementForm(
            data,
            employer=self.placement.employer,
            user=self.request.user,
            instance=self.placement,
        )

    def perform(self, form):
        return services.placement_update(
            placement=self.placement, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("The placement has been saved.")


class PlacementEndView(PlacementActionView):
    template_name = "placements/placement_end.html"
    allow_ended = False

    def get_form(self, data=None):
        return PlacementEndForm(data, placement=self.placement)

    def get_context_data(self, **kwargs):
        open_later = self.placement.follow_ups.filter(done_on__isnull=True).order_by("due_on")
        return super().get_context_data(open_follow_ups=list(open_later), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        self.propose_next = data["propose_next"]
        return services.placement_end(
            placement=self.placement,
            ended_on=data["ended_on"],
            reason=data["reason"],
            note=data["note"].strip(),
            by=self.request.user,
            next_step_action=data["next_step_action"],
        )

    def get_success_message(self, form, result):
        message = _("The placement has ended on %(date)s.") % {"date": date_format(result.ended_on)}
        if form.cleaned_data["next_step_action"]:
            message += " " + _("An action to find the candidate's next step has been added.")
        return message

    def get_success_url(self, result):
        """With "propose now": the candidate's new proposal, prefilled (when the user may open
        the candidate; else the placement page, which offers it too)."""
        if (
            self.propose_next
            and Candidate.objects.visible_to(self.request.user)
            .filter(pk=result.candidate_id)
            .exists()
        ):
            return next_step_url(result)
        return super().get_success_url(result)
