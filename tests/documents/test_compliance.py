"""合规检查 of 发文 (documents.outgoing.compliance): one test per rule, each with passing and
failing drafts, correct drafts of several types, and the stage-dependent rules at each
stage. Pure: no database."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from django.utils import translation

from documents.choices import Direction, DocType, LayoutForm
from documents.outgoing.compliance import STAGES, Draft, Problem, blocking, check
from office.choices import Clearance

ORGAN = ("江城市人力资源和社会保障局", "江城市人社局", "市人社局")
DAY = date(2026, 3, 2)

#: A correct 通知 at 签发: every other draft here is this one with a few fields changed.
BASE = Draft(
    doc_type=DocType.CIRCULAR,
    direction=Direction.DOWN,
    form=LayoutForm.FILE,
    title="江城市人力资源和社会保障局关于做好2026年高校毕业生就业工作的通知",
    organ_names=ORGAN,
    main_recipients=("各区县人力资源和社会保障局",),
    cc_recipients=(),
    signer_name="王建国",
    secret_level=Clearance.PUBLIC,
    secrecy_period="",
    copy_numbers="",
    copies=0,
    with_seal=True,
    attachment_notes=(),
    attachment_names=(),
    signed_on=DAY,
    dated_on=DAY,
    doc_number="江人社发〔2026〕15号",
    body="为做好2026年高校毕业生就业工作，现将有关事项通知如下。",
    stage="sign",
)


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def draft(**changes) -> Draft:
    return replace(BASE, **changes)


def codes(d: Draft) -> set[str]:
    return {p.code for p in check(d)}


def the(d: Draft, code: str, field: str, blocking: bool, *mentions: str) -> Problem:
    """The one problem ``code`` in ``d``'s check, asserted as described."""
    found = [p for p in check(d) if p.code == code]
    assert len(found) == 1, (code, check(d))
    problem = found[0]
    assert problem.field == field
    assert problem.blocking is blocking
    assert re.search(r"[\u4e00-\u9fff]", problem.message), problem.message
    for text in mentions:
        assert text in problem.message, (text, problem.message)
    return problem


# --------------------------------------------------------------------------- correct drafts

REQUEST = draft(
    doc_type=DocType.REQUEST,
    direction=Direction.UP,
    title="江城市人社局关于申请拨付就业和再就业专项资金的请示",
    main_recipients=("江城市人民政府",),
    body="为……，拟申请拨付专项资金500万元。妥否，请批示。",
)
LETTER = draft(
    doc_type=DocType.LETTER,
    direction=Direction.LEVEL,
    form=LayoutForm.LETTER,
    title="江城市人力资源和社会保障局关于商请提供2025年度社保缴费数据的函",
    main_recipients=("江城市税务局",),
    doc_number="江人社函〔2026〕3号",
)
MINUTES = draft(
    doc_type=DocType.MINUTES,
    form=LayoutForm.MINUTES,
    title="局长办公会议纪要",
    main_recipients=("局领导班子成员", "各处室"),
    with_seal=False,
    doc_number="江人社纪〔2026〕2号",
)
ANNOUNCEMENT = draft(
    doc_type=DocType.ANNOUNCEMENT,
    title="江城市人力资源和社会保障局关于2026年公开招聘事业单位工作人员的公告",
    main_recipients=(),
)
CLASSIFIED = draft(
    secret_level=Clearance.SECRET,
    secrecy_period="1年",
    copies=30,
    copy_numbers="000001-000030",
    stage="issue",
)
CORRECT = {
    "通知": BASE,
    "请示": REQUEST,
    "函（信函式）": LETTER,
    "纪要": MINUTES,
    "公告": ANNOUNCEMENT,
    "涉密通知": CLASSIFIED,
    "命令": draft(doc_type=DocType.ORDER, title="江城市人民政府令", organ_names=("江城市人民政府",), main_recipients=()),
    "意见": draft(doc_type=DocType.OPINION, title="江城市人社局关于进一步促进就业的实施意见"),
    "报告": draft(
        doc_type=DocType.REPORT,
        direction=Direction.UP,
        title="江城市人社局关于2025年度就业工作情况的报告",
        main_recipients=("江城市人民政府",),
        body="现将2025年度就业工作情况报告如下。特此报告。",
    ),
}


