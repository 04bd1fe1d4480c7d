"""Working days on China's official calendar: public holidays and 调休 make-up days.

The calendar comes from the ``chinese_calendar`` library (it follows the State
Council's yearly notice); the admin table :class:`~office.models.CalendarOverride`
wins over it, for days the library does not know yet (next year's notice comes
out in November) or for a local decision. Outside the years the library knows,
Monday to Friday are working days unless overridden.
"""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar
from functools import lru_cache

import chinese_calendar
from django.core.signals import request_finished, request_started
from django.utils import timezone

#: When a time limit given in working days ends on its last day (Asia/Shanghai).
END_OF_WORKING_DAY = dt.time(18, 0)


@lru_cache(maxsize=4096)
def _library_says(day: dt.date) -> bool | None:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the library does not cover
        return None


#: The overrides as read once in this web request (a page's deadline lights and its time-limit
#: panel both need them); outside a request (jobs, the shell) every calendar reads them afresh.
_request_overrides: ContextVar[dict | None] = ContextVar("office_workdays_overrides", default=None)


def _start(**kwargs) -> None:
    _request_overrides.set({})


def _finish(**kwargs) -> None:
    _request_overrides.set(None)


request_started.connect(_start, dispatch_uid="office.workdays.start")
request_finished.connect(_finish, dispatch_uid="office.workdays.finish")


def _read_overrides() -> dict[dt.date, bool]:
    from office.models import CalendarOverride

    held = _request_overrides.get()
    if held is None:
        return dict(CalendarOverride.objects.values_list("day", "is_workday"))
    if "days" not in held:
        held["days"] = dict(CalendarOverride.objects.values_list("day", "is_workday"))
    return held["days"]


class WorkCalendar:
    """One loaded view of the calendar: the overrides are read once, then it is pure."""

    def __init__(self, overrides: dict[dt.date, bool] | None = None):
        self.overrides = _read_overrides() if overrides is None else overrides

    def is_workday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        known = _library_says(day)
        return day.weekday() < 5 if known is None else known

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The date ``n`` working days after ``day`` (before it when ``n`` < 0).

        ``n == 0`` gives ``day`` itself if it is a working day, else the next one.
        """
        if n == 0:
            while not self.is_workday(day):
                day += dt.timedelta(days=1)
            return day
        step = dt.timedelta(days=1 if n > 0 else -1)
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_workday(day):
                remaining -= 1
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
        if end == start:
            return 0
        sign = 1 if end > start else -1
        lo, hi = (start, end) if sign > 0 else (end, start)
        count, day = 0, lo
        while day < hi:
            day += dt.timedelta(days=1)
            count += self.is_workday(day)
        return sign * count

    def due_after_workdays(self, start: dt.datetime | dt.date, n: int) -> dt.datetime:
        """A time limit of "N 个工作日" from ``start``: the end of the N-th working day after it."""
        if isinstance(start, dt.datetime):
            start = timezone.localtime(start).date()
        day = self.add_workdays(start, n)
        return timezone.make_aware(dt.datetime.combine(day, END_OF_WORKING_DAY))


def calendar() -> WorkCalendar:
    return WorkCalendar()
