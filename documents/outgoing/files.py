"""The 发文 as a file in the GB/T 9704 layout: the issued .docx/PDF as made at 印发, a numbered copy
of a classified one, or a preview of a draft — chosen, named with its 密级, and audited here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.http import Http404
from django.utils.translation import gettext as _

from documents.choices import FileKind
from documents.files.storage import stored_path
from documents.models import OutgoingDocument
from documents.outgoing import sheets
from office.audit import audit_record
from office.classification import export_filename
from office.models import User

CONTENT_TYPES = {
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.PDF: "application/pdf",
}


@dataclass(frozen=True)
class OutgoingExport:
    """A file to hand out: ``data`` made now, or ``handle`` on the stored issued file."""

    filename: str  # with the 密级 in front when classified
    content_type: str
    data: bytes | None = None
    handle: IO[bytes] | None = None


def outgoing_file_export(
    *, actor: User, document: OutgoingDocument, kind: str, copy: str = "", request=None,
) -> OutgoingExport:
    """The file of ``document`` (already fetched through the policy) the user asked for; audited.

    Issued: the stored file, or with ``copy`` the numbered copy of a classified document;
    before: a preview. A kind, copy or stored file that does not exist: 404.
    """
    if kind not in FileKind.values:
        raise Http404
    name = document.doc_number or _("发文稿%(pk)s") % {"pk": document.pk}
    if document.is_final and copy:
        return _copy(actor, document, kind, name, copy, request)
    if document.is_final:
        return _issued(actor, document, kind, name, request)
    data = sheets.render(document, kind, draft=True)
    return _made(actor, document, kind, data, _("%(name)s（预览）.%(kind)s") % {"name": name, "kind": kind}, "preview",
                 request)


def _issued(actor, document, kind, name, request) -> OutgoingExport:
    stored = {f.kind: f for f in document.files.all()}.get(kind)
    if stored is None:
        raise Http404
    try:
        handle = stored_path(stored.stored_name).open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    audit_record(actor=actor, action="export", obj=document, request=request,
                 detail={"kind": f"outgoing_{kind}", "sha256": stored.sha256})
    return OutgoingExport(export_filename(f"{name}.{kind}", document.secret_level), CONTENT_TYPES[kind],
                          handle=handle)


def _copy(actor, document, kind, name, copy, request) -> OutgoingExport:
    """One numbered copy of a classified document: the issued text with that copy's 份号."""
    try:
        number = int(copy)
    except ValueError:
        raise Http404 from None
    if not document.copy_numbers or not 1 <= number <= document.copies:
        raise Http404
    data = sheets.render(document, kind, draft=False, copy_number=number)
    return _made(actor, document, kind, data, f"{name}（{number:06d}）.{kind}", f"copy {number:06d}", request)


def _made(actor, document, kind, data: bytes, filename: str, what: str, request) -> OutgoingExport:
    audit_record(actor=actor, action="export", obj=document, request=request,
                 detail={"kind": f"outgoing_{kind}", "what": what, "size": len(data)})
    # the 密级 travels with the file
    return OutgoingExport(export_filename(filename, document.secret_level), CONTENT_TYPES[kind], data=data)


def outgoing_attachment_export(*, actor: User, document: OutgoingDocument, attachment_pk: int,
                               request=None) -> OutgoingExport:
    """The marked copy of an attachment bound apart from ``document`` (already fetched through the
    policy): 发文字号 and "附件N" on its first page (:mod:`documents.outgoing.bound`); audited.
    An attachment that is not the document's, or that is laid out in it (.docx): 404."""
    from documents.outgoing.bound import bound_separately, marked_copy

    bound = next((b for b in bound_separately(document) if b.attachment.pk == attachment_pk), None)
    if bound is None:
        raise Http404
    filename, content_type, data = marked_copy(document, bound, draft=not document.is_final)
    audit_record(actor=actor, action="export", obj=document, request=request,
                 detail={"kind": "attachment_marked", "attachment": attachment_pk, "number": bound.number,
                         "size": len(data)})
    return OutgoingExport(export_filename(filename, document.secret_level), content_type, data=data)
