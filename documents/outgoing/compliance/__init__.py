"""合规检查: is an outgoing 公文 (发文) drafted as 《党政机关公文处理工作条例》 and
GB/T 9704-2012 require?

A pure module — no model, no ORM, no request. The services describe the document as a
:class:`Draft` and :func:`check` answers with a list of :class:`Problem`: each names the
form field it points at, says in plain Chinese what is wrong and how to put it right, and
is either *blocking* (it stops 签发 and 印发) or an advisory the user may overrule.

Some rules depend on the stage the check is run for (:data:`STAGES`):

* ``office_check`` — 办公室核稿;
* ``sign`` — before 签发;
* ``issue`` — before 印发 (the 文号, the 成文日期 and, for a 涉密 document, the 份号 must
  then be there).

The checks, by code (B = blocking, A = advisory; "B/A" depends on the stage or the type):

=============================  ===================  ===========================================
code                           field                when
=============================  ===================  ===========================================
doc_type_invalid               doc_type             B  not a :class:`DocType`
direction_invalid              direction            B  not a :class:`Direction`
direction_not_allowed          direction            B  the 文种 does not go that way (DOC_TYPE_GUIDE)
form_invalid                   form                 B  not a :class:`LayoutForm`
form_letter                    form                 A  信函式 for another type than 函
form_minutes                   form                 B  纪要式 for another type than 纪要
title_missing                  title                B  empty title (no other title check then)
title_punctuation              title                B  the title ends with a punctuation mark
title_doc_type                 title                B  the title does not end with the 文种
title_organ                    title                B  no organ name in the title (A for 函 信函式;
                                                       not checked for 纪要)
request_several_matters        title / body         A  a 请示 that seems to ask for several things
main_recipients_missing        main_recipients      B  no 主送 (A for 纪要, 公报, 决议; not checked for 命令)
main_recipients_forbidden      main_recipients      B  a 公告/通告 with a 主送
request_recipients             main_recipients      B  a 请示 with more than one 主送
cc_repeats_main                cc_recipients        A  a 抄送 that is also a 主送
signer_missing                 signer               上行文 without 签发人: A at office_check, B after
secrecy_period_missing         secrecy_period       B  涉密 without 保密期限
copy_numbers_missing           copy_numbers         B  涉密 without 份号 at issue
copies_missing                 copies               涉密 with no number of copies: B at issue, A before
minutes_seal                   with_seal            B  a 纪要 (type or 纪要式) with a seal
seal_missing                   with_seal            A  a 文件式 document (not 纪要) without a seal
attachment_not_named           attachment_notes     B  an uploaded file the 附件说明 does not name
attachment_note_punctuation    attachment_notes     A  an attachment name ending with punctuation
attachment_file_missing        attachments          B  a name in the 附件说明 with no uploaded file
dated_on_mismatch              dated_on             B  成文日期 ≠ 签发日期 (A for 决议 and 纪要)
dated_on_missing               dated_on             B  no 成文日期 at issue
doc_number_format              doc_number           B  a 文号 not of the form 代字〔YYYY〕N号
doc_number_missing             doc_number           B  no 文号 at issue
report_contains_request        body                 A  a 报告 that asks for approval (夹带请示事项)
body_missing                   body                 B  empty body
=============================  ===================  ===========================================

Heuristics, kept deliberately simple so they do not fire on ordinary drafts:

* *a 请示 with several matters* — the title, without the organ's names, a leading 关于 and
  the trailing 的请示, is split at 和 / 及 / 以及 / 、 / 并; when two or more of the parts
  each contain a request verb (:data:`REQUEST_VERBS`: 申请, 增加, 拨付, 设立, …) the
  title asks for two things ("关于增加编制和拨付经费的请示"). "关于申请拨付就业和再就业
  专项资金的请示" is one matter: only one part has a verb. Or the body has two or more
  approval closings (:data:`APPROVAL_CLOSING`: 请批准, 请予批准, 请批示, 请审批, …; "妥否，
  请批示" counts once).
* *a 报告 with 请示事项* — the body contains one such approval closing.
* *attachment names* are compared after Unicode NFKC (full/half width), without spaces,
  《》, a leading "附件1：" / "1." / "1、" / "（1）", trailing punctuation and — for the
  uploaded files — the extension (for the 附件说明, only a known document extension).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from documents.choices import DOC_TYPE_GUIDE, Direction, DocType, LayoutForm
from office.choices import Clearance

#: The stages a draft is checked at, in order.
STAGES = ("office_check", "sign", "issue")
OFFICE_CHECK, SIGN, ISSUE = STAGES

#: The form's fields in their order on the page: problems are sorted by it.
FIELDS = (
    "doc_type",
    "direction",
    "form",
    "title",
    "main_recipients",
    "cc_recipients",
    "signer",
    "secret_level",
    "secrecy_period",
    "copy_numbers",
    "copies",
    "with_seal",
    "attachment_notes",
    "attachments",
    "dated_on",
    "doc_number",
    "body",
)


@dataclass(frozen=True)
class Problem:
    #: A stable identifier, e.g. "title_doc_type" (see the table in the module's docstring).
    code: str
    #: The form field it points at (one of :data:`FIELDS`).
    field: str
    #: What is wrong and how to fix it, in the user's language.
    message: str
    #: True: stops 签发 and 印发. False: an advisory shown to the user.
    blocking: bool


@dataclass(frozen=True)
class Draft:
    doc_type: str  # a DocType value
    direction: str  # a Direction value
    form: str  # a LayoutForm value
    title: str
    organ_names: tuple[str, ...]  # the issuing organ's full name and its 规范化简称
    main_recipients: tuple[str, ...]  # 主送机关
    cc_recipients: tuple[str, ...]  # 抄送机关
    signer_name: str  # the 签发人 designated or who signed ("" if none)
    secret_level: int  # a Clearance value
    secrecy_period: str  # 保密期限 ("1年", "长期"), "" if none
    copy_numbers: str  # 份号 as assigned at 印发 ("000001-000030"), "" before
    copies: int  # number of copies to print (0 = not set yet)
    with_seal: bool  # whether the document will bear the seal
    attachment_notes: tuple[str, ...]  # 附件说明: the attachment names as written in the document
    attachment_names: tuple[str, ...]  # file names of the uploaded attachment files, with extension
    signed_on: date | None  # the signing date (None before 签发)
    dated_on: date | None  # 成文日期
    doc_number: str  # 发文字号, "" before 编号
    body: str
    stage: str  # one of STAGES


# --------------------------------------------------------------------------- vocabulary

#: The words a title may end with, per 文种 (Chinese whatever the interface language:
#: they are what is written on the document). 实施意见, 补充通知, 复函 end with these.
TITLE_ENDINGS: dict[str, tuple[str, ...]] = {
    DocType.RESOLUTION: ("决议",),
    DocType.DECISION: ("决定",),
    DocType.ORDER: ("命令", "令"),
    DocType.COMMUNIQUE: ("公报",),
    DocType.ANNOUNCEMENT: ("公告",),
    DocType.PUBLIC_NOTICE: ("通告",),
    DocType.OPINION: ("意见",),
    DocType.CIRCULAR: ("通知",),
    DocType.BULLETIN: ("通报",),
    DocType.REPORT: ("报告",),
    DocType.REQUEST: ("请示",),
    DocType.REPLY: ("批复",),
    DocType.MOTION: ("议案",),
    DocType.LETTER: ("函",),
    DocType.MINUTES: ("纪要",),
}

#: Punctuation a title or an attachment name must not end with (both widths).
END_PUNCTUATION = "。．.，,、；;：:！!？?…"

#: Verbs that make a part of a 请示's title a request of its own.
REQUEST_VERBS = (
    "申请",
    "请求",
    "恳请",
    "批准",
    "审批",
    "核准",
    "核定",
    "核拨",
    "拨付",
    "划拨",
    "追加",
    "增加",
    "增设",
    "设立",
    "成立",
    "购置",
    "购买",
    "举办",
    "召开",
    "解决",
    "给予",
    "变更",
    "撤销",
    "调整",
    "延长",
    "减免",
    "免除",
    "新建",
    "配备",
)
#: What joins two requests in a title.
TITLE_JOINERS = re.compile(r"以及|及|和|、|并")
#: The closing that asks a superior for approval (请批准, 请予批准, 请予以批准, 请批示 …).
APPROVAL_CLOSING = re.compile(r"请(?:予以|予)?(?:批准|批示|审批|批复|核准)")

#: The 文号: 机关代字〔年份〕序号号.
DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]+〔(\d{4})〕([1-9]\d*)号$")

#: Extensions dropped from a name in the 附件说明 when someone typed the file's name.
DOCUMENT_EXTENSIONS = frozenset(
    "doc docx wps xls xlsx et ppt pptx dps pdf ofd txt rtf jpg jpeg png tif tiff zip rar".split()
)
_ATTACHMENT_PREFIX = re.compile(r"^附件\s*\d*\s*[:：.、\-_—]?\s*")
_NUMBER_PREFIX = re.compile(r"^(?:\(\d{1,3}\)|\d{1,3}[.、:)\-_])")
_EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,5})$")
#: Brackets mistaken for 〔〕 around the year: [] () 【】 ［］ （） ﹝﹞ 〖〗.
_OPEN, _CLOSE = r"[〔\[(（【［﹝〖]", r"[〕\])）】］﹞〗]"
_WRONG_BRACKETS = r"[\[\]()（）【】［］﹝﹞〖〗]"


# --------------------------------------------------------------------------- helpers


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _squash(text: str) -> str:
    """NFKC, no whitespace: how two names are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _names(values) -> list[str]:
    return [v.strip() for v in values or () if v and v.strip()]


