"""Moved to :mod:`office.workflow.table` (issue 10): kept as a re-export for 发文 until it imports the core."""

from office.workflow.table import Table, Transition, TransitionError, anybody, nobody

__all__ = ["Table", "Transition", "TransitionError", "anybody", "nobody"]
