"""A large 年度工作要点 sheet, checked and saved by background jobs (``supervision.jobs``), never in a request.

    upload ─plan_import_start→ 排队 ─(job) plan_import_check→ 有错误 (every row/column problem kept)
                                                          └→ 待确认 ─plan_import_confirm→ 导入中 ─(job) plan_import_save→ 已导入
                                                                                                  (checked again; a problem now → 有错误)

Nothing is saved until the whole sheet is valid and its uploader has confirmed; then every item in one
transaction (``services.plan_import``). A small sheet is still checked at once on the page (the view
decides, from the rows the sheet declares: :data:`SYNC_ROWS`). The jobs fetch by id and are safe to run
twice (a row not in the state a job expects is left alone). A job the broker never took (it was down
when the row was made) is run by the periodic sweep (:func:`plan_imports_sweep`), as the core's reminder
sweep delivers what the broker missed; the state, taken under the row lock, makes it run exactly once.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from office.audit import audit_record
from office.models import User
from office.permissions import require
from supervision.choices import ImportState
from supervision.models import PlanImport
from supervision.plans import sheet, uploads

log = logging.getLogger(__name__)

#: A sheet that declares at most this many rows (header included) is checked on the page; a larger
#: one — or one that declares nothing — by the job.
SYNC_ROWS = 201


def checked_in_request(content: bytes) -> bool:
    """Whether the page checks the sheet itself: a small one, or one that says it is past the limit
    (refused at once by the check, without reading its rows)."""
    declared = sheet.rows_declared(content)
    return declared is not None and (declared <= SYNC_ROWS or declared > sheet.MAX_ROWS + 1)


def _enqueue(job_name: str, pk: int) -> None:
    """Hand the job to a worker (after the commit that made the row). A broker that is down leaves the
    row waiting: :func:`plan_imports_sweep` (a periodic job) runs it once the workers are back."""
    from office.celery import app

    name = f"supervision.jobs.{job_name}"
    try:  # by name, from the app's registry: supervision.jobs imports this module, not the other way round
        if name not in app.tasks:
            app.loader.import_default_modules()  # the jobs modules, discovered lazily by the Celery app
        task = app.tasks[name]
        task.apply_async(args=[pk], queue=getattr(settings, "SUPERVISION_JOBS_QUEUE", None) or None)
    except Exception:  # noqa: BLE001 - the broker: never a 500, the row waits
        log.exception("could not hand %s(%s) to a worker", job_name, pk)


@transaction.atomic
def plan_import_start(*, actor: User, year: int, name: str, content: bytes, request=None) -> PlanImport:
    """Keep the uploaded sheet and queue its check. Raises ``sheet.SheetRefused`` for a file that is
    not an acceptable .xlsx at all (checked here: cheap, and nothing is kept then)."""
    require(actor, "supervision.create", request=request)
    sheet.check_file(name, content)
    job = PlanImport(
        created_by=actor, year=year, original_name=name.strip()[:200] or "sheet.xlsx", stored_key=uploads.store(content)
    )
    job.full_clean()
    job.save()
    audit_record(
        actor=actor,
        action="supervision.plan_import_upload",
        obj=job,
        request=request,
        detail={"year": year, "bytes": len(content)},
    )
    transaction.on_commit(lambda: _enqueue("plan_import_check", job.pk))
    return job


def _results(job: PlanImport, parsed) -> None:
    job.problems = [
        {"row": p.row, "column": p.column, "letter": p.letter, "cell": p.cell, "message": p.message}
        for p in parsed.problems
    ]
    job.tasks = [[task, len(rows)] for task, rows in parsed.tasks]
    job.rows = len(parsed.rows) + len({p.row for p in parsed.problems if p.row})
    job.refused = ""
    job.state = ImportState.VALID if parsed.ok else ImportState.INVALID


def _parse(job: PlanImport):
    """The sheet parsed, or None with ``job.refused`` set (the file as a whole)."""
    content = uploads.read(job.stored_key)
    if content is None:
        job.refused, job.state = _("导入文件已过期，请重新上传。"), ImportState.INVALID
        return None
    try:
        return sheet.parse(job.original_name, content)
    except sheet.SheetRefused as exc:
        job.refused, job.state = str(exc)[:500], ImportState.INVALID
        return None


def plan_import_check(*, import_id: int) -> PlanImport | None:
    """The job: every row checked; the problems (row, column, message) or the preview kept on the row."""
    with transaction.atomic():
        job = PlanImport.objects.select_for_update().filter(pk=import_id).first()
        if job is None or job.state != ImportState.QUEUED:
            return job
        job.state = ImportState.CHECKING
        job.save(update_fields=["state", "updated_at"])
    parsed = _parse(job)  # outside any transaction: a long read holds no lock
    with transaction.atomic():
        locked = PlanImport.objects.select_for_update().get(pk=job.pk)
        if locked.state != ImportState.CHECKING:
            return locked
        locked.refused, locked.state = job.refused, job.state
        if parsed is not None:
            _results(locked, parsed)
        locked.save(update_fields=["state", "problems", "tasks", "rows", "refused", "updated_at"])
    if locked.state == ImportState.INVALID:
        uploads.discard(locked.stored_key)
    return locked


def plan_import_get(*, user, pk: int) -> PlanImport:
    """The user's own import (404 for anyone else's, through the policy)."""
    from office.permissions import get_visible_or_404

    return get_visible_or_404(PlanImport.objects.all(), user, pk=pk)


@transaction.atomic
def plan_import_confirm(*, actor: User, job: PlanImport, request=None) -> PlanImport:
    """确认导入: the checked sheet is saved by the job (checked again there)."""
    require(actor, "supervision.create", request=request)
    locked = PlanImport.objects.select_for_update().filter(pk=job.pk, created_by=actor).first()
    if locked is None:
        raise Http404
    if locked.state != ImportState.VALID:
        raise ValidationError(_("该导入当前不能确认（%(state)s）。") % {"state": locked.get_state_display()})
    locked.state = ImportState.IMPORTING
    locked.save(update_fields=["state", "updated_at"])
    audit_record(actor=actor, action="supervision.plan_import_confirm", obj=locked, request=request)
    transaction.on_commit(lambda: _enqueue("plan_import_save", locked.pk))
    return locked


def plan_import_save(*, import_id: int) -> PlanImport | None:
    """The job: the sheet checked again and, if still valid, every item saved in one transaction."""
    from supervision.plans.services import plan_import

    with transaction.atomic():
        job = PlanImport.objects.select_for_update().filter(pk=import_id).first()
        if job is None or job.state != ImportState.IMPORTING:
            return job
        parsed = _parse(job)
        if parsed is not None and not parsed.ok:
            _results(job, parsed)
        elif parsed is not None:
            try:
                with transaction.atomic():
                    _plan, items = plan_import(actor=job.created_by, year=job.year, rows=parsed.rows)
            except ValidationError as exc:
                job.refused, job.state = "；".join(exc.messages)[:500], ImportState.INVALID
            else:
                job.state, job.item_count = ImportState.IMPORTED, len(items)
        job.save(update_fields=["state", "problems", "tasks", "rows", "refused", "item_count", "updated_at"])
    uploads.discard(job.stored_key)
    return job



#: A row still 排队 or 导入中 this long after its last change: its job never reached a worker.
STALE_AFTER = dt.timedelta(minutes=5)


def plan_imports_sweep(*, older_than: dt.timedelta = STALE_AFTER, limit: int = 5) -> list[int]:
    """The periodic job: run here the checks and saves the broker never handed out; their ids.

    A job that did reach a worker meanwhile, or a second sweep, finds the row in another state and
    leaves it alone (:func:`plan_import_check`, :func:`plan_import_save`): each runs exactly once."""
    cutoff = timezone.now() - older_than
    waiting = list(
        PlanImport.objects.filter(state__in=(ImportState.QUEUED, ImportState.IMPORTING), updated_at__lt=cutoff)
        .order_by("updated_at")
        .values_list("pk", "state")[:limit]
    )
    for pk, state in waiting:
        job = plan_import_check if state == ImportState.QUEUED else plan_import_save
        try:
            job(import_id=pk)
        except Exception:  # noqa: BLE001 - one bad sheet does not stop the others
            log.exception("swept plan import %s failed", pk)
    return [pk for pk, _state in waiting]
