"""Files a rolled-back transaction left behind, for every app that keeps files.

An app writes a file before the transaction that records it commits (so a failure leaves nothing
half-recorded); when that transaction, or an outer one, rolls back, the file stays with no row.
Each app registers, in its ``AppConfig.ready()``, where it keeps files and which model's
``stored_name`` refers to them (:func:`register`); several models may share one folder (the
materials of 议题 lie beside the documents' attachments). One periodic job
(``office.jobs.sweep_orphan_files``) deletes the files older than a day that no registered
model refers to.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import models

log = logging.getLogger(__name__)

#: A file younger than this may belong to a transaction still running: never swept.
ORPHAN_GRACE = 24 * 3600
#: Stored names looked up per query.
BATCH = 1000


@dataclass(frozen=True)
class FileStore:
    """Where some files lie (``root()``, read when swept: settings may change), how they are laid out
    under it (``pattern``: ``"*/*"`` for ``YYYY/<token>``) and the model whose ``field`` names them
    relative to the root."""

    root: Callable[[], Path]
    model: type[models.Model]
    field: str = "stored_name"
    pattern: str = "*/*"

    def referenced(self, names: list[str]) -> set[str]:
        rows = self.model._default_manager.filter(**{f"{self.field}__in": names})
        return set(rows.values_list(self.field, flat=True))


_stores: list[FileStore] = []


def register(*, root: Callable[[], Path], model: type[models.Model], field: str = "stored_name",
             pattern: str = "*/*") -> None:
    store = FileStore(root=root, model=model, field=field, pattern=pattern)
    if store not in _stores:
        _stores.append(store)


def orphan_files_sweep(*, grace_seconds: int = ORPHAN_GRACE, roots: Iterable[Path] | None = None) -> list[Path]:
    """Delete the stored files no registered model refers to, older than ``grace_seconds``; their paths.

    ``roots`` limits the sweep to those folders."""
    by_folder: dict[tuple[Path, str], list[FileStore]] = {}
    for store in _stores:
        by_folder.setdefault((Path(store.root()).resolve(), store.pattern), []).append(store)
    wanted = None if roots is None else {Path(r).resolve() for r in roots}
    cutoff = time.time() - grace_seconds
    removed: list[Path] = []
    for (root, pattern), stores in by_folder.items():
        if (wanted is not None and root not in wanted) or not root.is_dir():
            continue
        old = {}
        for path in sorted(root.glob(pattern)):
            try:
                if path.is_file() and path.stat().st_mtime < cutoff:
                    old[path.relative_to(root).as_posix()] = path
            except FileNotFoundError:
                continue
        names = sorted(old)
        for start in range(0, len(names), BATCH):
            batch = names[start:start + BATCH]
            kept = set().union(*(store.referenced(batch) for store in stores))
            for name in batch:
                if name in kept:
                    continue
                old[name].unlink(missing_ok=True)
                removed.append(old[name])
                log.warning("orphan file %s removed from %s (no row refers to it)", name, root)
    return removed
