"""The compliance rules, one function each: ``rule(draft, facts)`` → the problems it finds.

:data:`RULES` lists them in the order their problems were always reported in (the check then
sorts by blocking and field, keeping that order among equals). The numbers in the comments
are the items of the review list the rules come from (see the package's docstring).
"""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

from documents.choices import DOC_TYPE_GUIDE, Direction, DocType, LayoutForm
from documents.outgoing.compliance.base import (
    APPROVAL_CLOSING,
    DOC_NUMBER,
    END_PUNCTUATION,
    ISSUE,
    OFFICE_CHECK,
    TITLE_ENDINGS,
    Draft,
    Facts,
    Problem,
    Rule,
    _attachment_key,
    _doc_number_mistakes,
    _label,
    _names,
    _several_requests_in_title,
    _squash,
    _title_ending,
    problem,
    repeated_salutation,
)
from office.choices import Clearance

# --- 11. 文种, 行文方向, 版式 ------------------------------------------------------------


def doc_type_known(draft: Draft, facts: Facts) -> list[Problem]:
    if facts.known_type:
        return []
    return [problem("doc_type_invalid", "doc_type", _("请选择文种。"))]


def direction_allowed(draft: Draft, facts: Facts) -> list[Problem]:
    if draft.direction not in Direction.values:
        return [problem("direction_invalid", "direction", _("请选择行文方向（上行文、平行文或下行文）。"))]
    if not facts.known_type:
        return []
    allowed = DOC_TYPE_GUIDE[facts.doc_type][0]
    if draft.direction in allowed:
        return []
    return [problem(
        "direction_not_allowed",
        "direction",
        _("“%(doc_type)s”不能作为%(direction)s：请改为%(allowed)s，或改选文种。")
        % {
            "doc_type": facts.type_label,
            "direction": _label(Direction, draft.direction),
            "allowed": _("或").join(_label(Direction, d) for d in allowed),
        },
    )]


def layout_form(draft: Draft, facts: Facts) -> list[Problem]:
    if draft.form not in LayoutForm.values:
        return [problem("form_invalid", "form", _("请选择版式（文件式、信函式或纪要式）。"))]
    if not facts.known_type:
        return []
    if draft.form == LayoutForm.LETTER and facts.doc_type != DocType.LETTER:
        return [problem(
            "form_letter",
            "form",
            _("信函式一般用于“函”，“%(doc_type)s”通常使用文件式：请确认版式。") % {"doc_type": facts.type_label},
            blocking=False,
        )]
    if draft.form == LayoutForm.MINUTES and facts.doc_type != DocType.MINUTES:
        return [problem(
            "form_minutes",
            "form",
            _("纪要式只用于“纪要”，“%(doc_type)s”不能使用：请改为文件式。") % {"doc_type": facts.type_label},
        )]
    return []


# --- 1, 2. 标题 -----------------------------------------------------------------------------


def title_present(draft: Draft, facts: Facts) -> list[Problem]:
    return [] if facts.title else [problem("title_missing", "title", _("请填写标题。"))]


def title_punctuation(draft: Draft, facts: Facts) -> list[Problem]:
    if not facts.title or facts.core == facts.title:
        return []
    return [problem(
        "title_punctuation",
        "title",
        _("标题末尾不加标点符号：请删去末尾的“%(mark)s”。") % {"mark": facts.title[len(facts.core):].strip()},
    )]


def title_doc_type(draft: Draft, facts: Facts) -> list[Problem]:
    if not facts.title or not facts.known_type:
        return []
    words = TITLE_ENDINGS[facts.doc_type]
    if facts.core.endswith(words):
        return []
    ending = _title_ending(facts.core)
    if ending:
        message = _("标题以“%(word)s”结尾，与所选文种“%(doc_type)s”不一致：请修改标题或改选文种。") % {
            "word": ending[1],
            "doc_type": facts.type_label,
        }
    else:
        message = _("标题应以文种“%(doc_type)s”结尾（如“关于……的%(word)s”）：请在标题末尾写明文种。") % {
            "doc_type": facts.type_label,
            "word": words[0],
        }
    return [problem("title_doc_type", "title", message)]


