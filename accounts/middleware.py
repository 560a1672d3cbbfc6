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

    The session's absolute lifetime is SESSION_COOKIE_AGE. The last-activity stamp is refreshed
    at most once a minute, so ordinary browsing does not write the session on every request."""

    REFRESH_AFTER = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.contrib.auth import logout

        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_activity", now)
            if now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
            elif now - last >= self.REFRESH_AFTER or "last_activity" not in request.session:
                request.session["last_activity"] = now
        return self.get_response(request)