@pytest.mark.parametrize("name", CORRECT)
@pytest.mark.parametrize("stage", STAGES)
def test_a_correct_draft_has_no_blocking_problem_at_any_stage(name, stage):
    d = replace(CORRECT[name], stage=stage)
    assert blocking(check(d)) == []


@pytest.mark.parametrize("name", CORRECT)
def test_a_correct_draft_has_no_problem_at_all(name):
    assert check(CORRECT[name]) == []


# --------------------------------------------------------------------------- rule 1: 文种 in the title


@pytest.mark.parametrize(
    "doc_type, title",
    [
        (DocType.CIRCULAR, "江城市人社局关于印发《就业补助资金管理办法》的通知"),
        (DocType.CIRCULAR, "江城市人社局关于做好就业工作的补充通知  "),
        (DocType.ORDER, "江城市人社局令"),
        (DocType.ORDER, "江城市人社局嘉奖命令"),
        (DocType.LETTER, "江城市人社局关于商请支持的函"),
        (DocType.LETTER, "江城市人社局关于同意设立分中心的复函"),
        (DocType.REPLY, "江城市人社局关于同意设立分中心的批复"),
        (DocType.OPINION, "江城市人社局关于促进就业的实施意见"),
        (DocType.MINUTES, "局长办公会议纪要"),
    ],
)
def test_title_ending_with_its_doc_type_passes(doc_type, title):
    assert not codes(draft(doc_type=doc_type, title=title)) & {"title_doc_type", "title_punctuation"}


def test_title_ending_with_another_doc_type_is_blocking_and_names_both():
    the(draft(title="江城市人社局关于增加编制的请示"), "title_doc_type", "title", True, "请示", "通知")


def test_title_without_doc_type_asks_for_it():
    the(draft(title="江城市人社局关于做好就业工作"), "title_doc_type", "title", True, "通知", "结尾")


def test_a_letter_titled_as_a_circular_is_blocking():
    the(replace(LETTER, title="江城市人社局关于提供数据的通知"), "title_doc_type", "title", True, "函")


@pytest.mark.parametrize("mark", ["。", "！", "?", "？"])
def test_title_ending_with_punctuation_is_blocking(mark):
    d = draft(title=BASE.title + mark)
    the(d, "title_punctuation", "title", True, "标点", mark)
    assert "title_doc_type" not in codes(d)  # the 文种 is there, before the mark


# --------------------------------------------------------------------------- rule 2: organ in the title


@pytest.mark.parametrize("name", ORGAN)
def test_title_naming_the_organ_by_full_or_short_name_passes(name):
    assert "title_organ" not in codes(draft(title=name + "关于做好就业工作的通知"))


def test_title_without_the_organ_is_blocking():
    the(draft(title="关于做好就业工作的通知"), "title_organ", "title", True, "江城市人力资源和社会保障局")


def test_minutes_title_need_not_name_the_organ():
    assert "title_organ" not in codes(replace(MINUTES, title="专题会议纪要"))


def test_letter_in_letter_form_without_organ_is_advisory_only():
    the(replace(LETTER, title="关于商请提供数据的函"), "title_organ", "title", False, "江城市人力资源和社会保障局")


def test_letter_in_file_form_without_organ_is_blocking():
    d = replace(LETTER, title="关于商请提供数据的函", form=LayoutForm.FILE)
    the(d, "title_organ", "title", True)


@pytest.mark.parametrize("title", ["", "   "])
def test_empty_title_is_one_blocking_problem(title):
    d = draft(title=title)
    the(d, "title_missing", "title", True, "标题")
    assert [p.field for p in check(d)].count("title") == 1


# --------------------------------------------------------------------------- rule 3: 签发人 of a 上行文


