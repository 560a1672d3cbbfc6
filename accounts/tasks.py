from celery import shared_task

from . import services
from .models import User


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(user_id):
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        services.invitation_send(user=user)