def title_organ(draft: Draft, facts: Facts) -> list[Problem]:
    if not facts.title or not facts.known_type or not facts.organs or facts.doc_type == DocType.MINUTES:
        return []
    squashed = _squash(facts.core)
    if any(_squash(name) in squashed for name in facts.organs):
        return []
    if facts.doc_type == DocType.LETTER and draft.form == LayoutForm.LETTER:
        return [problem(
            "title_organ",
            "title",
            _("标题中没有发文机关名称：信函式的函可以省略，但写明“%(organ)s”更规范。") % {"organ": facts.organs[0]},
            blocking=False,
        )]
    return [problem(
        "title_organ",
        "title",
        _("标题应写明发文机关：请在标题中写上“%(organ)s”或其规范化简称。") % {"organ": facts.organs[0]},
    )]


# --- 4. 请示: 一文一事, 主送一个上级机关; 报告 不得夹带请示事项 ------------------------------------


def request_one_matter(draft: Draft, facts: Facts) -> list[Problem]:
    if facts.doc_type != DocType.REQUEST:
        return []
    if facts.title and _several_requests_in_title(facts.title, facts.organs):
        return [problem(
            "request_several_matters",
            "title",
            _("请示应当一文一事，标题“%(title)s”似乎包含多个请示事项：如确有多件事，请分别行文。") % {"title": facts.title},
            blocking=False,
        )]
    if len(APPROVAL_CLOSING.findall(facts.body)) >= 2:
        return [problem(
            "request_several_matters",
            "body",
            _("请示应当一文一事，正文中有多处“请批准”“请批示”之类的请求语：如有多件事，请分别行文。"),
            blocking=False,
        )]
    return []


def request_one_recipient(draft: Draft, facts: Facts) -> list[Problem]:
    if facts.doc_type != DocType.REQUEST or len(facts.main) <= 1:
        return []
    return [problem(
        "request_recipients",
        "main_recipients",
        _("请示只能主送一个上级机关，现有%(count)d个（%(names)s）：请只保留一个，其他机关可列为抄送。")
        % {"count": len(facts.main), "names": _("、").join(facts.main)},
    )]


def report_without_request(draft: Draft, facts: Facts) -> list[Problem]:
    closing = APPROVAL_CLOSING.search(facts.body) if facts.doc_type == DocType.REPORT else None
    if not closing:
        return []
    return [problem(
        "report_contains_request",
        "body",
        _("报告中不得夹带请示事项，正文中出现了“%(phrase)s”：需要上级批准的事项请另行请示。")
        % {"phrase": closing.group(0)},
        blocking=False,
    )]


# --- 10, 12. 主送机关, 抄送机关 -----------------------------------------------------------------


def main_recipients_forbidden(draft: Draft, facts: Facts) -> list[Problem]:
    if facts.doc_type not in (DocType.ANNOUNCEMENT, DocType.PUBLIC_NOTICE) or not facts.main:
        return []
    return [problem(
        "main_recipients_forbidden",
        "main_recipients",
        _("“%(doc_type)s”面向社会公布，不写主送机关：请删除主送机关。") % {"doc_type": facts.type_label},
    )]


#: 文种 that need no 主送 (命令) or must not have one (公告, 通告: see the rule above).
_NO_MAIN_NEEDED = (DocType.ANNOUNCEMENT, DocType.PUBLIC_NOTICE, DocType.ORDER)


def main_recipients_present(draft: Draft, facts: Facts) -> list[Problem]:
    if not facts.known_type or facts.doc_type in _NO_MAIN_NEEDED or facts.main:
        return []
    if facts.doc_type == DocType.MINUTES:
        return [problem(
            "main_recipients_missing",
            "main_recipients",
            _("纪要没有填写主送机关：如需分送有关单位，请填写主送或分送机关。"),
            blocking=False,
        )]
    if facts.doc_type in (DocType.COMMUNIQUE, DocType.RESOLUTION):
        # 公报 and 决议 are often published without a 主送: a reminder, not a stop.
        return [problem(
            "main_recipients_missing",
            "main_recipients",
            _("“%(doc_type)s”没有填写主送机关：如需发送有关单位，请填写主送机关。") % {"doc_type": facts.type_label},
            blocking=False,
        )]
    return [problem("main_recipients_missing", "main_recipients", _("请填写主送机关。"))]


