import time

from django.contrib.auth.middleware import LoginRequiredMiddleware as BaseLoginRequiredMiddleware


class LoginRequiredMiddleware(BaseLoginRequiredMiddleware):
    """Every page needs a login unless marked `login_not_required`.

    The API under /api/ authenticates itself (session or token) and answers 401/403 in JSON
    instead of redirecting to the login page; its default permission denies anonymous users.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class SessionIdleTimeoutMiddleware:
    """Log out a session that has been idle longer than SESSION_IDLE_TIMEOUT seconds.

    The session's absolute lifetime is SESSION_COOKIE_AGE. Logging in stamps the session
    (`stamp_login`); the stamp is refreshed at most once a minute, so ordinary browsing does not
    write the session on every request."""

    REFRESH_AFTER = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.contrib.auth import logout

        last = request.session.get(LAST_ACTIVITY) if request.user.is_authenticated else None
        if last is not None:
            now = int(time.time())
            if now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
            elif now - last >= self.REFRESH_AFTER:
                request.session[LAST_ACTIVITY] = now
        return self.get_response(request)


LAST_ACTIVITY = "last_activity"


def stamp_login(sender, request, user, **kwargs):
    """user_logged_in receiver: start the idle clock of the new session."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY] = int(time.time())


class TwoFactorRequiredMiddleware:
    """Until a session has passed the second factor (where it is required: staff, and anyone who
    switched it on), it reaches only the two-factor pages, logout, the language switch and the
    health check; every other page redirects to the code step (or, for staff without an
    authenticator app yet, to the set-up). Static files are served before this (whitenoise).

    The API under /api/ is left to VerifiedSessionAuthentication, which answers 403 to such a
    session; API tokens are not affected.
    """

    OPEN = {
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
        "logout",
        "set_language",
        "healthz",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from urllib.parse import urlencode

        from django.shortcuts import redirect
        from django.urls import reverse

        from .two_factor import has_device, needs_verification

        # Read by the navigation (nothing to navigate to yet).
        request.two_factor_pending = pending = needs_verification(request.user)
        match = request.resolver_match
        open_view = match is not None and match.view_name in self.OPEN
        if not pending or open_view or request.path_info.startswith("/api/"):
            return None
        step = "verify" if has_device(request.user) else "setup"
        url = reverse(f"accounts:two_factor_{step}")
        if request.method == "GET":
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return redirect(url)
