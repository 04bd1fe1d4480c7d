"""The editable .docx of a 公文 in the GB/T 9704-2012 layout.

python-docx writes the document; raw OOXML (:mod:`documents.layout.docx_ooxml`) fills what it has
no API for (paragraph borders, frames, floating tables, fields, the preview watermark). Every
length comes from :mod:`documents.layout.spec`, and the file is laid out so that Word, WPS and
LibreOffice (7.4, as Debian has it) all set it like the PDF (:mod:`documents.layout.pdf`), line for
line; where their semantics differ the file keeps to what they share:

* the grid: a line grid of 22 lines (w:docGrid w:type="lines"), no character grid; 28 characters
  a line come from the Normal style's character spacing (see ``docx_ooxml.CHAR_TW``): Word and WPS
  set full-width characters at a character grid's pitch, LibreOffice gives each as many cells as
  its width needs, two for a 3号 character on a 15.79 pt grid;
* 发文机关标志 (文件式, 纪要式): 35 mm below the 版心 top, counting the 份号/密级/紧急程度 lines
  above it, narrowed (w:w) and sized as the PDF's; the 文号, 签发人 and title on the PDF's grid
  lines (space-before computed from the PDF's rules), the red separator 4 mm under the 文号;
  信函式: mark and double line are frames of the first-page header placed from the page's edges
  (the body then starts at the top margin in all three processors);
* 版记: a floating table anchored to the bottom of the 版心 (w:tblpPr vertAnchor="margin"
  tblpYSpec="bottom", horzAnchor="page" at the 订口), so its last line lies on the 版心's bottom
  edge of the last page and it never splits; the thick/thin separators are its borders;
* page numbers: "— N —" in the odd (right) and even (left) footers, the footer line exactly
  4号 high and its middle, where the dashes sit, 7 mm below the 版心;
* punctuation: no closing mark past the 版心's right edge, as in the PDF, where LibreOffice lays the
  file out. OOXML's w:overflowPunct ("allow punctuation to extend past the text extents") is the
  one switch the standard offers, and the three processors do not read it alike:

  - Word and WPS follow the standard: on (and on is their default when it is absent, WPS's
    段落 › 中文版式 › 允许标点溢出边界), a closing mark that would begin a line stays at the end
    of the line before, hanging past the edge by one character; off, the character before it
    goes to the next line with it;
  - LibreOffice 7.4 reads it the wrong way round (writerfilter maps overflowPunct="0" to
    ParaIsHangingPunctuation = true, and hangs by default when it is absent): measured on the
    converted file, "off" hangs "，" 5.7 mm past the 版心, "on" keeps every line within it.

  The file says overflowPunct="1" and w:kinsoku="1" (the 避头尾 rules) in the defaults and the
  Normal style: LibreOffice then breaks lines exactly where the PDF does (the tests measure it);
  Word and WPS may hang one closing mark at a line's end, as in their own documents by default —
  a clerk who wants the PDF's strict edge there unticks 允许标点溢出边界 (one click for the whole
  document with Ctrl+A). Nothing in OOXML reaches LibreOffice alone, so one of the two sides
  has to give: the file keeps the edge where the project can measure it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
import re
import unicodedata

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, Twips

from . import LETTER, MINUTES, Sheet, spec
from .docx_ooxml import (
    _PPR_ORDER,
    CHAR_TW,
    CONDENSE_TW20,
    LEFT_TW,
    LINE_TW,
    RED,
    TEXT_W_TW,
    TINY_TW,
    TWIPS_PER_MM,
    F,
    _border,
    _field,
    _fonts,
    _frame,
    _indent,
    _insert,
    _on,
    _para,
    _ppr_child,
    _run,
    _spacing,
    _tab,
    _watermark,
)

MARK_TOP_TW = round(spec.MARK_TOP_MM * TWIPS_PER_MM)
# Border widths in eighths of a point (w:sz).
THICK_SZ = round(spec.THICK_RULE_MM / spec.MM_PER_PT * 8)  # 0.35 mm → 8 (1 pt)
THIN_SZ = round(spec.THIN_RULE_MM / spec.MM_PER_PT * 8)  # 0.25 mm → 6 (0.75 pt)
RED_RULE_SZ = THICK_SZ
# 9704 fixes the 信函式 double lines' place and length, not their weight: the PDF's weights
# (thick 1 mm, gap 0.6 mm, thin 0.35 mm), and like the PDF centred on the page.
LETTER_THICK_SZ, LETTER_THIN_SZ = round(1.0 / spec.MM_PER_PT * 8), THICK_SZ
DOUBLE_GAP_TW = round(0.6 * TWIPS_PER_MM)
LETTER_RULES_MM = 1.0 + 0.6 + spec.THICK_RULE_MM  # thick line, gap, thin line
_LETTER_RULE_LEFT_MM = (spec.PAGE_W_MM - spec.LETTER_RULE_LEN_MM) / 2
#: Negative indents that stretch a paragraph border to the 170 mm double line.
LETTER_RULE_INDENTS_TW = (
    round((_LETTER_RULE_LEFT_MM - spec.LEFT_MM) * TWIPS_PER_MM),
    round((_LETTER_RULE_LEFT_MM - spec.RIGHT_MM) * TWIPS_PER_MM),
)
#: The mark's exact line height in ems, its glyphs centred in it (see _file_head).
MARK_LINE = 1.5

PAGE_NUMBER_TW = round(spec.SIZE_4 * 20 * MARK_LINE)  # the characters centred in it, as the mark
#: Distance from the page bottom to the footer's page-number line (its bottom edge).
PAGE_NUMBER_BOTTOM_TW = round((spec.BOTTOM_MM - spec.PAGE_NUMBER_BELOW_MM) * TWIPS_PER_MM) - PAGE_NUMBER_TW // 2
LETTER_FOOTER_TW = round(spec.LETTER_BOTTOM_RULE_MM * TWIPS_PER_MM)


PDF_ANNEX_NOTE = "（本附件为PDF文件，其页面装订在本文PDF版本的此处。）"  # its pages are in the PDF only

_LEVEL_1 = re.compile(r"^[一二三四五六七八九十百]+、")
_LEVEL_2 = re.compile(r"^（[一二三四五六七八九十百]+）")


def render_docx(sheet: Sheet) -> bytes:
    """The .docx of ``sheet`` (one section, A4, the 9704 版心 and grid)."""
    doc = Document()
    _set_up(doc, sheet)
    if sheet.form == LETTER:
        start, cursor = _letter_head(doc, sheet)
    else:
        start, cursor = _file_head(doc, sheet)
    _main(doc, sheet, spec.TOP_MM + start * spec.LINE_PITCH_MM - cursor)
    _imprint(doc, sheet)
    _page_numbers(doc, sheet)
    if sheet.draft:
        _watermark(doc, sheet)
    _imprint_on_even_page(doc, sheet)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = sheet.title, sheet.author, sheet.author
    props.comments = ""
    props.revision = 1
    props.created = props.modified = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def em_width(text: str) -> float:
    """Width of ``text`` in characters: CJK (and ambiguous, e.g. ★) one, Latin and digits half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