@pytest.mark.parametrize("stage, is_blocking", [("office_check", False), ("sign", True), ("issue", True)])
def test_upward_document_without_signer(stage, is_blocking):
    d = replace(REQUEST, signer_name="", stage=stage)
    the(d, "signer_missing", "signer", is_blocking, "签发人")


@pytest.mark.parametrize("stage", STAGES)
def test_upward_document_with_signer_passes(stage):
    assert "signer_missing" not in codes(replace(REQUEST, stage=stage))


@pytest.mark.parametrize("stage", STAGES)
def test_downward_document_needs_no_signer(stage):
    assert "signer_missing" not in codes(draft(signer_name="", stage=stage))


# --------------------------------------------------------------------------- rule 4: 请示 and 报告


def test_request_to_two_superiors_is_blocking():
    d = replace(REQUEST, main_recipients=("江城市人民政府", "江城市财政局"))
    the(d, "request_recipients", "main_recipients", True, "一个", "江城市财政局")


def test_request_to_one_superior_passes():
    assert "request_recipients" not in codes(REQUEST)


@pytest.mark.parametrize(
    "title",
    [
        "江城市人社局关于增加编制和拨付工作经费的请示",
        "江城市人社局关于设立零工市场并增加人员编制的请示",
        "江城市人社局关于购置办公设备、举办招聘会的请示",
    ],
)
def test_request_title_with_several_matters_is_advisory(title):
    the(replace(REQUEST, title=title), "request_several_matters", "title", False, "一文一事")


@pytest.mark.parametrize(
    "title",
    [
        "江城市人力资源和社会保障局关于申请拨付就业和再就业专项资金的请示",
        "江城市人社局关于调整最低工资标准的请示",
        "江城市人社局关于及时拨付社保补贴的请示",
        "江城市人社局关于设立人力资源和社会保障服务中心的请示",
    ],
)
def test_request_title_with_one_matter_passes(title):
    assert "request_several_matters" not in codes(replace(REQUEST, title=title))


def test_request_body_with_two_approval_closings_is_advisory():
    body = "一、拟增加编制5名，请予批准。二、拟拨付经费20万元。妥否，请批示。"
    the(replace(REQUEST, body=body), "request_several_matters", "body", False, "一文一事")


def test_report_asking_for_approval_is_advisory():
    d = replace(CORRECT["报告"], body="现将工作情况报告如下。以上意见如无不妥，请批准。")
    the(d, "report_contains_request", "body", False, "请示", "请批准")


def test_report_without_request_passes():
    assert "report_contains_request" not in codes(CORRECT["报告"])


# --------------------------------------------------------------------------- rule 5: 涉密


@pytest.mark.parametrize("level", [Clearance.SECRET, Clearance.CONFIDENTIAL])
@pytest.mark.parametrize("stage", STAGES)
def test_classified_without_secrecy_period_is_blocking_at_every_stage(level, stage):
    d = replace(CLASSIFIED, secret_level=level, secrecy_period="", stage=stage)
    the(d, "secrecy_period_missing", "secrecy_period", True, "保密期限", str(level.label))


@pytest.mark.parametrize("level", [Clearance.PUBLIC, Clearance.INTERNAL])
def test_unclassified_needs_no_secrecy_period_or_copy_numbers(level):
    d = draft(secret_level=level, stage="issue")
    assert not codes(d) & {"secrecy_period_missing", "copy_numbers_missing", "copies_missing"}


def test_classified_at_issue_without_copy_numbers_is_blocking():
    the(replace(CLASSIFIED, copy_numbers=""), "copy_numbers_missing", "copy_numbers", True, "份号")


def test_classified_at_issue_without_copies_is_blocking():
    the(replace(CLASSIFIED, copies=0), "copies_missing", "copies", True, "份数")


@pytest.mark.parametrize("stage", ["office_check", "sign"])
def test_classified_before_issue_without_copies_is_advisory(stage):
    d = replace(CLASSIFIED, copies=0, copy_numbers="", stage=stage)
    the(d, "copies_missing", "copies", False, "份号", "份数")
    assert "copy_numbers_missing" not in codes(d)


