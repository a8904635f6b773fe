"""Celery application. With no REDIS_URL, tasks run inline (embedded default)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netra.settings.base")

app = Celery("netra")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
