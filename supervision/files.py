"""督办附件: the scanned 批示件 of a 领导批办件, the material of a 进展反馈, the evidence of a 督查 finding.

Every upload passes the same checks as a document's 附件 (``documents.files.services.upload_check``:
the kind judged by the content, not the name; zip bombs, macros and encrypted files refused; the size
limit — a file past it was already skipped while it streamed in, see ``request.upload_too_large``).
The bytes are kept under ``SUPERVISION_STORAGE_ROOT`` (default ``VAR_DIR/supervision``) as
``YYYY/<uuid4 hex>``, served by no URL but :class:`supervision.items.views.SupervisionFileView`,
which reads the owner through the policy (``selectors.file_get``) and audits the download.

:func:`files_add` is all or nothing: every upload is checked before one byte is kept, and the files
written are removed again if the transaction that records them fails.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.audit import audit_record
from office.models import User

#: The most files one form may bring (the request's own limit is DATA_UPLOAD_MAX_NUMBER_FILES).
MAX_FILES = 10
#: The owners a file may have: the keyword of :func:`files_add` → the SupervisionFile field.
OWNERS = ("instruction", "item", "report", "finding")


def storage_root() -> Path:
    root = Path(getattr(settings, "SUPERVISION_STORAGE_ROOT", "") or Path(settings.VAR_DIR) / "supervision")
    return root.resolve()


def path_of(stored_name: str) -> Path:
    """The file of a stored name; never outside the storage root, whatever the row says."""
    root = storage_root()
    path = (root / stored_name).resolve()
    if root not in path.parents:
        raise ValueError(f"{stored_name!r} points outside the storage root")
    return path


def check(uploads, request=None) -> list[tuple[object, str, str]]:
    """(upload, display name, content type) of each upload, or the first problem as a ValidationError
    on the ``files`` field; nothing is written."""
    from documents.files import services as document_files

    if request is not None and getattr(request, "upload_too_large", False):
        raise ValidationError({"files": document_files.upload_too_large_message()})
    uploads = [u for u in uploads or () if u]
    if len(uploads) > MAX_FILES:
        raise ValidationError({"files": _("一次最多上传 %(n)s 个文件。") % {"n": MAX_FILES}})
    checked = []
    for upload in uploads:
        try:
            name, mime = document_files.upload_check(upload)
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages}) from None
        checked.append((upload, name, mime))
    return checked


def _store(upload) -> tuple[str, Path, str, int]:
    """Copy the upload in chunks under a new random name: (stored_name, path, sha256, size)."""
    year = f"{timezone.localdate().year}"
    directory = storage_root() / year
    directory.mkdir(mode=0o750, parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    final, partial = directory / token, directory / f".{token}.part"
    digest, size = hashlib.sha256(), 0
    try:
        with open(partial, "xb") as out:
            os.fchmod(out.fileno(), 0o640)
            upload.seek(0)
            for chunk in upload.chunks():
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return f"{year}/{token}", final, digest.hexdigest(), size


def files_add(*, actor: User, uploads, request=None, audit_obj=None, **owner) -> list:
    """Keep the uploads as files of one owner (``instruction=``, ``item=``, ``report=`` or ``finding=``).

    The caller has checked the actor's right to change the owner (and holds its row lock). All or
    none: a bad file raises before anything is kept; a failure later removes what was written.
    """
    from supervision.models import SupervisionFile

    ((field, obj),) = owner.items()
    if field not in OWNERS:
        raise TypeError(f"unknown owner {field!r}")
    checked = check(uploads, request)
    if not checked:
        return []
    written: list[Path] = []
    try:
        with transaction.atomic():
            saved = []
            for upload, name, mime in checked:
                stored, path, sha256, size = _store(upload)
                written.append(path)
                row = SupervisionFile(
                    **{field: obj},
                    original_name=name[:200],
                    stored_name=stored,
                    content_type=mime,
                    size=size,
                    sha256=sha256,
                    uploaded_by=actor,
                )
                row.full_clean()
                row.save()
                saved.append(row)
            audit_record(
                actor=actor,
                action="supervision.files",
                obj=audit_obj or obj,
                request=request,
                detail={"owner": field, "files": [{"id": f.pk, "sha256": f.sha256, "size": f.size} for f in saved]},
            )
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return saved
