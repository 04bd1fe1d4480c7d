"""One chain per matter (office.chain): every object linked to a 收文 across the apps and every
step on them, as the viewer may see them — and nothing he may not, not even a hint."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from documents.models import IncomingDocument, OutgoingDocument
from office.links import link_create
from office.models import AuditEvent, LinkKind
from supervision.models import SupervisedItem
from tests.helpers import assert_num_queries, client_for

DOC = "/chain/documents.incomingdocument/{}/"


@pytest.fixture
def matter(demo):
    """法规处's 收文 in 承办 (钱莉 handles it) and the item its 批示 opened — and, hidden from 钱莉,
    a 秘密 item (监察处's) linked to it, from which a 发文 draft was made."""
    doc = IncomingDocument.objects.get(state="handling", lead_unit__code="ZCFG")
    item = SupervisedItem.objects.get(pk=_supervised(doc))
    secret_doc = IncomingDocument.objects.get(state="handling", lead_unit__code="JCZD")
    hidden = SupervisedItem.objects.get(pk=_supervised(secret_doc))
    assert hidden.secret_level == 2  # 秘密, as the 收文 it was opened from
    beyond = OutgoingDocument.objects.get(state="issued", secret_level=0, doc_type="circular")  # everyone's
    link_create(actor=None, source=doc, target=hidden, kind=LinkKind.SUPERVISE)
    link_create(actor=None, source=hidden, target=beyond, kind=LinkKind.DRAFT)
    return {"doc": doc, "item": item, "hidden": hidden, "beyond": beyond}


def _supervised(doc) -> int:
    from office.models import Link

    return int(Link.objects.get(source_id=str(doc.pk), kind=LinkKind.SUPERVISE, source_type__model="incomingdocument").target_id)


def test_the_office_sees_the_whole_chain_each_object_a_link(matter, demo):
    html = client_for(demo["office"]).get(DOC.format(matter["doc"].pk)).content.decode()
    for obj in ("doc", "item", "hidden", "beyond"):
        assert f'href="{matter[obj].get_absolute_url()}"' in html, obj
    assert matter["item"].serial_display in html
    assert "批示" in html and "交办" in html  # the 收文's step and the item's, on one timeline


def test_the_chain_hides_what_the_viewer_may_not_see(matter, demo):
    staff = demo["staff"]  # 钱莉: sees the 收文 and its item, not the 秘密 item, nor what lies behind it
    response = client_for(staff).get(DOC.format(matter["doc"].pk))
    html = response.content.decode()
    assert response.status_code == 200 and matter["item"].title in html
    for hidden in ("hidden", "beyond"):
        assert matter[hidden].title not in html and matter[hidden].get_absolute_url() not in html
    assert "秘密" not in html and matter["hidden"].serial_display not in html


def test_the_ledger_holds_the_timeline_as_the_viewer_may_see_it(matter, demo):
    office, staff = client_for(demo["office"]), client_for(demo["staff"])
    response = office.get(DOC.format(matter["doc"].pk) + "ledger.xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][0] == "密级：秘密" and unquote(response["Content-Disposition"]).count("【秘密】链路台账")
    assert rows[1][:6] == ("序号", "时间", "对象", "编号", "标题", "环节")
    assert {r[4] for r in rows[2:]} >= {matter["doc"].title, matter["item"].title, matter["hidden"].title}

    response = staff.get(DOC.format(matter["doc"].pk) + "ledger.xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    titles = {r[4] for r in rows[2:]}
    assert matter["hidden"].title not in titles and matter["beyond"].title not in titles
    assert {matter["doc"].title, matter["item"].title} <= titles and rows[0][0] != "密级：秘密"
    event = AuditEvent.objects.get(action="chain.export", actor=demo["staff"])
    assert event.object_id == str(matter["doc"].pk) and event.detail["rows"] == len(rows) - 2


def test_a_chain_out_of_scope_or_of_no_such_kind_is_a_404(matter, demo):
    secret = IncomingDocument.objects.get(state="handling", lead_unit__code="JCZD")
    assert client_for(demo["staff"]).get(DOC.format(secret.pk)).status_code == 404
    assert client_for(demo["staff"]).get(f"/chain/supervision.superviseditem/{matter['hidden'].pk}/").status_code == 404
    assert client_for(demo["office"]).get("/chain/office.user/1/").status_code == 404
    assert client_for(demo["office"]).get("/chain/documents.incomingdocument/abc/").status_code == 404
    assert client_for(demo["sysadmin"]).get(DOC.format(matter["doc"].pk)).status_code == 404


def test_each_detail_page_links_to_its_chain(matter, demo):
    office = client_for(demo["office"])
    for obj in (matter["doc"], matter["item"], matter["beyond"]):
        url = f"/chain/{obj._meta.label_lower}/{obj.pk}/"
        assert url in office.get(obj.get_absolute_url()).content.decode(), obj


def test_the_chain_page_costs_the_same_whatever_the_chain_holds(matter, demo):
    """One query per hop and per kind of object and of step record: pinned."""
    client = client_for(demo["office"])
    url = DOC.format(matter["doc"].pk)
    client.get(url)
    with assert_num_queries(17):
        assert client.get(url).status_code == 200


def test_a_decision_s_chain_runs_from_its_meeting_to_its_item(demo):
    from meetings.models import Decision
    from office.models import Link

    link = Link.objects.filter(kind=LinkKind.SUPERVISE, source_type__model="decision").order_by("id").first()
    decision = Decision.objects.select_related("minutes__meeting").get(pk=link.source_id)
    item = SupervisedItem.objects.get(pk=link.target_id)
    office = client_for(demo["office"])
    url = f"/chain/meetings.decision/{decision.pk}/"
    assert url in office.get(f"/meetings/minutes/meeting/{decision.minutes.meeting_id}/").content.decode()
    html = office.get(url).content.decode()
    assert decision.minutes.meeting.get_absolute_url() in html and item.get_absolute_url() in html
    assert html.index("议定事项") < html.index(item.serial_display)  # 上会 → 议定事项 → 督办, in that order
