"""The placement's team: add a member (a form on the placement page), end a member's period
(an own page)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .. import team_services
from ..team_forms import TeamMemberEndForm, TeamMemberForm
from .detail import PlacementActionView


class TeamMemberAddView(PlacementActionView):
    http_method_names = ["post"]
    on_placement_page = "team_form"
    anchor = "team"
    allow_ended = False

    def get_form(self, data=None):
        return TeamMemberForm(data, placement=self.placement, user=self.request.user, prefix="team")

    def perform(self, form):
        return team_services.team_add(
            placement=self.placement, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("%(name)s has joined the team as %(role)s.") % {
            "name": result.person_name,
            "role": result.get_role_display(),
        }


class TeamMemberEndView(PlacementActionView):
    template_name = "placements/team_end.html"
    anchor = "team"
    allow_ended = False

    def get_placement(self):
        placement = super().get_placement()
        self.member = get_object_or_404(
            placement.team.select_related("contact", "staff"), pk=self.kwargs["member_pk"]
        )
        return placement

    def get_form(self, data=None):
        return TeamMemberEndForm(data, member=self.member)

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.member, **kwargs)

    def perform(self, form):
        return team_services.team_end(
            member=self.member, end=form.cleaned_data["end"], by=self.request.user
        )

    def get_success_message(self, form, result):
        return _("The period of %(name)s as %(role)s ends on %(date)s.") % {
            "name": result.person_name,
            "role": result.get_role_display(),
            "date": result.end.strftime("%d-%m-%Y"),
        }
