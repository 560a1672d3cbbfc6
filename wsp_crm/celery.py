"""The Celery app: configured from Django settings (CELERY_*), tasks from each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsp_crm.settings")

app = Celery("wsp_crm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
