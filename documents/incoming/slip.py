"""收文处理笺: the processing slip filed with an incoming document.

One :class:`Slip` is built from the document and its steps (来文信息, 拟办意见, 领导批示
in order, 承办 and 协办, 办理结果 and 答复, 办结, 档号) and rendered two ways from the same
content: the printable page (``templates/documents/incoming_slip.html``) and a PDF with an
embedded CJK TrueType font (:func:`slip_pdf`).

:func:`slip_get` fetches through the permission policy with a fixed number of queries,
however many 批示 or 协办意见 the document has.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.choices import IncomingState, Retention, Urgency
from documents.layout.fonts import register_font
from documents.models import Circulation, IncomingAssist, IncomingDocument, IncomingStep
from office import org
from office.choices import Clearance
from office.classification import export_filename
from office.models import OrgUnit, User
from office.permissions import get_visible_or_404

# --- content ------------------------------------------------------------------------


def cn_date(value: dt.date | dt.datetime | None) -> str:
    """2026年11月22日 (GB/T 9704: Arabic numerals, no zero padding)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return f"{value.year}年{value.month}月{value.day}日"


@dataclass(frozen=True)
class Signed:
    """An opinion as written on the slip: the text, then who gave it and when."""

    text: str
    name: str = ""
    on: str = ""
    #: Put before the text, e.g. the assisting unit's name.
    lead: str = ""

    @property
    def signature(self) -> str:
        return "\u3000".join(part for part in (self.name, self.on) if part)


@dataclass(frozen=True)
class Section:
    """A tall row of the slip: a label on the left, opinions on the right."""

    key: str
    label: str
    items: tuple[Signed, ...] = ()
    #: A line of plain facts shown above the opinions (e.g. the lead and assisting units).
    note: str = ""
    #: Minimum height in millimetres when printed, to leave room as the paper form does.
    min_height_mm: int = 20

    @property
    def is_empty(self) -> bool:
        return not self.items and not self.note


@dataclass
class Slip:
    document: IncomingDocument
    organ_name: str
    heading: str
    serial: str
    received_on: str
    #: Marks printed top left like on the document itself: 密级★保密期限, 紧急程度.
    marks: list[str]
    #: Rows of (label, value, label, value); a row with one pair spans the width.
    facts: list[tuple[str, ...]]
    sections: list[Section]
    closing: list[tuple[str, ...]]
    registered: str
    printed_by: str = ""
    printed_at: str = ""

    @property
    def filename(self) -> str:
        name = _("收文处理笺-%(serial)s.pdf") % {"serial": self.serial or self.document.pk}
        return export_filename(name, self.document.secret_level)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def _secret_mark(document: IncomingDocument) -> str:
    if document.secret_level <= Clearance.PUBLIC:
        return ""
    label = document.get_secret_level_display()
    return f"{label}★{document.secrecy_period}" if document.secrecy_period else label


def _copies(document: IncomingDocument) -> str:
    text = _("%(n)s份") % {"n": document.copies}
    if document.copy_numbers:
        text += _("（份号：%(numbers)s）") % {"numbers": document.copy_numbers}
    return text


def _signed(step: IncomingStep, text: str | None = None) -> Signed:
    return Signed(text=step.text if text is None else text, name=step.actor.full_name, on=cn_date(step.at))


def slip_queryset():
    """Everything the slip shows, in one query for the document and one per related list."""
    assists = IncomingAssist.objects.select_related("unit", "given_by").order_by("given_at", "id")
    return IncomingDocument.objects.select_related("lead_unit", "handler", "registered_by").prefetch_related(
        Prefetch("steps", queryset=IncomingStep.objects.select_related("actor").order_by("at", "id")),
        Prefetch("assisting_units", queryset=OrgUnit.objects.order_by("sort_order", "id")),
        Prefetch("assists", queryset=assists),
        Prefetch("circulations", queryset=Circulation.objects.select_related("reader").order_by("sent_at", "id")),
    )


