"""附件 of a 发文 that are printed and bound apart from it, marked on their first page with the
发文字号 and "附件N" (GB/T 9704 7.3.7; how each kind is marked: :mod:`documents.layout.separate`).

A .docx attachment is laid out as 附件 pages of the 公文 itself (:mod:`documents.outgoing.sheets`);
every other upload is bound separately: a PDF is bound into the issued PDF but stands apart from a
printed .docx, so it is offered marked too. Before 编号 the mark carries the preview's placeholder
文号 ("人社发〔2026〕\u3000号").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.utils.translation import gettext as _

from documents.layout import separate
from documents.models import Attachment, OutgoingDocument
from documents.outgoing.sheets import DOCX_TYPE, PDF_TYPE, number_or_placeholder

log = logging.getLogger(__name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMAGE_TYPES = {"image/jpeg", "image/png", "image/tiff"}
#: The kinds nothing here writes into: a cover page is made for them (the label names the kind on it).
COVER_LABELS = {
    "application/ofd": "OFD",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/msword": "Word/WPS",
    "application/vnd.ms-excel": "Excel/WPS",
    "application/vnd.ms-powerpoint": "PowerPoint/WPS",
}


@dataclass(frozen=True)
class Bound:
    """One attachment bound separately: its 附件 number and what its marked copy is."""

    attachment: Attachment
    number: int

    @property
    def kind(self) -> str:
        """ "stamped" (the file itself, marked), "page" (an image on a marked page) or "cover"."""
        content_type = self.attachment.content_type
        if content_type in (PDF_TYPE, XLSX_TYPE):
            return "stamped"
        return "page" if content_type in IMAGE_TYPES else "cover"


def bound_separately(document: OutgoingDocument) -> list[Bound]:
    """The attachments bound apart from the 公文, numbered as the 附件说明 lists them (the n-th upload
    is 附件n, as in :func:`documents.outgoing.sheets.annexes_of`)."""
    return [
        Bound(attachment, number)
        for number, attachment in enumerate(document.attachments.all(), 1)
        if attachment.content_type != DOCX_TYPE
    ]


def marked_copy(document: OutgoingDocument, bound: Bound, *, draft: bool) -> tuple[str, str, bytes]:
    """(file name, content type, bytes) of the marked copy of ``bound``. A file that cannot be read
    as its kind gets the cover page instead (and the reason is logged)."""
    from documents.files.storage import stored_path

    attachment, number = bound.attachment, bound.number
    doc_number = number_or_placeholder(document, draft=draft)
    stem = attachment.original_name.rsplit(".", 1)[0]
    marked = _("%(stem)s（附件%(number)s）") % {"stem": stem, "number": number}
    try:
        data = stored_path(attachment.stored_name).read_bytes()
        if attachment.content_type == PDF_TYPE:
            return f"{marked}.pdf", PDF_TYPE, separate.stamp_pdf(data, doc_number=doc_number, number=number)
        if attachment.content_type == XLSX_TYPE:
            return f"{marked}.xlsx", XLSX_TYPE, separate.stamp_xlsx(data, doc_number=doc_number, number=number)
        if attachment.content_type in IMAGE_TYPES:
            return (
                f"{marked}.pdf",
                PDF_TYPE,
                separate.image_pdf(data, doc_number=doc_number, number=number, title=_title(document, number, stem)),
            )
    except (OSError, ValueError) as exc:
        log.warning("outgoing %s: attachment %s not marked, a cover page instead: %s", document.pk, attachment.pk, exc)
    label = COVER_LABELS.get(attachment.content_type, attachment.original_name.rsplit(".", 1)[-1].upper())
    cover = separate.cover_pdf(
        doc_number=doc_number,
        number=number,
        title=_title(document, number, stem),
        kind=label,
        filename=attachment.original_name,
    )
    return _("%(stem)s（附件%(number)s封面）.pdf") % {"stem": stem, "number": number}, PDF_TYPE, cover


def _title(document: OutgoingDocument, number: int, stem: str) -> str:
    notes = document.attachment_note_list
    return notes[number - 1] if number <= len(notes) else stem
