"""The follow-up plan (nazorg) of a placement: log a contact, add a checkpoint, move one."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import services
from ..forms import FollowUpAddForm, FollowUpMoveForm, FollowUpRecordForm
from ..models import FollowUp
from .detail import PlacementActionView

EXTRA_CONTACT = gettext_lazy("Extra contact")


class FollowUpRecordView(PlacementActionView):
    http_method_names = ["post"]
    on_placement_page = "record_form"
    anchor = "follow-up"

    def get_form(self, data=None):
        open_follow_ups = list(
            self.placement.follow_ups.filter(done_on__isnull=True).order_by("due_on", "pk")
        )
        return FollowUpRecordForm(
            data, placement=self.placement, open_follow_ups=open_follow_ups, prefix="record"
        )

    def perform(self, form):
        data = form.cleaned_data
        follow_up = data["follow_up"]
        if follow_up is None:
            follow_up = services.follow_up_add(
                placement=self.placement,
                due_on=data["done_on"],
                kind=str(EXTRA_CONTACT),
                by=self.request.user,
            )
        return services.follow_up_record(
            follow_up=follow_up,
            outcome=data["outcome"],
            note=data["note"],
            done_on=data["done_on"],
            by=self.request.user,
        )

    def get_success_message(self, form, result):
        message = _("Follow-up logged: %(kind)s, %(outcome)s.") % {
            "kind": result.kind,
            "outcome": result.get_outcome_display().lower(),
        }
        if result.outcome == FollowUp.Outcome.ENDED and self.placement.status == "active":
            message += " " + _("Remember to end the placement itself as well.")
        return message

    def get_success_url(self, result):
        return f"{self.placement.get_absolute_url()}#follow-up-{result.pk}"


class FollowUpAddView(PlacementActionView):
    http_method_names = ["post"]
    on_placement_page = "add_form"
    anchor = "plan"

    def get_form(self, data=None):
        return FollowUpAddForm(data, prefix="add")

    def perform(self, form):
        return services.follow_up_add(
            placement=self.placement,
            due_on=form.cleaned_data["due_on"],
            kind=form.cleaned_data["kind"],
            by=self.request.user,
        )

    def get_success_message(self, form, result):
        return _("Checkpoint %(kind)s added for %(date)s.") % {
            "kind": result.kind,
            "date": date_format(result.due_on),
        }

    def get_success_url(self, result):
        return f"{self.placement.get_absolute_url()}#follow-up-{result.pk}"


class FollowUpMoveView(PlacementActionView):
    http_method_names = ["post"]
    on_placement_page = "move_form"

    def get_placement(self):
        placement = super().get_placement()
        self.follow_up = get_object_or_404(
            placement.follow_ups.all(), pk=self.kwargs["follow_up_pk"]
        )
        return placement

    def get_form(self, data=None):
        return FollowUpMoveForm(data, prefix=f"move-{self.follow_up.pk}")

    def page_forms(self, form):
        return {"move_form": form, "move_follow_up_pk": self.follow_up.pk}

    def form_invalid(self, form):
        if self.follow_up.done_on is not None:
            # A done checkpoint has no move form on the page to show the error on.
            messages.error(self.request, " ".join(form.non_field_errors()))
            return HttpResponseRedirect(self.get_success_url(self.follow_up))
        return super().form_invalid(form)

    def perform(self, form):
        return services.follow_up_move(
            follow_up=self.follow_up, due_on=form.cleaned_data["due_on"], by=self.request.user
        )

    def get_success_message(self, form, result):
        return _("%(kind)s moved to %(date)s.") % {
            "kind": result.kind,
            "date": date_format(result.due_on),
        }

    def get_success_url(self, result):
        return f"{self.placement.get_absolute_url()}#follow-up-{result.pk}"
