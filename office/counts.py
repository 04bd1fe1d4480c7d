"""Counts that cost the same whatever the data: capped, and all of a page's in one statement.

A badge (待办 12), a box's pill (待签收 3), a list's "共 N 条" never count a user's history:
each counts the rows of its query up to a bound (``rows[:cap + 1]``), so a 文书 with 400,000
to-dos costs what a 科员 with four does, and shows "999+" beyond the bound.

A :class:`Tally` is lazy. Every tally made while one web request runs (the navigation badges,
the workbench's panels, a desk's boxes, the list's own count) waits until the first of them is
read, typically when the page renders; then all are counted in ONE statement::

    SELECT (SELECT COUNT(*) FROM (SELECT 1 … LIMIT 1000) t0),
           (SELECT COUNT(*) FROM (SELECT 1 … LIMIT 1000) t1), …

Tallies never read (an htmx fragment does not show the badges) cost nothing. Outside a request
(jobs, the shell, tests calling selectors) tallies made one after another batch the same way,
until one is read.
"""

from __future__ import annotations

from collections.abc import Sized
from contextvars import ContextVar

from django.core.exceptions import EmptyResultSet
from django.core.signals import request_finished, request_started
from django.db import connections
from django.db.models import IntegerField, QuerySet, Value

#: A badge or a box's pill counts up to here; beyond, it reads "999+".
BADGE_CAP = 999
#: A list counts and pages up to here; beyond, "共 1000+ 条" (filters narrow it down).
LIST_CAP = 1000

_pending: ContextVar[list | None] = ContextVar("office_counts_pending", default=None)


def _start(**kwargs) -> None:
    _pending.set([])


request_started.connect(_start, dispatch_uid="office.counts.start")
request_finished.connect(_start, dispatch_uid="office.counts.finish")


def _queue() -> list:
    queue = _pending.get()
    if queue is None:
        queue = []
        _pending.set(queue)
    return queue


class Tally:
    """How many rows ``rows`` has, counted up to ``cap``; more reads as ``"{cap}+"``.

    ``rows``: a queryset (counted lazily, with the others of the page) or a list. Reading it —
    ``str()``, ``int()``, ``bool()``, ``==`` — runs the pending counts.
    """

    __hash__ = None  # type: ignore[assignment]

    def __init__(self, rows: QuerySet | Sized, cap: int = BADGE_CAP):
        self.cap = cap
        self._counted: int | None = None
        self._rows: QuerySet | None = None
        if not isinstance(rows, QuerySet):
            self._counted = min(len(rows), cap + 1)
        elif rows.query.is_empty():
            self._counted = 0
        else:
            self._rows = rows
            _queue().append(self)

    # --- reading ------------------------------------------------------------------

    @property
    def counted(self) -> int:
        """The rows found, at most ``cap + 1``."""
        if self._counted is None:
            run_pending()
        return self._counted  # type: ignore[return-value]

    @property
    def capped(self) -> bool:
        """Whether there are more than ``cap``."""
        return self.counted > self.cap

    @property
    def value(self) -> int:
        """The count, at most ``cap``."""
        return min(self.counted, self.cap)

    def __int__(self) -> int:
        return self.value

    def __bool__(self) -> bool:
        return self.counted > 0

    def __str__(self) -> str:
        return f"{self.cap}+" if self.capped else str(self.counted)

    def __repr__(self) -> str:
        return f"<Tally {self if self._counted is not None else '…'}>"

    def __eq__(self, other) -> bool:
        if isinstance(other, Tally):
            return str(self) == str(other)
        if isinstance(other, int):
            return not self.capped and self.counted == other
        if isinstance(other, str):
            return str(self) == other
        return NotImplemented

    # --- counting -----------------------------------------------------------------

    def _inner(self) -> QuerySet:
        """The rows to count, at most ``cap + 1`` of them, selecting as little as possible."""
        rows = self._rows
        assert rows is not None
        if not rows.query.combinator and not rows.query.distinct:
            # A constant: PostgreSQL can answer from the index alone (an index-only scan).
            rows = rows.order_by().annotate(sb_one=Value(1, output_field=IntegerField())).values("sb_one")
        elif not rows.query.combinator:
            rows = rows.order_by()
        return rows[: self.cap + 1]


def run_pending() -> None:
    """Count every pending tally: one statement per database."""
    queue = _queue()
    waiting = [tally for tally in queue if tally._counted is None]
    queue.clear()
    by_alias: dict[str, list[Tally]] = {}
    for tally in waiting:
        by_alias.setdefault(tally._rows.db, []).append(tally)  # type: ignore[union-attr]
    for alias, tallies in by_alias.items():
        _count(alias, tallies)


def _count(alias: str, tallies: list[Tally]) -> None:
    connection = connections[alias]
    columns, params, counted = [], [], []
    for tally in tallies:
        try:
            sql, inner_params = tally._inner().query.get_compiler(using=alias).as_sql()
        except EmptyResultSet:
            tally._counted, tally._rows = 0, None
            continue
        columns.append(f"(SELECT COUNT(*) FROM ({sql}) {connection.ops.quote_name(f'sb_t{len(columns)}')})")
        params.extend(inner_params)
        counted.append(tally)
    if not columns:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        row = cursor.fetchone()
    for tally, n in zip(counted, row, strict=True):
        tally._counted, tally._rows = int(n), None


def tallies(rows: dict[str, QuerySet], cap: int = BADGE_CAP) -> dict[str, Tally]:
    """A tally per named query (a desk's boxes, a panel's figures)."""
    return {key: Tally(queryset, cap) for key, queryset in rows.items()}
