"""A request's papers (公函, invoices): the kinds and sizes an office collects, stored under a random name."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from documents.files.services import upload_check

__all__ = ["checked", "path_of", "store"]


def checked(upload) -> tuple[str, str, bytes]:
    """(display name, content type, content) of an upload the 附件 checks accept (by content, zip
    bombs and macros refused, within the size limit), else a ValidationError on ``files`` in Chinese."""
    try:
        name, content_type = upload_check(upload)
    except ValidationError as error:
        raise ValidationError({"files": error.messages}) from error
    upload.seek(0)
    content = upload.read()
    if not content:
        raise ValidationError({"files": _("“%(name)s”是空文件。") % {"name": name}})
    return name, content_type, content


def storage_root() -> Path:
    root = Path(getattr(settings, "TASKS_STORAGE_ROOT", "") or Path(settings.VAR_DIR) / "tasks")
    root.mkdir(parents=True, exist_ok=True)
    return root


def store(content: bytes) -> tuple[str, str]:
    """Write the bytes; (stored name, sha256)."""
    stored = secrets.token_hex(20)
    (storage_root() / stored).write_bytes(content)
    return stored, hashlib.sha256(content).hexdigest()


def path_of(stored_name: str) -> Path:
    return storage_root() / stored_name