def cc_not_main(draft: Draft, facts: Facts) -> list[Problem]:
    main_keys = {_squash(name) for name in facts.main}
    return [
        problem(
            "cc_repeats_main",
            "cc_recipients",
            _("“%(name)s”已是主送机关，不必再抄送：请从抄送机关中删除。") % {"name": name},
            blocking=False,
        )
        for name in facts.cc
        if _squash(name) in main_keys
    ]


# --- 3. 上行文 标注签发人 ----------------------------------------------------------------------


def signer_named(draft: Draft, facts: Facts) -> list[Problem]:
    if draft.direction != Direction.UP or (draft.signer_name or "").strip():
        return []
    if draft.stage == OFFICE_CHECK:
        return [problem(
            "signer_missing", "signer", _("报送上级机关的公文须标注签发人：核稿时请指定签发领导。"), blocking=False,
        )]
    return [problem("signer_missing", "signer", _("报送上级机关的公文须标注签发人：请指定签发领导。"))]


# --- 5. 涉密公文: 保密期限 and 份号 -------------------------------------------------------------


def _level(draft: Draft) -> dict:
    return {"level": _label(Clearance, draft.secret_level)}


def secrecy_period(draft: Draft, facts: Facts) -> list[Problem]:
    if not facts.classified or (draft.secrecy_period or "").strip():
        return []
    return [problem(
        "secrecy_period_missing",
        "secrecy_period",
        _("“%(level)s”级公文须标注保密期限：请填写保密期限，如“1年”或“长期”。") % _level(draft),
    )]


def copy_numbers(draft: Draft, facts: Facts) -> list[Problem]:
    if not facts.classified or draft.stage != ISSUE or (draft.copy_numbers or "").strip():
        return []
    return [problem("copy_numbers_missing", "copy_numbers", _("“%(level)s”级公文须标注份号：印发前请编制份号。") % _level(draft))]


def copies(draft: Draft, facts: Facts) -> list[Problem]:
    if not facts.classified or (draft.copies or 0) >= 1:
        return []
    if draft.stage == ISSUE:
        return [problem("copies_missing", "copies", _("“%(level)s”级公文须逐份编号：请填写印制份数。") % _level(draft))]
    return [problem(
        "copies_missing",
        "copies",
        _("“%(level)s”级公文须标注份号，份号在印发时按份数编制：请填写印制份数。") % _level(draft),
        blocking=False,
    )]


# --- 6. 印章 --------------------------------------------------------------------------------


def seal(draft: Draft, facts: Facts) -> list[Problem]:
    if facts.is_minutes and draft.with_seal:
        return [problem("minutes_seal", "with_seal", _("纪要不加盖印章：请取消加盖印章。"))]
    if draft.form == LayoutForm.FILE and facts.known_type and not facts.is_minutes and not draft.with_seal:
        return [problem(
            "seal_missing", "with_seal", _("文件式公文一般应加盖印章：请确认是否不加盖印章。"), blocking=False,
        )]
    return []


# --- 7. 附件说明 and the uploaded files ---------------------------------------------------------


def attachment_note_punctuation(draft: Draft, facts: Facts) -> list[Problem]:
    return [
        problem(
            "attachment_note_punctuation",
            "attachment_notes",
            _("附件名称后不加标点符号：请删去“%(name)s”末尾的标点。") % {"name": note},
            blocking=False,
        )
        for note in _names(draft.attachment_notes)
        if note.endswith(tuple(END_PUNCTUATION))
    ]


def _match_attachments(notes: list[str], files: list[str]) -> tuple[list[str], list[str]]:
    """(files the notes do not name, notes no file answers), each name matched once."""
    unmatched_files = Counter(_attachment_key(name, is_file=True) for name in files)
    missing_files = []
    for note in notes:
        key = _attachment_key(note, is_file=False)
        if unmatched_files[key] > 0:
            unmatched_files[key] -= 1
        else:
            missing_files.append(note)
    unnamed = []
    for name in files:
        key = _attachment_key(name, is_file=True)
        if unmatched_files[key] > 0:
            unmatched_files[key] -= 1
            unnamed.append(name)
    return unnamed, missing_files


