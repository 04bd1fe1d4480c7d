"""附件 bound separately from the 公文 (GB/T 9704 7.3.7: "附件与正文不能一起装订时，应当在附件左上角
第1行顶格编排公文的发文字号并在其后标注'附件'二字及附件顺序号").

An attachment that is not laid out as 附件 pages (a spreadsheet, an image, an OFD or slide file, a
legacy .doc/.xls) is printed and bound on its own; so that the bundle can be told apart from its
公文, its first page carries "江人社发〔2026〕15号附件2" — the 发文字号 in 3号仿宋, "附件N" in 3号黑体 —
at the top left. What each kind gets:

* a PDF: the mark drawn over its first page, above everything printed on it: on the first line of
  the 版心 (28 mm from the left, 37 mm from the top) when the page is blank down to there, else just
  above its first printed line; a page printed nearly to its top edge has its content scaled down
  a little (about 94 %) under the mark;
* an image (JPEG, PNG, TIFF): an A4 page in the 9704 版心, the mark on its first line and the
  picture fitted below it (each frame of a multi-page TIFF a page);
* an .xlsx: the first worksheet's first-page header (``differentFirst``) carries the mark at the
  left (in 3号黑体), so the first printed page has it and the data, formulas, charts and pictures are left as
  they were (the XML is edited in place, not read and rewritten by openpyxl, which would drop
  charts and pictures). Excel, WPS and LibreOffice Calc print it;
* anything else (OFD, .pptx, .doc/.wps, .xls/.et, .ppt/.dps): nothing here can write into those
  formats, so a cover page (A4: the mark, the 附件's title centred, a line saying which file is
  bound after it) is made instead, to be bound in front of the printed file.

Pure functions of bytes and words; :mod:`documents.outgoing.bound` chooses among them.
"""

from __future__ import annotations

import io
import re
import zipfile

from documents.layout import spec
from documents.layout.pdf_blocks import (
    BOTTOM,
    CENTRE,
    FANGSONG,
    HEITI,
    LEFT,
    TOP,
    P,
    _cell_em_top,
    _faces,
    _mm,
    _Page,
    _Type,
)

MM = 72 / 25.4  # points per mm
#: The mark's em box: the first line of the 版心, its characters centred in the line.
MARK_TOP_MM = _cell_em_top(0, spec.SIZE_3)
#: Highest place tried for the mark on a PDF page whose first line is not blank.
HIGHEST_MM = 6.0
#: A page with no blank place for the mark: its content scaled into what is left under a band this
#: high (the mark at HIGHEST_MM in it).
SHRINK_BAND_MM = HIGHEST_MM + _mm(spec.SIZE_3) + 4.0
#: Room left between the mark and the first ink under it.
GAP_MM = 3.0
#: A pixel this light or lighter counts as blank paper (0 black … 255 white).
BLANK = 235


def mark_text(doc_number: str, number: int) -> str:
    return f"{doc_number}附件{number}"


def _mark_spans(doc_number: str, number: int) -> list[tuple[str, str]]:
    return [(doc_number, FANGSONG), (f"附件{number}", HEITI)]


def _mark_glyphs(faces, doc_number: str, number: int, x: float = LEFT):
    return _Type(faces).line(_mark_spans(doc_number, number), spec.SIZE_3, x)


# --- PDF ------------------------------------------------------------------------------------


