"""The editable .docx of a 公文 in the GB/T 9704-2012 layout.

python-docx writes the document; raw OOXML fills what it has no API for (the document
grid, paragraph borders, floating tables, fields, the preview watermark). Every length
comes from :mod:`documents.layout.spec`; the vertical layout is built from exact line
heights and space-before values, so each position on the first page can be summed up:

* 发文机关标志 (文件式, 纪要式): the mark's line box is exactly its font size high and its
  space-before makes it start 35 mm below the 版心 top, counting the 份号/密级/紧急程度 lines
  above it. 信函式: the mark is the first paragraph of the first-page header and the header
  starts 30 mm from the page top; Word/WPS push the body below a header taller than the
  top margin, so the first body line starts under the red double line.
* Red separator: an empty paragraph right after the 文号 line, exactly 4 mm high, with a red
  bottom border and no indents (so the line is as wide as the 版心).
* 版记: a floating table anchored to the bottom of the 版心 (w:tblpPr vertAnchor="margin"
  tblpYSpec="bottom"), so its last line lies on the 版心's bottom edge of the last page;
  the thick/thin separators are the table's top, inside and bottom borders.
* Page numbers: "— N —" in the odd (right) and even (left) footers; the footer line is
  exactly 4号 high and its middle, where the dashes sit, 7 mm below the 版心.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor, Twips

from . import LETTER, MINUTES, Sheet, spec

TWIPS_PER_MM = 1440 / 25.4

# The page as python-docx writes it (whole twips), and the grid derived from it.
PAGE_W_TW, PAGE_H_TW = Mm(spec.PAGE_W_MM).twips, Mm(spec.PAGE_H_MM).twips
LEFT_TW, RIGHT_TW = Mm(spec.LEFT_MM).twips, Mm(spec.RIGHT_MM).twips
TOP_TW, BOTTOM_TW = Mm(spec.TOP_MM).twips, Mm(spec.BOTTOM_MM).twips
TEXT_W_TW = PAGE_W_TW - LEFT_TW - RIGHT_TW
TEXT_H_TW = PAGE_H_TW - TOP_TW - BOTTOM_TW
#: One line: rounded down so that 22 exact lines still fit in the 版心 (579 twips ≈ 10.21 mm).
LINE_TW = TEXT_H_TW // spec.LINES_PER_PAGE
#: The character pitch. GB/T 9704 wants 28 characters of 3号 (16 pt) in the 156 mm 版心, a pitch of
#: 15.79 pt. The three word processors that open this file disagree about the character grid
#: (w:docGrid w:type="linesAndChars" with w:charSpace), so the file does not use it:
#:
#: * Word and WPS set every full-width character at the grid pitch, whatever its size: with
#:   charSpace −842 (16 pt − 0.21 pt) a 16 pt character takes 15.79 pt, 28 a line;
#: * LibreOffice (7.4, writerfilter) computes the same pitch, rounds it to whole twips (15.75 pt)
#:   and gives each character as many cells as its width needs (ceil(16 / 15.75) = 2): 14
#:   characters a line, titles and marks twice as wide, punctuation past the edge.
#:
#: What all three do alike is character spacing: the Normal style (and the document defaults)
#: condense every character by a quarter point (w:spacing w:val="-5", in twentieths of a point),
#: so a 3号 character advances 15.75 pt and 28 of them (441 pt) fit the 442.2 pt 版心; the
#: 29th does not. The grid is then a line grid only (w:type="lines", 22 lines a page), which
#: the three processors read alike. Text a clerk types takes the Normal style and so the same
#: pitch; sizes other than 3号 (titles, the mark, the 版记) set their own spacing to 0.
CONDENSE_TW20 = -5
CHAR_TW = round((spec.SIZE_3 + CONDENSE_TW20 / 20) * 20)  # 315 twips = 15.75 pt

MARK_TOP_TW = round(spec.MARK_TOP_MM * TWIPS_PER_MM)
RULE_GAP_TW = round(spec.RULE_BELOW_NUMBER_MM * TWIPS_PER_MM)
# Border widths in eighths of a point (w:sz).
THICK_SZ = round(spec.THICK_RULE_MM / spec.MM_PER_PT * 8)  # 0.35 mm → 8 (1 pt)
THIN_SZ = round(spec.THIN_RULE_MM / spec.MM_PER_PT * 8)  # 0.25 mm → 6 (0.75 pt)
RED_RULE_SZ = THICK_SZ
# 9704 fixes the 信函式 double lines' place and length, not their weight: the PDF's weights
# (thick 1 mm, gap 0.6 mm, thin 0.35 mm), and like the PDF centred on the page.
LETTER_THICK_SZ, LETTER_THIN_SZ = round(1.0 / spec.MM_PER_PT * 8), THICK_SZ
DOUBLE_GAP_TW = round(0.6 * TWIPS_PER_MM)
LETTER_RULES_MM = 1.0 + 0.6 + spec.THICK_RULE_MM  # thick line, gap, thin line
#: 信函式: 文号 and the first element 7/8 of a 3号 character below the red double line.
LETTER_FIRST_LINE_GAP_TW = round(spec.SIZE_3 * 7 / 8 * 20)
_LETTER_RULE_LEFT_MM = (spec.PAGE_W_MM - spec.LETTER_RULE_LEN_MM) / 2
#: Negative indents that stretch a paragraph border to the 170 mm double line.
LETTER_RULE_INDENTS_TW = (
    round((_LETTER_RULE_LEFT_MM - spec.LEFT_MM) * TWIPS_PER_MM),
    round((_LETTER_RULE_LEFT_MM - spec.RIGHT_MM) * TWIPS_PER_MM),
)
#: The mark's exact line height in ems, its glyphs centred in it (see _file_head).
MARK_LINE = 1.5
TINY_TW = 20  # exact height of paragraphs that only hold a border or an anchored shape

PAGE_NUMBER_TW = round(spec.SIZE_4 * 20)
#: Distance from the page bottom to the footer's page-number line (its bottom edge).
PAGE_NUMBER_BOTTOM_TW = round((spec.BOTTOM_MM - spec.PAGE_NUMBER_BELOW_MM) * TWIPS_PER_MM) - PAGE_NUMBER_TW // 2
LETTER_FOOTER_TW = round(spec.LETTER_BOTTOM_RULE_MM * TWIPS_PER_MM)

F = spec.FONT_NAMES
RED = RGBColor.from_string(spec.RED_HEX)
PREVIEW_TEXT = "预览"
PREVIEW_GREY = "#D1D1D1"  # the PDF's watermark grey

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
    # of the grid, no paragraph spacing, no punctuation hanging past the 版心 (w:overflowPunct
    # off: Word, WPS and LibreOffice then push a closing mark to the next line together with the
    # character before it, as the PDF does).
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
    _insert(ppr, _off("w:overflowPunct"), ["w:spacing"])
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
    _ppr_child(normal.element.get_or_add_pPr(), "w:overflowPunct").set(qn("w:val"), "0")


def _spacing(tw20: int):
    el = OxmlElement("w:spacing")
    el.set(qn("w:val"), str(tw20))
    return el


def _scale(percent: int):
    el = OxmlElement("w:w")
    el.set(qn("w:val"), str(percent))
    return el


def _off(tag: str):
    el = OxmlElement(tag)
    el.set(qn("w:val"), "0")
    return el


def _fonts(name: str):
    el = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        el.set(qn(attr), name)
    el.set(qn("w:hint"), "eastAsia")
    return el


# -- paragraph and run helpers -------------------------------------------------------------


def _para(container, *, align=None, line: int = LINE_TW, before: int = 0, grid: bool = True, paragraph=None):
    """A paragraph with an exact line height and space-before (twips), no space after."""
    p = paragraph if paragraph is not None else container.add_paragraph()
    pf = p.paragraph_format
    pf.line_spacing, pf.line_spacing_rule = Twips(line), WD_LINE_SPACING.EXACTLY
    pf.space_before, pf.space_after = Twips(before), 0
    if align is not None:
        pf.alignment = align
    if not grid:  # sizes other than 3号 keep their own widths
        _ppr_child(p._p.get_or_add_pPr(), "w:snapToGrid").set(qn("w:val"), "0")
    return p


def _run(p, text: str, role: str = "fangsong", size: float = spec.SIZE_3, *, color: RGBColor | None = None,
         scale: int = 100):
    r = p.add_run(text)
    r.font.size = Pt(size)
    rpr = r._r.get_or_add_rPr()
    rpr.remove_all("w:rFonts")
    rpr.insert(0, _fonts(F[role]))
    if size != spec.SIZE_3 or scale != 100:  # only 3号 is condensed to the 28-character pitch
        spacing = _insert(rpr, _spacing(0), _RPR_AFTER_SPACING)
        if scale != 100:
            spacing.addnext(_scale(scale))
    if color is not None:
        r.font.color.rgb = color
    return r


#: The children of w:rPr that follow w:spacing in schema order.
_RPR_AFTER_SPACING = tuple(
    "w:" + tag
    for tag in "w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout"
    " specVanish oMath".split()
)


# The children of w:pPr in schema order (python-docx knows it but does not export it).
_PPR_ORDER = tuple(
    "w:" + tag
    for tag in (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd"
        " tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi"
        " adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc"
        " textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ).split()
)


def _ppr_child(ppr, tag: str):
    """The child ``tag`` of a w:pPr, added in schema order when missing."""
    el = ppr.find(qn(tag))
    if el is None:
        el = _insert(ppr, OxmlElement(tag), _PPR_ORDER[_PPR_ORDER.index(tag) + 1 :])
    return el


def _insert(parent, el, successors):
    """Insert ``el`` into ``parent`` before the first child named in ``successors``."""
    for child in parent:
        if child.tag in {qn(t) for t in successors}:
            child.addprevious(el)
            return el
    parent.append(el)
    return el


def _indent(p, *, left: float = 0, right: float = 0, first: float = 0, char_tw: float = CHAR_TW, chars: bool = True):
    """w:ind in characters (negative ``first`` hangs); also in twips for readers that ignore *Chars."""
    ind = _ppr_child(p._p.get_or_add_pPr(), "w:ind")
    ind.attrib.clear()
    values = {"left": left, "right": right}
    values["firstLine" if first >= 0 else "hanging"] = abs(first)
    for name, value in values.items():
        if chars:
            ind.set(qn(f"w:{name}Chars"), str(round(value * 100)))
        ind.set(qn(f"w:{name}"), str(round(value * char_tw)))


def _border(p, side: str, *, sz: int, color: str = spec.RED_HEX, val: str = "single", space: int = 0) -> None:
    bdr = _ppr_child(p._p.get_or_add_pPr(), "w:pBdr")
    el = OxmlElement(f"w:{side}")
    for k, v in (("val", val), ("sz", str(sz)), ("space", str(space)), ("color", color)):
        el.set(qn(f"w:{k}"), v)
    order = ("top", "left", "bottom", "right", "between", "bar")
    _insert(bdr, el, [f"w:{s}" for s in order[order.index(side) + 1 :]])


def _tab(p, position_tw: float, align=WD_TAB_ALIGNMENT.LEFT) -> None:
    p.paragraph_format.tab_stops.add_tab_stop(Twips(round(position_tw)), align)


# -- 版头 -----------------------------------------------------------------------------------


def _elements(sheet: Sheet) -> list[tuple[str, str]]:
    """份号, 密级和保密期限, 紧急程度 as (text, font role), in their order."""
    found = [(sheet.copy_number, "fangsong"), (sheet.secrecy, "heiti"), (sheet.urgency, "heiti")]
    return [(text, role) for text, role in found if text]


def _file_head(doc, sheet: Sheet) -> tuple[int, float]:
    """文件式 and 纪要式: elements, the mark at 35 mm, the 文号 (or 签发人 lines), the red line.

    Every line of the 版头 below the mark is a paragraph exactly one em high whose space-before
    puts it where the PDF puts it (its em box centred in its grid line): a line exactly as high as
    its characters is drawn alike by Word, WPS and LibreOffice, which place the glyphs of a
    taller exact line differently (bottom-aligned, centred, or by the font's ascent). Returns the
    first grid line left for the title (as the PDF counts them) and where the 版头 ends (mm).
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
    """A 3号 line of the 版头 exactly one em high, its em box where the PDF's is in grid line ``cell``."""
    em = spec.SIZE_3 * spec.MM_PER_PT
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


def _frame(p, x_mm: float, y_mm: float, w_mm: float) -> None:
    """Make ``p`` a frame at (x, y) from the page's top left corner, ``w_mm`` wide."""
    frame = _ppr_child(p._p.get_or_add_pPr(), "w:framePr")
    for name, value in (("w", w_mm), ("x", x_mm), ("y", y_mm)):
        frame.set(qn(f"w:{name}"), str(round(value * TWIPS_PER_MM)))
    for name, value in (("hRule", "auto"), ("hAnchor", "page"), ("vAnchor", "page"), ("wrap", "around")):
        frame.set(qn(f"w:{name}"), value)


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
    title = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, before=max(0, round(gap_mm * TWIPS_PER_MM)), grid=False)
    lines = _title_lines(sheet.title)
    for k, line in enumerate(lines):
        run = _run(title, line, "xiaobiaosong", spec.SIZE_2)
        if k < len(lines) - 1:
            run.add_break()
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


