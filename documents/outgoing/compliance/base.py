"""The compliance check's vocabulary: what a draft says (:class:`Draft`), what is wrong (:class:`Problem`),
the stages, and what every rule derives from a draft once (:class:`Facts`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from documents.choices import DocType, LayoutForm
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


#: What separates the names in a salutation line: 、 ， ; (both widths after NFKC).
_SALUTATION_SPLIT = re.compile(r"[、,;，；]")


def repeated_salutation(body: str, main_recipients) -> str | None:
    """The body's first paragraph when it repeats the 主送 line (the layout prints that line itself).

    "江城市人民政府：" before a body whose 主送 is 江城市人民政府 — or a line naming some of the
    主送机关 and nothing else, ending with a colon. None when the body starts otherwise.
    """
    first = next((line.strip() for line in (body or "").splitlines() if line.strip()), "")
    text = _squash(first)
    if not text.endswith(":"):
        return None
    named = [name for name in _SALUTATION_SPLIT.split(text[:-1]) if name]
    main = {_squash(name) for name in _names(main_recipients)}
    if named and main and set(named) <= main:
        return first
    return None


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


# --------------------------------------------------------------------------- what rules share


def problem(code: str, field: str, message: str, blocking: bool = True) -> Problem:
    return Problem(code=code, field=field, message=message, blocking=blocking)


@dataclass(frozen=True)
class Facts:
    """What several rules derive from a draft, computed once per check."""

    known_type: bool
    doc_type: str | None
    type_label: str
    is_minutes: bool
    main: list[str]
    cc: list[str]
    organs: list[str]
    classified: bool
    title: str
    core: str  # the title without trailing punctuation and spaces
    body: str
    number: str

    @classmethod
    def of(cls, draft: Draft) -> Facts:
        known_type = draft.doc_type in DocType.values
        doc_type = draft.doc_type if known_type else None
        title = (draft.title or "").strip()
        return cls(
            known_type=known_type,
            doc_type=doc_type,
            type_label=_label(DocType, draft.doc_type),
            is_minutes=doc_type == DocType.MINUTES or draft.form == LayoutForm.MINUTES,
            main=_names(draft.main_recipients),
            cc=_names(draft.cc_recipients),
            organs=_names(draft.organ_names),
            classified=(draft.secret_level or 0) >= Clearance.SECRET,
            title=title,
            core=title.rstrip(END_PUNCTUATION + " \u3000\t"),
            body=(draft.body or "").strip(),
            number=(draft.doc_number or "").strip(),
        )


#: A rule: every problem of one kind (or of two kinds on one field) found in a draft.
Rule = Callable[[Draft, Facts], list[Problem]]
