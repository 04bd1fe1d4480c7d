"""What a new user tripped over in 办文 (issue 12, points 5 and 6): a duplicate arrival is warned at
到件 and 签收 and can be withdrawn (作废) before 登记; a body repeating the 主送 line is caught by the
compliance check, which offers to remove it."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from documents.choices import IncomingState as S
from documents.choices import OutgoingState as O
from documents.models import IncomingDocument, OutgoingDocument
from documents.outgoing import compliance
from office.choices import TodoState
from office.models import AuditEvent, Todo
from tests.helpers import client_for

SENDER, REF = "省人力资源和社会保障厅", "湘人社函〔2026〕77号"
ARRIVAL = {"sender_org": SENDER, "sender_ref": REF, "title": "关于报送人才工作总结的函", "channel": "exchange",
           "copies": 1, "secret_level": 0, "urgency": 0}


def open_todos(doc) -> list[Todo]:
    ctype = ContentType.objects.get_for_model(type(doc))
    return list(Todo.objects.filter(target_type=ctype, target_id=str(doc.pk), state=TodoState.OPEN))


# --- 5. a duplicate arrival ------------------------------------------------------------------


def test_arrival_with_the_same_sender_and_reference_is_warned_before_it_is_recorded(walk, people):
    first = walk(S.REGISTERED, sender_org=SENDER, sender_ref=REF)
    client = client_for(people["zhouting"])
    count = IncomingDocument.objects.count()
    response = client.post("/documents/incoming/new/", ARRIVAL)
    page = response.content.decode()
    assert response.status_code == 400
    assert "本机关已收到过同一来文单位、同一来文字号的文件" in page and first.title in page
    assert "核实无误，确属另一份文件" in page
    assert IncomingDocument.objects.count() == count  # nothing recorded yet
    # Confirmed: recorded; its page warns again at 签收 and points at the withdrawal.
    response = client.post("/documents/incoming/new/", {**ARRIVAL, "confirm_duplicate": "1"})
    assert response.status_code == 302
    duplicate = IncomingDocument.objects.latest("pk")
    page = client.get(duplicate.get_absolute_url()).content.decode()
    assert "已收到过同一来文单位、同一来文字号的文件" in page and first.title in page
    assert "作废" in page


def test_a_new_reference_is_recorded_without_a_warning(people):
    response = client_for(people["zhouting"]).post("/documents/incoming/new/", {**ARRIVAL, "sender_ref": "湘人社函〔2026〕78号"})
    assert response.status_code == 302


@pytest.mark.parametrize("state", [S.ARRIVED, S.SIGNED])
def test_office_withdraws_a_duplicate_never_registered(walk, people, state):
    walk(S.REGISTERED, sender_org=SENDER, sender_ref=REF)
    duplicate = walk(state, sender_org=SENDER, sender_ref=REF)
    assert open_todos(duplicate)  # 待签收 / 待登记 on the office's workbench
    client = client_for(people["zhouting"])
    url = f"/documents/incoming/{duplicate.pk}/do/withdraw/"
    # A reason is required: a Chinese message, nothing changed.
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert IncomingDocument.objects.get(pk=duplicate.pk).state == state
    response = client.post(url, {"reason": "与收〔2026〕号重复到件。"}, follow=True)
    assert response.status_code == 200
    doc = IncomingDocument.objects.get(pk=duplicate.pk)
    assert doc.state == S.WITHDRAWN and doc.get_state_display() == "已作废"
    page = response.content.decode()
    assert "与收〔2026〕号重复到件。" in page  # on the timeline
    # Its to-dos closed through the workflow core: gone from every office member's 待签收/待登记.
    assert open_todos(doc) == []
    assert client.get("/").content.decode().count(doc.title) == 0
    assert AuditEvent.objects.filter(action="incoming.withdraw", actor=people["zhouting"], object_id=str(doc.pk)).count() == 1
    # The desk: out of every active box, in 已作废.
    assert doc.title not in client.get(f"/documents/incoming/?box={'arrived' if state == S.ARRIVED else 'signed'}").content.decode()
    assert doc.title in client.get("/documents/incoming/?box=withdrawn").content.decode()
    # A third arrival is warned about the registered one only.
    from documents.incoming.services import duplicates_of

    assert doc.pk not in set(duplicates_of(sender_org=SENDER, sender_ref=REF).values_list("pk", flat=True))


def test_a_registered_document_cannot_be_withdrawn_and_others_may_not(walk, people):
    registered = walk(S.REGISTERED)
    response = client_for(people["zhouting"]).post(f"/documents/incoming/{registered.pk}/do/withdraw/", {"reason": "重复"})
    assert response.status_code in (400, 403, 404)
    assert IncomingDocument.objects.get(pk=registered.pk).state == S.REGISTERED
    arrived = walk(S.ARRIVED)
    response = client_for(people["qianli"]).post(f"/documents/incoming/{arrived.pk}/do/withdraw/", {"reason": "重复"})
    assert response.status_code in (403, 404)
    assert IncomingDocument.objects.get(pk=arrived.pk).state == S.ARRIVED


# --- 6. the salutation doubled -----------------------------------------------------------------


def test_the_check_finds_a_body_repeating_the_main_recipient():
    assert compliance.repeated_salutation("江城市人民政府：\n根据……", ["江城市人民政府"]) == "江城市人民政府："
    assert compliance.repeated_salutation("各区县人社局、局属各单位:\n正文", ["各区县人社局", "局属各单位"])
    assert compliance.repeated_salutation("江城市人民政府办公室：\n正文", ["江城市人民政府"]) is None
    assert compliance.repeated_salutation("根据江城市人民政府：的要求", ["江城市人民政府"]) is None
    assert compliance.repeated_salutation("江城市人民政府：\n正文", []) is None


def test_a_doubled_salutation_is_reported_and_removed_with_one_button(outgoing_walk, people):
    body = "江城市人民政府：\n根据省有关通知精神，拟调整有关标准。\n妥否，请批示。"
    doc = outgoing_walk(O.DRAFTING, main_recipients="江城市人民政府", body=body)
    client = client_for(people["qianli"])
    page = client.get(doc.get_absolute_url()).content.decode()
    assert 'data-problem="body_repeats_main"' in page
    assert "正文第一行“江城市人民政府：”重复了主送机关" in page
    assert "删除正文第一行" in page
    versions = doc.versions.count()
    response = client.post(f"/documents/outgoing/{doc.pk}/remove-salutation/", follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "已删除正文中重复的主送机关" in page and 'data-problem="body_repeats_main"' not in page
    doc = OutgoingDocument.objects.get(pk=doc.pk)
    assert doc.body == "根据省有关通知精神，拟调整有关标准。\n妥否，请批示。"
    assert doc.versions.count() == versions + 1  # kept as a new version, comparable with the old one
    assert AuditEvent.objects.filter(action="outgoing.edit", actor=people["qianli"], object_id=str(doc.pk)).exists()
    # Nothing left to remove: a message, nothing changed.
    response = client.post(f"/documents/outgoing/{doc.pk}/remove-salutation/", follow=True)
    assert "无需删除" in response.content.decode()
    assert OutgoingDocument.objects.get(pk=doc.pk).versions.count() == versions + 1


def test_only_who_may_edit_may_remove_it(outgoing_walk, people):
    doc = outgoing_walk(O.DRAFTING, main_recipients="江城市人民政府", body="江城市人民政府：\n正文。")
    for name in ("zhouting", "sunpeng"):  # the office before it reaches it; a colleague
        response = client_for(people[name]).post(f"/documents/outgoing/{doc.pk}/remove-salutation/")
        assert response.status_code in (302, 403, 404)
    assert OutgoingDocument.objects.get(pk=doc.pk).body.startswith("江城市人民政府：")
