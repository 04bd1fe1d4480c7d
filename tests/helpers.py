"""Shared test helpers."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def assert_num_queries(expected: int, *, using=connection):
    """Exactly ``expected`` queries, or fail printing every statement that ran."""
    with CaptureQueriesContext(using) as ctx:
        yield ctx
    executed = len(ctx.captured_queries)
    if executed != expected:
        statements = "\n".join(f"{i}. {q['sql']}" for i, q in enumerate(ctx.captured_queries, start=1))
        raise AssertionError(f"expected {expected} queries, {executed} ran:\n{statements}")
