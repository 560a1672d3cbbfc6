from django.shortcuts import redirect
from django.views.generic import TemplateView

from .models import User
from .permissions import StaffRequiredMixin


class HomeView(TemplateView):
    """The start page: WSP staff see their work; employer users go to their portal."""

    def get(self, request, *args, **kwargs):
        if request.user.is_employer_user and request.user.employer_id:
            return redirect("portal:home")
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        if self.request.user.is_staff_member:
            return ["accounts/home_staff.html"]
        return ["accounts/home_employer.html"]


class TeamView(StaffRequiredMixin, TemplateView):
    """The people of the user's region, by team, with role and home organisation."""

    template_name = "accounts/team_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        colleagues = (
            User.objects.filter(is_active=True, role__in=User.STAFF_ROLES)
            .select_related("team", "home_organisation", "region")
            .order_by("region__name", "team__name", "first_name", "last_name")
        )
        if user.region_id:
            colleagues = colleagues.filter(region_id=user.region_id)
        return super().get_context_data(colleagues=colleagues, **kwargs)


class ProfileView(TemplateView):
    template_name = "accounts/profile.html"
