"""纪要 and 议定事项 go with their meeting: seen by whoever sees its agenda; written by the office."""

from __future__ import annotations


def register_all() -> None:
    pass
