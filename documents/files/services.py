"""附件 of 收文, 发文 and 政务信息: add and remove, each a step of its document's flow (checked, recorded, audited)."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from documents.common.steps import steps_for
from documents.files.checks import MAX_STEM, base_name, display_name, max_upload_bytes, sniff, too_large_message
from documents.files.storage import _store, attachment_path
from documents.models import Attachment, IncomingDocument, InformationItem, OutgoingDocument
from office.models import User
from office.permissions import require

log = logging.getLogger(__name__)


#: The attachment's field for each kind of document.
OWNER_FIELD = {IncomingDocument: "incoming", OutgoingDocument: "outgoing", InformationItem: "information"}


def attachment_add(
    *, actor: User, document: IncomingDocument | OutgoingDocument | InformationItem, upload, request=None
) -> Attachment:
    """Attach an uploaded file to a 收文, a 发文 or a 政务信息 item: checked, stored, recorded as a step, audited.

    Out of scope: 404; not the user's to do now: PermissionDenied; a bad file:
    ValidationError with a message in Chinese — and then nothing is written, on disk or
    in the database.
    """
    steps = steps_for(document)
    owner = OWNER_FIELD[type(document)]
    require(actor, "attach", document, request=request)
    raw_name = getattr(upload, "name", "") or ""
    shown = base_name(raw_name)[:MAX_STEM] or _("附件")
    if upload.size is not None and upload.size > max_upload_bytes():
        raise ValidationError(too_large_message(), code="file_too_large")
    kind = sniff(upload, shown)
    name = display_name(raw_name, kind)
    stored_name, path, sha256, size = _store(upload)
    try:
        if size > max_upload_bytes():  # the stream said otherwise than upload.size
            raise ValidationError(too_large_message(), code="file_too_large")
        with transaction.atomic():
            locked = steps.begin(actor, document, "attach", request)
            attachment = Attachment(
                **{owner: locked}, original_name=name, stored_name=stored_name, content_type=kind.mime,
                size=size, sha256=sha256, uploaded_by=actor,
            )
            attachment.full_clean()
            attachment._change_reason, attachment._history_user = _("上传附件"), actor
            attachment.save()
            steps.finish(
                actor, locked, "attach", text=name, request=request,
                detail={"attachment": attachment.pk, "type": kind.code, "size": size, "sha256": sha256},
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    log.info("attachment %s stored as %s (%s, %d bytes)", attachment.pk, stored_name, kind.code, size)
    return attachment


#: The step that takes a file off each kind of document: a 发文 draft's editors (its "attach"), a
#: 政务信息 item's author while it is a draft or returned (its "detach"). 收文 files stay.
REMOVE_STEP = {OutgoingDocument: "attach", InformationItem: "detach"}


def attachment_remove(*, actor: User, attachment: Attachment, request=None) -> None:
    """Take a file off a 发文 draft (where the draft may be edited) or off a 政务信息 item (its author, while
    the item is a draft or returned); the file goes when the row does."""
    if attachment.incoming_id:
        raise ValidationError(_("收文附件不能删除。"))
    document = attachment.outgoing if attachment.outgoing_id else attachment.information
    step = REMOVE_STEP[type(document)]
    with transaction.atomic():
        steps = steps_for(document)
        locked = steps.begin(actor, document, step, request)
        attachment = Attachment.objects.select_for_update().filter(pk=attachment.pk).first()
        if attachment is None:
            raise ValidationError(_("该附件已删除。"))
        path, name, removed = attachment_path(attachment), attachment.original_name, attachment.pk
        attachment._change_reason, attachment._history_user = _("删除附件"), actor
        attachment.delete()
        steps.finish(actor, locked, step, text=_("删除附件：%(name)s") % {"name": name}, request=request,
                    detail={"removed": removed, "sha256": attachment.sha256})
        transaction.on_commit(lambda: path.unlink(missing_ok=True))


def upload_check(upload) -> tuple[str, str]:
    """(display name, content type) of an upload the 附件 checks accept — by content, zip bombs and
    macros refused, within the size limit — else :class:`ValidationError` in Chinese. For other apps
    that keep files of their own (督办 的批示件、进展材料、证据), which call this and store the file
    themselves: the same rules as :func:`attachment_add`, nothing written."""
    raw_name = getattr(upload, "name", "") or ""
    if upload.size is not None and upload.size > max_upload_bytes():
        raise ValidationError(too_large_message(), code="file_too_large")
    kind = sniff(upload, base_name(raw_name)[:MAX_STEM] or _("附件"))
    return display_name(raw_name, kind), kind.mime


def upload_too_large_message() -> str:
    """What to say when the upload handler skipped a file past the limit (``request.upload_too_large``)."""
    return too_large_message()
