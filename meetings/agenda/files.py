"""议题 materials (MeetingFile): the project's attachment checks (``documents.files.checks``: kind by
content, size, safe names), stored under a random name beside the documents' files, served only
through the policy (:class:`meetings.agenda.permissions.FilePolicy`), every download audited."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from documents.files.checks import MAX_STEM, base_name, display_name, max_upload_bytes, sniff, too_large_message
from documents.files.storage import store_bytes, stored_path
from meetings.choices import AgendaState
from meetings.models import AgendaItem, MeetingFile
from office.audit import audit_record
from office.choices import Role
from office.models import User
from office.permissions import require

log = logging.getLogger(__name__)
S = AgendaState
#: The department adds materials until the office has accepted the 议题; the office until it is discussed.
DEPARTMENT_STATES = (S.DRAFT, S.RETURNED, S.LEADER_REVIEW, S.OFFICE_REVIEW)
OFFICE_STATES = (*DEPARTMENT_STATES, S.ACCEPTED, S.APPROVED)
MAX_FILES = 20


def may_attach(user: User, item: AgendaItem) -> bool:
    if user.role == Role.OFFICE:
        return item.state in OFFICE_STATES
    own = user.pk == item.submitted_by_id or (user.role == Role.DEPT_HEAD and user.unit_id == item.unit_id)
    return own and item.state in DEPARTMENT_STATES


def _may(actor: User, item: AgendaItem, request) -> None:
    require(actor, "view", item, request=request)
    if not may_attach(actor, item):
        raise PermissionDenied(_("当前环节不能增删该议题的材料。"))


def material_add(
    *, actor: User, item: AgendaItem, upload, secret_level: int | None = None, request=None
) -> MeetingFile:
    """One file for a 议题: checked, stored, audited. A bad file: a message, nothing written."""
    _may(actor, item, request)
    level = item.secret_level if secret_level is None else int(secret_level)
    if level > actor.clearance:
        raise ValidationError({"secret_level": _("材料密级不能高于您本人的涉密等级。")})
    if level < item.secret_level:
        raise ValidationError({"secret_level": _("材料密级不能低于议题密级。")})
    if MeetingFile.objects.filter(agenda_item=item).count() >= MAX_FILES:
        raise ValidationError(_("每个议题最多 %(n)s 份材料。") % {"n": MAX_FILES})
    if upload.size is not None and upload.size > max_upload_bytes():
        raise ValidationError(too_large_message(), code="file_too_large")
    shown = base_name(getattr(upload, "name", "") or "")[:MAX_STEM] or _("材料")
    kind = sniff(upload, shown)
    name = display_name(getattr(upload, "name", "") or "", kind)
    stored_name, sha256, size = store_bytes(upload)
    try:
        with transaction.atomic():
            locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
            if not may_attach(actor, locked):
                raise PermissionDenied(_("当前环节不能增删该议题的材料。"))
            material = MeetingFile(
                agenda_item=locked,
                secret_level=level,
                original_name=name,
                stored_name=stored_name,
                content_type=kind.mime,
                size=size,
                sha256=sha256,
                uploaded_by=actor,
            )
            material.full_clean()
            material.save()
            audit_record(
                actor=actor,
                action="agenda.material_add",
                obj=locked,
                request=request,
                detail={"file": material.pk, "type": kind.code, "size": size, "level": level},
            )
    except BaseException:
        stored_path(stored_name).unlink(missing_ok=True)
        raise
    return material


def material_remove(*, actor: User, material: MeetingFile, request=None) -> None:
    item = material.agenda_item
    _may(actor, item, request)
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if not may_attach(actor, locked):
            raise PermissionDenied(_("当前环节不能增删该议题的材料。"))
        path, pk = stored_path(material.stored_name), material.pk
        material.delete()
        audit_record(actor=actor, action="agenda.material_remove", obj=locked, detail={"file": pk}, request=request)
        transaction.on_commit(lambda: path.unlink(missing_ok=True))


def copy_to(material: MeetingFile, item: AgendaItem) -> MeetingFile:
    """The same file for another 议题 (顺延): a copy of its own, so either can go without the other."""
    content = stored_path(material.stored_name).read_bytes()
    stored_name, sha256, size = store_bytes(ContentFile(content, name=material.original_name))
    return MeetingFile.objects.create(
        agenda_item=item,
        secret_level=material.secret_level,
        original_name=material.original_name,
        stored_name=stored_name,
        content_type=material.content_type,
        size=size,
        sha256=sha256,
        uploaded_by=material.uploaded_by,
    )


def material_open(*, actor: User, material: MeetingFile, request=None):
    """The file to send (the caller fetched ``material`` through the policy); the download audited."""
    try:
        handle = stored_path(material.stored_name).open("rb")
    except (OSError, ValueError):
        log.error("meeting file %s: %s missing or outside the storage root", material.pk, material.stored_name)
        return None
    audit_record(
        actor=actor,
        action="export",
        obj=material,
        request=request,
        detail={"kind": "meeting_material", "sha256": material.sha256, "level": material.secret_level},
    )
    return handle
