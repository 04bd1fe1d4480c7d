"""Files of 办文: attachments in and out (收文 and 发文), and the headers every file handed out carries.

Every view fetches the document through the permission policy: out of scope (and the
三员) is a 404, exactly as for a document that does not exist.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from documents.files.checks import too_large_message
from documents.files.services import attachment_add, attachment_remove
from documents.files.storage import attachment_path
from documents.models import Attachment, IncomingDocument, InformationItem, OutgoingDocument
from office.audit import audit_record
from office.classification import export_filename
from office.permissions import get_visible_or_404, require

log = logging.getLogger(__name__)

#: Sent with every file we hand out: never rendered in our origin, never sniffed, never cached.
FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "Cache-Control": "private, no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def protect(response: HttpResponse) -> HttpResponse:
    for header, value in FILE_HEADERS.items():
        response[header] = value
    return response


class AttachmentUploadView(View):
    """POST one or more files (field ``file``) to a document; back to where the form was."""

    http_method_names = ["post"]
    model = IncomingDocument

    def post(self, request, pk):
        document = get_visible_or_404(self.model.objects.all(), request.user, pk=pk)
        require(request.user, "attach", document, request=request)  # 403 before anything is read
        uploads = request.FILES.getlist("file")
        if getattr(request, "upload_too_large", False):
            messages.error(request, too_large_message())
        elif not uploads:
            messages.error(request, _("请选择要上传的文件。"))
        added = []
        for upload in uploads:
            try:
                added.append(attachment_add(actor=request.user, document=document, upload=upload, request=request))
            except ValidationError as exc:
                messages.error(request, "".join(exc.messages))
        if added:
            messages.success(
                request, _("已上传附件：%(names)s。") % {"names": "、".join(a.original_name for a in added)}
            )
        return redirect(self._back(request, document))

    @staticmethod
    def _back(request, document) -> str:
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return f"{document.get_absolute_url()}#attachments"


class AttachmentDownloadView(View):
    """GET an attachment: only for someone who may see its document; always a download."""

    def get(self, request, pk):
        attachment = get_object_or_404(Attachment.objects.all(), pk=pk)
        if attachment.incoming_id:
            document = get_visible_or_404(IncomingDocument.objects.all(), request.user, pk=attachment.incoming_id)
        elif attachment.information_id:
            document = get_visible_or_404(InformationItem.objects.all(), request.user, pk=attachment.information_id)
        else:
            document = get_visible_or_404(OutgoingDocument.objects.all(), request.user, pk=attachment.outgoing_id)
        try:
            handle = attachment_path(attachment).open("rb")
        except (OSError, ValueError):
            log.error("attachment %s: file %s missing or outside the storage root",
                      attachment.pk, attachment.stored_name)
            raise Http404 from None
        audit_record(
            actor=request.user, action="export", obj=document, request=request,
            detail={"kind": "attachment", "attachment": attachment.pk, "sha256": attachment.sha256},
        )
        response = FileResponse(
            handle, as_attachment=True, filename=export_filename(attachment.original_name, document.secret_level),
            content_type=attachment.content_type,
        )
        return protect(response)


class OutgoingAttachmentUploadView(AttachmentUploadView):
    model = OutgoingDocument


class InformationAttachmentUploadView(AttachmentUploadView):
    model = InformationItem


class OutgoingAttachmentRemoveView(View):
    """POST: take a wrongly uploaded file off a draft (while the draft may still be edited)."""

    http_method_names = ["post"]
    model, owner = OutgoingDocument, "outgoing_id"

    def post(self, request, pk, attachment_pk):
        document = get_visible_or_404(self.model.objects.all(), request.user, pk=pk)
        attachment = get_object_or_404(Attachment.objects.all(), pk=attachment_pk, **{self.owner: document.pk})
        try:
            attachment_remove(actor=request.user, attachment=attachment, request=request)
        except ValidationError as exc:
            messages.error(request, "".join(exc.messages))
        else:
            messages.success(request, _("已删除附件：%(name)s。") % {"name": attachment.original_name})
        return redirect(f"{document.get_absolute_url()}#attachments")


class InformationAttachmentRemoveView(OutgoingAttachmentRemoveView):
    """POST: the author takes a file off his 政务信息 item while it is a draft or returned."""

    model, owner = InformationItem, "information_id"