def mark_size(text: str) -> tuple[float, int]:
    """The mark's size and horizontal scale (w:w, per cent), as the PDF sets it: spec.SIZE_MARK,
    narrowed (字符缩放, down to 75 %) to the 版心's width, and only then made smaller (in half points)."""
    limit = TEXT_W_TW / 20
    natural = em_width(text) * spec.SIZE_MARK
    if natural <= limit:
        return spec.SIZE_MARK, 100
    scale = max(math.floor(limit / natural * 100), 75)
    if natural * scale / 100 <= limit:
        return spec.SIZE_MARK, scale
    return math.floor(limit / (natural * scale / 100) * spec.SIZE_MARK * 2) / 2, scale


# -- page, styles, settings ---------------------------------------------------------------


def _set_up(doc, sheet: Sheet) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(spec.PAGE_W_MM), Mm(spec.PAGE_H_MM)
    section.top_margin, section.bottom_margin = Mm(spec.TOP_MM), Mm(spec.BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(spec.LEFT_MM), Mm(spec.RIGHT_MM)
    section.gutter = 0
    if sheet.form == LETTER:
        section.header_distance = Mm(spec.LETTER_MARK_TOP_MM)  # the header's flow: only the frames' anchor
        section.footer_distance = Twips(LETTER_FOOTER_TW)
        section.different_first_page_header_footer = True
    else:
        section.footer_distance = Twips(PAGE_NUMBER_BOTTOM_TW)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_TW))
    grid.attrib.pop(qn("w:charSpace"), None)
    doc.settings.odd_and_even_pages_header_footer = True
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")

    # Defaults and Normal: 3号仿宋 condensed to the 28-character pitch (see CHAR_TW), exact lines
    # of the grid, no paragraph spacing, the 避头尾 rules (w:kinsoku) and w:overflowPunct="1", which
    # LibreOffice reads as "no hanging punctuation" (see the module's docstring for Word and WPS).
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rpr.remove(rpr.find(qn("w:rFonts")))
    rpr.insert(0, _fonts(F["fangsong"]))
    rpr.insert(1, _spacing(CONDENSE_TW20))
    rpr.find(qn("w:sz")).set(qn("w:val"), str(int(spec.SIZE_3 * 2)))
    rpr.find(qn("w:szCs")).set(qn("w:val"), str(int(spec.SIZE_3 * 2)))
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    _insert(ppr, _on("w:kinsoku"), ["w:spacing"])
    _insert(ppr, _on("w:overflowPunct"), ["w:spacing"])
    spacing.attrib.clear()
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(LINE_TW))
    spacing.set(qn("w:lineRule"), "exact")
    normal = doc.styles["Normal"]
    normal.font.size = Pt(spec.SIZE_3)
    normal.element.get_or_add_rPr().remove_all("w:rFonts")
    normal.element.get_or_add_rPr().insert(0, _fonts(F["fangsong"]))
    normal.element.get_or_add_rPr().insert(1, _spacing(CONDENSE_TW20))
    pf = normal.paragraph_format
    pf.space_before = pf.space_after = 0
    pf.line_spacing, pf.line_spacing_rule = Twips(LINE_TW), WD_LINE_SPACING.EXACTLY
    pf.widow_control = False
    _ppr_child(normal.element.get_or_add_pPr(), "w:kinsoku").set(qn("w:val"), "1")
    _ppr_child(normal.element.get_or_add_pPr(), "w:overflowPunct").set(qn("w:val"), "1")
    # No extra space between Chinese and Latin letters or digits ("2026年", as the PDF sets it):
    # Word and WPS add it by default. (LibreOffice ignores these two flags and adds it anyway.)
    for flag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        _ppr_child(normal.element.get_or_add_pPr(), flag).set(qn("w:val"), "0")


