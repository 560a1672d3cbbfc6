"""/healthz: is the database there, is the broker there? For load balancers and compose checks.

Anonymous callers get the status only; what failed and why goes to the log. A signed-in WSP
admin (second factor passed), or a caller sending `Authorization: Bearer <HEALTHZ_TOKEN>` when
that setting is set, also gets the checks with their errors."""

import hmac
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker():
    with Connection(
        settings.CELERY_BROKER_URL,
        transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        connect_timeout=2,
    ) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


logger = logging.getLogger(__name__)

CHECKS = {"database": check_database, "broker": check_broker}


def run_checks():
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
            logger.error("Health check %s failed", name, exc_info=True)
            results[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
        else:
            results[name] = {"ok": True}
    return results


def may_see_details(request):
    token = settings.HEALTHZ_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    user = request.user
    verified = getattr(user, "is_verified", None)
    return bool(user.is_authenticated and user.is_wsp_admin and verified is not None and verified())


@login_not_required
@never_cache
def healthz(request):
    results = run_checks()
    failed = [name for name, result in results.items() if not result["ok"]]
    body = {"status": "unavailable" if failed else "ok"}
    if may_see_details(request):
        body.update(failed=failed, checks=results)
    return JsonResponse(body, status=503 if failed else 200)