def slip_get(*, user: User, pk) -> Slip:
    """The slip of a document the user may see (404 otherwise, as for the detail page)."""
    document = get_visible_or_404(slip_queryset(), user, pk=pk)
    organ_name = org.organ_name()
    slip = slip_build(document=document, organ_name=organ_name)
    slip.printed_by = user.full_name
    slip.printed_at = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    return slip


def slip_build(*, document: IncomingDocument, organ_name: str) -> Slip:
    """The slip's content from a document fetched with :func:`slip_queryset`."""
    steps = list(document.steps.all())
    by_action: dict[str, list[IncomingStep]] = {}
    for step in steps:
        by_action.setdefault(step.action, []).append(step)

    marks = [m for m in (_secret_mark(document),) if m]
    if document.urgency > Urgency.NORMAL:
        marks.append(document.get_urgency_display())

    facts = [
        (_("来文单位"), document.sender_org, _("来文字号"), document.sender_ref or "—"),
        (_("文件标题"), document.title),
        (_("文种"), document.get_doc_type_display() if document.doc_type else "",
         _("来文方式"), document.get_channel_display()),
        (_("密级"), _secret_mark(document) or _("非密"), _("紧急程度"), document.get_urgency_display()),
        (_("份数"), _copies(document), _("办理时限"), cn_date(document.due_at) if document.due_at else _("无")),
    ]

    # 拟办意见: the office director's proposal (the last one, should the document come round again).
    propose = by_action.get("propose", [])
    proposal = (_signed(propose[-1]),) if propose else ()

    # 领导批示: every 批示, in the order given.
    instructions = tuple(_signed(step) for step in by_action.get("instruct", []))

    # 承办: the lead and assisting units, the handler, the head's assignment.
    units = []
    if document.lead_unit_id:
        units.append(_("主办：%(unit)s") % {"unit": document.lead_unit.name})
    assisting = [u.name for u in document.assisting_units.all()]
    if assisting:
        units.append(_("协办：%(units)s") % {"units": "、".join(assisting)})
    if document.handler_id:
        units.append(_("承办人：%(name)s") % {"name": document.handler.full_name})
    assignments = tuple(_signed(step) for step in by_action.get("assign", []) if step.text)

    assists = tuple(
        Signed(text=a.text, name=a.given_by.full_name, on=cn_date(a.given_at), lead=f"{a.unit.name}：")
        for a in document.assists.all()
    )

    results: list[Signed] = []
    reports = by_action.get("report", [])
    if document.result:
        report = reports[-1] if reports else None
        results.append(Signed(text=document.result, name=report.actor.full_name if report else "",
                              on=cn_date(report.at) if report else ""))
    if document.reply:
        results.append(Signed(text=document.reply, lead=_("答复来文单位：")))
    for step in by_action.get("confirm", []):
        if step.text:
            results.append(_signed(step))

    readings = tuple(
        Signed(text=(c.comment or _("已阅")) + _("（%(on)s）") % {"on": cn_date(c.read_at)}, lead=f"{c.reader.full_name}：")
        if c.read_at else Signed(text=_("未阅"), lead=f"{c.reader.full_name}：")
        for c in document.circulations.all()
    )

    remarks = [Signed(text=document.returned_reason, lead=_("退回来文单位："))] if document.returned_reason else []
    remarks += [Signed(text=s.text, name=s.actor.full_name, on=cn_date(s.at), lead=_("退回重办："))
                for s in by_action.get("send_back", [])]

    sections = [
        Section("proposal", _("拟办意见"), proposal, min_height_mm=20),
        Section("instructions", _("领导批示"), instructions, min_height_mm=34),
        Section("handling", _("承办单位"), assignments, note="\u3000".join(units), min_height_mm=12),
        Section("assists", _("协办意见"), assists, min_height_mm=12),
        Section("result", _("办理结果"), tuple(results), min_height_mm=20),
    ]
    if readings:
        sections.append(Section("readings", _("传阅情况"), readings, min_height_mm=10))
    sections.append(Section("remarks", _("备注"), tuple(remarks), min_height_mm=10))

    done = cn_date(document.done_at)
    if not done and document.state == IncomingState.RETURNED:
        done = _("已退回")
    retention = Retention(document.retention).label if document.retention else ""
    closing = [(_("办结日期"), done, _("保管期限"), retention), (_("档号"), document.archive_code or "")]

    register = by_action.get("register", [])
    registered = ""
    if document.registered_by_id:
        registered = _("登记：%(name)s　%(on)s") % {
            "name": document.registered_by.full_name, "on": cn_date(document.registered_at),
        }
    elif register:
        registered = _("登记：%(name)s") % {"name": register[-1].actor.full_name}

    return Slip(
        document=document,
        organ_name=organ_name,
        heading=_("%(organ)s收文处理笺") % {"organ": organ_name} if organ_name else _("收文处理笺"),
        serial=document.serial_display,
        received_on=cn_date(document.received_on),
        marks=marks,
        facts=facts,
        sections=sections,
        closing=closing,
        registered=registered,
    )