# -- 版头 -----------------------------------------------------------------------------------


def _elements(sheet: Sheet) -> list[tuple[str, str]]:
    """份号, 密级和保密期限, 紧急程度 as (text, font role), in their order."""
    found = [(sheet.copy_number, "fangsong"), (sheet.secrecy, "heiti"), (sheet.urgency, "heiti")]
    return [(text, role) for text, role in found if text]


def _file_head(doc, sheet: Sheet) -> tuple[int, float]:
    """文件式 and 纪要式: elements, the mark at 35 mm, the 文号 (or 签发人 lines), the red line.

    Each line below the mark is an exact grid line whose space-before puts it on the PDF's grid
    line, its characters centred in it; the mark's line is half as high again as its characters,
    which sit in its middle (LibreOffice draws the characters of a line exactly as high as they
    are about 0.18 em too high). Returns the first grid line left for the title (as the PDF
    counts them) and where the 版头 ends (mm from the page top).
    """
    elements = _elements(sheet)
    for text, role in elements:
        _run(_para(doc, align=WD_ALIGN_PARAGRAPH.LEFT), text, role)
    size, scale = mark_size(sheet.organ_mark)
    mark = _para(
        doc,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        line=round(size * 20 * MARK_LINE),
        before=MARK_TOP_TW - len(elements) * LINE_TW - round(size * 20 * (MARK_LINE - 1) / 2),
        grid=False,
    )
    _run(mark, sheet.organ_mark, "xiaobiaosong", size, color=RED, scale=scale)
    cursor = spec.TOP_MM + spec.MARK_TOP_MM + size * spec.MM_PER_PT * (1 + MARK_LINE) / 2  # mm from the page top
    number_cell = _cell_after(cursor) + 2
    groups = [sheet.signers[i : i + 2] for i in range(0, len(sheet.signers), 2)]
    if sheet.signers and sheet.form != MINUTES:
        label = "签发人："
        widest = max(em_width("　".join(g)) for g in groups)
        names_at = spec.CHARS_PER_LINE - 1 - widest  # in characters from the left margin
        label_at = names_at - em_width(label)
        for i, group in enumerate(groups):
            p, cursor = _head_line(doc, number_cell + i, cursor, WD_ALIGN_PARAGRAPH.LEFT)
            _indent(p, left=1)
            _tab(p, (label_at if i == 0 else names_at) * CHAR_TW)
            if i == len(groups) - 1:
                _run(p, sheet.doc_number)
            _run(p, "\t")
            if i == 0:
                _run(p, label)
            _run(p, "　".join(group), "kaiti")
    else:
        number, cursor = _head_line(doc, number_cell, cursor, WD_ALIGN_PARAGRAPH.CENTER)
        _run(number, sheet.doc_number)
    # The 文号's line ends (LINE − em) / 2 below its characters; the red line 4 mm below them.
    em = spec.SIZE_3 * spec.MM_PER_PT
    gap = spec.RULE_BELOW_NUMBER_MM - (LINE_TW / TWIPS_PER_MM - em) / 2
    rule = _para(doc, line=round(gap * TWIPS_PER_MM), grid=False)
    _indent(rule)
    _border(rule, "bottom", sz=RED_RULE_SZ)
    cursor += gap
    return _cell_after(cursor + 0.5) + 2, cursor