def stamp_pdf(data: bytes, *, doc_number: str, number: int) -> bytes:
    """``data`` with the mark on its first page (see the module's docstring); other pages as they are.

    A PDF that cannot be read raises ``ValueError``."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        writer = PdfWriter(clone_from=reader)
        first = writer.pages[0]
    except (PdfReadError, IndexError, KeyError, TypeError) as exc:
        raise ValueError(f"unreadable PDF: {exc}") from exc
    if first.rotation:
        first.transfer_rotation_to_content()
    box = first.cropbox
    x0, y0, w, h = float(box.left), float(box.bottom), float(box.width), float(box.height)
    faces = _faces()
    x_mm = min(LEFT, w / MM * LEFT / spec.PAGE_W_MM)
    top_mm = _mark_place(_first_page_pdf(writer), w / MM, h / MM)
    if top_mm is None:
        scale = (h - SHRINK_BAND_MM * MM) / h
        first.add_transformation(
            Transformation().translate(-x0, -y0).scale(scale, scale).translate(x0 + w * (1 - scale) / 2, y0)
        )
        top_mm = HIGHEST_MM
    overlay = _overlay(w / MM, h / MM, [(top_mm, _mark_glyphs(faces, doc_number, number, x_mm))], faces)
    first.merge_transformed_page(PdfReader(io.BytesIO(overlay)).pages[0], Transformation().translate(x0, y0))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _first_page_pdf(writer) -> bytes:
    """The first page (rotation already in its content) as a PDF of its own, for rendering."""
    from pypdf import PdfWriter

    single = PdfWriter()
    single.add_page(writer.pages[0])
    out = io.BytesIO()
    single.write(out)
    return out.getvalue()


def _mark_place(page_pdf: bytes, w_mm: float, h_mm: float) -> float | None:
    """The top (mm) of the mark, above everything printed on the page: the 版心's first line when the
    page is blank down to below it, else just above the page's first ink; None when that is higher
    than HIGHEST_MM (the page is printed nearly to its top edge)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(page_pdf)
    try:
        px_per_mm = 4.0
        image = doc[0].render(scale=px_per_mm / MM, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()
    em = _mm(spec.SIZE_3)
    ink = image.point(lambda v: 255 if v < BLANK else 0).getbbox()  # (left, top, right, bottom) of the ink
    first_ink = ink[1] / px_per_mm if ink else h_mm
    place = min(MARK_TOP_MM, h_mm * MARK_TOP_MM / spec.PAGE_H_MM)
    if place + em + GAP_MM <= first_ink:
        return place
    place = first_ink - GAP_MM - em
    return place if place >= HIGHEST_MM else None


def _overlay(w_mm: float, h_mm: float, lines, faces) -> bytes:
    from reportlab.pdfgen import canvas

    from documents.layout.pdf_draw import draw_glyphs

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(w_mm * MM, h_mm * MM), initialFontName=faces[FANGSONG].name)
    for top, glyphs in lines:
        draw_glyphs(pdf, faces, top, glyphs, h_mm)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# --- images ---------------------------------------------------------------------------------

#: Images larger than this (pixels) are refused (a decompression bomb or a poster): a cover page instead.
MAX_PIXELS = 60_000_000


def image_pdf(data: bytes, *, doc_number: str, number: int, title: str = "") -> bytes:
    """An A4 PDF: the mark on the first line of the 版心, the picture fitted in the 版心 under it
    (from the third line down), centred; one page per frame. Unreadable: ``ValueError``."""
    from PIL import Image, ImageSequence, UnidentifiedImageError
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise ValueError("image too large")
        frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(image)][:50]
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValueError(f"unreadable image: {exc}") from exc
    faces = _faces()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(
        buffer, pagesize=(spec.PAGE_W_MM * MM, spec.PAGE_H_MM * MM), initialFontName=faces[FANGSONG].name
    )
    pdf.setTitle(title or mark_text(doc_number, number))
    pdf.setCreator("Sanban")
    from documents.layout.pdf_draw import draw_glyphs

    for k, frame in enumerate(frames):
        top = TOP + 2 * P if k == 0 else TOP
        if k == 0:
            draw_glyphs(pdf, faces, MARK_TOP_MM, _mark_glyphs(faces, doc_number, number), spec.PAGE_H_MM)
        box_w, box_h = spec.TEXT_W_MM, BOTTOM - top
        scale = min(box_w / frame.width, box_h / frame.height)
        w, h = frame.width * scale, frame.height * scale
        pdf.drawImage(ImageReader(frame), (CENTRE - w / 2) * MM, (spec.PAGE_H_MM - top - h) * MM, w * MM, h * MM)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# --- spreadsheets ---------------------------------------------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
