"""The OOXML pieces of the GB/T 9704 .docx (:mod:`documents.layout.docx`): the page in twips, the
character pitch every word processor agrees on, paragraphs and runs with exact lines, indents,
borders, tabs, frames, fields and the preview watermark."""

from __future__ import annotations

from docx.enum.text import WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

from . import LETTER, Sheet, spec

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

F = spec.FONT_NAMES
RED = RGBColor.from_string(spec.RED_HEX)
PREVIEW_TEXT = "预览"
PREVIEW_GREY = "#D1D1D1"  # the PDF's watermark grey
TINY_TW = 20  # exact height of paragraphs that only hold a border or an anchored shape


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


def _on(tag: str):
    el = OxmlElement(tag)
    el.set(qn("w:val"), "1")
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


def _frame(p, x_mm: float, y_mm: float, w_mm: float) -> None:
    """Make ``p`` a frame at (x, y) from the page's top left corner, ``w_mm`` wide."""
    frame = _ppr_child(p._p.get_or_add_pPr(), "w:framePr")
    for name, value in (("w", w_mm), ("x", x_mm), ("y", y_mm)):
        frame.set(qn(f"w:{name}"), str(round(value * TWIPS_PER_MM)))
    for name, value in (("hRule", "auto"), ("hAnchor", "page"), ("vAnchor", "page"), ("wrap", "around")):
        frame.set(qn(f"w:{name}"), value)


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
