import logging

from django.contrib.auth import views as auth_views
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.views.generic import TemplateView
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import services as audit

from . import ratelimit, two_factor
from .models import User
from .panels import home_page
from .permissions import StaffRequiredMixin

security_log = logging.getLogger("accounts.security")


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

    def get_context_data(self, **kwargs):
        user = self.request.user
        if user.is_staff_member:
            kwargs["panels"] = home_page.for_page(self.request, user)
        return super().get_context_data(**kwargs)


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
        if user.is_wsp_admin:  # they may reset a colleague's second factor (lost phone)
            colleagues = colleagues.annotate(
                two_factor_on=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
            )
        return super().get_context_data(colleagues=colleagues, **kwargs)


class ProfileView(TemplateView):
    """One's own account: details, password, and the state of two-factor authentication."""

    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            two_factor_on=two_factor.has_device(user),
            two_factor_required=two_factor.staff_must_use(user),
            recovery_codes_left=two_factor.recovery_codes_left(user),
            **kwargs,
        )


class AuditedPasswordMixin:
    """A password set through the site (changed when signed in, or chosen through an invitation
    or reset link) is recorded in the audit trail as changed, by the user, without any value."""

    def form_valid(self, form):
        with audit.tracked(form.user, by=form.user):
            return super().form_valid(form)


class PasswordChangeView(AuditedPasswordMixin, auth_views.PasswordChangeView):
    pass


class PasswordResetConfirmView(AuditedPasswordMixin, auth_views.PasswordResetConfirmView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    """The reset form, rate-limited: per client address (RATE_LIMITS password_reset_ip; the
    429 page beyond it) and per e-mail address (password_reset_email; beyond it no more
    e-mails are sent, and the page says the same as always, so it tells nobody whether the
    address has an account). Unknown addresses count like known ones."""

    def post(self, request, *args, **kwargs):
        refused = ratelimit.check(request, "password_reset_ip", ratelimit.client_address(request))
        return refused or super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        if not ratelimit.hit("password_reset_email", email).allowed:
            security_log.warning("password-reset e-mail not sent: too many for one address")
            return redirect(self.get_success_url())
        return super().form_valid(form)
