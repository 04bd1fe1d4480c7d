"""督查: an inspection with two findings (evidence attached) turned into 整改 items and rectified;
the page counts them; the report becomes a draft 发文; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from office.models import User
from supervision.inspections import services
from supervision.items import progress
from supervision.items import services as items
from supervision.models import Finding, Inspection, SupervisedItem, SupervisionFile
from tests.helpers import client_for

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


def _close(item, people):
    """整改 done: 交办 → 签收 → 指派 → 办结报告 → 审核 → 销号, through the services."""
    officer = people["sunhao"]
    item = items.item_assign(actor=officer, item=item)
    head = item.lead_unit.head
    item = items.item_sign(actor=head, item=item)
    handler = User.objects.filter(unit=item.lead_unit, role="staff").order_by("id").first()
    item = items.item_name_handler(actor=head, item=item, handler=handler)
    item = progress.item_complete(actor=handler, item=item, report="整改已完成，问题已全部销号。")
    item = items.item_review(actor=officer, item=item, opinion="整改到位。")
    return items.item_close(actor=officer, item=SupervisedItem.objects.get(pk=item.pk))


def test_a_special_inspection_with_two_findings_rectified(people, units):
    office = client_for(people["sunhao"])
    today = timezone.localdate()
    response = office.post("/supervision/inspections/new/", {
        "kind": "special", "topic": "工程建设领域欠薪治理专项督查", "scope_units": [units["JCZD"].pk, units["LDGX"].pk],
        "team_leader": people["liuxiaodong"].pk, "members": [people["sunhao"].pk], "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=5)).isoformat(), "method": "实地检查、随机抽查", "secret_level": "0"})
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    url = f"/supervision/inspections/{inspection.pk}/"
    due = (today + dt.timedelta(days=30)).isoformat()
    # A file of the wrong kind: nothing recorded.
    response = office.post(url + "findings/new/", {
        "description": "未设立工资专用账户", "unit": units["JCZD"].pk, "due_on": due,
        "files": [SimpleUploadedFile("证据.exe", b"MZ\x90\x00")]})
    assert response.status_code == 400 and "不是允许上传的文件类型" in response.content.decode()
    assert not Finding.objects.exists() and not SupervisionFile.objects.exists()
    for text, code in (("部分项目未设立农民工工资专用账户", "JCZD"), ("维权公示牌内容不全", "LDGX")):
        response = office.post(url + "findings/new/", {
            "description": text, "unit": units[code].pk, "requirement": "限期整改到位。", "due_on": due,
            "files": [SimpleUploadedFile("现场照片.png", PNG)]})
        assert response.status_code == 302, response.content.decode()[:3000]
    assert SupervisionFile.objects.filter(finding__inspection=inspection).count() == 2
    page = office.get(url).content.decode()
    assert "已整改 0 / 2" in page and page.count("现场照片.png") == 2
    file_url = re.search(r'href="(/supervision/items/files/\d+/)"', page).group(1)
    assert office.get(file_url).status_code == 200
    assert client_for(people["zhoujianhua"]).get(file_url).status_code == 404
    for finding in inspection.findings.order_by("number"):
        response = office.post(f"{url}findings/{finding.pk}/rectify/", {})
        assert response.status_code == 302
        finding.refresh_from_db()
        assert finding.item.source_kind == "finding" and finding.item.lead_unit == finding.unit
        assert finding.item.due_on.isoformat() == due and finding.item.state == "draft"
    again = office.post(f"{url}findings/{finding.pk}/rectify/", {})
    assert again.status_code == 302 and SupervisedItem.objects.count() == 2  # not twice
    _close(Finding.objects.get(number=1, inspection=inspection).item, people)
    assert "已整改 1 / 2" in office.get(url).content.decode()
    _close(Finding.objects.get(number=2, inspection=inspection).item, people)
    assert "已整改 2 / 2" in office.get(url).content.decode()
    listing = office.get("/supervision/inspections/").content.decode()
    assert re.search(r"data-rectified>\s*2 / 2", listing)
    assert set(Finding.objects.values_list("state", flat=True)) == {"rectified"}


def test_the_report_is_saved_then_becomes_a_draft_发文(people, units):
    from documents.models import OutgoingDocument
    from office.models import Link

    today = timezone.localdate()
    inspection = services.inspection_create(
        actor=people["sunhao"], kind="comprehensive", topic="上半年重点工作集中督查", team_leader=people["liuxiaodong"],
        starts_on=today, ends_on=today + dt.timedelta(days=3), scope_units=[units["ZCFG"]])
    services.finding_record(actor=people["sunhao"], inspection=inspection, description="台账不全", unit=units["ZCFG"],
                            due_on=today + dt.timedelta(days=20))
    office = client_for(people["sunhao"])
    url = f"/supervision/inspections/{inspection.pk}/"
    draft = office.get(url).content.decode()
    assert "一、督查基本情况" in draft and "台账不全（政策法规处）" in draft
    assert office.post(url + "report/", {"report": ""}).status_code == 400
    response = office.post(url + "report/", {"report": "一、基本情况\n督查发现台账不全。", "outgoing": "1"})
    assert response.status_code == 302
    document = OutgoingDocument.objects.get()
    assert response["Location"] == f"/documents/outgoing/{document.pk}/"
    assert document.doc_type == "report" and document.state == "drafting" and "台账不全" in document.body
    assert Link.objects.filter(target_id=str(document.pk)).count() == 1
    inspection.refresh_from_db()
    assert inspection.state == "reported"
    assert "发文" in office.get(url).content.decode()


def test_bad_inspection_input_is_answered_on_the_page(people, units):
    office = client_for(people["sunhao"])
    today = timezone.localdate()
    response = office.post("/supervision/inspections/new/", {
        "kind": "special", "topic": "", "scope_units": [units["JCZD"].pk], "team_leader": people["sunhao"].pk,
        "starts_on": today.isoformat(), "ends_on": (today - dt.timedelta(days=1)).isoformat(), "secret_level": "0"})
    assert response.status_code == 400
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not Inspection.objects.exists()
