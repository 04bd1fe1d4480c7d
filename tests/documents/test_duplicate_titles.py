"""登记's duplicate warning reads the candidates through the policy (issue 9, point 6)."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from documents.choices import DocType
from documents.choices import IncomingState as S
from office.choices import Clearance
from tests.helpers import client_for

SENDER, REF = "省人力资源和社会保障厅", "人社厅发〔2026〕77号"
HIDDEN = "另有您无权查看的同一来文已在本机关登记"


def register_post(client: Client, document, title: str):
    return client.post(f"/documents/incoming/{document.pk}/register/", {
        "sender_org": SENDER, "sender_ref": REF, "title": title, "doc_type": DocType.LETTER,
        "secret_level": Clearance.PUBLIC, "urgency": 1, "copies": 1,
        "received_on": timezone.localdate().isoformat(),
    })




def test_a_secret_cleared_clerk_does_not_see_a_confidential_duplicates_title(people, walk):
    confidential = walk(S.REGISTERED, secret_level=Clearance.CONFIDENTIAL, sender_org=SENDER, sender_ref=REF,
                        title="关于机密事项的通知")
    clerk = people["zhouting"]  # 文书, cleared for 秘密
    assert clerk.clearance == Clearance.SECRET
    signed = walk(S.SIGNED, sender_org=SENDER, sender_ref=REF)

    response = register_post(client_for(clerk), signed, "关于机密事项的通知（重复件）")

    html = response.content.decode()
    assert response.status_code == 400
    assert "已收到过同一来文" in html and HIDDEN in html
    assert "关于机密事项的通知</a>" not in html and confidential.serial_display not in html
    assert confidential.get_absolute_url() not in html
    signed.refresh_from_db()
    assert signed.state == S.SIGNED  # nothing registered


def test_a_duplicate_the_clerk_may_see_is_listed_with_its_title(people, walk):
    public = walk(S.REGISTERED, secret_level=Clearance.PUBLIC, sender_org=SENDER, sender_ref=REF, title="关于公开事项的通知")
    signed = walk(S.SIGNED, sender_org=SENDER, sender_ref=REF)

    html = register_post(client_for(people["zhouting"]), signed, "关于公开事项的通知").content.decode()

    assert f"{public.serial_display} · 关于公开事项的通知" in html
    assert public.get_absolute_url() in html
    assert HIDDEN not in html