def _body_paragraph(doc, text: str) -> None:
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
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
    if sheet.signatory:
        p = _para(doc, align=WD_ALIGN_PARAGRAPH.RIGHT, before=before)
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


def _field(p, instruction: str) -> None:
    """A complex field (w:fldChar … w:instrText) with "1" as its cached result."""
    parts = (("begin", None), ("instr", f" {instruction} "), ("separate", None), ("text", "1"), ("end", None))
    for kind, text in parts:
        r = _run(p, "", "songti", spec.SIZE_4)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        r._r.append(el)


_V = "urn:schemas-microsoft-com:vml"
_O = "urn:schemas-microsoft-com:office:office"
_WATERMARK = (
    f'<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:v="{_V}" xmlns:o="{_O}">'
    "<w:rPr><w:noProof/></w:rPr><w:pict>"
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"'
    ' path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
    '<v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>'
    '<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>'
    '<v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/>'
    '<v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/>'
    '<v:f eqn="sum @6 0 @5"/></v:formulas>'
    '<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"'
    ' o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>'
    '<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>'
    '<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
    '<v:shape id="PowerPlusWaterMarkObject{n}" o:spid="_x0000_s{spid}" type="#_x0000_t136"'
    ' style="position:absolute;margin-left:0;margin-top:0;width:360pt;height:180pt;rotation:315;'
    "z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
    'mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f"'
    f' fillcolor="{PREVIEW_GREY}" stroked="f"><v:fill opacity=".5"/>'
    f'<v:textpath style="font-family:&quot;{F["songti"]}&quot;;font-size:1pt" string="{PREVIEW_TEXT}"/>'
    "</v:shape></w:pict></w:r>"
)


def _watermark(doc, sheet: Sheet) -> None:
    """Preview: a grey "预览" across every page (a VML text watermark, as Word and WPS make them)."""
    section = doc.sections[0]
    headers = [(section.header, False), (section.even_page_header, False)]
    if sheet.form == LETTER:
        headers.append((section.first_page_header, True))  # its first paragraph is the mark
    for n, (header, has_mark) in enumerate(headers, start=1):
        p = header.paragraphs[0]
        if not has_mark:
            _para(header, line=TINY_TW, grid=False, paragraph=p)
        p._p.append(parse_xml(_WATERMARK.replace("{n}", str(n)).replace("{spid}", str(2048 + n))))
