"""API authentication: the browser's session counts only once it has passed the second factor."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication

from .two_factor import needs_verification


class VerifiedSessionAuthentication(SessionAuthentication):
    """Session authentication that refuses (403) a session still waiting for its second factor.
    Token authentication (integrations) is not affected."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        # TwoFactorRequiredMiddleware has worked it out for this request already (if it ran).
        pending = getattr(request._request, "two_factor_pending", None)
        if pending is None:
            pending = needs_verification(request._request.user)
        if pending:
            raise exceptions.PermissionDenied(
                _("Complete the two-factor verification first (log in through the website).")
            )
        return result

    def enforce_csrf(self, request):
        """Django's CSRF check on the plain request: on DRF's request it would parse the JSON
        body first, so a malformed body answered 400 before the permission check's 403."""
        return super().enforce_csrf(request._request)


class VerifiedSessionScheme(SessionScheme):
    """The OpenAPI schema describes it as the session cookie, like plain session auth."""

    target_class = "accounts.authentication.VerifiedSessionAuthentication"
