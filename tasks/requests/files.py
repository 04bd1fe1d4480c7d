"""A request's papers (公函, invoices): the kinds and sizes an office collects, stored under a random name."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from django.conf import settings

from supervision.inspections.files import checked

__all__ = ["checked", "path_of", "store"]


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
