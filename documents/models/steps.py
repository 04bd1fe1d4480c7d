"""The step records' transition table, looked up by module name.

``StepRecordBase.table`` labels a step's action; the flows' workflow modules sit above the
models (their services import the models), so the models name them instead of importing them.
"""

from __future__ import annotations

from importlib import import_module


class TableOf:
    """``table = TableOf("documents.incoming.workflow")``: that module's ``TABLE``, read on first use."""

    def __init__(self, module: str):
        self.module = module

    def __get__(self, obj, owner=None):
        return import_module(self.module).TABLE
