"""The dashboards' figures: counted by a job, read in one query (issue 17).

Each app's ``dashboard.py`` registers counters (:func:`register_counter`): a function that, given
a :class:`Moment`, yields the rows ``(key, unit_id, period, dim, value)`` of its figures — for each
department and (``unit_id`` None) for the whole organ. :func:`refresh` runs them all and swaps the
rows of :class:`~office.models.Figure` in one transaction; the beat runs it every
``FIGURES_REFRESH_SECONDS`` and the dashboards say when the figures were counted. The
``recount_figures`` command runs it by hand (and the tests compare it with their own counts).

Why a job and not counters kept by every service: the figures are medians, percentiles and rates
over periods that move with the calendar (this month, overdue as of today, working days), which
no single write can keep current; one recount every few minutes costs the database a few hundred
milliseconds at the benchmark scale, and no page ever counts.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from office.workdays import WorkCalendar

Row = tuple[str, int | None, str, str, float]

_counters: dict[str, Callable[[Moment], Iterable[Row]]] = {}


def register_counter(key: str, compute: Callable[[Moment], Iterable[Row]]) -> None:
    """``compute(moment)`` yields ``(key, unit_id, period, dim, value)`` rows."""
    _counters[key] = compute


@dataclass(frozen=True)
class Moment:
    """The time the figures are counted as of, and the periods they are counted for."""

    now: dt.datetime
    _cal: list = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def at(cls, now: dt.datetime | None = None) -> Moment:
        return cls(now or timezone.now())

    @property
    def cal(self) -> WorkCalendar:
        """The working-day calendar, read on first use (a page that only reads figures never needs it)."""
        if not self._cal:
            self._cal.append(WorkCalendar())
        return self._cal[0]

    @property
    def today(self) -> dt.date:
        return timezone.localtime(self.now).date()

    @property
    def this_month(self) -> tuple[dt.date, dt.date]:
        start = self.today.replace(day=1)
        return start, _month_end(start)

    @property
    def last_month(self) -> tuple[dt.date, dt.date]:
        end = self.today.replace(day=1) - dt.timedelta(days=1)
        return end.replace(day=1), end

    @property
    def this_year(self) -> tuple[dt.date, dt.date]:
        return self.today.replace(month=1, day=1), self.today.replace(month=12, day=31)

    def periods(self) -> dict[str, tuple[dt.date, dt.date]]:
        """The three periods of the rates: this month, last month, this year (keys as stored)."""
        return {
            month_key(self.this_month[0]): self.this_month,
            month_key(self.last_month[0]): self.last_month,
            str(self.today.year): self.this_year,
        }

    def local_day(self, value: dt.datetime) -> dt.date:
        return timezone.localtime(value).date()


def month_key(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


def _month_end(start: dt.date) -> dt.date:
    following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile (p in 0..100) of a non-empty list: a value that occurred."""
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)])


def spread(key: str, groups: dict[int | None, list[float]], period: str, prefix: str = "") -> Iterable[Row]:
    """Median, 90th percentile and count of each group's values, as rows (dims p50, p90, n)."""
    for unit_id, values in groups.items():
        if not values:
            continue
        yield key, unit_id, period, f"{prefix}p50", percentile(values, 50)
        yield key, unit_id, period, f"{prefix}p90", percentile(values, 90)
        yield key, unit_id, period, f"{prefix}n", float(len(values))


def by_unit(rows: Iterable[tuple[int | None, object]], key: str, period: str = "", dim: str = "") -> Iterable[Row]:
    """Counts per unit and for the organ from ``(unit_id, anything)`` pairs (one per object)."""
    counts: dict[int | None, int] = {None: 0}
    for unit_id, _ in rows:
        counts[None] += 1
        if unit_id is not None:
            counts[unit_id] = counts.get(unit_id, 0) + 1
    for unit_id, n in counts.items():
        yield key, unit_id, period, dim, float(n)


def recount(moment: Moment | None = None) -> list[Row]:
    """Every registered figure as of ``moment`` (nothing written)."""
    moment = moment or Moment.at()
    rows: list[Row] = []
    for key in sorted(_counters):
        rows.extend(_counters[key](moment))
    return rows


def refresh(now: dt.datetime | None = None) -> int:
    """Recount every figure and replace the stored rows (one transaction). Returns the rows written."""
    from office.models import Figure

    moment = Moment.at(now)
    rows = recount(moment)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Two overlapping runs (a slow one and the next beat) must not both insert.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('office.figures.refresh'))")
        Figure.objects.all().delete()
        Figure.objects.bulk_create(
            [Figure(key=k, unit_id=u, period=p, dim=d, value=v, computed_at=moment.now) for k, u, p, d, v in rows],
            batch_size=1000,
        )
    return len(rows)


class Figures:
    """The stored figures a dashboard may show, read in one query: ``get(key, unit_id, period, dim)``."""

    def __init__(self, rows: Iterable):
        self._values: dict[tuple, float] = {}
        self.computed_at: dt.datetime | None = None
        for row in rows:
            self._values[(row.key, row.unit_id, row.period, row.dim)] = row.value
            if self.computed_at is None or row.computed_at < self.computed_at:
                self.computed_at = row.computed_at

    def get(self, key: str, unit_id: int | None = None, period: str = "", dim: str = "") -> float | None:
        return self._values.get((key, unit_id, period, dim))

    def count(self, key: str, unit_id: int | None = None, period: str = "", dim: str = "") -> int:
        return int(self._values.get((key, unit_id, period, dim), 0))

    def units(self) -> set[int | None]:
        """The units (None: the organ) whose figures were read."""
        return {unit_id for (_, unit_id, _, _) in self._values}

    def dims(self, key: str, unit_id: int | None = None, period: str = "") -> dict[str, float]:
        return {d: v for (k, u, p, d), v in self._values.items() if k == key and u == unit_id and p == period}

    def periods(self, key: str, unit_id: int | None = None, dim: str = "") -> dict[str, float]:
        return {p: v for (k, u, p, d), v in self._values.items() if k == key and u == unit_id and d == dim}


def read(*, unit_ids: Iterable[int] | None, organ: bool) -> Figures:
    """The figures of ``unit_ids`` (None: every unit) and, if ``organ``, the organ's totals: one query."""
    from django.db.models import Q

    from office.models import Figure

    if unit_ids is None:
        where = Q()
    else:
        where = Q(unit_id__in=list(unit_ids))
        if organ:
            where |= Q(unit__isnull=True)
    if unit_ids is None and not organ:
        where = Q(unit__isnull=False)
    return Figures(Figure.objects.filter(where).only("key", "unit_id", "period", "dim", "value", "computed_at"))
