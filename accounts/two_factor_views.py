"""The two-factor pages: the code step after the password, the set-up, the recovery codes, and
resetting a second factor (one's own with a current code; a WSP admin for someone else)."""

import logging

import django_otp
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django_otp.plugins.otp_static.models import StaticDevice

from . import services, two_factor
from .lockout import is_locked_out, lockout_response, second_factor_failed
from .permissions import StaffRequiredMixin

log = logging.getLogger("accounts.security")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Verification code"),
        max_length=32,
        help_text=gettext_lazy(
            "The six-digit code from your authenticator app, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class SetupCodeForm(CodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _("The six-digit code your authenticator app shows now.")
        self.fields["code"].widget.attrs["inputmode"] = "numeric"


def safe_next(request, default):
    """Where to go after a two-factor step: the `next` asked for, if it is one of our pages."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _mark_verified(request, device):
    """This session has passed the second factor with `device` (a fresh session key too)."""
    django_otp.login(request, device)
    request.session.cycle_key()


def _check_code(request, form):
    """Validate the posted code against the user's devices. Returns (device, lockout response):
    a wrong code is a failed login for the lockout; the lockout ends the session."""
    user = request.user
    if is_locked_out(request, user):
        logout(request)
        return None, lockout_response(request)
    device = two_factor.verify_code(user, form.cleaned_data["code"])
    if device == two_factor.THROTTLED:
        form.add_error("code", _("Too many wrong codes. Wait a few seconds and try again."))
        return None, None
    if device is None:
        if second_factor_failed(request, user):
            logout(request)
            return None, lockout_response(request)
        form.add_error("code", _("That code is not right. Try again."))
        return None, None
    return device, None


class TwoFactorVerifyView(View):
    """The code step of a login: a code from the authenticator app, or one recovery code."""

    template_name = "accounts/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not two_factor.needs_verification(user):
            return redirect(safe_next(request, reverse("home")))
        if not two_factor.has_device(user):
            return redirect("accounts:two_factor_setup")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(request, CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if form.is_valid():
            device, locked = _check_code(request, form)
            if locked is not None:
                return locked
            if device is not None:
                _mark_verified(request, device)
                log.info("two-factor verification passed for user id %s", request.user.pk)
                if isinstance(device, StaticDevice):
                    left = device.token_set.count()
                    messages.warning(
                        request,
                        ngettext(
                            "You used a recovery code; %(count)d is left. Make new ones on "
                            "your account page.",
                            "You used a recovery code; %(count)d are left. Make new ones on "
                            "your account page.",
                            left,
                        )
                        % {"count": left},
                    )
                return redirect(safe_next(request, reverse("home")))
        return self.render(request, form, status=200)

    def render(self, request, form, status=200):
        return render(
            request,
            self.template_name,
            {"form": form, "next": safe_next(request, "")},
            status=status,
        )


class TwoFactorSetupView(View):
    """Set up the authenticator app: a QR code (inline SVG) and the secret as text, confirmed
    with a first code; then the recovery codes are shown once."""

    template_name = "accounts/two_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        if two_factor.has_device(request.user):
            messages.info(request, _("Two-factor authentication is already on for your account."))
            if two_factor.needs_verification(request.user):
                return redirect("accounts:two_factor_verify")
            return redirect("accounts:profile")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(request, SetupCodeForm())

    def post(self, request):
        form = SetupCodeForm(request.POST)
        if form.is_valid():
            try:
                device, codes = services.two_factor_setup_confirm(
                    user=request.user, code=form.cleaned_data["code"]
                )
            except ValidationError as error:
                form.add_error("code", error.messages)
            else:
                _mark_verified(request, device)
                request.session[two_factor.FRESH_CODES] = codes
                messages.success(request, _("Two-factor authentication is on."))
                url = reverse("accounts:two_factor_recovery_codes")
                target = safe_next(request, "")
                if target:
                    url = f"{url}?{_next_query(target)}"
                return redirect(url)
        return self.render(request, form)

    def render(self, request, form):
        device = services.two_factor_setup_begin(user=request.user)
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "next": safe_next(request, ""),
                "qr_svg": two_factor.qr_code_svg(device.config_url),
                "secret": two_factor.secret_for_display(device.key),
                "required": two_factor.staff_must_use(request.user),
            },
        )


def _next_query(target):
    from urllib.parse import urlencode

    return urlencode({"next": target})


class RecoveryCodesView(View):
    """The recovery codes just made, shown this once (they are not kept in the session after)."""

    def get(self, request):
        codes = request.session.pop(two_factor.FRESH_CODES, None)
        if not codes:
            messages.info(
                request,
                _("Recovery codes are shown only once. Make new ones if you lost them."),
            )
            return redirect("accounts:profile")
        return render(
            request,
            "accounts/two_factor_recovery_codes.html",
            {"codes": codes, "next": safe_next(request, reverse("home"))},
        )


class CodeConfirmedActionView(View):
    """A change to one's own second factor, confirmed with a current code (GET: the form)."""

    template_name = None

    def dispatch(self, request, *args, **kwargs):
        if not two_factor.has_device(request.user):
            messages.info(request, _("Two-factor authentication is not on for your account."))
            return redirect("accounts:profile")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": CodeForm()})

    def post(self, request):
        form = CodeForm(request.POST)
        if form.is_valid():
            device, locked = _check_code(request, form)
            if locked is not None:
                return locked
            if device is not None:
                return self.confirmed(request)
        return render(request, self.template_name, {"form": form})


class RecoveryCodesRegenerateView(CodeConfirmedActionView):
    template_name = "accounts/two_factor_regenerate.html"

    def confirmed(self, request):
        codes = services.two_factor_recovery_codes_regenerate(user=request.user)
        request.session[two_factor.FRESH_CODES] = codes
        messages.success(request, _("New recovery codes made; the old ones no longer work."))
        return redirect(
            f"{reverse('accounts:two_factor_recovery_codes')}?"
            f"{_next_query(reverse('accounts:profile'))}"
        )


class TwoFactorResetOwnView(CodeConfirmedActionView):
    """Remove one's own authenticator app (e.g. to move to a new phone). Staff set up a new one
    straight away; for an employer user two-factor authentication is then off."""

    template_name = "accounts/two_factor_reset.html"

    def confirmed(self, request):
        user = request.user
        services.two_factor_reset(user=user, by=user, keep_session_key=request.session.session_key)
        if two_factor.staff_must_use(user):
            messages.success(request, _("Your authenticator app is removed. Set up the new one."))
            return redirect("accounts:two_factor_setup")
        messages.success(request, _("Two-factor authentication is off for your account."))
        return redirect("accounts:profile")


class TwoFactorAdminResetView(StaffRequiredMixin, View):
    """A WSP admin removes someone's second factor (lost phone): they set it up again at their
    next login (staff) or have it off (employer users). Their sessions end."""

    allowed_roles = ()  # WSP admins only (StaffRequiredMixin always lets them in)
    template_name = "accounts/two_factor_admin_reset.html"

    def get_person(self, pk):
        return get_object_or_404(services.two_factor_resettable_users(self.request.user), pk=pk)

    def get(self, request, pk):
        person = self.get_person(pk)
        return render(
            request,
            self.template_name,
            {"person": person, "has_device": two_factor.has_device(person)},
        )

    def post(self, request, pk):
        person = self.get_person(pk)
        services.two_factor_reset(user=person, by=request.user)
        messages.success(
            request,
            _("Two-factor authentication of %(name)s is reset.") % {"name": person.full_name},
        )
        return redirect("accounts:team")