def _attachment_key(name: str, *, is_file: bool) -> str:
    """What is left of an attachment's name once numbering, 《》, widths and extension go."""
    text = _squash(name).replace("《", "").replace("》", "")
    if is_file:
        text = _EXTENSION.sub("", text)
    text = text.rstrip(END_PUNCTUATION)
    text = _ATTACHMENT_PREFIX.sub("", text, count=1)
    text = _NUMBER_PREFIX.sub("", text, count=1)
    if not is_file:
        match = _EXTENSION.search(text)
        if match and match.group(1).lower() in DOCUMENT_EXTENSIONS:
            text = text[: match.start()]
    return text.rstrip(END_PUNCTUATION).casefold()


def _title_ending(title: str) -> tuple[str, str] | None:
    """(doc_type, word) of the 文种 the title ends with, the longest word winning."""
    found = [(word, doc_type) for doc_type, words in TITLE_ENDINGS.items() for word in words if title.endswith(word)]
    if not found:
        return None
    word, doc_type = max(found, key=lambda pair: len(pair[0]))
    return doc_type, word


def _several_requests_in_title(title: str, organ_names) -> bool:
    core = _squash(title)
    for name in sorted((_squash(n) for n in organ_names if n and n.strip()), key=len, reverse=True):
        core = core.replace(name, "")
    core = core.removeprefix("关于").removesuffix("请示").removesuffix("的")
    parts = TITLE_JOINERS.split(core)
    return sum(1 for part in parts if any(verb in part for verb in REQUEST_VERBS)) >= 2


