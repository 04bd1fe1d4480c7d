"""Every list's export, one mechanism: the rows its filters select, as .xlsx, through the policy.

An app describes each of its lists once — the rows (the list's own selector and filters, so
the file holds exactly what the list would page through) and the columns — in its
``sheets.py``, which ``office`` discovers at start-up the way it discovers ``dashboard.py``::

    exports.register(exports.Sheet(key="documents.incoming", title=N_("收文"), rows=_rows, columns=(...)))

and routes ``export.xlsx`` beside the list to :class:`ListExportView` with that key.

- Up to :data:`CAP` rows the file is written at once (openpyxl's write-only workbook: rows
  stream to a temporary file, never all in memory) and sent.
- Beyond it the export is prepared by a background job (:class:`office.models.ExportJob`,
  :func:`office.jobs.export_run`) as the same user; the user downloads it from 我的导出
  when it is ready.
- The file is marked with the highest 密级 it holds: in its first row, its sheet's name and
  (above 内部) its file name. Every export — and every download of a prepared one — leaves
  an audit row naming the list, the filters used (their names, not their values) and the rows.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from office.audit import audit_record
from office.choices import Clearance
from office.classification import export_filename, highest_level_in, marking
from office.textinput import cell_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Rows written at once, in the request; a list that selects more goes to a background job.
CAP = 50_000
#: Rows a background job writes at most (a file Excel still opens: its limit is 1,048,576).
JOB_MAX = 1_000_000
CHUNK = 2000


@dataclass(frozen=True)
class Column:
    """A column: its heading (a msgid, translated when written), how to read it from a row, its width."""

    label: str
    value: Callable[[Any], Any]
    width: int = 14


@dataclass(frozen=True)
class Sheet:
    """A list that exports. ``rows(user, params, **kwargs)`` is the list's queryset for those
    GET parameters (and URL arguments), through the policy — the list view's own selector."""

    key: str
    title: str
    rows: Callable[..., QuerySet]
    columns: tuple[Column, ...]
    #: A chunk of ``rows`` → the objects the columns read (for rows that are keys, e.g. a union).
    objects: Callable[[list], Iterable] | None = None
    #: The highest 密级 among the rows for ``(user, params, **kwargs)``, when their model's policy
    #: cannot say it (rows that are keys of several models).
    level: Callable[..., int] | None = None


_sheets: dict[str, Sheet] = {}


def register(sheet: Sheet) -> Sheet:
    _sheets[sheet.key] = sheet
    return sheet


def sheet_for(key: str) -> Sheet:
    try:
        return _sheets[key]
    except KeyError:
        raise Http404 from None


def autodiscover() -> None:
    autodiscover_modules("sheets")


# --- writing ---------------------------------------------------------------------------


def cell(value: Any) -> Any:
    """A value as a cell holds it: numbers and dates as they are, times in Beijing time,
    text cleaned (no formula, nothing XML cannot hold)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    return cell_text(value)


def sheet_name(title: str, level: int) -> str:
    """The worksheet's name, which says the 密级: "收文（秘密）" (at most Excel's 31 characters)."""
    name = f"{title}（{Clearance(level).label}）"
    for bad in "[]:*?/\\":
        name = name.replace(bad, "")
    return name[-31:]


def write_rows(out, *, title: str, headings: Iterable[tuple[str, int]], rows: Iterable[list], level: int) -> int:
    """A write-only workbook of ``rows`` into the file ``out``: the 密级 and the time first,
    then the headings. Returns how many rows it holds."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    headings = list(headings)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name(title, level))
    for index, (_label, width) in enumerate(headings, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.append([marking(level), title, _("导出时间：%(at)s") % {"at": f"{timezone.localtime():%Y-%m-%d %H:%M}"}])
    sheet.append([label for label, _width in headings])
    count = 0
    for row in rows:
        sheet.append([cell(value) for value in row])
        count += 1
    book.save(out)
    return count


def write_sheet(sheet: Sheet, rows: QuerySet, out, *, limit: int, level: int | None = None) -> tuple[int, int, str]:
    """``rows`` (at most ``limit``) as ``sheet`` says into ``out``: (rows, 密级, file name)."""
    level = highest_level_in(rows) if level is None else level
    title = _(str(sheet.title))

    def chunks():
        chunk = []
        for row in rows[:limit].iterator(chunk_size=CHUNK):
            chunk.append(row)
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def values():
        for chunk in chunks():
            for obj in sheet.objects(chunk) if sheet.objects is not None else chunk:
                yield [column.value(obj) for column in sheet.columns]

    count = write_rows(out, title=title, headings=((_(c.label), c.width) for c in sheet.columns),
                       rows=values(), level=level)
    name = export_filename(f"{title}-{timezone.localtime():%Y%m%d-%H%M}.xlsx", level)
    return count, level, name


def attachment(handle, name: str) -> FileResponse:
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX)
    response["Cache-Control"] = "no-store"
    return response


def _filters_used(params: QueryDict | dict) -> list[str]:
    """The names of the filters given (never their values: a search word may be a title)."""
    return sorted(k for k, v in params.items() if v and k != "page")[:20]


