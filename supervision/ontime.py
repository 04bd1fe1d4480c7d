"""按期 — the one definition, used by the item page, the 督查通报, the scores and the dashboards.

An item counts as **按期办结** when its 办结报告 is dated on or before the time limit in force
(approved extensions count); those finished within an extended limit are also reported on
their own as **延期后按期**. The on-time rate's denominator is the items whose time limit in
force fell in the period (drafts and cancelled items never count).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from supervision.choices import FINISHED_STATES, OPEN_STATES, ItemState, Timeliness

#: Items that count at all (a draft was never handed over, a cancelled one was withdrawn).
COUNTED = ~Q(state__in=[ItemState.DRAFT, ItemState.CANCELLED])


def timeliness(item) -> str | None:
    """``Timeliness`` of an item whose 办结报告 is in (None before it)."""
    if item.completed_on is None:
        return None
    if item.completed_on > item.due_on:
        return Timeliness.LATE
    if item.completed_on > item.original_due_on:
        return Timeliness.EXTENDED_ON_TIME
    return Timeliness.ON_TIME


def finished_q() -> Q:
    """办结: closed (销号), with or without its evaluation."""
    return Q(state__in=FINISHED_STATES)


def on_time_q() -> Q:
    """按期办结 (延期后按期 included)."""
    return finished_q() & Q(completed_on__lte=F("due_on"))


def extended_on_time_q() -> Q:
    """延期后按期: on time only thanks to an approved extension."""
    return on_time_q() & Q(completed_on__gt=F("original_due_on"))


def late_q() -> Q:
    """逾期办结."""
    return finished_q() & Q(completed_on__gt=F("due_on"))


def overdue_open_q(today: dt.date) -> Q:
    """逾期未办结: still open, past its limit, and no 办结报告 dated within it."""
    return (
        Q(state__in=OPEN_STATES) & Q(due_on__lt=today)
        & (Q(completed_on__isnull=True) | Q(completed_on__gt=F("due_on")))
    )


def due_in_period_q(start: dt.date, end: dt.date) -> Q:
    """The on-time rate's denominator: items whose limit in force fell in [start, end]."""
    return COUNTED & Q(due_on__gte=start, due_on__lte=end)


@dataclass(frozen=True)
class Rate:
    due: int
    on_time: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.on_time / self.due, 1) if self.due else None


def on_time_rate(items: QuerySet, start: dt.date, end: dt.date) -> Rate:
    """按期办结率 of ``items`` for the period: on time among those due in it (one query)."""
    from django.db.models import Count

    counts = items.filter(due_in_period_q(start, end)).aggregate(
        due=Count("pk"), on_time=Count("pk", filter=on_time_q())
    )
    return Rate(counts["due"], counts["on_time"])
