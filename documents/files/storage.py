"""Where attachments and issued files lie: ``DOCUMENTS_STORAGE_ROOT/YYYY/<uuid4 hex>``, out of reach.

Files are written before the transaction that records them commits; those a rollback left
behind are swept by the core (:mod:`office.orphans`, the ``office.jobs.sweep_orphan_files`` task).
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from documents.models import Attachment
from office import orphans

log = logging.getLogger(__name__)


def storage_root() -> Path:
    """Where attachments lie. Refuses to be anywhere a URL serves files from."""
    root = Path(getattr(settings, "DOCUMENTS_STORAGE_ROOT", Path(settings.VAR_DIR) / "documents")).resolve()
    served = [getattr(settings, "STATIC_ROOT", None), getattr(settings, "MEDIA_ROOT", None),
              *getattr(settings, "STATICFILES_DIRS", ())]
    for web_root in filter(None, served):
        web_root = Path(web_root).resolve()
        if root == web_root or web_root in root.parents:
            raise ImproperlyConfigured(f"DOCUMENTS_STORAGE_ROOT ({root}) must not lie under {web_root}")
    return root


def attachment_path(attachment: Attachment) -> Path:
    """The file of an attachment; never outside the storage root, whatever the row says."""
    return stored_path(attachment.stored_name)


# --- the service --------------------------------------------------------------------


def _store(upload) -> tuple[str, Path, str, int]:
    """Copy the upload under a new random name; return (stored_name, path, sha256, size)."""
    root = storage_root()
    year = f"{timezone.localdate().year}"
    directory = root / year
    directory.mkdir(mode=0o750, parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    final = directory / token
    partial = directory / f".{token}.part"
    digest, size = hashlib.sha256(), 0
    try:
        with open(partial, "xb") as out:
            os.fchmod(out.fileno(), 0o640)
            upload.seek(0)
            for chunk in upload.chunks():
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return f"{year}/{token}", final, digest.hexdigest(), size


def store_bytes(content) -> tuple[str, str, int]:
    """Keep a file the system made (the issued .docx and PDF): (stored_name, sha256, size)."""
    stored_name, _path, sha256, size = _store(content)
    return stored_name, sha256, size


def stored_path(stored_name: str) -> Path:
    """The file of a stored name; never outside the storage root."""
    root = storage_root()
    path = (root / stored_name).resolve()
    if root not in path.parents:
        raise ValueError(f"{stored_name!r} points outside the storage root")
    return path


# --- orphans ------------------------------------------------------------------------


def orphan_files_sweep(*, grace_seconds: int = orphans.ORPHAN_GRACE) -> list[str]:
    """Delete the files under the storage root no row refers to any more, older than ``grace_seconds``;
    their names (the core's sweep, :mod:`office.orphans`, limited to this folder). Attachments, issued
    .docx/PDF files and 议题 materials (meetings keeps them here) are checked."""
    root = storage_root()
    return [path.relative_to(root).as_posix() for path in orphans.orphan_files_sweep(
        grace_seconds=grace_seconds, roots=[root])]
