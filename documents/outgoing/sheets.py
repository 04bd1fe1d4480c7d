"""From an outgoing document to the :class:`~documents.layout.Sheet` both renderers print."""

from __future__ import annotations

import datetime as dt

from documents.choices import Direction, LayoutForm, Urgency
from documents.layout import FILE, LETTER, MINUTES, Sheet
from documents.models import OutgoingDocument
from office.choices import Clearance

_FORMS = {LayoutForm.FILE: FILE, LayoutForm.LETTER: LETTER, LayoutForm.MINUTES: MINUTES}
#: 密级 words as printed (GB/T 9704 7.2.2); 内部 and 公开 are not printed.
_SECRECY = {Clearance.SECRET: "秘密", Clearance.CONFIDENTIAL: "机密"}
_URGENCY = {Urgency.URGENT: "加急", Urgency.EXTRA_URGENT: "特急"}


def date_words(day: dt.date | None) -> str:
    """成文日期 and 印发日期: 2026年11月2日 — the year in full, month and day unpadded."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


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
    signer = document.signed_by or document.signer
    signers = (signer.full_name,) if document.direction == Direction.UP and signer else ()
    if copy_number is None and document.secret_level >= Clearance.SECRET and document.copy_numbers:
        copy_number = 1
    notes = document.attachment_note_list
    return Sheet(
        form=form,
        organ_mark=mark,
        copy_number=f"{copy_number:06d}" if copy_number else "",
        secrecy=secrecy,
        urgency=_URGENCY.get(document.urgency, ""),
        doc_number=document.doc_number,
        signers=signers,
        title=title,
        main_recipients="、".join(document.main_list),
        body=tuple(document.body.splitlines()),
        attachments=tuple(notes),
        signatory=organ_name,
        dated=date_words(document.dated_on),
        with_seal=document.with_seal,
        note=document.note,
        attendance=tuple(document.attendance_lines) if form == MINUTES else (),
        cc="、".join(document.cc_list),
        printer=document.printer or (printer_name() if form != LETTER else ""),
        printed_on=date_words(document.printed_on) if document.printed_on or not draft else "",
        draft=draft,
        author=organ_name,
    )


def render(document: OutgoingDocument, kind: str, *, draft: bool, copy_number: int | None = None) -> bytes:
    """The document as a GB/T 9704 file: ``kind`` "docx" or "pdf"."""
    from documents.layout.docx import render_docx
    from documents.layout.pdf import render_pdf

    renderer = render_docx if kind == "docx" else render_pdf
    return renderer(sheet_for(document, draft=draft, copy_number=copy_number))
