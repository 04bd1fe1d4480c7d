"""Moved to :mod:`office.workflow.views` (issue 10): kept as a re-export for 发文 until it imports the core.

``StepForms`` here builds the forms with ``document=`` (the core's default is ``subject=``).
"""

from __future__ import annotations

from dataclasses import dataclass

from office.workflow import views as core
from office.workflow.views import StepActionView, add_errors, error_messages

__all__ = ["StepActionView", "StepForms", "add_errors", "error_messages"]


@dataclass(frozen=True)
class StepForms(core.StepForms):
    subject_kwarg: str = "document"
