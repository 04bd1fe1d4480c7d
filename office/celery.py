"""The Celery application. Jobs live in each app's ``jobs.py``."""

import os

from celery import Celery
from celery.signals import task_postrun, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings")

app = Celery("sanban")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Our jobs modules are named ``jobs`` so they don't clash with the ``tasks`` app.
app.autodiscover_tasks(related_name="jobs")


@worker_ready.connect
def _heartbeat_on_start(sender=None, **kwargs) -> None:
    """A worker that just came up counts as alive at once, not a minute later at beat's first tick."""
    import socket

    from office.services import heartbeat_record

    heartbeat_record(name="worker", hostname=socket.gethostname())


@task_postrun.connect
def _flush_denials(**kwargs) -> None:
    """A job refused by the policy leaves its audit row too, once its transaction is over."""
    from office.audit import flush_denials

    flush_denials()
