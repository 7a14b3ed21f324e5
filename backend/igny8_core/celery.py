"""The Celery app. Configuration comes from Django settings (``CELERY_*``)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "igny8_core.settings")

app = Celery("igny8_core")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["igny8_core.infrastructure.messaging"], related_name="celery_tasks")
app.autodiscover_tasks(["igny8_core.infrastructure.ai"], related_name="tasks")
app.autodiscover_tasks(["igny8_core.infrastructure.messaging"], related_name="automation_tasks")