def attachments_match(draft: Draft, facts: Facts) -> list[Problem]:
    unnamed, missing = _match_attachments(_names(draft.attachment_notes), _names(draft.attachment_names))
    found = [
        problem(
            "attachment_not_named",
            "attachment_notes",
            _("已上传的附件“%(name)s”没有列入附件说明：请在附件说明中写明，或删除该文件。") % {"name": name},
        )
        for name in unnamed
    ]
    return found + [
        problem(
            "attachment_file_missing",
            "attachments",
            _("附件说明中的“%(name)s”没有上传对应的文件：请上传该附件，或修改附件说明。") % {"name": note},
        )
        for note in missing
    ]


# --- 8. 成文日期 ------------------------------------------------------------------------------


def dated_on_signed(draft: Draft, facts: Facts) -> list[Problem]:
    if not (draft.signed_on and draft.dated_on and draft.signed_on != draft.dated_on):
        return []
    dates = {"dated": draft.dated_on.isoformat(), "signed": draft.signed_on.isoformat()}
    if facts.doc_type in (DocType.RESOLUTION, DocType.MINUTES):
        return [problem(
            "dated_on_mismatch",
            "dated_on",
            _("成文日期（%(dated)s）与签发日期（%(signed)s）不同：会议通过的，成文日期为会议通过的日期，请确认。") % dates,
            blocking=False,
        )]
    return [problem(
        "dated_on_mismatch", "dated_on", _("成文日期（%(dated)s）应为负责人签发的日期（%(signed)s）：请改正成文日期。") % dates,
    )]


def dated_on_present(draft: Draft, facts: Facts) -> list[Problem]:
    if draft.stage != ISSUE or draft.dated_on:
        return []
    return [problem("dated_on_missing", "dated_on", _("尚未确定成文日期：印发前请填写成文日期（即签发日期）。"))]


# --- 9. 发文字号 ------------------------------------------------------------------------------


def doc_number_format(draft: Draft, facts: Facts) -> list[Problem]:
    if not facts.number or DOC_NUMBER.match(facts.number):
        return []
    mistakes = _doc_number_mistakes(facts.number) or [_("格式不对")]
    return [problem(
        "doc_number_format",
        "doc_number",
        _("文号“%(number)s”有误：%(mistakes)s。正确的写法如“人社发〔2026〕15号”。")
        % {"number": facts.number, "mistakes": _("；").join(mistakes)},
    )]


def doc_number_present(draft: Draft, facts: Facts) -> list[Problem]:
    if draft.stage != ISSUE or facts.number:
        return []
    return [problem("doc_number_missing", "doc_number", _("尚未编号：印发前请先编制发文字号。"))]


# --- 12. 正文 --------------------------------------------------------------------------------


def body_present(draft: Draft, facts: Facts) -> list[Problem]:
    return [] if facts.body else [problem("body_missing", "body", _("正文不能为空。"))]


def body_repeats_salutation(draft: Draft, facts: Facts) -> list[Problem]:
    """The layout prints the 主送 line before the body: a body starting with it shows it twice."""
    line = repeated_salutation(facts.body, facts.main)
    if line is None:
        return []
    return [problem(
        "body_repeats_main",
        "body",
        _("正文第一行“%(line)s”重复了主送机关：主送机关由系统排在正文之前，请删除正文中的这一行。") % {"line": line},
    )]


#: Every rule, in the order their problems have always been listed.
RULES: tuple[Rule, ...] = (
    doc_type_known,
    direction_allowed,
    layout_form,
    title_present,
    title_punctuation,
    title_doc_type,
    title_organ,
    request_one_matter,
    request_one_recipient,
    report_without_request,
    main_recipients_forbidden,
    main_recipients_present,
    cc_not_main,
    signer_named,
    secrecy_period,
    copy_numbers,
    copies,
    seal,
    attachment_note_punctuation,
    attachments_match,
    dated_on_signed,
    dated_on_present,
    doc_number_format,
    doc_number_present,
    body_present,
    body_repeats_salutation,
)
