"""Editing a placement and ending it."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .. import services
from ..forms import PlacementEndForm, PlacementForm
from .detail import PlacementActionView


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
        return services.placement_end(
            placement=self.placement,
            ended_on=data["ended_on"],
            reason=data["reason"],
            note=data["note"].strip(),
            by=self.request.user,
        )

    def get_success_message(self, form, result):
        return _("The placement has ended on %(date)s.") % {"date": date_format(result.ended_on)}
