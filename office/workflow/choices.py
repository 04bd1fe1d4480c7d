"""Statuses and kinds of the workflow core: they live in :mod:`office.choices` with the other
choices (the models import them from there, so ``office.models`` needs nothing of this package)."""

from office.choices import AssigneeKind, AssignmentState, Duty, Mode, Outcome, Post

__all__ = ["AssigneeKind", "AssignmentState", "Duty", "Mode", "Outcome", "Post"]