def export_response(request: HttpRequest, key: str, **kwargs) -> HttpResponse:
    """The export of list ``key`` for this request's filters: the file, or (beyond :data:`CAP`
    rows) a job queued and the user sent to 我的导出."""
    sheet = sheet_for(key)
    user = request.user
    rows = sheet.rows(user, request.GET, **kwargs)
    if rows[: CAP + 1].count() > CAP:
        job = export_job_request(actor=user, key=key, params=request.GET, kwargs=kwargs)
        messages.info(request, _("符合条件的记录超过 %(cap)s 条，已转入后台生成，完成后可在“我的导出”中下载。")
                      % {"cap": f"{CAP:,}"})
        return redirect(f"{_export_list_url()}#job-{job.pk}")
    handle = tempfile.TemporaryFile()
    level = sheet.level(user, request.GET, **kwargs) if sheet.level is not None else None
    count, level, name = write_sheet(sheet, rows, handle, limit=CAP, level=level)
    audit_record(actor=user, action="export", request=request,
                 detail={"what": key, "rows": count, "level": level, "filters": _filters_used(request.GET)})
    handle.seek(0)
    return attachment(handle, name)


def _export_list_url() -> str:
    from django.urls import reverse

    return reverse("office:export_list")


# --- the background job ----------------------------------------------------------------


def export_dir() -> Path:
    path = Path(settings.VAR_DIR) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def export_path(job) -> Path:
    return export_dir() / f"{job.pk}.xlsx"


@transaction.atomic
def export_job_request(*, actor, key: str, params: QueryDict | dict, kwargs: dict | None = None):
    """Queue the export of list ``key`` for ``actor``: made by a worker, as him, after commit."""
    from office.models import ExportJob

    sheet_for(key)
    plain = params.urlencode() if isinstance(params, QueryDict) else urlencode(params)
    job = ExportJob(user=actor, key=key, params=json.dumps({"get": plain, "kwargs": kwargs or {}}))
    job.full_clean()
    job.save()
    audit_record(actor=actor, action="export.queued", obj=job,
                 detail={"what": key, "filters": _filters_used(params)})
    pk = job.pk

    def enqueue():
        from celery import current_app

        try:  # by name: office.jobs calls this module, not the other way round
            current_app.send_task("office.jobs.export_run", args=[pk])
        except Exception:  # noqa: BLE001 - broker down: the job stays queued, 我的导出 says so
            pass

    transaction.on_commit(enqueue)
    return job


def export_job_run(*, job_id: int) -> int:
    """Make the file of a queued export, as the user who asked, through the policy. → rows."""
    from office.models import ExportJob, ExportState

    with transaction.atomic():
        job = ExportJob.objects.select_for_update().select_related("user").filter(pk=job_id).first()
        if job is None or job.state not in (ExportState.QUEUED, ExportState.FAILED):
            return 0
        job.state = ExportState.RUNNING
        job.save(update_fields=["state"])
    saved = json.loads(job.params or "{}")
    try:
        sheet = sheet_for(job.key)
        params, kwargs = QueryDict(saved.get("get", "")), saved.get("kwargs", {})
        rows = sheet.rows(job.user, params, **kwargs)
        level = sheet.level(job.user, params, **kwargs) if sheet.level is not None else None
        with open(export_path(job), "wb") as out:
            count, level, name = write_sheet(sheet, rows, out, limit=JOB_MAX, level=level)
    except Exception:
        ExportJob.objects.filter(pk=job.pk).update(state=ExportState.FAILED, finished_at=timezone.now())
        raise
    with transaction.atomic():
        job.state, job.rows, job.level, job.filename = ExportState.DONE, count, level, name
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "rows", "level", "filename", "finished_at"])
        audit_record(actor=job.user, action="export", obj=job,
                     detail={"what": job.key, "rows": count, "level": level, "job": job.pk})
        from office.services import notification_send

        notification_send(recipient=job.user, verb="export", title=_("导出文件已生成，可下载"),
                          url=_export_list_url(), email=False)
    return count


#: A queued export no worker has taken after this long is made by the sweep; a file is kept this long.
STALE_AFTER = dt.timedelta(minutes=5)
KEEP_FOR = dt.timedelta(days=7)


def exports_sweep(*, now: dt.datetime | None = None) -> dict:
    """Run the queued exports that waited too long (one at a time, each under its row lock, so two
    sweeps or a late worker never make one twice); delete files older than :data:`KEEP_FOR`."""
    from office.models import ExportJob, ExportState

    now = now or timezone.now()
    made = 0
    stale = ExportJob.objects.filter(state=ExportState.QUEUED, created_at__lt=now - STALE_AFTER)
    for pk in stale.order_by("id").values_list("pk", flat=True)[:20]:
        try:
            export_job_run(job_id=pk)
        except Exception:  # noqa: BLE001 - marked failed; the next one is still made
            continue
        made += 1
    removed = 0
    for job in ExportJob.objects.filter(state=ExportState.DONE, finished_at__lt=now - KEEP_FOR).order_by("id")[:500]:
        export_path(job).unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).delete()
        removed += 1
    return {"made": made, "removed": removed}


def export_jobs_for(*, user, limit: int = 20) -> list:
    from office.models import ExportJob

    return list(ExportJob.objects.filter(user=user)[:limit])


def export_job_download(request: HttpRequest, *, pk: int) -> FileResponse:
    """A prepared file, only to the user who asked for it (anyone else: 404), audited."""
    from office.models import ExportJob, ExportState

    job = ExportJob.objects.filter(pk=pk, user=request.user, state=ExportState.DONE).first()
    path = export_path(job) if job is not None else None
    if path is None or not path.exists():
        raise Http404
    audit_record(actor=request.user, action="export.download", obj=job, request=request,
                 detail={"what": job.key, "rows": job.rows, "level": job.level})
    return attachment(path.open("rb"), job.filename)