# --- the PDF ------------------------------------------------------------------------

def _paragraphs(text: str) -> list[str]:
    """One paragraph per line of the text, as it was typed."""
    return [line.rstrip() for line in text.splitlines()] or [""]


def slip_pdf(slip: Slip) -> bytes:
    """The slip as an A4 PDF, the font embedded (subset), long text wrapped and split across pages."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = register_font()
    ink = colors.black
    base = ParagraphStyle("slip", fontName=font, fontSize=12, leading=17, wordWrap="CJK", textColor=ink)
    label = ParagraphStyle("label", parent=base, alignment=TA_CENTER, fontSize=12.5, leading=17)
    sign = ParagraphStyle("sign", parent=base, alignment=TA_RIGHT, fontSize=11.5, leading=15, rightIndent=4,
                          spaceAfter=3)
    small = ParagraphStyle("small", parent=base, fontSize=10.5, leading=14)
    small_right = ParagraphStyle("small_right", parent=small, alignment=TA_RIGHT)
    mark = ParagraphStyle("mark", parent=base, fontSize=14, leading=20)
    note = ParagraphStyle("note", parent=base, textColor=colors.HexColor("#333333"), spaceAfter=2)
    opinion = ParagraphStyle("opinion", parent=base, firstLineIndent=24)
    grey = colors.HexColor("#555555")

    class Heading(Flowable):
        """The title, centred, letter-spaced, drawn with a thin stroke: the font has no bold."""

        def __init__(self, text: str, size: float):
            super().__init__()
            self.text, self.size = text, size

        def wrap(self, available_width, available_height):
            self.width = available_width
            return available_width, self.size * 1.6

        def draw(self):
            from reportlab.pdfbase.pdfmetrics import stringWidth

            spacing = self.size * 0.08 if len(self.text) <= 22 else 0
            width = stringWidth(self.text, font, self.size) + spacing * (len(self.text) - 1)
            size = self.size
            if width > self.width:  # a long organ name: shrink to fit one line
                size = self.size * self.width / width
                width, spacing = self.width, spacing * self.width / width
            text = self.canv.beginText()
            text.setTextRenderMode(2)
            text.setFont(font, size)
            text.setCharSpace(spacing)
            text.setTextOrigin((self.width - width) / 2, self.size * 0.35)
            text.textOut(self.text)
            self.canv.setLineWidth(size * 0.03)
            self.canv.drawText(text)

    def p(text: str, style=base) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    page_width, _page_height = A4
    left, right, top, bottom = 22 * mm, 20 * mm, 16 * mm, 18 * mm
    width = page_width - left - right
    col = [23 * mm, (width - 46 * mm) / 2, 23 * mm, (width - 46 * mm) / 2]

    story: list = []
    if slip.marks:
        story.append(p("\u3000".join(slip.marks), mark))
        story.append(Spacer(1, 1 * mm))
    else:
        story.append(Spacer(1, 7 * mm))
    story.append(Heading(slip.heading, 21))
    story.append(Spacer(1, 3 * mm))
    story.append(Table(
        [[p(_("收文日期：%(on)s") % {"on": slip.received_on or "\u3000" * 6}, small),
          p(_("收文编号：%(serial)s") % {"serial": slip.serial or "\u3000" * 6}, small_right)]],
        colWidths=[width / 2, width / 2],
        style=TableStyle([("FONT", (0, 0), (-1, -1), font), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                          ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]),
    ))

    # Three tables stacked without a gap, drawn as one form: the facts (4 columns), the
    # opinions (2 columns, each section one row that may break across pages), the closing facts.
    # (reportlab wraps a row split across pages in one column's width, so no spans there.)
    thick, thin = 1.2, 0.6
    # Room on the right for a full stop that hangs past the line end (CJK line breaking).
    padding = [("FONT", (0, 0), (-1, -1), font),
               ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 9),
               ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    frame = [("GRID", (0, 0), (-1, -1), thin, ink), ("LINEBEFORE", (0, 0), (0, -1), thick, ink),
             ("LINEAFTER", (-1, 0), (-1, -1), thick, ink)]

    def facts_table(pairs_list, *, first: bool) -> Table:
        rows, commands = [], [*padding, *frame, ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        for r, pairs in enumerate(pairs_list):
            if len(pairs) == 2:
                rows.append([p(pairs[0], label), p(pairs[1]), "", ""])
                commands.append(("SPAN", (1, r), (3, r)))
            else:
                rows.append([p(pairs[0], label), p(pairs[1]), p(pairs[2], label), p(pairs[3])])
        commands.append(("LINEABOVE", (0, 0), (-1, 0), thick, ink) if first
                        else ("LINEBELOW", (0, -1), (-1, -1), thick, ink))
        return Table(rows, colWidths=col, minRowHeights=[9.5 * mm] * len(rows), style=TableStyle(commands))

    rows, heights = [], []
    for section in slip.sections:
        body: list = []
        if section.note:
            body.append(p(section.note, note))
        for item in section.items:
            pieces = _paragraphs(item.text)
            pieces[0] = item.lead + pieces[0]
            body.extend(p(piece, opinion) for piece in pieces)
            if item.signature:
                body.append(p(item.signature, sign))
        rows.append([p(section.label, label), body or ""])
        heights.append(section.min_height_mm * mm)
    opinions = Table(
        rows, colWidths=[col[0], width - col[0]], minRowHeights=heights, splitInRow=1,
        style=TableStyle([*padding, *frame, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (0, -1), 9)]),
    )
    story += [facts_table(slip.facts, first=True), opinions, facts_table(slip.closing, first=False)]
    story.append(Spacer(1, 2 * mm))
    story.append(Table(
        [[p(slip.registered, small), p(_("打印：%(name)s　%(at)s") % {"name": slip.printed_by, "at": slip.printed_at}
                                      if slip.printed_by else "", small_right)]],
        colWidths=[width / 2, width / 2],
        style=TableStyle([("FONT", (0, 0), (-1, -1), font), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                          ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TEXTCOLOR", (0, 0), (-1, -1), grey)]),
    ))

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.setFillColor(grey)
        canvas.drawCentredString(page_width / 2, 10 * mm, _("第 %(n)s 页") % {"n": doc.page})
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
        title=slip.heading + (f" {slip.serial}" if slip.serial else ""), author=slip.organ_name,
        subject=slip.document.title, creator="Sanban",
        initialFontName=font,  # not Helvetica: every font in the file is the embedded one
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