#: The children of a worksheet that follow w:headerFooter in schema order (ECMA-376 18.3.1.99).
_AFTER_HEADER_FOOTER = (
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)


def xlsx_header(doc_number: str, number: int) -> str:
    """The first-page header's code: the mark in its left section, 3号 (16 pt) 黑体 — one font for the
    whole section (openpyxl, for one, keeps only a section's last font and the text after it)."""
    escape = doc_number.replace("&", "&&")
    return f'&L&"{spec.FONT_NAMES["heiti"]},Regular"&16{escape}附件{number}'


def stamp_xlsx(data: bytes, *, doc_number: str, number: int) -> bytes:
    """``data`` with the mark in its first worksheet's first-page header; every other part byte for byte."""
    from lxml import etree

    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        sheet_path = _first_sheet_path(source)
        root = etree.fromstring(source.read(sheet_path))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, IndexError) as exc:
        raise ValueError(f"unreadable xlsx: {exc}") from exc
    hf = root.find(f"{{{_MAIN}}}headerFooter")
    if hf is None:
        hf = etree.Element(f"{{{_MAIN}}}headerFooter")
        follower = next((child for child in root if etree.QName(child).localname in _AFTER_HEADER_FOOTER), None)
        if follower is not None:
            follower.addprevious(hf)
        else:
            root.append(hf)
    hf.set("differentFirst", "1")
    first = hf.find(f"{{{_MAIN}}}firstHeader")
    if first is None:
        first = etree.SubElement(hf, f"{{{_MAIN}}}firstHeader")
        # schema order: oddHeader oddFooter evenHeader evenFooter firstHeader firstFooter
        footer = hf.find(f"{{{_MAIN}}}firstFooter")
        if footer is not None:
            footer.addprevious(first)
    first.text = xlsx_header(doc_number, number)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = (
                etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                if item.filename == sheet_path
                else source.read(item.filename)
            )
            target.writestr(item, body)
    return out.getvalue()


def _first_sheet_path(package: zipfile.ZipFile) -> str:
    """The part of the workbook's first worksheet (the first w:sheet of xl/workbook.xml)."""
    from lxml import etree

    workbook = etree.fromstring(package.read("xl/workbook.xml"))
    first = workbook.find(f"{{{_MAIN}}}sheets/{{{_MAIN}}}sheet")
    rid = first.get(f"{{{_REL}}}id")
    rels = etree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    target = re.sub(r"^/", "", target) if target.startswith("/") else f"xl/{target}"
    return target


# --- a cover page ---------------------------------------------------------------------------


def cover_pdf(*, doc_number: str, number: int, title: str, kind: str, filename: str) -> bytes:
    """An A4 cover for an attachment nothing here can mark: the mark on the first line of the 版心,
    the title (2号小标宋) centred from the third line, then which file is bound after this page."""
    from documents.layout import Sheet
    from documents.layout.pdf import _Composer
    from documents.layout.pdf_draw import _draw

    faces = _faces()
    composer = _Composer(Sheet(title=title), faces)
    rows = composer.rows([_mark_glyphs(faces, doc_number, number)]) + composer.blank(spacer=False)
    if title.strip():
        rows += composer.rows(composer.title_lines(title), spec.SIZE_2, together=True) + composer.blank()
    text = f"本附件为{kind}文件（{filename}），与正文分开装订，附于此页之后。"
    rows += composer.rows(
        composer.type.wrap([(text, FANGSONG)], spec.SIZE_3, first_x=LEFT + 2 * spec.CHAR_PITCH_MM, rest_x=LEFT)
    )
    page = _Page()
    for cell, row in enumerate(rows[: spec.LINES_PER_PAGE]):
        page.put(cell, row)
    return _draw(Sheet(title=title or mark_text(doc_number, number), doc_number=doc_number), [page], faces)


__all__ = ["cover_pdf", "image_pdf", "mark_text", "stamp_pdf", "stamp_xlsx", "xlsx_header"]
