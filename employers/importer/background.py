"""Large imports in the background: the upload travels packed (pack/unpack) in the session and
the task message, and import_and_report() runs the confirmed import and e-mails the outcome
(employers/tasks.py)."""

import base64
import zlib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .applying import run_import
from .reading import ImportFileError
from .report import summary_text

# A confirmed import of more rows than this runs as a Celery job (each row goes through the
# services: about 5-15 ms a row), and its outcome is e-mailed; smaller ones run in the request.
SYNC_ROWS = 1000
EMAIL_ERRORS = 200


def pack(raw):
    """The uploaded bytes as compact text for the session or a task message (no file on disk)."""
    return base64.b64encode(zlib.compress(raw, 6)).decode("ascii")


def unpack(data):
    return zlib.decompress(base64.b64decode(data))


def import_and_report(raw, *, region, by, valid_only, filename):
    """Run a confirmed import (the background job) and e-mail the outcome to `by`."""
    with translation.override(settings.LANGUAGE_CODE):
        result, problem = None, ""
        try:
            result = run_import(raw, region=region, by=by, dry_run=False, valid_only=valid_only)
        except ImportFileError as exc:
            problem = str(exc)
        errors = result.errors if result else []
        context = {
            "user": by,
            "region": region,
            "filename": filename,
            "result": result,
            "problem": problem,
            "summary": summary_text(result) if result and result.written else "",
            "errors": errors[:EMAIL_ERRORS],
            "errors_hidden": max(len(errors) - EMAIL_ERRORS, 0),
            "link": settings.SITE_URL + reverse("employers:list"),
        }
        subject = render_to_string("employers/import_email_subject.txt", context).strip()
        body = render_to_string("employers/import_email.txt", context)
    send_mail(subject, body, None, [by.email])
    return result
