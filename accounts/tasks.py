from celery import shared_task

from . import services
from .models import User


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(user_id):
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        services.invitation_send(user=user)


@shared_task
def clear_expired_sessions():
    """Daily: delete the sessions past their expiry (they may still hold an uploaded import
    file) and the rate-limit counters whose window is over. Returns what it deleted."""
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone

    from .ratelimit import purge_expired

    expired = Session.objects.filter(expire_date__lt=timezone.now()).count()
    call_command("clearsessions")
    return {"sessions": expired, "rate_counters": purge_expired()}
