"""Every list's export (office.exports): the rows the list shows, whatever its filters, only what
the user may see, marked with the highest 密级 it holds, audited — and past the cap, a background
job the user (and nobody else) downloads."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from documents.models import IncomingDocument
from office import exports
from office.models import AuditEvent, ExportJob, User
from office.permissions import restrict
from tests.helpers import client_for

#: list page → its export, each with the column the list's rows are compared on.
LISTS = {
    "/documents/incoming/?box=all": "/documents/incoming/export.xlsx?box=all",
    "/documents/outgoing/?box=all": "/documents/outgoing/export.xlsx?box=all",
    "/documents/information/?box=all": "/documents/information/export.xlsx?box=all",
    "/meetings/?view=all": "/meetings/export.xlsx?view=all",
    "/tasks/expense/?box=all": "/tasks/expense/export.xlsx?box=all",
}


def _sheet(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return sheet.title, rows[0], rows[1], rows[2:]


def _filename(response) -> str:
    return unquote(response["Content-Disposition"].split("''", 1)[1])


def _titles_on_page(client, url) -> tuple[list[str], int]:
    """The titles of the list's first page, and how many rows its pager counts."""
    page = client.get(url).context["page"]
    return [getattr(row, "title", None) for row in page.object_list], page.paginator.count


@pytest.mark.parametrize("username", ["zhouting", "qianli"])
def test_each_list_exports_the_rows_it_shows(demo, username):
    client = client_for(User.objects.get(username=username))
    for page, export in LISTS.items():
        _name, _marking, heading, rows = _sheet(client.get(export))
        titles, count = _titles_on_page(client, page)
        assert len(rows) == count, page  # every row the filters select, not only the page
        column = heading.index("标题") if "标题" in heading else heading.index(
            "会议名称" if "meetings" in page else "事由")
        assert [row[column] for row in rows[: len(titles)]] == titles, page


def test_a_filtered_list_exports_its_filtered_rows_and_the_audit_says_which_filters(demo):
    office = demo["office"]
    client = client_for(office)
    word = "通知"
    _name, _marking, heading, rows = _sheet(client.get(f"/documents/incoming/export.xlsx?box=all&q={word}"))
    titles = [row[heading.index("标题")] for row in rows]
    shown, count = _titles_on_page(client, f"/documents/incoming/?box=all&q={word}")
    assert len(titles) == count > len(shown)  # every selected row, beyond the first page
    assert titles[: len(shown)] == shown
    everything = restrict(IncomingDocument.objects.all(), office).count()
    assert 0 < len(titles) < everything
    event = AuditEvent.objects.filter(action="export", actor=office).latest("id")
    assert event.detail["what"] == "documents.incoming" and event.detail["rows"] == len(titles)
    assert event.detail["filters"] == ["box", "q"]  # names only: a search word may be a title
    assert word not in str(event.detail)


def test_a_user_never_exports_outside_his_scope_and_the_file_says_its_level(demo):
    secret = IncomingDocument.objects.get(state="handling", lead_unit__code="JCZD")  # 秘密
    office, staff = client_for(demo["office"]), client_for(demo["staff"])
    response = office.get("/documents/incoming/export.xlsx?box=all")
    name, marking, heading, rows = _sheet(response)
    assert secret.title in [row[heading.index("标题")] for row in rows]
    assert marking[0] == "密级：秘密" and name == "收文（秘密）" and _filename(response).startswith("【秘密】收文-")

    response = staff.get("/documents/incoming/export.xlsx?box=all")
    name, marking, heading, rows = _sheet(response)
    mine = set(restrict(IncomingDocument.objects.all(), demo["staff"]).values_list("title", flat=True))
    assert {row[heading.index("标题")] for row in rows} <= mine and secret.title not in mine
    assert not _filename(response).startswith("【")
    assert AuditEvent.objects.filter(action="export", actor=demo["staff"], detail__what="documents.incoming").exists()


def test_the_archive_exports_as_xlsx(demo):
    _name, _marking, heading, rows = _sheet(client_for(demo["office"]).get("/documents/archive/export.xlsx"))
    assert heading[:2] == ["档号", "题名"] and rows and all(row[0] for row in rows)


def test_past_the_cap_a_job_prepares_the_file_for_its_owner_alone(demo, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(exports, "CAP", 2)
    sent = []
    monkeypatch.setattr("celery.current_app.send_task", lambda name, args: sent.append((name, args)))
    office = client_for(demo["office"])
    with django_capture_on_commit_callbacks(execute=True):
        response = office.get("/supervision/exports/ledger.xlsx?state=handling")
    assert response.status_code == 302 and response["Location"].startswith("/exports/#job-")
    job = ExportJob.objects.get(user=demo["office"])
    assert sent == [("office.jobs.export_run", [job.pk])] and job.state == "queued"
    assert "排队中" in office.get("/exports/").content.decode()

    from office.jobs import export_run

    count = export_run(job.pk)
    job.refresh_from_db()
    assert job.state == "done" and job.rows == count > 2
    _name, _marking, heading, rows = _sheet(office.get(f"/exports/{job.pk}/download/"))
    assert len(rows) == count and heading[0] == "督办编号"
    assert client_for(demo["principal"]).get(f"/exports/{job.pk}/download/").status_code == 404
    actions = set(AuditEvent.objects.filter(actor=demo["office"], action__startswith="export").values_list("action", flat=True))
    assert actions == {"export.queued", "export", "export.download"}


def test_the_sweep_makes_an_export_no_worker_took_and_removes_old_files(demo_people):
    import datetime as dt

    from django.http import QueryDict
    from django.utils import timezone

    office = demo_people["office"]
    job = exports.export_job_request(actor=office, key="documents.outgoing", params=QueryDict("box=all"))
    assert exports.exports_sweep() == {"made": 0, "removed": 0}  # not yet stale: a worker may still take it
    later = timezone.now() + exports.STALE_AFTER + dt.timedelta(seconds=1)
    assert exports.exports_sweep(now=later) == {"made": 1, "removed": 0}
    job.refresh_from_db()
    assert job.state == "done" and exports.export_path(job).exists()
    assert exports.exports_sweep(now=later) == {"made": 0, "removed": 0}  # made once
    gone = exports.exports_sweep(now=timezone.now() + exports.KEEP_FOR + dt.timedelta(days=1))
    assert gone == {"made": 0, "removed": 1} and not exports.export_path(job).exists()
    assert not ExportJob.objects.filter(pk=job.pk).exists()
