"""A large 年度工作要点 sheet is checked by a Celery job, not in the request (issue 13, point 3): the
uploader polls a status page; every bad row is reported with its row and column; nothing is saved
until the whole sheet is valid and he confirms; then a second job saves it in one transaction.

The tests about the check run the job eagerly (in this process); one test runs the whole way with a
real worker process on Redis (``tests/office/test_celery.py``'s Worker)."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from django.test import override_settings
from django.utils import timezone

from office.celery import app
from supervision.choices import ImportState
from supervision.models import KeyTask, PlanImport, SupervisedItem, WorkPlan
from supervision.plans import imports, uploads
from tests.helpers import client_for
from tests.supervision.test_plan_import import _row, _upload, _xlsx

N = 260  # more than imports.SYNC_ROWS: the page hands it to the job


def _rows(n=N, bad=()):
    today = timezone.localdate()
    rows = [
        _row(
            task=f"重点任务{i // 20 + 1}",
            title=f"督办事项{i + 1}",
            lead=["法规处", "人事处"][i % 2],
            due=today + dt.timedelta(days=30 + i % 60),
        )
        for i in range(n)
    ]
    for i, change in bad:
        rows[i] = _row(task=f"重点任务{i // 20 + 1}", title=f"督办事项{i + 1}", **change)
    return rows


def _nothing_saved():
    assert not WorkPlan.objects.exists() and not KeyTask.objects.exists() and not SupervisedItem.objects.exists()


@pytest.fixture
def eager():
    """The jobs run in this process as they are sent (the test is about the check, not the worker)."""
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def test_a_large_sheet_is_not_checked_in_the_request(people, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(imports, "_enqueue", lambda name, pk: sent.append((name, pk)))
    officer = client_for(people["sunhao"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(officer, _xlsx(_rows()))
    job = PlanImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/supervision/plans/import/{job.pk}/"
    assert sent == [("plan_import_check", job.pk)] and job.state == ImportState.QUEUED
    page = officer.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page and "正在后台逐行检查" in page
    _nothing_saved()
    # Only its uploader sees it.
    assert client_for(people["zhouting"]).get(response["Location"]).status_code == 404
    assert client_for(people["qianli"]).get(response["Location"]).status_code == 404


def test_every_bad_row_of_a_large_sheet_is_reported_with_row_and_column(
    people, eager, django_capture_on_commit_callbacks
):
    past = timezone.localdate() - dt.timedelta(days=3)
    bad = [(9, {"lead": "不存在处"}), (120, {"due": past}), (250, {"lead": ""})]
    officer = client_for(people["sunhao"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(officer, _xlsx(_rows(bad=bad)))
    job = PlanImport.objects.get()
    assert job.state == ImportState.INVALID and job.rows == N
    page = officer.get(response["Location"]).content.decode()
    assert "发现 3 处问题，未导入任何内容" in page and 'http-equiv="refresh"' not in page
    found = set(re.findall(r'data-row="(\d+)" data-column="([^"]*)"', page))
    assert found == {("11", "牵头处室"), ("122", "办理时限"), ("252", "牵头处室")}
    assert "E11" in page  # the cell
    _nothing_saved()
    assert uploads.read(job.stored_key) is None  # the file is not kept once refused
    # Nothing to confirm.
    officer.post(f"/supervision/plans/import/{job.pk}/confirm/")
    _nothing_saved()


def test_a_valid_large_sheet_is_saved_only_after_confirmation(people, eager, django_capture_on_commit_callbacks):
    officer = client_for(people["sunhao"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(officer, _xlsx(_rows()))
    job = PlanImport.objects.get()
    page = officer.get(response["Location"]).content.decode()
    assert job.state == ImportState.VALID and f"全部 {N} 行检查通过" in page and "data-confirm" in page
    _nothing_saved()
    # Someone else cannot confirm it.
    assert client_for(people["zhouting"]).post(f"/supervision/plans/import/{job.pk}/confirm/").status_code == 404
    _nothing_saved()
    with django_capture_on_commit_callbacks(execute=True):
        assert officer.post(f"/supervision/plans/import/{job.pk}/confirm/").status_code == 302
    job.refresh_from_db()
    assert (job.state, job.item_count) == (ImportState.IMPORTED, N)
    assert SupervisedItem.objects.filter(key_task__plan__year=job.year).count() == N
    assert "已导入 260 项督办事项" in officer.get(f"/supervision/plans/import/{job.pk}/").content.decode()
    # Confirmed twice: nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(f"/supervision/plans/import/{job.pk}/confirm/")
    assert SupervisedItem.objects.count() == N


def test_a_sheet_that_went_bad_before_the_save_saves_nothing(people, units, eager, django_capture_on_commit_callbacks):
    """Checked, confirmed — but a department was renamed meanwhile: the save checks again, saves nothing."""
    officer = client_for(people["sunhao"])
    with django_capture_on_commit_callbacks(execute=True):
        _upload(officer, _xlsx(_rows()))
    job = PlanImport.objects.get()
    assert job.state == ImportState.VALID
    unit = units["RSC"]
    unit.name, unit.short_name = "干部人事处", "干部处"
    unit.save(update_fields=["name", "short_name"])
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(f"/supervision/plans/import/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.state == ImportState.INVALID and {p["column"] for p in job.problems} == {"牵头处室"}
    _nothing_saved()


# --- with a real worker --------------------------------------------------------------------


@pytest.mark.celery
def test_a_real_worker_checks_and_saves_a_large_sheet(transactional_db, tmp_path, monkeypatch):
    from tests import demo_db
    from tests.office.test_celery import Worker, wait_for

    monkeypatch.setattr("documents.demo.load", lambda: 0)
    monkeypatch.setattr("supervision.demo.load", lambda: 0)
    demo_db.load("people")
    from office.models import User

    worker = Worker(tmp_path)
    try:
        # The worker's files where the test's are (under xdist tests/settings.py adds the worker's name).
        var = (
            tmp_path / "var" / os.environ["PYTEST_XDIST_WORKER"]
            if os.environ.get("PYTEST_XDIST_WORKER")
            else (tmp_path / "var")
        )
        with override_settings(SUPERVISION_JOBS_QUEUE=worker.queue, VAR_DIR=var):
            officer = client_for(User.objects.get(username="sunhao"))
            response = _upload(officer, _xlsx(_rows(n=205)))
            assert response.status_code == 302
            job = PlanImport.objects.get()
            wait_for(
                lambda: PlanImport.objects.get(pk=job.pk).state == ImportState.VALID, "the check", worker, timeout=90
            )
            _nothing_saved()
            assert "全部 205 行检查通过" in officer.get(response["Location"]).content.decode()
            officer.post(f"/supervision/plans/import/{job.pk}/confirm/")
            wait_for(
                lambda: PlanImport.objects.get(pk=job.pk).state == ImportState.IMPORTED, "the save", worker, timeout=120
            )
            assert SupervisedItem.objects.count() == 205 and PlanImport.objects.get(pk=job.pk).item_count == 205
    finally:
        worker.stop()


def test_a_sheet_queued_while_the_broker_was_down_is_checked_and_saved_later_exactly_once(
    people, monkeypatch, django_capture_on_commit_callbacks
):
    """The broker is down at upload and at confirmation: the rows wait (排队 / 导入中); the periodic
    sweep runs each job once the workers are back, and a second sweep (or a late message) does nothing."""
    from office.celery import app

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(app.Task, "apply_async", broker_down)
    officer = people["sunhao"]
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.plan_import_start(actor=officer, year=timezone.localdate().year, name="plan.xlsx",
                                        content=_xlsx(_rows(n=6)))
    job.refresh_from_db()
    assert job.state == ImportState.QUEUED
    assert imports.plan_imports_sweep() == []  # a fresh row may still reach a worker: left alone
    assert imports.plan_imports_sweep(older_than=dt.timedelta(0)) == [job.pk]
    job.refresh_from_db()
    assert job.state == ImportState.VALID and job.rows == 6
    with django_capture_on_commit_callbacks(execute=True):
        imports.plan_import_confirm(actor=officer, job=job)
    job.refresh_from_db()
    assert job.state == ImportState.IMPORTING
    _nothing_saved()
    assert imports.plan_imports_sweep(older_than=dt.timedelta(0)) == [job.pk]
    assert imports.plan_imports_sweep(older_than=dt.timedelta(0)) == []
    imports.plan_import_save(import_id=job.pk)  # the message that arrives late
    job.refresh_from_db()
    assert (job.state, job.item_count) == (ImportState.IMPORTED, 6)
    assert SupervisedItem.objects.count() == 6