@pytest.mark.parametrize("stage", ["office_check", "sign"])
def test_classified_before_issue_with_copies_passes(stage):
    assert check(replace(CLASSIFIED, copy_numbers="", stage=stage)) == []


# --------------------------------------------------------------------------- rule 6: 印章


@pytest.mark.parametrize(
    "d",
    [replace(MINUTES, with_seal=True), replace(MINUTES, form=LayoutForm.FILE, with_seal=True)],
    ids=["minutes form", "file form"],
)
def test_minutes_with_seal_is_blocking(d):
    the(d, "minutes_seal", "with_seal", True, "印章")


def test_minutes_form_with_seal_is_blocking_whatever_the_type():
    d = draft(form=LayoutForm.MINUTES, with_seal=True)
    the(d, "minutes_seal", "with_seal", True)


def test_minutes_without_seal_passes():
    assert not codes(MINUTES) & {"minutes_seal", "seal_missing"}


def test_file_form_without_seal_is_advisory():
    the(draft(with_seal=False), "seal_missing", "with_seal", False, "印章")


def test_letter_form_without_seal_is_not_flagged():
    assert "seal_missing" not in codes(replace(LETTER, with_seal=False))


# --------------------------------------------------------------------------- rule 7: 附件


@pytest.mark.parametrize(
    "notes, files",
    [
        (("江城市就业补助资金管理办法", "申报表"), ("江城市就业补助资金管理办法.docx", "申报表.xlsx")),
        (("1.江城市就业补助资金管理办法", "2、《申报表》"), ("附件1-江城市就业补助资金管理办法.docx", "申报表.xlsx")),
        (("１．申报表（试行）",), ("申报表(试行).PDF",)),
        (("附件：2026年度预算表",), ("1. 2026年度预算表.xlsx",)),
        (("（1）申报表", "（2）汇总表"), ("汇总表.et", "申报表.wps")),
        (("申报 表.docx",), ("申报表.docx",)),
        ((), ()),
    ],
)
def test_attachments_matching_the_notes_pass(notes, files):
    d = draft(attachment_notes=notes, attachment_names=files)
    assert not codes(d) & {"attachment_file_missing", "attachment_not_named", "attachment_note_punctuation"}


def test_a_named_attachment_without_file_is_blocking_and_named():
    d = draft(attachment_notes=("1.申报表", "2.汇总表"), attachment_names=("申报表.xlsx",))
    the(d, "attachment_file_missing", "attachments", True, "汇总表")


def test_an_uploaded_file_not_named_is_blocking_and_named():
    d = draft(attachment_notes=("申报表",), attachment_names=("申报表.xlsx", "名单.xlsx"))
    the(d, "attachment_not_named", "attachment_notes", True, "名单.xlsx")


def test_one_problem_per_missing_or_unnamed_file():
    d = draft(attachment_notes=("甲表", "乙表", "乙表"), attachment_names=("乙表.xlsx", "丙表.xlsx", "丁表.xlsx"))
    problems = check(d)
    missing = [p.message for p in problems if p.code == "attachment_file_missing"]
    unnamed = [p.message for p in problems if p.code == "attachment_not_named"]
    assert len(missing) == 2 and "“甲表”" in missing[0] and "“乙表”" in missing[1]
    assert len(unnamed) == 2 and "丙表.xlsx" in unnamed[0] and "丁表.xlsx" in unnamed[1]


def test_attachment_name_ending_with_punctuation_is_advisory():
    d = draft(attachment_notes=("1.申报表。",), attachment_names=("申报表.xlsx",))
    the(d, "attachment_note_punctuation", "attachment_notes", False, "申报表", "标点")
    assert blocking(check(d)) == []  # still matches its file


# --------------------------------------------------------------------------- rule 8: 成文日期


def test_dated_on_differing_from_signing_is_blocking():
    d = draft(dated_on=date(2026, 3, 5))
    the(d, "dated_on_mismatch", "dated_on", True, "2026-03-05", "2026-03-02", "签发")


