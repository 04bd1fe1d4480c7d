"""发文 through its services on the demo organ (江城市人社局), on PostgreSQL.

One draft's whole way — 起草 to 归档 — checked for what people notice: where it is,
the 办理记录, whose to-do list it is on, the 文号 (only at 编号), the signer's opinion
and date, the issued files, the audit log. Then 退回 from each step, 会签 in parallel,
who signs what, the compliance check stopping steps, 复核 sending a changed text back
to the signer, versions, and who sees what.
"""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from documents.choices import CountersignState, Direction, DocType, FileKind, OutgoingState, RecipientKind
from documents.files.storage import stored_path
from documents.models import OutgoingDocument, OutgoingVersion
from documents.outgoing import issue
from documents.outgoing import services as svc
from documents.outgoing.selectors import text_diff, version_compare
from office.choices import Clearance, TodoKind, TodoState
from office.models import AuditEvent, IssuingPrefix, Todo
from office.permissions import restrict
from tests.documents.conftest import draft_data

O = OutgoingState
pytestmark = pytest.mark.django_db


def open_todos(doc) -> set[tuple[str, str]]:
    ctype = ContentType.objects.get_for_model(OutgoingDocument)
    rows = Todo.objects.filter(target_type=ctype, target_id=str(doc.pk), state=TodoState.OPEN).select_related("user")
    return {(t.step, t.user.username) for t in rows}


def timeline(doc) -> list[tuple[str, str]]:
    return [(s.action, s.actor.username) for s in doc.steps.select_related("actor").order_by("at", "id")]


def fresh(doc) -> OutgoingDocument:
    return OutgoingDocument.objects.select_related("prefix").get(pk=doc.pk)


# --- the whole way ---------------------------------------------------------------------


