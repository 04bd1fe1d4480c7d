"""The 信息专报 bulletin: an A4 PDF with the publication's 报头 (name in red, 期号, 编印单位, date,
a red line), the items with their source departments, and the 报送 list at the foot.

Drawn with the GB/T 9704 layout's faces and measurements (:mod:`documents.layout`): every glyph
from an embedded TrueType CJK font (``office.fonts``), the 版心 and the red of the standard.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _

from documents.layout import spec
from office.classification import export_filename


def cn_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def filename(issue) -> str:
    return export_filename(f"{issue.display_number or issue.get_publication_display()}.pdf", issue.secret_level)


def bulletin_pdf(issue) -> bytes:
    """``issue`` with entries → item → unit and readers → leader loaded (``issue_selectors.issue_get``)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from documents.layout.pdf_blocks import FANGSONG, HEITI, KAITI, XIAOBIAOSONG, _faces

    faces = _faces()
    red = colors.Color(*(v / 255 for v in spec.RED))
    body = ParagraphStyle(
        "b",
        fontName=faces[FANGSONG].name,
        fontSize=spec.SIZE_3,
        leading=spec.SIZE_3 * 1.75,
        firstLineIndent=spec.SIZE_3 * 2,
        alignment=TA_JUSTIFY,
        wordWrap="CJK",
    )
    mast = ParagraphStyle(
        "m",
        fontName=faces[XIAOBIAOSONG].name,
        fontSize=spec.SIZE_MARK + 6,
        leading=(spec.SIZE_MARK + 6) * 1.2,
        alignment=TA_CENTER,
        textColor=red,
    )
    number = ParagraphStyle(
        "n", fontName=faces[FANGSONG].name, fontSize=spec.SIZE_3, leading=spec.SIZE_3 * 1.6, alignment=TA_CENTER
    )
    head = ParagraphStyle("h", fontName=faces[FANGSONG].name, fontSize=spec.SIZE_3, leading=spec.SIZE_3 * 1.4)
    head_r = ParagraphStyle("hr", parent=head, alignment=TA_RIGHT)
    title = ParagraphStyle(
        "t",
        fontName=faces[XIAOBIAOSONG].name,
        fontSize=spec.SIZE_3 + 2,
        leading=(spec.SIZE_3 + 2) * 1.6,
        alignment=TA_CENTER,
        wordWrap="CJK",
        spaceBefore=4 * mm,
    )
    source = ParagraphStyle(
        "s", fontName=faces[KAITI].name, fontSize=spec.SIZE_3, leading=spec.SIZE_3 * 1.6, alignment=TA_RIGHT
    )
    foot = ParagraphStyle(
        "f", fontName=faces[FANGSONG].name, fontSize=spec.SIZE_4, leading=spec.SIZE_4 * 1.6, wordWrap="CJK"
    )
    secret = ParagraphStyle("x", fontName=faces[HEITI].name, fontSize=spec.SIZE_3, leading=spec.SIZE_3 * 1.5)

    def p(text: str, style) -> Paragraph:
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)

    width = spec.TEXT_W_MM * mm
    day = timezone.localdate(issue.sent_at) if issue.sent_at else timezone.localdate()
    story: list = []
    if issue.secret_level:
        story.append(p(issue.get_secret_level_display(), secret))
    story += [p(issue.get_publication_display(), mast), Spacer(1, 5 * mm)]
    if issue.number:
        story.append(p(_("%(year)s年第%(number)s期") % {"year": issue.year, "number": issue.number}, number))
    else:
        story.append(p(_("（编辑中，未编期号）"), number))
    line = Table([[p(issue.printer, head), p(cn_date(day), head_r)]], colWidths=[width * 0.68, width * 0.32])
    line.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story += [
        Spacer(1, 3 * mm),
        line,
        HRFlowable(width="100%", thickness=1.2, color=red, spaceBefore=1 * mm, spaceAfter=4 * mm),
    ]
    for entry in issue.entries.all():
        item = entry.item
        story.append(p(item.title, title))
        story.append(Spacer(1, 2 * mm))
        for paragraph in [x.strip() for x in item.body.splitlines() if x.strip()]:
            story.append(p(paragraph, body))
        story.append(p(_("（%(unit)s报送）") % {"unit": item.unit.name}, source))
    leaders = "、".join(r.leader.full_name for r in issue.readers.all())
    sent_to = _("报送：%(names)s") % {"names": leaders} if leaders else _("报送：局领导")
    if issue.distribution:
        sent_to += "；" + issue.distribution
    story += [
        Spacer(1, 8 * mm),
        HRFlowable(width="100%", thickness=0.8, color=colors.black, spaceAfter=1 * mm),
        p(sent_to, foot),
        HRFlowable(width="100%", thickness=0.5, color=colors.black, spaceBefore=1 * mm, spaceAfter=1 * mm),
        p(_("%(printer)s　　%(day)s印发") % {"printer": issue.printer, "day": cn_date(day)}, foot),
        HRFlowable(width="100%", thickness=0.8, color=colors.black, spaceBefore=1 * mm),
    ]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=(spec.PAGE_W_MM * mm, spec.PAGE_H_MM * mm),
        leftMargin=spec.LEFT_MM * mm,
        rightMargin=spec.RIGHT_MM * mm,
        topMargin=25 * mm,
        bottomMargin=spec.BOTTOM_MM * mm,
        title=str(issue),
        author=issue.printer,
        creator="Sanban",
        initialFontName=faces[FANGSONG].name,
    )
    doc.build(story)
    return out.getvalue()