def _head_line(doc, cell: int, cursor: float, align):
    """A 3号 line of the 版头 on grid line ``cell`` (its characters centred in it, as in the PDF)."""
    top = spec.TOP_MM + cell * spec.LINE_PITCH_MM
    p = _para(doc, align=align, before=max(0, round((top - cursor) * TWIPS_PER_MM)), grid=False)
    return p, top + LINE_TW / TWIPS_PER_MM


def _cell_after(bottom_mm: float) -> int:
    """The first grid line below something ending at ``bottom_mm`` (as the PDF counts)."""
    return max(0, math.floor((bottom_mm - spec.TOP_MM) / spec.LINE_PITCH_MM - 1e-9) + 1)


def _letter_head(doc, sheet: Sheet) -> tuple[int, float]:
    """信函式: mark and red double line in the first-page header; elements left and 文号 right below.

    The mark (30 mm from the page top) and the double line are frames (w:framePr) of the
    first-page header, placed from the page's edges: the header's own flow stays shorter than the
    37 mm top margin, so the body begins at the margin in every processor. (A header that holds
    them in its flow would end below the margin, and Word and WPS start the body right under it
    while LibreOffice leaves about 4 mm more.) The elements are then placed from the margin.
    """
    header = doc.sections[0].first_page_header
    size, scale = mark_size(sheet.organ_mark)
    mark_mm = size * spec.MM_PER_PT
    mark = _para(
        header, align=WD_ALIGN_PARAGRAPH.CENTER, line=round(size * 20 * MARK_LINE), grid=False,
        paragraph=header.paragraphs[0],
    )
    _indent(mark)
    _frame(mark, spec.LEFT_MM, spec.LETTER_MARK_TOP_MM - mark_mm * (MARK_LINE - 1) / 2, spec.TEXT_W_MM)
    _run(mark, sheet.organ_mark, "xiaobiaosong", size, color=RED, scale=scale)
    rule_top = spec.LETTER_MARK_TOP_MM + mark_mm + spec.LETTER_RULE_BELOW_MARK_MM
    rule = _para(header, line=DOUBLE_GAP_TW, grid=False)
    _indent(rule)
    _frame(rule, _LETTER_RULE_LEFT_MM, rule_top, spec.LETTER_RULE_LEN_MM)
    _border(rule, "top", sz=LETTER_THICK_SZ)
    _border(rule, "bottom", sz=LETTER_THIN_SZ)
    _para(header, line=TINY_TW, grid=False)  # the frames' anchor

    footer = doc.sections[0].first_page_footer
    bottom = _para(footer, line=DOUBLE_GAP_TW, grid=False, paragraph=footer.paragraphs[0])
    _indent(bottom, left=LETTER_RULE_INDENTS_TW[0], right=LETTER_RULE_INDENTS_TW[1], char_tw=1, chars=False)
    _border(bottom, "top", sz=LETTER_THIN_SZ)
    _border(bottom, "bottom", sz=LETTER_THICK_SZ)

    # The first element 7/8 of a character under the double line (as the PDF), on grid lines.
    em = spec.SIZE_3 * spec.MM_PER_PT
    first_top = rule_top + LETTER_RULES_MM + spec.SIZE_3 * spec.MM_PER_PT * 7 / 8
    line_mm = LINE_TW / TWIPS_PER_MM
    cursor = spec.TOP_MM
    elements = _elements(sheet) or [("", "fangsong")]
    for i, (text, role) in enumerate(elements):
        before = round((first_top - (line_mm - em) / 2 - cursor) * TWIPS_PER_MM) if i == 0 else 0
        p = _para(doc, align=WD_ALIGN_PARAGRAPH.LEFT, before=before, grid=False)
        cursor += before / TWIPS_PER_MM + line_mm
        _run(p, text, role)
        if i == 0:
            _tab(p, TEXT_W_TW, WD_TAB_ALIGNMENT.RIGHT)
            _run(p, "\t" + sheet.doc_number)
    bottom_mm = first_top + (len(elements) - 1) * spec.LINE_PITCH_MM + em
    return _cell_after(bottom_mm) + 2, cursor


