"""The uploaded sheet kept between the preview and the confirmation: a file under
``VAR_DIR/plan-imports`` named by a random token, the token signed with the user's id and the year.
Files older than a day are swept whenever a new one is kept."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core import signing

SALT = "supervision.plan_import"
MAX_AGE = 6 * 3600


def _root() -> Path:
    root = Path(settings.VAR_DIR) / "plan-imports"
    root.mkdir(parents=True, exist_ok=True)
    return root


def _sweep(root: Path) -> None:
    limit = time.time() - 24 * 3600
    for path in root.glob("*.xlsx"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue


def store(content: bytes) -> str:
    """Keep ``content`` under a new random key (older files swept); the key."""
    root = _root()
    _sweep(root)
    key = secrets.token_hex(16)
    (root / f"{key}.xlsx").write_bytes(content)
    return key


def read(key: str) -> bytes | None:
    """The content kept under ``key``, or None (swept, discarded, or not a key)."""
    if not key.isalnum():
        return None
    path = _root() / f"{key}.xlsx"
    return path.read_bytes() if path.is_file() else None


def keep(*, user, year: int, name: str, content: bytes) -> str:
    """Store ``content``; the signed token that fetches it back for this user only."""
    key = store(content)
    return signing.dumps({"u": user.pk, "k": key, "y": year, "n": name[:100]}, salt=SALT)


def fetch(*, user, token: str) -> tuple[int, str, bytes, str] | None:
    """(year, name, content, key) of the user's kept sheet, or None (expired, someone else's, gone)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("u") != user.pk or not str(data.get("k", "")).isalnum():
        return None
    path = _root() / f"{data['k']}.xlsx"
    if not path.is_file():
        return None
    return int(data["y"]), str(data["n"]), path.read_bytes(), data["k"]


def discard(key: str) -> None:
    if key.isalnum():
        (_root() / f"{key}.xlsx").unlink(missing_ok=True)