@pytest.mark.parametrize("doc_type", [DocType.RESOLUTION, DocType.MINUTES])
def test_dated_on_differing_for_resolution_or_minutes_is_advisory(doc_type):
    if doc_type == DocType.MINUTES:
        d = MINUTES
    else:
        d = draft(doc_type=doc_type, title="江城市人社局职工代表大会关于2026年工作报告的决议")
    d = replace(d, signed_on=date(2026, 3, 5))
    the(d, "dated_on_mismatch", "dated_on", False, "会议")
    assert blocking(check(d)) == []


@pytest.mark.parametrize("signed_on", [DAY, None])
def test_dated_on_equal_to_signing_or_not_signed_yet_passes(signed_on):
    assert "dated_on_mismatch" not in codes(draft(signed_on=signed_on))


@pytest.mark.parametrize("stage, missing", [("office_check", False), ("sign", False), ("issue", True)])
def test_dated_on_is_required_at_issue(stage, missing):
    d = draft(dated_on=None, signed_on=None, stage=stage)
    if missing:
        the(d, "dated_on_missing", "dated_on", True, "成文日期")
    else:
        assert "dated_on_missing" not in codes(d)


# --------------------------------------------------------------------------- rule 9: 文号


@pytest.mark.parametrize("number", ["江人社发〔2026〕15号", "江人社函〔2026〕1号", "人社发〔2025〕120号", ""])
def test_well_formed_or_empty_doc_number_passes(number):
    assert "doc_number_format" not in codes(draft(doc_number=number))


@pytest.mark.parametrize(
    "number, mention",
    [
        ("江人社发[2026]15号", "〔〕"),
        ("江人社发(2026)15号", "〔〕"),
        ("江人社发（2026）15号", "〔〕"),
        ("江人社发【2026】15号", "〔〕"),
        ("江人社发﹝2026﹞15号", "〔〕"),
        ("江人社发〔26〕15号", "四位"),
        ("江人社发〔2026〕015号", "虚位"),
        ("江人社发〔2026〕第15号", "第"),
        ("江人社发〔2026〕15", "“号”"),
        ("江人社发 〔2026〕15号", "空格"),
        ("2026-15号", "代字"),
    ],
)
def test_malformed_doc_number_names_the_mistake(number, mention):
    the(draft(doc_number=number), "doc_number_format", "doc_number", True, number, mention, "〔2026〕15号")


def test_several_mistakes_in_one_doc_number_are_one_problem():
    problem = the(draft(doc_number="江人社发[26]第01号"), "doc_number_format", "doc_number", True)
    for mention in ("〔〕", "四位", "第", "虚位"):
        assert mention in problem.message


@pytest.mark.parametrize("stage, missing", [("office_check", False), ("sign", False), ("issue", True)])
def test_doc_number_is_required_at_issue(stage, missing):
    d = draft(doc_number="", stage=stage)
    if missing:
        the(d, "doc_number_missing", "doc_number", True, "尚未编号")
    else:
        assert "doc_number_missing" not in codes(d)


# --------------------------------------------------------------------------- rule 10: 主送机关


@pytest.mark.parametrize("doc_type", [DocType.ANNOUNCEMENT, DocType.PUBLIC_NOTICE])
def test_announcement_with_main_recipients_is_blocking(doc_type):
    title = "江城市人社局关于调整社保缴费基数的" + ("公告" if doc_type == DocType.ANNOUNCEMENT else "通告")
    d = draft(doc_type=doc_type, title=title)
    the(d, "main_recipients_forbidden", "main_recipients", True, "主送机关", str(doc_type.label))
    assert "main_recipients_forbidden" not in codes(replace(d, main_recipients=()))


def test_circular_without_main_recipients_is_blocking():
    the(draft(main_recipients=()), "main_recipients_missing", "main_recipients", True, "主送机关")


def test_minutes_without_main_recipients_is_advisory():
    d = replace(MINUTES, main_recipients=())
    the(d, "main_recipients_missing", "main_recipients", False, "主送")
    assert blocking(check(d)) == []