# -- 主体 -----------------------------------------------------------------------------------


def _title_lines(title: str) -> list[str]:
    """Where the title breaks: at the PDF's break points, which keep words whole (Word would break
    anywhere); one line when the PDF fonts are not installed."""
    from django.core.exceptions import ImproperlyConfigured

    from documents.layout.pdf import title_lines

    if not title:
        return []
    try:
        return title_lines(title)
    except ImproperlyConfigured:
        return [title]


def _main(doc, sheet: Sheet, gap_mm: float) -> None:
    """标题 ``gap_mm`` below the 版头 (on the PDF's grid line), then the rest on the grid."""
    _title(doc, sheet.title, max(0, round(gap_mm * TWIPS_PER_MM)))
    if sheet.main_recipients:
        _run(_para(doc, align=WD_ALIGN_PARAGRAPH.LEFT, before=LINE_TW), sheet.main_recipients + "：")
    for text in sheet.body:
        _body_paragraph(doc, text)
    _attachments(doc, sheet.attachments)
    _attendance(doc, sheet.attendance)
    _signature(doc, sheet)
    if sheet.note:
        p = _para(doc, align=WD_ALIGN_PARAGRAPH.LEFT)
        _indent(p, first=2)
        _run(p, f"（{sheet.note}）")
    for k, annex in enumerate(sheet.annexes, 1):
        _annex(doc, annex.number or k, annex)


