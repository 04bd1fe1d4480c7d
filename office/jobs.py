"""The core's periodic jobs: fetch by id, call one service."""

from __future__ import annotations

import socket

from celery import shared_task

from office import deadlines, mail, services


@shared_task(name="office.jobs.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Proves a worker is consuming: /healthz reads the time of the last one."""
    services.heartbeat_record(name="worker", hostname=socket.gethostname())


@shared_task(
    name="office.jobs.deliver_pending_email", ignore_result=True, acks_late=True,
    autoretry_for=(Exception,), retry_backoff=True, max_retries=5,
)
def deliver_pending_email() -> int:
    """Send the e-mail of stored notifications in batches; each one exactly once."""
    return mail.deliver_pending(batch_size=200)


@shared_task(name="office.jobs.sweep_reminders", ignore_result=True, acks_late=True)
def sweep_reminders() -> dict:
    """Send the reminders that are due. Runs every few minutes; safe to overlap."""
    return deadlines.sweep().as_dict()


@shared_task(name="office.jobs.sweep_delegations", ignore_result=True, acks_late=True)
def sweep_delegations() -> int:
    """Hand open steps to delegates whose 委托 has begun, and back from those that ended."""
    from office.workflow.delegation import delegations_sweep

    return delegations_sweep()


@shared_task(name="office.jobs.sweep_orphan_files", ignore_result=True)
def sweep_orphan_files() -> int:
    """Files of every app left behind by rolled-back transactions (older than a day) are deleted."""
    from office.orphans import orphan_files_sweep

    return len(orphan_files_sweep())


@shared_task(name="office.jobs.refresh_figures", ignore_result=True)
def refresh_figures() -> int:
    """Recount the dashboards' figures (看板): every ``office.boards.REFRESH_SECONDS``."""
    from office import figures

    return figures.refresh()


@shared_task(name="office.jobs.export_run", ignore_result=True, acks_late=True)
def export_run(job_id: int) -> int:
    """Make the file of an export too large to stream (office.exports)."""
    from office.exports import export_job_run

    return export_job_run(job_id=job_id)


@shared_task(name="office.jobs.sweep_exports", ignore_result=True, acks_late=True)
def sweep_exports() -> dict:
    """Make the exports whose job never reached a worker (the broker was down); remove old files."""
    from office.exports import exports_sweep

    return exports_sweep()
