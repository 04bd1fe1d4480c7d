"""Evidence attachments of a finding: a modest check of kind and size, stored under a random name.

(The project's full file checks live in ``documents.files``, which supervision may not import; these
are the kinds an inspection collects: scans, photos, office documents.)"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_MB = 20
#: extension → (content type, the magic bytes its files start with)
KINDS = {
    "pdf": ("application/pdf", (b"%PDF",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "ofd": ("application/ofd", (b"PK\x03\x04",)),
    "doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    "xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
}


def storage_root() -> Path:
    root = Path(getattr(settings, "SUPERVISION_STORAGE_ROOT", "") or Path(settings.VAR_DIR) / "supervision")
    root.mkdir(parents=True, exist_ok=True)
    return root


def checked(upload) -> tuple[str, str, bytes]:
    """(display name, content type, content) of an acceptable upload, else a ValidationError in Chinese."""
    name = Path(str(upload.name or "")).name.strip()[:200] or "file"
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in KINDS:
        raise ValidationError({"files": _("“%(name)s”的类型不支持，可上传：%(kinds)s。") % {
            "name": name, "kinds": "、".join(sorted(KINDS))}})
    if upload.size > MAX_MB * 1024 * 1024:
        raise ValidationError({"files": _("“%(name)s”超过 %(mb)s MB。") % {"name": name, "mb": MAX_MB}})
    content = upload.read()
    if not content:
        raise ValidationError({"files": _("“%(name)s”是空文件。") % {"name": name}})
    content_type, magics = KINDS[ext]
    if not any(content.startswith(m) for m in magics):
        raise ValidationError({"files": _("“%(name)s”的内容与扩展名不符。") % {"name": name}})
    return name, content_type, content


def store(content: bytes) -> tuple[str, str]:
    """Write the bytes; (stored name, sha256)."""
    stored = secrets.token_hex(20)
    (storage_root() / stored).write_bytes(content)
    return stored, hashlib.sha256(content).hexdigest()


def path_of(stored_name: str) -> Path:
    return storage_root() / stored_name
