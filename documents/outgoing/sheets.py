"""From an outgoing document to the :class:`~documents.layout.Sheet` both renderers print."""

from __future__ import annotations

import datetime as dt
import io
import logging

from documents.choices import Direction, LayoutForm, Urgency
from documents.layout import FILE, LETTER, MINUTES, Annex, Sheet
from documents.models import OutgoingDocument
from office.choices import Clearance

log = logging.getLogger(__name__)

_FORMS = {LayoutForm.FILE: FILE, LayoutForm.LETTER: LETTER, LayoutForm.MINUTES: MINUTES}
#: 密级 words as printed (GB/T 9704 7.2.2); 内部 and 公开 are not printed.
_SECRECY = {Clearance.SECRET: "秘密", Clearance.CONFIDENTIAL: "机密"}
_URGENCY = {Urgency.URGENT: "加急", Urgency.EXTRA_URGENT: "特急"}


def date_words(day: dt.date | None) -> str:
    """成文日期 and 印发日期: 2026年11月2日 — the year in full, month and day unpadded."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


#: A preview's 签发人 before the leader has signed (上行文).
SIGNER_PLACEHOLDER = "（待签发）"


def number_or_placeholder(document: OutgoingDocument, *, draft: bool) -> str:
    """The 发文字号; before 编号, in a preview, its 代字 and year with the number left blank
    ("人社发〔2026〕\u3000号", as offices write it on a draft) so page 1 looks as it will."""
    from django.utils import timezone

    if document.doc_number or not draft:
        return document.doc_number
    year = (document.dated_on or timezone.localdate()).year
    return f"{document.prefix.code}〔{year}〕\u3000号"


def sheet_for(document: OutgoingDocument, *, draft: bool, copy_number: int | None = None) -> Sheet:
    """What is printed on the document. ``draft``: a preview (marked 预览, placeholders allowed)."""
    from documents.common.org import organ, printer_name

    the_organ = organ()
    organ_name = the_organ.name if the_organ else ""
    form = _FORMS[document.form]
    if form == MINUTES:
        mark, title = document.title, ""  # the 纪要标志 is the title
    elif form == LETTER:
        mark, title = organ_name, document.title
    else:
        mark, title = f"{organ_name}文件", document.title
    secrecy = ""
    if document.secret_level in _SECRECY:
        secrecy = _SECRECY[document.secret_level]
        if document.secrecy_period:
            secrecy += f"★{document.secrecy_period}"
    signers = ()
    if document.direction == Direction.UP:
        signer = document.signed_by or (None if draft else document.signer)
        signers = (signer.full_name,) if signer else (SIGNER_PLACEHOLDER,) if draft else ()
    if copy_number is None and document.secret_level >= Clearance.SECRET and document.copy_numbers:
        copy_number = 1
    notes = document.attachment_note_list
    return Sheet(
        form=form,
        organ_mark=mark,
        copy_number=f"{copy_number:06d}" if copy_number else "",
        secrecy=secrecy,
        urgency=_URGENCY.get(document.urgency, ""),
        doc_number=number_or_placeholder(document, draft=draft),
        signers=signers,
        title=title,
        main_recipients="、".join(document.main_list),
        body=tuple(document.body.splitlines()),
        attachments=tuple(notes),
        signatory=organ_name,
        dated=date_words(document.dated_on),
        with_seal=document.with_seal,
        note=document.note,
        annexes=annexes_of(document, notes),
        attendance=tuple(document.attendance_lines) if form == MINUTES else (),
        cc="、".join(document.cc_list),
        printer=document.printer or (printer_name() if form != LETTER else ""),
        printed_on=date_words(document.printed_on) if document.printed_on or not draft else "",
        draft=draft,
        author=organ_name,
    )


#: Attachments laid out as 附件 pages: a .docx by its text, a PDF by its own pages.
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"


def annexes_of(document: OutgoingDocument, notes: list[str]) -> tuple[Annex, ...]:
    """The uploaded attachments that are laid out as 附件 pages (GB/T 9704 7.3.7), numbered as the
    附件说明 lists them (the n-th name goes with the n-th upload).

    A .docx gives its paragraphs (and its tables' rows, cells joined by a full-width space); a PDF
    is bound in after its 附件 page. Other kinds (spreadsheets, slides, .doc/.wps, OFD, images) are
    bound separately and not laid out here; a file that cannot be read is treated the same.
    """
    from documents.files.storage import stored_path

    annexes = []
    for number, attachment in enumerate(document.attachments.all(), 1):
        title = notes[number - 1] if number <= len(notes) else attachment.original_name.rsplit(".", 1)[0]
        try:
            data = stored_path(attachment.stored_name).read_bytes()
            if attachment.content_type == PDF_TYPE:
                annexes.append(Annex(title, pdf=_readable_pdf(data), number=number))
            elif attachment.content_type == DOCX_TYPE:
                annexes.append(Annex(title, body=_docx_paragraphs(data), number=number))
        except (OSError, ValueError, KeyError) as exc:
            log.warning("outgoing %s: attachment %s not laid out: %s", document.pk, attachment.pk, exc)
    return tuple(annexes)


def _readable_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        PdfReader(io.BytesIO(data)).pages[0]  # noqa: B018 - reading the first page proves it opens
    except (PdfReadError, IndexError) as exc:
        raise ValueError(str(exc)) from exc
    return data


def _docx_paragraphs(data: bytes) -> tuple[str, ...]:
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile) as exc:
        raise ValueError(str(exc)) from exc
    lines = [p.text.strip() for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append("\u3000".join(dict.fromkeys(cell.text.strip() for cell in row.cells)))
    return tuple(line for line in lines if line)


def render(document: OutgoingDocument, kind: str, *, draft: bool, copy_number: int | None = None) -> bytes:
    """The document as a GB/T 9704 file: ``kind`` "docx" or "pdf"."""
    from documents.layout.docx import render_docx
    from documents.layout.pdf import render_pdf

    renderer = render_docx if kind == "docx" else render_pdf
    return renderer(sheet_for(document, draft=draft, copy_number=copy_number))