def _title(doc, text: str, before: int) -> None:
    """A title in 2号小标宋, centred, broken where the PDF breaks it (one paragraph, line breaks)."""
    title = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, before=before, grid=False)
    lines = _title_lines(text)
    for k, line in enumerate(lines):
        run = _run(title, line, "xiaobiaosong", spec.SIZE_2)
        if k < len(lines) - 1:
            run.add_break()


def _annex(doc, k: int, annex) -> None:
    """附件 (7.3.7): a new page, "附件N" in 黑体 flush left on the first line, the title centred on the
    third, a blank line, the text. A PDF attachment's pages are bound in the PDF only: the .docx
    says so where they would stand."""
    label = _para(doc, align=WD_ALIGN_PARAGRAPH.LEFT)
    label.paragraph_format.page_break_before = True
    _run(label, f"附件{k}", "heiti")
    if annex.title.strip():
        _title(doc, annex.title.strip(), LINE_TW)
    body = [text for text in annex.body if text.strip()]
    if not body and annex.pdf:
        body = [PDF_ANNEX_NOTE]
    for i, text in enumerate(body):
        _body_paragraph(doc, text.strip(), before=LINE_TW if i == 0 else 0)


def _body_paragraph(doc, text: str, before: int = 0) -> None:
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=before)
    _indent(p, first=2)
    role = "heiti" if _LEVEL_1.match(text) else "kaiti" if _LEVEL_2.match(text) else "fangsong"
    head, stop, rest = text.partition("。")
    if role != "fangsong" and stop and rest:  # "（一）小标题。正文……": only the heading in 楷体/黑体
        _run(p, head + stop, role)
        _run(p, rest)
    else:
        _run(p, text, role)


def _attachments(doc, names: tuple[str, ...]) -> None:
    """附件说明: "附件：1.⇥名称", then "2.⇥名称" under "1."; wrapped names align with the first."""
    label = "附件："
    if len(names) == 1:
        p = _para(doc, align=WD_ALIGN_PARAGRAPH.LEFT, before=LINE_TW)
        _indent(p, left=2 + em_width(label), first=-em_width(label))
        _run(p, label + names[0])
        return
    number_at, name_at = 2 + em_width(label), 2 + em_width(label) + 2  # in characters
    for i, name in enumerate(names):
        p = _para(doc, align=WD_ALIGN_PARAGRAPH.LEFT, before=LINE_TW if i == 0 else 0)
        _indent(p, left=name_at, first=-(name_at - (2 if i == 0 else number_at)))
        _tab(p, name_at * CHAR_TW)
        _run(p, (label if i == 0 else "") + f"{i + 1}.\t{name}")


def _attendance(doc, lines: tuple[tuple[str, str], ...]) -> None:
    """纪要: "出席：" in 黑体, the names in 仿宋; wrapped lines align after the colon."""
    for i, (label, names) in enumerate(lines):
        p = _para(doc, align=WD_ALIGN_PARAGRAPH.LEFT, before=LINE_TW if i == 0 else 0)
        width = em_width(label + "：")
        _indent(p, left=2 + width, first=-width)
        _run(p, label + "：", "heiti")
        _run(p, names)