def test_a_draft_goes_from_drafting_to_the_archive(outgoing_walk, people, units):
    doc = outgoing_walk(to=O.DRAFTING)
    assert doc.state == O.DRAFTING and doc.number is None and doc.doc_number == ""
    assert doc.versions.count() == 1

    doc = svc.outgoing_submit(actor=people["qianli"], document=doc, opinion="请审核。")
    assert doc.state == O.DEPT_REVIEW
    assert open_todos(doc) == {("outgoing.dept_review", "zhoujianhua")}

    doc = svc.outgoing_dept_approve(actor=people["zhoujianhua"], document=doc)
    assert doc.state == O.OFFICE_REVIEW and doc.office_received_at is not None
    # 核稿 is the director's (Duty.DIRECTOR), no longer every office member's.
    assert open_todos(doc) == {("outgoing.office_check", "liuxiaodong")}

    doc = svc.outgoing_office_check(
        actor=people["liuxiaodong"], document=doc, signer=people["liminghua"], countersign_units=[units["RCKF"]],
    )
    assert doc.state == O.COUNTERSIGNING
    assert open_todos(doc) == {("outgoing.countersign", "fengxiaoyan")}

    svc.outgoing_countersign(actor=people["fengxiaoyan"], document=doc, agree=True, opinion="同意。")
    doc = fresh(doc)
    assert doc.state == O.SIGNING and doc.sign_requested_at is not None
    assert open_todos(doc) == {("outgoing.sign", "liminghua")}

    doc = svc.outgoing_sign(actor=people["liminghua"], document=doc, opinion="同意印发。")
    assert doc.state == O.RECHECKING
    assert doc.signed_by == people["liminghua"] and doc.sign_opinion == "同意印发。"
    assert doc.dated_on == timezone.localdate() == timezone.localdate(doc.signed_at)
    assert doc.signed_version == 1 and doc.number is None  # still no 文号

    doc = svc.outgoing_recheck(actor=people["zhouting"], document=doc)
    assert doc.state == O.NUMBERING
    doc = svc.outgoing_number(actor=people["zhouting"], document=doc)
    year = timezone.localdate().year
    assert doc.state == O.ISSUING and doc.doc_number == f"人社发〔{year}〕1号"

    doc = issue.outgoing_issue(actor=people["zhouting"], document=doc, copies=6,
                             internal_units=[units["ZCFG"], units["RSC"]])
    assert doc.state == O.ISSUED and doc.is_final
    assert doc.printer == "江城市人力资源和社会保障局办公室" and doc.printed_on == timezone.localdate()
    recipients = [(r.kind, r.name) for r in doc.recipients.all()]
    assert recipients == [
        (RecipientKind.MAIN, "各区县人力资源和社会保障局"), (RecipientKind.MAIN, "局属各单位"),
        (RecipientKind.CC, "市教育局"), (RecipientKind.INTERNAL, "政策法规处"), (RecipientKind.INTERNAL, "人事处"),
    ]
    files = {f.kind: f for f in doc.files.all()}
    assert set(files) == {FileKind.DOCX, FileKind.PDF}
    for f in files.values():
        data = stored_path(f.stored_name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == f.sha256 and len(data) == f.size
    assert stored_path(files[FileKind.PDF].stored_name).read_bytes().startswith(b"%PDF")
    # The heads of the internal units have it to read; the office files it next.
    todos = open_todos(doc)
    assert ("outgoing.read", "zhoujianhua") in todos and ("outgoing.read", "weiping") in todos
    assert ("outgoing.archive", "zhouting") in todos

    doc = svc.outgoing_archive(actor=people["zhouting"], document=doc, retention="D30")
    assert doc.state == O.ARCHIVED and doc.archive_code == f"J012-{year}-D30-ZCFG-0001"
    assert [a for a, _u in timeline(doc)] == [
        "create", "submit", "dept_approve", "office_check", "countersign", "sign", "recheck", "number", "issue",
        "archive",
    ]
    actions = set(AuditEvent.objects.filter(object_type="documents.OutgoingDocument", object_id=str(doc.pk))
                  .values_list("action", flat=True))
    assert {"outgoing.sign", "outgoing.number", "outgoing.issue", "outgoing.archive"} <= actions
    assert doc.history.filter(history_change_reason="签发").exists()


def test_an_issued_document_is_read_only(outgoing_walk, people):
    doc = outgoing_walk(to=O.ISSUED)
    data = draft_data(title=doc.title, body="改过的正文。")
    for actor in (people["qianli"], people["zhouting"], people["zhoujianhua"]):
        with pytest.raises((ValidationError, PermissionDenied, Http404)):
            svc.outgoing_update(actor=actor, document=doc, data=data)
    assert fresh(doc).body == doc.body and doc.versions.count() == 1


# --- 退回 ------------------------------------------------------------------------------


@pytest.mark.parametrize("where, who", [
    (O.DEPT_REVIEW, "zhoujianhua"), (O.OFFICE_REVIEW, "liuxiaodong"), (O.SIGNING, "liminghua"),
])
def test_each_review_step_can_return_the_draft_with_a_reason(outgoing_walk, people, where, who):
    doc = outgoing_walk(to=where)
    with pytest.raises(ValidationError):
        svc.outgoing_return(actor=people[who], document=doc, reason="  ")
    assert fresh(doc).state == where
    doc = svc.outgoing_return(actor=people[who], document=doc, reason="请补充政策依据。")
    assert doc.state == O.DRAFTING and doc.returned_reason == "请补充政策依据。"
    assert open_todos(doc) == {("outgoing.revise", "qianli")}
    # Resubmitted, it starts again at the department.
    doc = svc.outgoing_submit(actor=people["qianli"], document=doc)
    assert doc.state == O.DEPT_REVIEW and doc.returned_reason == ""


def test_someone_else_cannot_return_or_sign(outgoing_walk, people):
    doc = outgoing_walk(to=O.SIGNING)
    for name in ("zhaozhigang", "wangjianguo", "zhouting", "qianli"):
        with pytest.raises((PermissionDenied, Http404)):
            svc.outgoing_sign(actor=people[name], document=doc, opinion="同意。")
    assert fresh(doc).state == O.SIGNING and fresh(doc).signed_at is None


# --- 会签 ------------------------------------------------------------------------------


def test_countersigning_departments_work_in_parallel(outgoing_walk, people, units):
    doc = outgoing_walk(to=O.COUNTERSIGNING, countersign=("RCKF", "RSC"))
    assert open_todos(doc) == {("outgoing.countersign", "fengxiaoyan"), ("outgoing.countersign", "weiping")}
    svc.outgoing_countersign(actor=people["weiping"], document=doc, agree=True)
    assert fresh(doc).state == O.COUNTERSIGNING  # still waiting on 人才处
    with pytest.raises((PermissionDenied, Http404)):  # 人事处 has answered already
        svc.outgoing_countersign(actor=people["weiping"], document=doc, agree=True)
    svc.outgoing_countersign(actor=people["fengxiaoyan"], document=doc, agree=True, opinion="无意见。")
    assert fresh(doc).state == O.SIGNING


def test_a_countersign_that_returns_sends_the_draft_back(outgoing_walk, people):
    doc = outgoing_walk(to=O.COUNTERSIGNING, countersign=("RCKF", "RSC"))
    with pytest.raises(ValidationError):
        svc.outgoing_countersign(actor=people["fengxiaoyan"], document=doc, agree=False, opinion="")
    svc.outgoing_countersign(actor=people["fengxiaoyan"], document=doc, agree=False, opinion="第二条与人才新政不一致。")
    doc = fresh(doc)
    assert doc.state == O.DRAFTING and doc.returned_reason == "第二条与人才新政不一致。"
    states = {c.unit.code: c.state for c in doc.countersigns.select_related("unit")}
    assert states == {"RCKF": CountersignState.RETURNED, "RSC": CountersignState.CANCELLED}
    assert open_todos(doc) == {("outgoing.revise", "qianli")}


# --- who signs -------------------------------------------------------------------------


def test_an_upward_document_is_signed_by_the_principal(outgoing_walk, people):
    data = dict(doc_type=DocType.REPORT, direction=Direction.UP, prefix=IssuingPrefix.objects.get(code="人社呈"),
                title="江城市人力资源和社会保障局关于2026年就业工作情况的报告", main_recipients="江城市人民政府",
                cc_recipients="")
    doc = outgoing_walk(to=O.OFFICE_REVIEW, **data)
    assert svc.default_signer(doc) == people["wangjianguo"]
    with pytest.raises(ValidationError) as refused:
        svc.outgoing_office_check(actor=people["liuxiaodong"], document=doc, signer=people["liminghua"])
    assert "主要负责人" in str(refused.value)
    assert fresh(doc).state == O.OFFICE_REVIEW
    doc = svc.outgoing_office_check(actor=people["liuxiaodong"], document=doc, signer=people["wangjianguo"])
    assert doc.state == O.SIGNING and open_todos(doc) == {("outgoing.sign", "wangjianguo")}


def test_an_important_document_is_signed_by_the_principal(outgoing_walk, people):
    doc = outgoing_walk(to=O.OFFICE_REVIEW, is_important=True)
    with pytest.raises(ValidationError):
        svc.outgoing_office_check(actor=people["liuxiaodong"], document=doc, signer=people["liminghua"])
    assert svc.default_signer(doc) == people["wangjianguo"]


def test_the_default_signer_is_the_leader_in_charge(outgoing_walk, people):
    assert svc.default_signer(outgoing_walk(to=O.OFFICE_REVIEW)) == people["liminghua"]  # 政策法规处


# --- the compliance check stops steps ----------------------------------------------------


def test_the_office_check_refuses_a_title_without_its_doc_type(outgoing_walk, people):
    doc = outgoing_walk(to=O.OFFICE_REVIEW, title="江城市人力资源和社会保障局关于做好高校毕业生就业服务工作")
    with pytest.raises(ValidationError) as refused:
        svc.outgoing_office_check(actor=people["liuxiaodong"], document=doc, signer=people["liminghua"])
    assert "title" in refused.value.message_dict and "通知" in refused.value.message_dict["title"][0]
    assert fresh(doc).state == O.OFFICE_REVIEW and not doc.steps.filter(action="office_check").exists()


def test_an_attachment_named_but_not_uploaded_stops_the_office_check(outgoing_walk, people):
    doc = outgoing_walk(to=O.OFFICE_REVIEW, attachment_notes="就业服务活动安排表")
    with pytest.raises(ValidationError) as refused:
        svc.outgoing_office_check(actor=people["liuxiaodong"], document=doc, signer=people["liminghua"])
    assert "就业服务活动安排表" in refused.value.message_dict["attachments"][0]


def test_a_classified_document_gets_copy_numbers_at_issue(outgoing_walk, people, units):
    doc = outgoing_walk(to=O.ISSUING, secret_level=Clearance.SECRET)
    assert doc.secrecy_period == "1年"
    with pytest.raises(ValidationError):  # fewer copies than recipients
        issue.outgoing_issue(actor=people["zhouting"], document=doc, copies=2, internal_units=[units["ZCFG"]])
    doc = issue.outgoing_issue(actor=people["zhouting"], document=doc, copies=5, internal_units=[units["ZCFG"]])
    assert doc.copy_numbers == "000001—000005"
    assert [r.copy_range for r in doc.recipients.all()] == ["000001", "000002", "000003", "000004"]


# --- 复核 (条例 第二十五条) -----------------------------------------------------------------


def test_a_substantive_change_at_recheck_goes_back_to_the_signer(outgoing_walk, people):
    doc = outgoing_walk(to=O.RECHECKING)
    changed = doc.body.replace("每季度至少举办一次", "每月至少举办一次")
    with pytest.raises(ValidationError):  # a change needs its reason
        svc.outgoing_recheck(actor=people["zhouting"], document=doc, body=changed)
    doc = svc.outgoing_recheck(actor=people["zhouting"], document=doc, body=changed, opinion="招聘频次按新要求修改。")
    assert doc.state == O.SIGNING and doc.signed_at is None and doc.dated_on is None
    assert doc.versions.count() == 2
    assert open_todos(doc) == {("outgoing.sign", "liminghua")}
    doc = svc.outgoing_sign(actor=people["liminghua"], document=doc, opinion="同意。")
    assert doc.signed_version == 2
    doc = svc.outgoing_recheck(actor=people["zhouting"], document=doc, body=doc.body)
    assert doc.state == O.NUMBERING


# --- 编号 ------------------------------------------------------------------------------


def test_numbers_run_per_prefix_and_never_at_draft(outgoing_walk, people):
    year = timezone.localdate().year
    first = outgoing_walk(to=O.ISSUING)
    letter = outgoing_walk(
        to=O.ISSUING, doc_type=DocType.LETTER, direction=Direction.LEVEL, form="letter",
        prefix=IssuingPrefix.objects.get(code="人社函"), title="江城市人力资源和社会保障局关于商请支持人才交流的函",
        main_recipients="长沙市人力资源和社会保障局", cc_recipients="",
    )
    second = outgoing_walk(to=O.ISSUING)
    assert (first.doc_number, letter.doc_number, second.doc_number) == (
        f"人社发〔{year}〕1号", f"人社函〔{year}〕1号", f"人社发〔{year}〕2号")
    assert outgoing_walk(to=O.NUMBERING).number is None


# --- versions --------------------------------------------------------------------------


def test_every_saved_text_is_a_version_and_any_two_compare(outgoing_walk, people):
    doc = outgoing_walk(to=O.DRAFTING)
    base = draft_data(title=doc.title, body=doc.body, main_recipients=doc.main_recipients)
    svc.outgoing_update(actor=people["qianli"], document=doc, data=base)  # nothing changed: no version
    assert doc.versions.count() == 1
    second = base.body.replace("重中之重", "头等大事")
    svc.outgoing_update(actor=people["qianli"], document=doc, data=draft_data(
        title=doc.title, body=second, main_recipients=doc.main_recipients, version_note="措辞调整"))
    svc.outgoing_update(actor=people["qianli"], document=doc, data=draft_data(
        title=doc.title, body=second + "\n特此通知。", main_recipients=doc.main_recipients))
    assert list(doc.versions.values_list("number", flat=True)) == [1, 2, 3]
    _doc, cmp = version_compare(user=people["qianli"], pk=doc.pk, a=3, b=1)
    assert (cmp.older.number, cmp.newer.number) == (1, 3) and cmp.changed
    changed = [p for p in cmp.body if p.op == "change"]
    assert [(x.op, x.text) for x in changed[0].pieces if x.op != "same"] == [("del", "重中之重"), ("ins", "头等大事")]
    assert cmp.body[-1].op == "ins" and cmp.body[-1].pieces[0].text == "特此通知。"
    _doc, same = version_compare(user=people["qianli"], pk=doc.pk, a=2, b=2)
    assert not same.changed
    with pytest.raises(Http404):  # someone outside the draft's scope
        version_compare(user=people["jiangtao"], pk=doc.pk, a=1, b=2)


def test_text_diff_handles_inserted_and_removed_paragraphs():
    ops = [p.op for p in text_diff("甲\n乙\n丙", "甲\n丙\n丁")]
    assert ops == ["same", "del", "same", "ins"]


def test_versions_are_never_changed_by_later_edits(outgoing_walk, people):
    doc = outgoing_walk(to=O.DRAFTING)
    first_body = doc.body
    svc.outgoing_update(actor=people["qianli"], document=doc, data=draft_data(title=doc.title, body="全新正文。"))
    assert OutgoingVersion.objects.get(document=doc, number=1).body == first_body


# --- who sees what -----------------------------------------------------------------------


def visible_to(doc) -> set[str]:
    from office.models import User

    return {u.username for u in User.objects.filter(is_active=True)
            if restrict(OutgoingDocument.objects.filter(pk=doc.pk), u).exists()}


def test_a_draft_is_seen_by_its_department_not_by_the_office_before_submission(outgoing_walk):
    doc = outgoing_walk(to=O.DRAFTING)
    assert visible_to(doc) == {"qianli", "zhoujianhua", "liminghua"}  # drafter, head, leader in charge


def test_from_the_office_on_the_office_sees_it_and_the_signer_when_asked(outgoing_walk):
    doc = outgoing_walk(to=O.OFFICE_REVIEW)
    assert visible_to(doc) == {"qianli", "zhoujianhua", "liminghua", "liuxiaodong", "wujing", "zhouting", "sunhao"}
    doc = outgoing_walk(to=O.SIGNING, signer="wangjianguo", is_important=True)
    assert "wangjianguo" in visible_to(doc) and "zhaozhigang" not in visible_to(doc)


def test_a_countersigning_department_sees_the_draft_its_staff_do_not(outgoing_walk):
    doc = outgoing_walk(to=O.COUNTERSIGNING, countersign=("RCKF",))
    seen = visible_to(doc)
    assert "fengxiaoyan" in seen and "chenhao" not in seen and "qinzhiyong" not in seen


def test_the_principal_sees_every_upward_draft(outgoing_walk):
    doc = outgoing_walk(to=O.DRAFTING, doc_type=DocType.REPORT, direction=Direction.UP,
                        title="江城市人力资源和社会保障局关于就业工作的报告", main_recipients="江城市人民政府")
    assert "wangjianguo" in visible_to(doc)
    assert "wangjianguo" not in visible_to(outgoing_walk(to=O.DRAFTING))


def test_an_issued_document_is_seen_widely_unless_classified(outgoing_walk):
    open_doc = outgoing_walk(to=O.ISSUED)
    seen = visible_to(open_doc)
    assert {"qinzhiyong", "youmin", "chenxuemei", "zhouting"} <= seen  # everyone in business roles
    assert not {"sysadmin", "secadmin", "auditor"} & seen
    secret = outgoing_walk(to=O.ISSUED, secret_level=Clearance.SECRET)  # to 法规处 and 人事处 only
    seen = visible_to(secret)
    assert {"zhoujianhua", "qianli", "weiping", "taoran"} <= seen  # the distribution list (cleared)
    assert "jiangli" not in seen  # 人事处, but only 内部 clearance
    assert "qinzhiyong" not in seen and "youmin" not in seen  # 养老处 is not on the list
    assert {"wangjianguo", "chenxuemei", "wujing"} <= seen


def test_a_user_without_clearance_never_sees_a_classified_draft(outgoing_walk, people):
    doc = outgoing_walk(to=O.DRAFTING, secret_level=Clearance.SECRET)
    assert "sunpeng" not in visible_to(doc)  # 法规处 staff with 内部 clearance


def test_bad_drafts_are_refused_and_nothing_is_saved(people):
    before = OutgoingDocument.objects.count()
    cases = [
        (people["qianli"], draft_data(direction=Direction.UP)),  # a 通知 cannot go up
        (people["qianli"], draft_data(form="minutes")),
        (people["qianli"], draft_data(secret_level=Clearance.CONFIDENTIAL, secrecy_period="1年")),  # above her
        (people["qianli"], draft_data(secret_level=Clearance.SECRET, secrecy_period="")),
        (people["qianli"], draft_data(body="  ")),
        (people["wangjianguo"], draft_data()),  # leaders do not draft
        (people["sysadmin"], draft_data()),
    ]
    for actor, data in cases:
        with pytest.raises(ValidationError):
            svc.outgoing_create(actor=actor, data=data)
    assert OutgoingDocument.objects.count() == before


def test_a_reader_opening_an_issued_document_clears_his_to_read(outgoing_walk, people):
    doc = outgoing_walk(to=O.ISSUED)
    assert ("outgoing.read", "weiping") in open_todos(doc)
    assert svc.outgoing_mark_read(actor=people["weiping"], document=doc) == 1
    assert ("outgoing.read", "weiping") not in open_todos(doc)
    todo = Todo.objects.filter(user=people["weiping"], step="outgoing.read").get()
    assert todo.kind == TodoKind.READ
