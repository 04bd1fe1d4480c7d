"""The 发文 pages: what each person sees and may do, refusals in Chinese that change nothing,
and a fixed number of queries whatever the rows."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.choices import OutgoingState as O
from documents.models import OutgoingDocument
from documents.outgoing import issue
from office.models import IssuingPrefix
from tests.helpers import assert_num_queries, client_for

pytestmark = pytest.mark.django_db




def draft_post(**overrides) -> dict:
    data = {
        "doc_type": "circular", "direction": "down", "form": "file",
        "prefix": IssuingPrefix.objects.get(code="人社发").pk,
        "title": "江城市人力资源和社会保障局关于开展人社政策宣传月活动的通知",
        "main_recipients": "各区县人力资源和社会保障局", "cc_recipients": "",
        "body": "一、活动时间\n2027年3月。\n二、活动要求\n各地要精心组织。", "attachment_notes": "", "note": "",
        "secret_level": "0", "secrecy_period": "", "urgency": "0", "publicity": "active", "with_seal": "on",
        "version_note": "",
    }
    data.update(overrides)
    return data


#: Queries of the desk: session, user, the page's rows (1), the filter form's choices (prefixes 1,
#: units 1), the frame's organ and own unit (1), one statement for every count (the list's, the
#: box pills, the badges; office.counts); leaders add their 分管 units (1). Before issue 11:
#: 11 / 12 / 11 / 11.
LIST_QUERIES = {"zhouting": 7, "liminghua": 8, "zhoujianhua": 7, "qianli": 7}


@pytest.mark.parametrize("username", list(LIST_QUERIES))
def test_the_desk_runs_a_fixed_number_of_queries(outgoing_walk, people, username):
    client = client_for(people[username])
    outgoing_walk(to=O.ISSUED)
    client.get("/documents/outgoing/?box=all")  # warm caches (content types)
    with assert_num_queries(LIST_QUERIES[username]):
        assert client.get("/documents/outgoing/?box=all").status_code == 200
    for _ in range(4):
        outgoing_walk(to=O.ISSUED)
    with assert_num_queries(LIST_QUERIES[username]):
        response = client.get("/documents/outgoing/?box=all")
    assert response.content.decode().count('href="/documents/outgoing/') >= 5


def test_the_detail_runs_a_fixed_number_of_queries(outgoing_walk, people):
    """Steps, versions, 会签, recipients, attachments and files are prefetched."""
    from documents.outgoing import services as svc
    from tests.documents.conftest import draft_data

    client = client_for(people["zhouting"])
    small = outgoing_walk(to=O.ISSUED)
    client.get(f"/documents/outgoing/{small.pk}/")
    # 15: the frame (4), the document and its 6 collections, the open 待阅 (none), the office duties
    # the visitor holds (Facts.duties), the core's links (用印, 借阅) and the policy's check on the document
    # they start from — tests/documents/test_detail_queries.py pins every role.
    with assert_num_queries(15) as first:
        assert client.get(f"/documents/outgoing/{small.pk}/").status_code == 200
    big = outgoing_walk(to=O.DRAFTING)
    for n in range(3):
        svc.outgoing_update(actor=people["qianli"], document=big, data=draft_data(
            title=big.title, body=big.body + f"\n第{n}次补充。"))
    big = svc.outgoing_submit(actor=people["qianli"], document=big)
    big = svc.outgoing_dept_approve(actor=people["zhoujianhua"], document=big)
    big = svc.outgoing_office_check(actor=people["liuxiaodong"], document=big, signer=people["liminghua"],
                                    countersign_units=[people["fengxiaoyan"].unit, people["weiping"].unit])
    for head in ("fengxiaoyan", "weiping"):
        svc.outgoing_countersign(actor=people[head], document=big, agree=True)
    big = OutgoingDocument.objects.get(pk=big.pk)
    for step in ("sign", "recheck", "number"):
        big = {"sign": lambda d: svc.outgoing_sign(actor=people["liminghua"], document=d, opinion="同意。"),
               "recheck": lambda d: svc.outgoing_recheck(actor=people["zhouting"], document=d),
               "number": lambda d: svc.outgoing_number(actor=people["zhouting"], document=d)}[step](big)
    big = issue.outgoing_issue(actor=people["zhouting"], document=big, copies=9,
                             internal_units=[people["weiping"].unit, people["fengxiaoyan"].unit])
    with assert_num_queries(len(first.captured_queries)):
        assert client.get(f"/documents/outgoing/{big.pk}/").status_code == 200


def test_drafting_in_the_browser_keeps_versions_and_shows_the_check(people):
    client = client_for(people["qianli"])
    response = client.post("/documents/outgoing/new/", draft_post(title="关于开展人社政策宣传月活动的通知",
                                                                 attachment_notes="宣传月活动方案"))
    assert response.status_code == 302
    doc = OutgoingDocument.objects.get(title="关于开展人社政策宣传月活动的通知")
    assert doc.drafter == people["qianli"] and doc.drafting_unit == people["qianli"].unit and doc.number is None
    page = client.get(doc.get_absolute_url()).content.decode()
    assert 'data-problem="title_organ"' in page and 'data-problem="attachment_file_missing"' in page
    assert "宣传月活动方案" in page
    # Fix the title and upload the file: the check is clean.
    response = client.post(f"/documents/outgoing/{doc.pk}/edit/", draft_post(
        attachment_notes="宣传月活动方案", version_note="补充发文机关名称"))
    assert response.status_code == 302
    pdf = SimpleUploadedFile("宣传月活动方案.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    assert client.post(f"/documents/outgoing/{doc.pk}/attachments/", {"file": pdf}).status_code == 302
    page = client.get(doc.get_absolute_url()).content.decode()
    assert "data-problem=" not in page and "未发现问题" in page
    compare = client.get(f"/documents/outgoing/{doc.pk}/compare/?a=1&b=2").content.decode()
    assert '<ins class="sb-ins">江城市人力资源和社会保障局</ins>' in compare and "<del" not in compare


def test_bad_input_gets_a_message_in_chinese_and_changes_nothing(people):
    client = client_for(people["qianli"])
    before = OutgoingDocument.objects.count()
    cases = [
        (draft_post(direction="up"), "只能作为"),
        (draft_post(secret_level="2", secrecy_period=""), "保密期限"),
        (draft_post(secret_level="3", secrecy_period="1年"), "选择一个有效的选项"),  # above her clearance
        (draft_post(title=""), "这个字段是必填项"),
        (draft_post(form="minutes"), "纪要式只用于纪要"),
        (draft_post(prefix="999999"), "选择一个有效的选项"),
        (draft_post(doc_type="poem"), "选择一个有效的选项"),
    ]
    for data, message in cases:
        response = client.post("/documents/outgoing/new/", data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), message
    assert OutgoingDocument.objects.count() == before


def test_a_blocking_problem_stops_the_office_check_with_the_reason(outgoing_walk, people):
    doc = outgoing_walk(to=O.OFFICE_REVIEW, title="江城市人力资源和社会保障局关于人社政策宣传月活动的安排")
    client = client_for(people["liuxiaodong"])  # 核稿 is the director's
    response = client.post(f"/documents/outgoing/{doc.pk}/do/office_check/",
                           {"signer": people["liminghua"].pk, "opinion": ""})
    assert response.status_code == 400
    assert "标题应以文种“通知”结尾" in response.content.decode()
    assert OutgoingDocument.objects.get(pk=doc.pk).state == O.OFFICE_REVIEW


def test_the_signer_signs_from_his_page(outgoing_walk, people):
    doc = outgoing_walk(to=O.SIGNING)
    client = client_for(people["liminghua"])
    page = client.get(doc.get_absolute_url()).content.decode()
    assert 'data-action="sign"' in page and 'data-action="return"' in page
    response = client.post(f"/documents/outgoing/{doc.pk}/do/sign/", {"opinion": "同意印发。"})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.state == O.RECHECKING and doc.sign_opinion == "同意印发。"
    page = client.get(doc.get_absolute_url()).content.decode()
    assert "同意印发。" in page and "李明华" in page


def test_preview_and_issued_files(outgoing_walk, people):
    draft = outgoing_walk(to=O.SIGNING)
    client = client_for(people["qianli"])
    response = client.get(f"/documents/outgoing/{draft.pk}/file.docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert "attachment" in response["Content-Disposition"]
    issued = outgoing_walk(to=O.ISSUED)
    stored = issued.files.get(kind="pdf")
    response = client.get(f"/documents/outgoing/{issued.pk}/file.pdf")
    body = b"".join(response.streaming_content)
    assert response.status_code == 200 and body.startswith(b"%PDF")
    import hashlib

    assert hashlib.sha256(body).hexdigest() == stored.sha256  # the file made at 印发, not a new one
    assert response["X-Content-Type-Options"] == "nosniff"


def test_workbench_panel_counts_what_waits(outgoing_walk, people):
    outgoing_walk(to=O.SIGNING)
    html = client_for(people["liminghua"]).get("/").content.decode()
    assert "发文办理" in html and "/documents/outgoing/?box=signing" in html


def test_each_copy_of_a_classified_document_prints_its_own_copy_number(outgoing_walk, people):
    import io

    import pdfplumber

    from office.choices import Clearance

    doc = outgoing_walk(to=O.ISSUED, secret_level=Clearance.SECRET)
    client = client_for(people["wujing"])
    page = client.get(doc.get_absolute_url()).content.decode()
    assert f"/documents/outgoing/{doc.pk}/file.pdf?copy=3" in page
    response = client.get(f"/documents/outgoing/{doc.pk}/file.pdf?copy=3")
    assert response.status_code == 200
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        first_page = pdf.pages[0].extract_text()
    assert "000003" in first_page and "秘密★1年" in first_page and doc.doc_number in first_page
    assert "预览" not in first_page
    for bad in ("0", str(doc.copies + 1), "x"):
        assert client.get(f"/documents/outgoing/{doc.pk}/file.pdf?copy={bad}").status_code == 404
    public = outgoing_walk(to=O.ISSUED)
    assert client.get(f"/documents/outgoing/{public.pk}/file.pdf?copy=1").status_code == 404  # no 份号


def test_each_problem_names_its_field_and_links_to_it(people):
    client = client_for(people["qianli"])
    client.post("/documents/outgoing/new/", draft_post(title="关于开展人社政策宣传月活动"))
    doc = OutgoingDocument.objects.get(title="关于开展人社政策宣传月活动")
    page = client.get(doc.get_absolute_url()).content.decode()
    assert f'href="/documents/outgoing/{doc.pk}/edit/#id_title">标题</a>：' in page


@pytest.mark.parametrize("state, who, action, data", [
    (O.OFFICE_REVIEW, "liuxiaodong", "office_check", {"signer": "abc", "countersign_units": ["x"]}),
    (O.OFFICE_REVIEW, "liuxiaodong", "office_check", {"signer": "999999"}),
    (O.OFFICE_REVIEW, "liuxiaodong", "return", {"reason": ""}),
    (O.SIGNING, "liminghua", "sign", {"opinion": "同" * 5000}),
    (O.SIGNING, "liminghua", "sign", {}),
    (O.RECHECKING, "zhouting", "recheck", {"title": "", "body": ""}),
    (O.ISSUING, "zhouting", "issue", {"copies": "-1", "printer": "", "printed_on": "not-a-date"}),
    (O.ISSUING, "zhouting", "issue", {"copies": "99999999999999999999", "printer": "办公室", "printed_on": "2999-01-01"}),
    (O.ISSUING, "zhouting", "issue", {"copies": "3", "printer": "办公室", "printed_on": "2026-01-01",
                                      "internal_units": ["999999"]}),
    (O.ISSUED, "zhouting", "archive", {"retention": "forever"}),
])
def test_odd_input_to_a_step_is_a_400_in_chinese_and_changes_nothing(outgoing_walk, people, state, who, action, data):
    doc = outgoing_walk(to=state)
    steps_before = doc.steps.count()
    response = client_for(people[who]).post(f"/documents/outgoing/{doc.pk}/do/{action}/", data)
    assert response.status_code == 400
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    doc.refresh_from_db()
    assert doc.state == state and doc.steps.count() == steps_before


def test_a_countersign_verdict_that_is_neither_is_refused(outgoing_walk, people):
    doc = outgoing_walk(to=O.COUNTERSIGNING, countersign=("RCKF",))
    response = client_for(people["fengxiaoyan"]).post(f"/documents/outgoing/{doc.pk}/do/countersign/",
                                                      {"verdict": "maybe", "opinion": ""})
    assert response.status_code == 400 and "选择一个有效的选项" in response.content.decode()
    assert OutgoingDocument.objects.get(pk=doc.pk).state == O.COUNTERSIGNING
