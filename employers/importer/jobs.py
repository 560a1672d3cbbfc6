"""Background import jobs (employers.models.ImportJob): the database, not the broker, holds a
confirmed import until it is done.

- job_start() saves the job (status "queued", the packed file) and queues its Celery message.
- run_job() claims it with a conditional UPDATE (queued, or running with a stale heartbeat:
  its worker died), then imports inside one transaction that holds the job's row lock and
  marks it done in that same transaction: the import and "done" commit together, so a job is
  never applied twice, and a live job (row locked) is never taken over.
- sweep() (beat, every IMPORT_SWEEP_SECONDS) queues again the jobs left queued or running longer
  than IMPORT_JOB_STALE_SECONDS: a message the broker lost, a worker killed mid-job.
- The outcome e-mail is sent at most once: `mailed_at` is committed before sending.
"""

import datetime
import logging

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import ImportJob
from .applying import run_import
from .background import mail_outcome, unpack
from .reading import ImportFileError
from .report import summary_text

logger = logging.getLogger(__name__)
S = ImportJob.Status
# A job that stopped its worker this often (or kept failing on the database) is given up.
MAX_ATTEMPTS = 3


def _queue(job_id):
    from wsp_crm.celery import publish

    from ..tasks import import_employers

    return publish(import_employers, (job_id,), what=f"import job {job_id}", log=logger)


def job_start(*, data, region, by, filename, valid_only):
    """Save the confirmed import and queue it. Returns the job, or None (and nothing saved)
    when the broker is away, so the page can offer to confirm again."""
    job = ImportJob.objects.create(
        requested_by=by,
        region=region,
        filename=filename,
        data=data,
        valid_only=valid_only,
        queued_at=timezone.now(),
    )
    if not _queue(job.pk):
        job.delete()
        return None
    return job


def _stale(now):
    return now - datetime.timedelta(seconds=settings.IMPORT_JOB_STALE_SECONDS)


def claim(job_id, now=None):
    """Take the job for this worker: the attempt number, or None when it is not ours to run
    (done, failed, or running on a live worker)."""
    now = now or timezone.now()
    taken = (
        ImportJob.objects.filter(pk=job_id, attempts__lt=MAX_ATTEMPTS)
        .filter(Q(status=S.QUEUED) | Q(status=S.RUNNING, heartbeat_at__lt=_stale(now)))
        .update(status=S.RUNNING, attempts=F("attempts") + 1, heartbeat_at=now)
    )
    if not taken:
        return None
    return ImportJob.objects.values_list("attempts", flat=True).get(pk=job_id)


def run_job(job_id):
    """Claim, import and e-mail job `job_id`. Returns the ImportResult, or None."""
    attempt = claim(job_id)
    if attempt is None:
        logger.info("Import job %s is not waiting (done or running elsewhere); skipped", job_id)
        return None
    result = None
    try:
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            job = (
                ImportJob.objects.select_for_update()
                .select_related("region", "requested_by")
                .get(pk=job_id)
            )
            if job.status != S.RUNNING or job.attempts != attempt:
                return None  # the sweeper gave it to another worker meanwhile
            result = _import(job)
    except OperationalError:
        _release(job_id, attempt)
        raise
    except Exception:
        _finish_failed(job_id, attempt, _("The import stopped on an unexpected error."))
        raise
    _mail_once(job_id, result)
    return result


def _import(job):
    """Inside the job's transaction: run the import and record its outcome."""
    now = timezone.now()
    if not job.requested_by.is_active:
        result, job.problem = None, _("The account that started the import is no longer active.")
    else:
        try:
            result = run_import(
                unpack(job.data),
                region=job.region,
                by=job.requested_by,
                dry_run=False,
                valid_only=job.valid_only,
            )
        except ImportFileError as exc:
            result, job.problem = None, str(exc)
    job.status = S.DONE if result is not None and result.written else S.FAILED
    if result is not None:
        job.result = _counts(result)
        job.summary = summary_text(result) if result.written else ""
        if not result.written:
            job.problem = _("Nothing was imported: some rows have errors.")
    job.data = ""
    job.finished_at = now
    job.save()
    return result


def _counts(result):
    return {
        "rows": len(result.rows),
        "error_rows": result.error_row_count,
        "employers_created": result.employers_created,
        "employers_updated": result.employers_updated,
        "employers_unchanged": result.employers_unchanged,
        "contacts_created": result.contacts_created,
        "contacts_updated": result.contacts_updated,
        "contacts_unchanged": result.contacts_unchanged,
    }


def _release(job_id, attempt):
    """A database hiccup: back in the queue for the task's retry (given up after MAX_ATTEMPTS)."""
    if attempt >= MAX_ATTEMPTS:
        _finish_failed(job_id, attempt, _("The import failed repeatedly on the database."))
        return
    ImportJob.objects.filter(pk=job_id, status=S.RUNNING, attempts=attempt).update(
        status=S.QUEUED, queued_at=timezone.now()
    )


def _finish_failed(job_id, attempt, problem):
    ended = ImportJob.objects.filter(pk=job_id, attempts=attempt).exclude(
        status__in=[S.DONE, S.FAILED]
    )
    if ended.update(status=S.FAILED, problem=problem, data="", finished_at=timezone.now()):
        logger.error("Import job %s failed: %s", job_id, problem)
        _mail_once(job_id, None)


def _mail_once(job_id, result):
    """The outcome e-mail, at most once: `mailed_at` is committed first; a worker that dies while
    sending leaves it set, so no retry sends it again (the job's status is on the import page)."""
    if not ImportJob.objects.filter(pk=job_id, mailed_at__isnull=True).update(
        mailed_at=timezone.now()
    ):
        return
    job = ImportJob.objects.select_related("region", "requested_by").get(pk=job_id)
    if not job.requested_by.is_active:
        return
    try:
        mail_outcome(job, result)
    except Exception:  # noqa: BLE001 - the import is done; the page shows its outcome
        logger.error("The outcome e-mail of import job %s was not sent", job_id, exc_info=True)


def sweep(now=None):
    """Queue again the jobs nobody is working on: queued or running for longer than
    IMPORT_JOB_STALE_SECONDS and not locked by a live worker. Returns how many were queued."""
    now = now or timezone.now()
    stale = _stale(now)
    with transaction.atomic():
        found = list(
            ImportJob.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=S.QUEUED, queued_at__lt=stale)
                | Q(status=S.RUNNING, heartbeat_at__lt=stale)
            )
            .values_list("pk", "attempts")
        )
        worn = [pk for pk, attempts in found if attempts >= MAX_ATTEMPTS]
        again = [pk for pk, attempts in found if attempts < MAX_ATTEMPTS]
        ImportJob.objects.filter(pk__in=again).update(status=S.QUEUED, queued_at=now)
    for pk, attempts in found:
        if pk in worn:
            with translation.override(settings.LANGUAGE_CODE):
                problem = _("The import stopped %(count)d times and was given up.") % {
                    "count": attempts
                }
            _finish_failed(pk, attempts, problem)
    queued = sum(1 for pk in again if _queue(pk))
    if found:
        logger.warning("Import jobs queued again: %s; given up: %s", again, worn)
    return queued


def job_from_message(data, region_id, user_id, filename, valid_only):
    """The job for a task message in the old form (the file in the message itself)."""
    from accounts.models import Region, User

    region = Region.objects.filter(pk=region_id).first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if region is None or user is None:
        return None
    job = ImportJob.objects.create(
        requested_by=user,
        region=region,
        filename=filename,
        data=data,
        valid_only=valid_only,
        queued_at=timezone.now(),
    )
    return job.pk
