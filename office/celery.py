"""The Celery application. Jobs live in each app's ``jobs.py``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings")

app = Celery("sanban")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Our jobs modules are named ``jobs`` so they don't clash with the ``tasks`` app.
app.autodiscover_tasks(related_name="jobs")
