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