def test_communique_without_main_recipients_is_advisory():
    d = draft(doc_type=DocType.COMMUNIQUE, title="江城市人力资源和社会保障局2026年度人力资源和社会保障事业发展统计公报",
              main_recipients=())
    the(d, "main_recipients_missing", "main_recipients", False, "主送机关")


def test_order_needs_no_main_recipients():
    assert "main_recipients_missing" not in codes(CORRECT["命令"])


# --------------------------------------------------------------------------- rule 11: 行文方向 and 版式


@pytest.mark.parametrize(
    "doc_type, direction, title",
    [
        (DocType.REQUEST, Direction.DOWN, "江城市人社局关于增加编制的请示"),
        (DocType.CIRCULAR, Direction.UP, BASE.title),
        (DocType.REPLY, Direction.LEVEL, "江城市人社局关于同意设立分中心的批复"),
    ],
)
def test_direction_the_doc_type_does_not_allow_is_blocking(doc_type, direction, title):
    d = draft(doc_type=doc_type, direction=direction, title=title)
    the(d, "direction_not_allowed", "direction", True, str(doc_type.label), str(direction.label))


@pytest.mark.parametrize("direction", [Direction.DOWN, Direction.UP, Direction.LEVEL])
def test_opinion_may_go_any_way(direction):
    assert "direction_not_allowed" not in codes(replace(CORRECT["意见"], direction=direction))


def test_letter_form_for_another_type_is_advisory():
    the(draft(form=LayoutForm.LETTER), "form_letter", "form", False, "信函式", "通知")


def test_minutes_form_for_another_type_is_blocking():
    the(draft(form=LayoutForm.MINUTES, with_seal=False), "form_minutes", "form", True, "纪要式", "通知")


def test_letter_and_minutes_in_their_own_forms_pass():
    assert not (codes(LETTER) | codes(MINUTES)) & {"form_letter", "form_minutes"}


# --------------------------------------------------------------------------- rule 12: 抄送 and 正文


def test_cc_repeating_a_main_recipient_is_advisory():
    d = draft(main_recipients=("江城市财政局", "江城市税务局"), cc_recipients=("江城市 财政局", "江城市审计局"))
    the(d, "cc_repeats_main", "cc_recipients", False, "江城市 财政局")


def test_cc_not_repeating_passes():
    assert "cc_repeats_main" not in codes(draft(cc_recipients=("江城市审计局",)))


@pytest.mark.parametrize("body", ["", "  \n "])
def test_empty_body_is_blocking(body):
    the(draft(body=body), "body_missing", "body", True, "正文不能为空")


# --------------------------------------------------------------------------- the whole


def test_blocking_first_then_in_the_form_s_field_order():
    d = draft(
        title="关于做好就业工作的通知",  # title_organ (blocking)
        with_seal=False,  # seal_missing (advisory)
        cc_recipients=BASE.main_recipients,  # cc_repeats_main (advisory)
        body="",  # body_missing (blocking)
        direction=Direction.UP,  # direction_not_allowed (blocking)
        doc_number="江人社发[2026]15号",  # doc_number_format (blocking)
    )
    assert [p.code for p in check(d)] == [
        "direction_not_allowed",
        "title_organ",
        "doc_number_format",
        "body_missing",
        "cc_repeats_main",
        "seal_missing",
    ]
    assert [p.code for p in blocking(check(d))] == [
        "direction_not_allowed",
        "title_organ",
        "doc_number_format",
        "body_missing",
    ]


def test_unknown_choices_are_reported_not_raised():
    d = draft(doc_type="memo", direction="sideways", form="scroll")
    assert {"doc_type_invalid", "direction_invalid", "form_invalid"} <= codes(d)
    assert all(p.blocking for p in check(d) if p.code.endswith("_invalid"))


def test_unknown_stage_is_a_programming_error():
    with pytest.raises(ValueError):
        check(draft(stage="archive"))


def test_problems_are_frozen_values():
    problem = check(draft(body=""))[0]
    assert problem == Problem("body_missing", "body", problem.message, True)
    with pytest.raises(AttributeError):
        problem.code = "x"  # type: ignore[misc]
