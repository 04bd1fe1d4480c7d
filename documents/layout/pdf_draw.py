"""Drawing the composed pages of the GB/T 9704 PDF (:mod:`documents.layout.pdf`) with reportlab's
canvas, and binding in the pages of PDF attachments (附件) with pypdf."""

from __future__ import annotations

import io

from documents.layout import Sheet, spec
from documents.layout.pdf_blocks import FANGSONG, HEITI, WATERMARK_GREY, XIAOBIAOSONG, _Face, _Glyph, _mm, _Page

# --- drawing --------------------------------------------------------------------------------


def _draw(sheet: Sheet, pages: list[_Page], faces: dict[str, _Face]) -> bytes:
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    width, height = spec.PAGE_W_MM, spec.PAGE_H_MM
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width * mm, height * mm), pageCompression=1,
                        initialFontName=faces[FANGSONG].name)  # not an unembedded Helvetica
    pdf.setTitle(sheet.title)
    pdf.setAuthor(sheet.author)
    pdf.setSubject(sheet.doc_number)
    pdf.setCreator("Sanban")
    for page in pages:
        if sheet.draft and page.external is None:
            pdf.saveState()
            pdf.setFillColorRGB(*WATERMARK_GREY)
            pdf.translate(width / 2 * mm, height / 2 * mm)
            pdf.rotate(45)
            pdf.setFont(faces[HEITI].name, 150)
            pdf.drawCentredString(0, -50, "预览")
            pdf.restoreState()
        for x, top, w, h, colour in page.rects:
            pdf.setFillColorRGB(*colour)
            pdf.rect(x * mm, (height - top - h) * mm, w * mm, h * mm, stroke=0, fill=1)
        for em_top, glyphs in page.lines:
            draw_glyphs(pdf, faces, em_top, glyphs, height)
        pdf.showPage()
    pdf.save()
    if any(page.external for page in pages):
        return _with_attachment_pages(buffer.getvalue(), sheet, pages)
    return buffer.getvalue()


def draw_glyphs(pdf, faces: dict[str, _Face], em_top: float, glyphs: list[_Glyph], height: float) -> None:
    """One line of placed glyphs on a reportlab canvas, its em box's top ``em_top`` mm below the top
    of a page ``height`` mm high."""
    from reportlab.lib.units import mm

    if not glyphs:
        return
    text = pdf.beginText()
    state = None
    for glyph in glyphs:
        face = faces[glyph.role]
        if glyph.role == XIAOBIAOSONG and ord(glyph.ch) not in face.chars:
            face = faces[HEITI]  # a character the (GB 2312) heavy serif lacks
        if state != (face.name, glyph.size, glyph.color, glyph.hscale):
            state = (face.name, glyph.size, glyph.color, glyph.hscale)
            text.setFont(face.name, glyph.size)
            text.setFillColorRGB(*glyph.color)
            text.setHorizScale(glyph.hscale * 100)
        size = _mm(glyph.size)
        baseline = em_top + size * (1 + face.descent)
        text.setTextOrigin(glyph.x * mm, (height - baseline) * mm)
        text.textOut(glyph.ch)
    pdf.drawText(text)


def _pdf_page_count(data: bytes) -> int:
    if not data:
        return 0
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def _with_attachment_pages(data: bytes, sheet: Sheet, pages: list[_Page]) -> bytes:
    """The drawn pages, each placeholder replaced by its PDF attachment's page with the page number
    drawn over it (at the A4 place, measured from the page's bottom left corner)."""
    from pypdf import PdfReader, PdfWriter

    drawn = PdfReader(io.BytesIO(data))
    sources = {k: PdfReader(io.BytesIO(annex.pdf)) for k, annex in enumerate(sheet.annexes) if annex.pdf}
    writer = PdfWriter()
    for page, ours in zip(pages, drawn.pages, strict=True):
        if page.external is None:
            writer.add_page(ours)
            continue
        annex, index = page.external
        theirs = writer.add_page(sources[annex].pages[index])
        theirs.merge_page(ours)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


