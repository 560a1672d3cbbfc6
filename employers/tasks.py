"""Background jobs of the employers app (thin: they take ids and call the real code)."""

from celery import shared_task
from django.db import OperationalError


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def import_employers(data, region_id, user_id, filename, valid_only):
    """A confirmed CSV import too large to run within a page request. Safe to run twice: an
    import matches what exists, so a repeat changes nothing (see employers.importer)."""
    from accounts.models import Region, User

    from .importer import import_and_report, unpack

    region = Region.objects.filter(pk=region_id).first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if region is None or user is None:
        return
    import_and_report(
        unpack(data), region=region, by=user, valid_only=valid_only, filename=filename
    )
