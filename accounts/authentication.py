"""API authentication: the browser's session counts only once it has passed the second factor;
calls that identify nobody (no or a wrong token) are rate-limited per address."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme, TokenScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    TokenAuthentication,
)

from . import ratelimit
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


class RateLimitedTokenAuthentication(TokenAuthentication):
    """Token authentication where a refused token counts as an anonymous call of its address
    (API_THROTTLE_ANON): guessing tokens ends in 429, not in endless 401s."""

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            count_anonymous(request)
            raise


class AnonymousRateLimit(BaseAuthentication):
    """Last in DEFAULT_AUTHENTICATION_CLASSES: reached only by a call that nothing before it
    identified. It counts the call against its address (API_THROTTLE_ANON) and answers 429 over
    the limit, before the permission check would answer 401. It never identifies anyone."""

    def authenticate(self, request):
        count_anonymous(request)
        return None


def count_anonymous(request):
    if getattr(request._request, "resolver_match", None) is None:
        return  # not a served request: the schema generator's mock requests are not counted
    verdict = ratelimit.hit("api_anon", ratelimit.client_address(request._request))
    if not verdict.allowed:
        raise exceptions.Throttled(wait=verdict.retry_after)


class RateLimitedTokenScheme(TokenScheme):
    target_class = "accounts.authentication.RateLimitedTokenAuthentication"


class AnonymousRateLimitScheme(OpenApiAuthenticationExtension):
    """Not a way to authenticate: nothing in the OpenAPI document."""

    target_class = "accounts.authentication.AnonymousRateLimit"
    name = []

    def get_security_definition(self, auto_schema):
        return []

    def get_security_requirement(self, auto_schema):
        return None


# Token first: an integration with a wrong or revoked key gets 401 with a WWW-Authenticate
# header (with session first DRF can only answer 403); last, the count of anonymous calls.
API_AUTHENTICATION = [
    RateLimitedTokenAuthentication,
    VerifiedSessionAuthentication,
    AnonymousRateLimit,
]