def signature_indents(signatory: str, dated: str, seal: bool) -> tuple[float, float]:
    """Right indents (characters) of the 署名 and the 成文日期, per 9704 7.3.5."""
    sw, dw = em_width(signatory), em_width(dated)
    if seal:  # 成文日期 右空四字, 署名 centred over it
        return max(0.0, 4 + (dw - sw) / 2), 4.0
    right_signatory, right_date = 2.0, sw - dw  # 署名 右空二字, 日期 two characters further right
    if right_date < 2:  # a date longer than that: 日期 右空二字, the 署名 moves left
        right_signatory, right_date = 4 + dw - sw, 2.0
    return right_signatory, right_date


def _signature(doc, sheet: Sheet) -> None:
    if not (sheet.signatory or sheet.dated):
        return
    seal = sheet.with_seal and sheet.form != MINUTES
    right_signatory, right_date = signature_indents(sheet.signatory, sheet.dated, seal)
    # With a seal two blank lines leave it room (its top within one line of the text above).
    before = (2 if seal else 1) * LINE_TW
    # As the PDF: the 署名 and 成文日期 never part (keep with next).
    if sheet.signatory:
        p = _para(doc, align=WD_ALIGN_PARAGRAPH.RIGHT, before=before)
        p.paragraph_format.keep_with_next = bool(sheet.dated)
        _indent(p, right=right_signatory)
        _run(p, sheet.signatory)
        before = 0
    if sheet.dated:
        p = _para(doc, align=WD_ALIGN_PARAGRAPH.RIGHT, before=before)
        _indent(p, right=right_date)
        _run(p, sheet.dated)


# -- 版记 -----------------------------------------------------------------------------------


def _imprint(doc, sheet: Sheet) -> None:
    """版记 as a floating table at the bottom of the 版心 (信函式: 抄送 only, no lines)."""
    rows = []
    if sheet.cc:
        rows.append("cc")
    if sheet.form != LETTER and (sheet.printer or sheet.printed_on):
        rows.append("printer")
    if not rows:
        return
    table = doc.add_table(rows=len(rows), cols=1)
    lines = sheet.form != LETTER

    def border(side, sz):
        if not lines:
            return f'<w:{side} w:val="nil"/>'
        return f'<w:{side} w:val="single" w:sz="{sz}" w:space="0" w:color="000000"/>'

    # Placed from the page's left edge at the 订口 (28 mm), not centred in the margins: the same
    # place for Word and WPS, and LibreOffice 7.4 keeps a table as wide as the 版心 floating only
    # when it is positioned relative to the page (its import otherwise turns a full-width
    # floating table into an ordinary one, straight after the text).
    tbl_pr = parse_xml(
        f"<w:tblPr {nsdecls('w')}>"
        f'<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0"'
        f' w:vertAnchor="margin" w:horzAnchor="page" w:tblpX="{LEFT_TW}" w:tblpYSpec="bottom"/>'
        f'<w:tblW w:w="{TEXT_W_TW}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{border('top', THICK_SZ)}<w:left w:val=\"nil\"/>{border('bottom', THICK_SZ)}"
        f"<w:right w:val=\"nil\"/>{border('insideH', THIN_SZ)}<w:insideV w:val=\"nil\"/></w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
        ' w:noHBand="1" w:noVBand="1"/>'
        "</w:tblPr>"
    )
    table._tbl.replace(table._tbl.tblPr, tbl_pr)
    table.columns[0].width = Twips(TEXT_W_TW)
    char4 = spec.SIZE_4 * 20  # one 4号 character in twips
    for row, kind in zip(table.rows, rows, strict=False):
        cell = row.cells[0]
        cell.width = Twips(TEXT_W_TW)
        p = _para(cell, align=WD_ALIGN_PARAGRAPH.LEFT, grid=False, paragraph=cell.paragraphs[0])
        if kind == "cc":
            label = "抄送："
            _indent(p, left=1 + em_width(label), right=1, first=-em_width(label), char_tw=char4, chars=False)
            _run(p, label + sheet.cc.rstrip("。") + "。", size=spec.SIZE_4)
        else:
            _indent(p, left=1, right=1, char_tw=char4, chars=False)
            _tab(p, TEXT_W_TW - char4, WD_TAB_ALIGNMENT.RIGHT)
            _run(p, f"{sheet.printer}\t{sheet.printed_on}印发", size=spec.SIZE_4)
    # The table floats; the paragraph after it anchors it (and ends the document).
    _para(doc, line=TINY_TW, grid=False)