def _doc_number_mistakes(number: str) -> list[str]:
    """The specific mistakes found in a 文号 that does not match :data:`DOC_NUMBER`."""
    mistakes = []
    if re.search(r"\s", number):
        mistakes.append(_("文号中不要有空格"))
    if re.search(_WRONG_BRACKETS, number) or "〔" not in number or "〕" not in number:
        mistakes.append(_("年份应使用六角括号“〔〕”，不能用“[]”“()”或“【】”"))
    year = re.search(_OPEN + r"(\d+)" + _CLOSE, number)
    if year and len(year.group(1)) != 4:
        mistakes.append(_("年份应写全四位，如“2026”"))
    if re.search(r"第\s*\d", number):
        mistakes.append(_("序号前不加“第”字"))
    serial = re.search(_CLOSE + r"\s*第?\s*(\d+)", number)
    if serial and serial.group(1).startswith("0"):
        mistakes.append(_("序号不编虚位，如“1号”不写作“01号”"))
    if not number.endswith("号"):
        mistakes.append(_("文号应以“号”字结尾"))
    if not re.match(r"[\u4e00-\u9fff]", number):
        mistakes.append(_("文号应以发文机关代字开头，如“人社发”"))
    return mistakes


# --------------------------------------------------------------------------- the check


def check(draft: Draft) -> list[Problem]:
    """Every problem found in ``draft``: blocking ones first, then in the form's field order."""
    if draft.stage not in STAGES:
        raise ValueError(f"unknown stage {draft.stage!r}; expected one of {STAGES}")
    problems: list[Problem] = []

    def add(code: str, field: str, message: str, blocking: bool = True) -> None:
        problems.append(Problem(code=code, field=field, message=message, blocking=blocking))

    known_type = draft.doc_type in DocType.values
    doc_type = draft.doc_type if known_type else None
    type_label = _label(DocType, draft.doc_type)
    is_minutes = doc_type == DocType.MINUTES or draft.form == LayoutForm.MINUTES
    main = _names(draft.main_recipients)
    cc = _names(draft.cc_recipients)
    organs = _names(draft.organ_names)
    classified = (draft.secret_level or 0) >= Clearance.SECRET

    # 11. 文种, 行文方向, 版式.
    if not known_type:
        add("doc_type_invalid", "doc_type", _("请选择文种。"))
    if draft.direction not in Direction.values:
        add("direction_invalid", "direction", _("请选择行文方向（上行文、平行文或下行文）。"))
    elif known_type:
        allowed = DOC_TYPE_GUIDE[doc_type][0]
        if draft.direction not in allowed:
            add(
                "direction_not_allowed",
                "direction",
                _("“%(doc_type)s”不能作为%(direction)s：请改为%(allowed)s，或改选文种。")
                % {
                    "doc_type": type_label,
                    "direction": _label(Direction, draft.direction),
                    "allowed": _("或").join(_label(Direction, d) for d in allowed),
                },
            )
    if draft.form not in LayoutForm.values:
        add("form_invalid", "form", _("请选择版式（文件式、信函式或纪要式）。"))
    elif known_type:
        if draft.form == LayoutForm.LETTER and doc_type != DocType.LETTER:
            add(
                "form_letter",
                "form",
                _("信函式一般用于“函”，“%(doc_type)s”通常使用文件式：请确认版式。") % {"doc_type": type_label},
                blocking=False,
            )
        if draft.form == LayoutForm.MINUTES and doc_type != DocType.MINUTES:
            add(
                "form_minutes",
                "form",
                _("纪要式只用于“纪要”，“%(doc_type)s”不能使用：请改为文件式。") % {"doc_type": type_label},
            )

    # 1, 2 (and 4's title heuristic). 标题.
    title = (draft.title or "").strip()
    if not title:
        add("title_missing", "title", _("请填写标题。"))
    else:
        core = title.rstrip(END_PUNCTUATION + " \u3000\t")
        if core != title:
            add(
                "title_punctuation",
                "title",
                _("标题末尾不加标点符号：请删去末尾的“%(mark)s”。") % {"mark": title[len(core) :].strip()},
            )
        if known_type:
            words = TITLE_ENDINGS[doc_type]
            if not core.endswith(words):
                ending = _title_ending(core)
                if ending:
                    message = _("标题以“%(word)s”结尾，与所选文种“%(doc_type)s”不一致：请修改标题或改选文种。") % {
                        "word": ending[1],
                        "doc_type": type_label,
                    }
                else:
                    message = _("标题应以文种“%(doc_type)s”结尾（如“关于……的%(word)s”）：请在标题末尾写明文种。") % {
                        "doc_type": type_label,
                        "word": words[0],
                    }
                add("title_doc_type", "title", message)
            if organs and doc_type != DocType.MINUTES:
                squashed = _squash(core)
                if not any(_squash(name) in squashed for name in organs):
                    if doc_type == DocType.LETTER and draft.form == LayoutForm.LETTER:
                        add(
                            "title_organ",
                            "title",
                            _("标题中没有发文机关名称：信函式的函可以省略，但写明“%(organ)s”更规范。")
                            % {"organ": organs[0]},
                            blocking=False,
                        )
                    else:
                        add(
                            "title_organ",
                            "title",
                            _("标题应写明发文机关：请在标题中写上“%(organ)s”或其规范化简称。") % {"organ": organs[0]},
                        )

    # 4. 请示: 一文一事, 主送一个上级机关. 报告 不得夹带请示事项.
    body = (draft.body or "").strip()
    if doc_type == DocType.REQUEST:
        if title and _several_requests_in_title(title, organs):
            add(
                "request_several_matters",
                "title",
                _("请示应当一文一事，标题“%(title)s”似乎包含多个请示事项：如确有多件事，请分别行文。") % {"title": title},
                blocking=False,
            )
        elif len(APPROVAL_CLOSING.findall(body)) >= 2:
            add(
                "request_several_matters",
                "body",
                _("请示应当一文一事，正文中有多处“请批准”“请批示”之类的请求语：如有多件事，请分别行文。"),
                blocking=False,
            )
        if len(main) > 1:
            add(
                "request_recipients",
                "main_recipients",
                _("请示只能主送一个上级机关，现有%(count)d个（%(names)s）：请只保留一个，其他机关可列为抄送。")
                % {"count": len(main), "names": _("、").join(main)},
            )
    closing = APPROVAL_CLOSING.search(body) if doc_type == DocType.REPORT else None
    if closing:
        add(
            "report_contains_request",
            "body",
            _("报告中不得夹带请示事项，正文中出现了“%(phrase)s”：需要上级批准的事项请另行请示。")
            % {"phrase": closing.group(0)},
            blocking=False,
        )

    # 10. 主送机关.
    if doc_type in (DocType.ANNOUNCEMENT, DocType.PUBLIC_NOTICE):
        if main:
            add(
                "main_recipients_forbidden",
                "main_recipients",
                _("“%(doc_type)s”面向社会公布，不写主送机关：请删除主送机关。") % {"doc_type": type_label},
            )
    elif known_type and doc_type != DocType.ORDER and not main:
        if doc_type == DocType.MINUTES:
            add(
                "main_recipients_missing",
                "main_recipients",
                _("纪要没有填写主送机关：如需分送有关单位，请填写主送或分送机关。"),
                blocking=False,
            )
        elif doc_type in (DocType.COMMUNIQUE, DocType.RESOLUTION):
            # 公报 and 决议 are often published without a 主送: a reminder, not a stop.
            add(
                "main_recipients_missing",
                "main_recipients",
                _("“%(doc_type)s”没有填写主送机关：如需发送有关单位，请填写主送机关。") % {"doc_type": type_label},
                blocking=False,
            )
        else:
            add("main_recipients_missing", "main_recipients", _("请填写主送机关。"))

    # 12. 抄送 must not repeat a 主送.
    main_keys = {_squash(name) for name in main}
    for name in cc:
        if _squash(name) in main_keys:
            add(
                "cc_repeats_main",
                "cc_recipients",
                _("“%(name)s”已是主送机关，不必再抄送：请从抄送机关中删除。") % {"name": name},
                blocking=False,
            )

    # 3. 上行文 标注签发人.
    if draft.direction == Direction.UP and not (draft.signer_name or "").strip():
        if draft.stage == OFFICE_CHECK:
            add(
                "signer_missing",
                "signer",
                _("报送上级机关的公文须标注签发人：核稿时请指定签发领导。"),
                blocking=False,
            )
        else:
            add("signer_missing", "signer", _("报送上级机关的公文须标注签发人：请指定签发领导。"))

    # 5. 涉密公文: 保密期限 and 份号.
    if classified:
        level = {"level": _label(Clearance, draft.secret_level)}
        if not (draft.secrecy_period or "").strip():
            add(
                "secrecy_period_missing",
                "secrecy_period",
                _("“%(level)s”级公文须标注保密期限：请填写保密期限，如“1年”或“长期”。") % level,
            )
        if draft.stage == ISSUE:
            if not (draft.copy_numbers or "").strip():
                add(
                    "copy_numbers_missing",
                    "copy_numbers",
                    _("“%(level)s”级公文须标注份号：印发前请编制份号。") % level,
                )
            if (draft.copies or 0) < 1:
                add(
                    "copies_missing",
                    "copies",
                    _("“%(level)s”级公文须逐份编号：请填写印制份数。") % level,
                )
        elif (draft.copies or 0) < 1:
            add(
                "copies_missing",
                "copies",
                _("“%(level)s”级公文须标注份号，份号在印发时按份数编制：请填写印制份数。") % level,
                blocking=False,
            )

    # 6. 印章.
    if is_minutes and draft.with_seal:
        add("minutes_seal", "with_seal", _("纪要不加盖印章：请取消加盖印章。"))
    elif draft.form == LayoutForm.FILE and known_type and not is_minutes and not draft.with_seal:
        add(
            "seal_missing",
            "with_seal",
            _("文件式公文一般应加盖印章：请确认是否不加盖印章。"),
            blocking=False,
        )

    # 7. 附件说明 and the uploaded files.
    notes = _names(draft.attachment_notes)
    files = _names(draft.attachment_names)
    for note in notes:
        if note.endswith(tuple(END_PUNCTUATION)):
            add(
                "attachment_note_punctuation",
                "attachment_notes",
                _("附件名称后不加标点符号：请删去“%(name)s”末尾的标点。") % {"name": note},
                blocking=False,
            )
    unmatched_files = Counter(_attachment_key(name, is_file=True) for name in files)
    missing_files = []
    for note in notes:
        key = _attachment_key(note, is_file=False)
        if unmatched_files[key] > 0:
            unmatched_files[key] -= 1
        else:
            missing_files.append(note)
    for name in files:
        key = _attachment_key(name, is_file=True)
        if unmatched_files[key] > 0:
            unmatched_files[key] -= 1
            add(
                "attachment_not_named",
                "attachment_notes",
                _("已上传的附件“%(name)s”没有列入附件说明：请在附件说明中写明，或删除该文件。") % {"name": name},
            )
    for note in missing_files:
        add(
            "attachment_file_missing",
            "attachments",
            _("附件说明中的“%(name)s”没有上传对应的文件：请上传该附件，或修改附件说明。") % {"name": note},
        )

    # 8. 成文日期.
    if draft.signed_on and draft.dated_on and draft.signed_on != draft.dated_on:
        dates = {"dated": draft.dated_on.isoformat(), "signed": draft.signed_on.isoformat()}
        if doc_type in (DocType.RESOLUTION, DocType.MINUTES):
            add(
                "dated_on_mismatch",
                "dated_on",
                _("成文日期（%(dated)s）与签发日期（%(signed)s）不同：会议通过的，成文日期为会议通过的日期，请确认。")
                % dates,
                blocking=False,
            )
        else:
            add(
                "dated_on_mismatch",
                "dated_on",
                _("成文日期（%(dated)s）应为负责人签发的日期（%(signed)s）：请改正成文日期。") % dates,
            )
    if draft.stage == ISSUE and not draft.dated_on:
        add("dated_on_missing", "dated_on", _("尚未确定成文日期：印发前请填写成文日期（即签发日期）。"))

    # 9. 发文字号.
    number = (draft.doc_number or "").strip()
    if number and not DOC_NUMBER.match(number):
        mistakes = _doc_number_mistakes(number) or [_("格式不对")]
        add(
            "doc_number_format",
            "doc_number",
            _("文号“%(number)s”有误：%(mistakes)s。正确的写法如“人社发〔2026〕15号”。")
            % {"number": number, "mistakes": _("；").join(mistakes)},
        )
    if draft.stage == ISSUE and not number:
        add("doc_number_missing", "doc_number", _("尚未编号：印发前请先编制发文字号。"))

    # 12. 正文.
    if not body:
        add("body_missing", "body", _("正文不能为空。"))

    order = {field: index for index, field in enumerate(FIELDS)}
    return sorted(problems, key=lambda p: (not p.blocking, order.get(p.field, len(FIELDS))))


def blocking(problems) -> list[Problem]:
    """The problems that stop 签发 and 印发."""
    return [problem for problem in problems if problem.blocking]
