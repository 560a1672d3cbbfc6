"""Login abuse: the pieces django-axes calls (settings AXES_*), and failed second-factor codes.

A failed login (wrong password, or a wrong verification code after a right password) counts
against the account and, separately, against the client's address. At LOGIN_FAILURE_LIMIT
failures within LOGIN_LOCKOUT_MINUTES both are refused until the lockout ends (or a WSP admin
lifts it: `manage.py axes_reset_username EMAIL`, `axes_reset_ip IP`, or deleting the access
attempt under /admin/). The lockout page is the same whether the account exists or not.
"""

import logging

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import render

log = logging.getLogger("accounts.security")


def username_from(request, credentials):
    """The account a login attempt is about, normalised the way logins are (e-mail addresses are
    stored lower-case), so "Anouk@..." and "anouk@..." count as the same account."""
    source = credentials if credentials else getattr(request, "POST", None) or {}
    username = source.get("username")
    if not isinstance(username, str):
        return None
    return username.strip().lower() or None


def client_ip(request):
    """The client's address. X-Forwarded-For is only believed for TRUSTED_PROXY_COUNT proxies
    (each appends the address it saw); with no trusted proxy it is ignored, as anyone can send
    it. The rate limits (accounts/ratelimit.py) use it too."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if count <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote
    return hops[-min(count, len(hops))]


def lockout_seconds():
    return int(get_cool_off().total_seconds())


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page: HTTP 429 with Retry-After. It names no account and looks the same for
    an unknown e-mail address, so it does not reveal who has an account."""
    seconds = lockout_seconds()
    response = render(
        request,
        "registration/locked_out.html",
        {"minutes": max(1, seconds // 60)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(seconds)
    return response


def is_locked_out(request, user):
    """Whether this account (or this request's address) is locked out right now."""
    return not AxesProxyHandler.is_allowed(request, {"username": user.get_username()})


def second_factor_failed(request, user):
    """Record a wrong verification code as a failed login of the account (axes listens to
    user_login_failed). Returns True when this failure locked the account or address out."""
    log.warning("two-factor code rejected for user id %s", user.pk)
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )
    return bool(getattr(request, "axes_locked_out", False))