def _imprint_on_even_page(doc, sheet: Sheet) -> None:
    """The 版记 on a page of its own where the PDF puts it (:func:`documents.layout.pdf.imprint_place`),
    an even one: its anchor starts a new page (w:pageBreakBefore); when the PDF leaves a blank page
    before it, a last section (footers empty: neither page numbered, 7.5) holds an empty paragraph
    (the blank page), then the 版记 and its anchor. The blank page is written out: with a section
    that starts on an even page (w:type "evenPage") Word and WPS insert it, LibreOffice 7.4 leaves
    it out and lays the 版记 on the odd page; and LibreOffice ignores a section break whose section
    opens with a floating table (footers and all), hence the paragraph before the table."""
    import copy

    from django.core.exceptions import ImproperlyConfigured
    from docx.oxml import OxmlElement

    from documents.layout.pdf import imprint_place

    body = doc.element.body
    table = next((t for t in body.iterchildren(qn("w:tbl")) if t.find(f"{qn('w:tblPr')}/{qn('w:tblpPr')}") is not None),
                 None)
    if table is None:
        return
    # The .docx has no pages of PDF attachments (a note stands on their 附件 page instead).
    annexes = tuple(dataclasses.replace(a, pdf=b"", body=a.body or (PDF_ANNEX_NOTE,)) if a.pdf else a
                    for a in sheet.annexes)
    try:
        alone, blank = imprint_place(dataclasses.replace(sheet, annexes=annexes))
    except ImproperlyConfigured:  # no fonts to lay the PDF out with: the 版记 floats after the text
        return
    before, anchor = table.getprevious(), table.getnext()
    if not alone or before is None or before.tag != qn("w:p"):
        return
    anchor_ppr = anchor.get_or_add_pPr()
    _insert(anchor_ppr, OxmlElement("w:pageBreakBefore"), _PPR_ORDER[_PPR_ORDER.index("w:pageBreakBefore") + 1:])
    if not blank:
        return
    last = body.find(qn("w:sectPr"))
    before.get_or_add_pPr().append(copy.deepcopy(last))  # the text's section ends here
    spacer = copy.deepcopy(anchor)  # the blank page: an empty paragraph of the anchor's tiny height
    spacer.get_or_add_pPr().remove(spacer.pPr.find(qn("w:pageBreakBefore")))
    table.addprevious(spacer)
    section = doc.sections[-1]
    section.start_type = WD_SECTION.NEW_PAGE
    section.different_first_page_header_footer = False
    for ref in last.findall(qn("w:footerReference")):
        last.remove(ref)
    for footer in (section.footer, section.even_page_footer):
        footer.is_linked_to_previous = False


# -- footers and the preview mark ------------------------------------------------------------


def _page_numbers(doc, sheet: Sheet) -> None:
    section = doc.sections[0]
    # 信函式: the footer sits 20 mm from the page edge for the double line; lift the number.
    lift = PAGE_NUMBER_BOTTOM_TW - LETTER_FOOTER_TW if sheet.form == LETTER else 0
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        p = _para(
            footer,
            align=WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT,
            line=PAGE_NUMBER_TW,
            grid=False,
            paragraph=footer.paragraphs[0],
        )
        p.paragraph_format.space_after = Twips(lift)
        one = spec.SIZE_4 * 20
        _indent(p, right=1 if odd else 0, left=0 if odd else 1, char_tw=one, chars=False)
        _run(p, "— ", "songti", spec.SIZE_4)
        _field(p, "PAGE")
        _run(p, " —", "songti", spec.SIZE_4)

