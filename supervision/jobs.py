"""督查督办's background jobs: fetch by id, call one service (``supervision.plans.imports``)."""

from __future__ import annotations

from celery import shared_task

from supervision.plans import imports


@shared_task(name="supervision.jobs.plan_import_check", ignore_result=True, acks_late=True)
def plan_import_check(import_id: int) -> str:
    """Check every row of an uploaded 年度工作要点 sheet; the result waits on its status page."""
    job = imports.plan_import_check(import_id=import_id)
    return job.state if job else ""


@shared_task(name="supervision.jobs.plan_import_save", ignore_result=True, acks_late=True)
def plan_import_save(import_id: int) -> str:
    """Save a confirmed sheet: checked again, then every item in one transaction."""
    job = imports.plan_import_save(import_id=import_id)
    return job.state if job else ""


@shared_task(name="supervision.jobs.sweep_plan_imports", ignore_result=True, acks_late=True)
def sweep_plan_imports() -> list[int]:
    """Checks and saves queued while the broker was down: run now, each exactly once."""
    return imports.plan_imports_sweep()
