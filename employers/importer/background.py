"""Large imports in the background: the upload travels packed (pack/unpack) in the session and,
once confirmed, in its ImportJob row (employers/importer/jobs.py runs it); mail_outcome() e-mails
the outcome to the user who asked for it."""

import base64
import zlib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .report import summary_text

# A confirmed import of more rows than this runs as a Celery job (each row goes through the
# services: about 5-15 ms a row), and its outcome is e-mailed; smaller ones run in the request.
SYNC_ROWS = 1000
EMAIL_ERRORS = 200


def pack(raw):
    """The uploaded bytes as compact text for the session or the job row (no file on disk)."""
    return base64.b64encode(zlib.compress(raw, 6)).decode("ascii")


def unpack(data):
    return zlib.decompress(base64.b64decode(data))


def mail_outcome(job, result=None):
    """E-mail the outcome of a finished job (`result`: its ImportResult, when the import ran)."""
    with translation.override(settings.LANGUAGE_CODE):
        errors = result.errors if result else []
        context = {
            "user": job.requested_by,
            "region": job.region,
            "filename": job.filename,
            "result": result,
            "problem": job.problem,
            "summary": summary_text(result) if result and result.written else "",
            "errors": errors[:EMAIL_ERRORS],
            "errors_hidden": max(len(errors) - EMAIL_ERRORS, 0),
            "link": settings.SITE_URL + reverse("employers:import"),
        }
        subject = render_to_string("employers/import_email_subject.txt", context).strip()
        body = render_to_string("employers/import_email.txt", context)
    send_mail(subject, body, None, [job.requested_by.email])
