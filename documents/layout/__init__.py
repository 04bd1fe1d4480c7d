"""GB/T 9704-2012 《党政机关公文格式》: one document, two renderers.

:class:`Sheet` is everything printed on a 公文, already in words (no model, no ORM):
the services build it from an outgoing document, :mod:`documents.layout.docx` writes the
editable .docx that offices open in WPS/Word, :mod:`documents.layout.pdf` the PDF preview.
Both take their measurements from :mod:`documents.layout.spec`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from office.textinput import xml_safe

#: 版式: the three formats of GB/T 9704-2012 (文件格式 7, 信函格式 10.1, 纪要格式 10.3).
FILE, LETTER, MINUTES = "file", "letter", "minutes"


@dataclass(frozen=True)
class Annex:
    """One 附件 laid out after the 署名, 成文日期 and 附注 (GB/T 9704 7.3.7, 7.5): a page of its own
    with "附件N" top left in 黑体 and its title centred on the third line, then its text."""

    title: str
    #: The text of a plain-text or .docx attachment, one string per paragraph.
    body: tuple[str, ...] = ()
    #: A PDF attachment: its pages follow the 附件 page in the PDF (the .docx says where it is).
    pdf: bytes = b""
    #: Its number in the 附件说明 (附件N); 0: its place among the annexes.
    number: int = 0


@dataclass(frozen=True)
class Sheet:
    """One 公文 as printed. Empty strings/lists mean "not printed"."""

    form: str = FILE
    #: 发文机关标志: "江城市人力资源和社会保障局文件" (文件式), "江城市人力资源和社会保障局" (信函式),
    #: "江城市人力资源和社会保障局局长办公会议纪要" (纪要式 — the 纪要标志).
    organ_mark: str = ""
    #: 份号, six digits ("000001"), only on classified copies.
    copy_number: str = ""
    #: 密级和保密期限: "秘密★1年"; "" when not classified.
    secrecy: str = ""
    #: 紧急程度: "特急" / "加急"; "".
    urgency: str = ""
    #: 发文字号: "人社发〔2026〕15号"; "" before 编号 (a preview prints the prefix and 〔 〕).
    doc_number: str = ""
    #: 签发人 (上行文 only): the 文号 then goes on the left, on the line of the last signer.
    signers: tuple[str, ...] = ()
    title: str = ""
    #: 主送机关, joined with 、 — the renderer adds the full-width colon.
    main_recipients: str = ""
    #: 正文: one string per paragraph. Headings are recognised by their numbering:
    #: "一、" (黑体), "（一）" (楷体), "1." and "（1）" (仿宋), as 9704 7.3.3 says.
    body: tuple[str, ...] = ()
    #: 附件说明: attachment names in order, without numbers or punctuation.
    attachments: tuple[str, ...] = ()
    #: 发文机关署名.
    signatory: str = ""
    #: 成文日期 in words: "2026年11月22日".
    dated: str = ""
    #: Whether the document bears a seal (印章); a 纪要 never does.
    with_seal: bool = True
    #: 附注, without its parentheses: "联系人：王芳，电话：0731-12345678".
    note: str = ""
    #: 纪要: 出席 / 请假 / 列席 lines as (label, names) pairs, e.g. ("出席", "张三、李四").
    attendance: tuple[tuple[str, str], ...] = ()
    #: 附件 laid out after the 附注, before the 版记, numbered in the order of ``attachments``.
    annexes: tuple[Annex, ...] = ()
    #: 版记: 抄送机关 joined with 、 — the renderer adds "抄送：" and the full stop.
    cc: str = ""
    #: 印发机关: "江城市人力资源和社会保障局办公室".
    printer: str = ""
    #: 印发日期 in words: "2026年11月22日" — the renderer adds "印发".
    printed_on: str = ""
    #: A preview before 印发: each page carries a grey "预览" mark (not in the final files).
    draft: bool = False
    #: Document properties (title, author) written into the file's metadata.
    author: str = ""
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        """Defensively, whatever the rows hold: no character XML cannot hold reaches a renderer
        (the forms strip them on input; older rows may still carry them)."""
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                clean = xml_safe(value)
            elif isinstance(value, tuple):
                clean = tuple(_clean(item) for item in value)
            else:
                continue
            if clean != value:
                object.__setattr__(self, f.name, clean)


def _clean(item):
    if isinstance(item, str):
        return xml_safe(item)
    if isinstance(item, Annex):
        return Annex(xml_safe(item.title), tuple(xml_safe(t) for t in item.body), item.pdf, item.number)
    return tuple(_clean(i) for i in item)
