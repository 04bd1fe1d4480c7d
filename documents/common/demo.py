"""What both flows' demo loaders share."""

from __future__ import annotations


def create_missing(specs, model, walk) -> int:
    """Walk each demo spec whose title is not in ``model`` yet; returns how many were created."""
    missing = [spec for spec in specs if not model.objects.filter(title=spec.title).exists()]
    for spec in missing:
        walk(spec)
    return len(missing)
