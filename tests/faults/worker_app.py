"""The Celery app of the fault tests' worker processes (tests/faults/conftest.py): the project's
own app and settings, with two changes for the tests only:

- unacknowledged messages are looked for every second (the production default is about every
  100 s), so a short CELERY_VISIBILITY_TIMEOUT shows its effect within a test;
- with FAULTS_PAUSE_IMPORT=<file>, an import job stops right after it claimed its job and
  opened its transaction: it writes <file> and waits there until the test kills the worker.
"""

import os
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsp_crm.settings")
django.setup()

from wsp_crm.celery import app  # noqa: E402

app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

PAUSE = os.environ.get("FAULTS_PAUSE_IMPORT")
if PAUSE:
    from employers.importer import jobs

    def _paused_import(*args, **kwargs):
        Path(PAUSE).write_text(str(os.getpid()))
        while True:  # until SIGKILL
            time.sleep(0.1)

    jobs.run_import = _paused_import

__all__ = ["app"]
