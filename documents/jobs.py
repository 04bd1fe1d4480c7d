"""办文's periodic jobs: fetch by id, call one service."""

from __future__ import annotations

from celery import shared_task

from documents.files import storage


@shared_task(name="documents.jobs.sweep_orphan_files", ignore_result=True)
def sweep_orphan_files() -> int:
    """Files left behind by rolled-back uploads or 印发 (older than a day) are deleted. Kept for a
    message sent by an older beat; the schedule runs the core's sweep of every app's files
    (``office.jobs.sweep_orphan_files``)."""
    return len(storage.orphan_files_sweep())
