"""督办附件 (issue 13, point 1): the scanned 批示件 of a 领导批办件 and the material of a 进展反馈 go
through the 附件 checks (content, not name; zip bombs; size), are downloaded only through the policy,
and each download is audited. A bad file and nothing is saved."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from office.models import AuditEvent, User
from supervision import files
from supervision.choices import ItemState
from supervision.items import services as item_services
from supervision.items import sources as item_sources
from supervision.models import Instruction, ProgressReport, SupervisedItem, SupervisionFile
from tests.helpers import client_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _stored() -> set[str]:
    root = files.storage_root()
    return {p.name for p in root.glob("*/*")} if root.is_dir() else set()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (5 * 1024 * 1024))  # 5 MB of zeros: ratio ≈ 1000:1
    return buffer.getvalue()


def _instruction_form(people, units, **extra):
    today = timezone.localdate()
    return {
        "leader": people["liminghua"].pk,
        "given_on": today.isoformat(),
        "text": "请人社局抓紧研究落实。",
        "title": "关于稳就业工作的批示",
        "requirement": "",
        "lead_unit": units["JYCJ"].pk,
        "importance": "key",
        "secret_level": "0",
        "report_cycle": "monthly",
        "due_on": (today + dt.timedelta(days=30)).isoformat(),
        **extra,
    }


def _download_audits(file_pk: int) -> int:
    return sum(1 for row in AuditEvent.objects.filter(action="export") if (row.detail or {}).get("file") == file_pk)


def test_the_scanned_instruction_is_kept_shown_and_downloaded_through_the_policy(people, units):
    office = client_for(people["sunhao"])
    scan = SimpleUploadedFile("李局长批示件.pdf", PDF, content_type="application/pdf")
    response = office.post("/supervision/items/instruction/new/", _instruction_form(people, units, files=[scan]))
    assert response.status_code == 302, response.content.decode()[:2000]
    item = SupervisedItem.objects.get()
    kept = SupervisionFile.objects.get()
    assert kept.instruction_id == item.instruction_id and kept.original_name == "李局长批示件.pdf"
    assert kept.content_type == "application/pdf" and kept.size == len(PDF)
    page = office.get(item.get_absolute_url()).content.decode()
    url = re.search(r'href="(/supervision/items/files/\d+/)" data-file', page).group(1)
    assert "李局长批示件.pdf" in page
    response = office.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff" and "attachment" in response["Content-Disposition"]
    assert _download_audits(kept.pk) == 1
    # Someone who may not see the item: 404, as for a file that does not exist; nothing audited.
    outsider = User.objects.filter(role="staff").exclude(unit=units["JYCJ"]).order_by("id").first()
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(people["auditor"]).get(url).status_code == 404  # 三员 read no business content
    assert _download_audits(kept.pk) == 1
    # The lead department's head sees the item once it is handed to him: then the file too.
    assert client_for(units["JYCJ"].head).get(url).status_code == 404
    item_services.item_assign(actor=people["sunhao"], item=item)
    assert client_for(units["JYCJ"].head).get(url).status_code == 200


def test_a_file_that_is_not_what_it_claims_registers_nothing(people, units):
    office = client_for(people["sunhao"])
    before = _stored()
    fake = SimpleUploadedFile("批示件.pdf", b"MZ\x90\x00\x03\x00\x00\x00", content_type="application/pdf")
    response = office.post("/supervision/items/instruction/new/", _instruction_form(people, units, files=[fake]))
    assert response.status_code == 400
    assert "不是允许上传的文件类型" in response.content.decode()
    assert not Instruction.objects.exists() and not SupervisedItem.objects.exists()
    assert not SupervisionFile.objects.exists() and _stored() == before


@override_settings(DOCUMENT_MAX_UPLOAD_MB=1)
def test_a_file_past_the_limit_is_refused_with_the_limit_named(people, units):
    office = client_for(people["sunhao"])
    big = SimpleUploadedFile("批示件.pdf", PDF + b"0" * (1024 * 1024 + 10), content_type="application/pdf")
    response = office.post("/supervision/items/instruction/new/", _instruction_form(people, units, files=[big]))
    assert response.status_code == 400 and "1 MB" in response.content.decode()
    assert not SupervisedItem.objects.exists()


def test_a_progress_report_carries_its_material_and_a_zip_bomb_saves_nothing(make, people):
    item = make(ItemState.HANDLING)
    handler = item.handler
    client = client_for(handler)
    url = f"/supervision/items/{item.pk}/do/report/"
    before = _stored()
    bomb = SimpleUploadedFile("进展材料.docx", _zip_bomb())
    response = client.post(url, {"text": "已完成调研。", "percent": 30, "files": [bomb]})
    assert response.status_code == 400 and "压缩炸弹" in response.content.decode()
    assert not ProgressReport.objects.exists() and not SupervisionFile.objects.exists() and _stored() == before
    item.refresh_from_db()
    assert item.progress == 0
    material = SimpleUploadedFile("调研报告.pdf", PDF)
    response = client.post(url, {"text": "已完成调研。", "percent": 30, "files": [material]})
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    kept = SupervisionFile.objects.get(report=report)
    assert kept.original_name == "调研报告.pdf"
    page = client_for(people["sunhao"]).get(item.get_absolute_url()).content.decode()
    assert re.search(rf'href="/supervision/items/files/{kept.pk}/" data-file>.*调研报告\.pdf', page)
    assert AuditEvent.objects.filter(action="supervision.files").exists()
    head = item.lead_unit.head
    assert client_for(head).get(f"/supervision/items/files/{kept.pk}/").status_code == 200
    outsider = (
        User.objects.filter(role="staff")
        .exclude(unit=item.lead_unit)
        .exclude(pk__in=item.parts.values("contact"))
        .exclude(unit__in=item.parts.values("unit"))
        .order_by("id")
        .first()
    )
    assert client_for(outsider).get(f"/supervision/items/files/{kept.pk}/").status_code == 404


def test_files_of_a_registration_rolled_back_by_its_caller_are_swept_after_a_day(people, units, settings, tmp_path):
    """files_add cleans up after its own failure, not after an outer transaction's: the core's orphan
    sweep (office.orphans) removes those files once they are a day old, and only those."""
    import os
    import time

    import pytest
    from django.db import transaction

    from office.orphans import orphan_files_sweep

    settings.SUPERVISION_STORAGE_ROOT = tmp_path / "supervision"

    def register(title):
        return item_sources.instruction_register(
            actor=people["sunhao"], leader=people["liminghua"], text="请抓紧落实。", given_on=timezone.localdate(),
            subject=title, lead_unit=units["JYCJ"], due_on=timezone.localdate() + dt.timedelta(days=30),
            files=[SimpleUploadedFile("批示件.pdf", PDF)],
        )

    register("保留的批办件")
    with pytest.raises(RuntimeError), transaction.atomic():
        register("回滚的批办件")
        raise RuntimeError("the caller fails after the files were written")
    assert len(_stored()) == 2 and SupervisionFile.objects.count() == 1
    root = [files.storage_root()]
    assert orphan_files_sweep(roots=root) == []  # a day's grace: it may belong to a transaction still running
    old = time.time() - 2 * 24 * 3600
    for path in files.storage_root().glob("*/*"):
        os.utime(path, (old, old))
    removed = orphan_files_sweep(roots=root)
    assert len(removed) == 1 and not removed[0].exists()
    assert _stored() == {f.stored_name.split("/")[1] for f in SupervisionFile.objects.all()}
