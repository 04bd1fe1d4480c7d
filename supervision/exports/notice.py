"""督办通知单: a one-page A4 PDF for an item (督办编号, matter, requirement, time limit, lead and
assisting departments, the office's seal block), every glyph from an embedded TrueType CJK font."""

from __future__ import annotations

import io
import threading
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _

from office import org
from office.choices import Clearance
from office.classification import export_filename

_lock = threading.Lock()
_fonts: dict[tuple[str, int], str] = {}


def _font() -> str:
    """The 收文处理笺's font role (the organ's DOCUMENTS_PDF_FONT, Debian's, or the bundled one), registered once."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from office.fonts import resolve

    found = resolve("slip")
    key = (found.path, found.index)
    with _lock:
        if key not in _fonts:
            name = f"SanbanNotice{len(_fonts)}"
            pdfmetrics.registerFont(TTFont(name, found.path, subfontIndex=found.index))
            _fonts[key] = name
        return _fonts[key]


def cn_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def notice_filename(item) -> str:
    return export_filename(_("督办通知单-%(serial)s.pdf") % {"serial": item.serial_display}, item.secret_level)


def notice_pdf(item, *, printed_by=None) -> bytes:
    """``item`` with lead_unit, responsible_leader, parts→unit and milestones loaded."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _font()
    base = ParagraphStyle("n", fontName=font, fontSize=12, leading=18, wordWrap="CJK")
    label = ParagraphStyle("l", parent=base, alignment=TA_CENTER)
    title = ParagraphStyle("t", parent=base, fontSize=22, leading=30, alignment=TA_CENTER, textColor=colors.HexColor("#B22222"))
    right = ParagraphStyle("r", parent=base, alignment=TA_RIGHT)
    small = ParagraphStyle("s", parent=base, fontSize=10.5, leading=15)

    def p(text: str, style=base) -> Paragraph:
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)

    office = org.office_unit()
    organ = org.organ_name()
    story: list = []
    if item.secret_level > Clearance.PUBLIC:
        story.append(p(item.get_secret_level_display(), ParagraphStyle("m", parent=base, fontSize=14)))
    story += [p(f"{organ}{office.name if office else ''}", ParagraphStyle("o", parent=title, fontSize=16, leading=24)),
              p(_("督 办 通 知 单"), title), Spacer(1, 2 * mm),
              p(_("督办编号：%(serial)s") % {"serial": item.serial_display}, right), Spacer(1, 2 * mm)]
    parts = [x.unit.name for x in item.parts.all()]
    limit = cn_date(item.due_on)
    if item.extensions:
        limit += _("（原定%(day)s，已延期%(n)s次）") % {"day": cn_date(item.original_due_on), "n": item.extensions}
    milestones = "；".join(f"{m.name}：{cn_date(m.due_on)}" for m in item.milestones.all())
    source = item.get_source_kind_display() + (f"：{item.source_label}" if item.source_label else "")
    rows = [
        (_("督办事项"), item.title), (_("事项来源"), source), (_("任务要求"), item.requirement),
        (_("办理时限"), limit), (_("牵头处室"), item.lead_unit.name), (_("协办处室"), "、".join(parts) or "—"),
        (_("责任领导"), item.responsible_leader.full_name if item.responsible_leader else "—"),
        (_("重要程度"), item.get_importance_display()), (_("报送周期"), item.get_report_cycle_display()),
    ]
    if milestones:
        rows.append((_("节点"), milestones))
    rows.append((_("办理要求"), _("请牵头处室于收到本通知后及时签收并指定承办人，会同协办处室抓好落实，按报送周期反馈进展，"
                                "于办理时限前报送办结报告。确需延期的，应在时限届满前提出申请，说明理由。")))
    width = A4[0] - 50 * mm
    table = Table([[p(k, label), p(v)] for k, v in rows], colWidths=[30 * mm, width - 30 * mm])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.8, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    story.append(table)
    story += [Spacer(1, 6 * mm),
              p(_("签收处室：________________　　签收人：__________　　签收时间：__________"), small),
              Spacer(1, 14 * mm),
              p(f"{organ}{office.name if office else ''}", right),
              p(_("（印章）"), right),
              p(cn_date(timezone.localdate()), right), Spacer(1, 6 * mm)]
    if printed_by is not None:
        story.append(p(_("督查员：%(name)s　联系电话：%(phone)s") % {
            "name": printed_by.full_name, "phone": getattr(printed_by, "phone", "") or "—"}, small))
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=22 * mm,
                            bottomMargin=20 * mm, title=_("督办通知单"), author=organ, creator="Sanban",
                            initialFontName=font)  # not Helvetica: every font in the file is embedded
    doc.build([KeepInFrame(width, A4[1] - 42 * mm, story, mode="shrink")])
    return out.getvalue()
