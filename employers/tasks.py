"""Background jobs of the employers app (thin: they take ids and call the real code)."""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
    reject_on_worker_lost=True,
)
def import_employers(job_id, *legacy):
    """A confirmed CSV import too large for a page request (employers.importer.jobs). Safe to
    deliver twice: the job is claimed with a conditional UPDATE and marked done in the import's
    own transaction, so a second delivery finds it done and does nothing."""
    from .importer import jobs

    if legacy:  # a message queued before import jobs existed: (data, region, user, name, valid)
        job_id = jobs.job_from_message(job_id, *legacy)
        if job_id is None:
            return None
    result = jobs.run_job(job_id)
    return None if result is None else {"written": result.written}


@shared_task(acks_late=True)
def sweep_import_jobs():
    """Every IMPORT_SWEEP_SECONDS: queue again the imports whose message was lost or whose
    worker died (idempotent: it only re-queues; claiming decides who runs)."""
    from .importer import jobs

    return jobs.sweep()
