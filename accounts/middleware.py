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
    """End a session idle longer than SESSION_IDLE_TIMEOUT seconds, and every session
    SESSION_COOKIE_AGE seconds after its login, however busy it is.

    Logging in stamps the session with the login time and the last activity (`stamp_login`) and
    fixes the session's expiry (cookie and stored row) at login + SESSION_COOKIE_AGE, so the
    activity stamp, refreshed at most once a minute (ordinary browsing does not write the
    session on every request), no longer moves it. A session from before the login stamp
    existed gets one now (its lifetime counts from the first request that sees it)."""

    REFRESH_AFTER = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.contrib.auth import logout

        session = request.session
        last = session.get(LAST_ACTIVITY) if request.user.is_authenticated else None
        if last is not None:
            now = clock()
            login_at = session.get(LOGIN_AT)
            if login_at is None:
                login_at = now
                fix_lifetime(session, now)
            idle = now - last > settings.SESSION_IDLE_TIMEOUT
            if idle or now - login_at >= settings.SESSION_COOKIE_AGE:
                logout(request)
            elif now - last >= self.REFRESH_AFTER:
                session[LAST_ACTIVITY] = now
        return self.get_response(request)


LAST_ACTIVITY = "last_activity"
LOGIN_AT = "login_at"


def clock():
    """Whole seconds since the epoch (tests replace it to move time on)."""
    return int(time.time())


def fix_lifetime(session, login_at):
    """Stamp the login time and fix the expiry at login + SESSION_COOKIE_AGE: a later save of
    the session (the activity stamp) keeps it."""
    from datetime import UTC, datetime, timedelta

    from django.conf import settings

    session[LOGIN_AT] = login_at
    ends = datetime.fromtimestamp(login_at, tz=UTC) + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    session.set_expiry(ends)


def stamp_login(sender, request, user, **kwargs):
    """user_logged_in receiver: start the idle clock and the absolute lifetime of the session."""
    if request is not None and hasattr(request, "session"):
        now = clock()
        request.session[LAST_ACTIVITY] = now
        fix_lifetime(request.session, now)


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
