"""绿 / 黄 / 红 of a supervised item — the same rule for one item and for a list filter.

- 红: past its time limit (with no 办结报告 dated within it), or a progress report missed;
- 黄: its limit falls within the warning period (``SUPERVISION_WARNING_WORKDAYS`` working days),
  or a progress report is due by the end of the next working day;
- 绿: otherwise. Items not open (draft, closed, cancelled) have no light.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from office.workdays import WorkCalendar
from supervision.choices import OPEN_STATES, Light

WAITING_ON_OFFICE = ("reported", "reporting_back", "accepted")


def warning_workdays() -> int:
    return int(getattr(settings, "SUPERVISION_WARNING_WORKDAYS", 3))


@dataclass(frozen=True)
class Horizon:
    """The dates the lights are measured against, as of one day (one calendar read)."""

    today: dt.date
    warn_until: dt.date
    report_until: dt.date

    @classmethod
    def now(cls, today: dt.date | None = None, cal: WorkCalendar | None = None) -> Horizon:
        today = today or timezone.localdate()
        cal = cal or WorkCalendar()
        return cls(today, cal.add_workdays(today, warning_workdays()), cal.add_workdays(today, 1))

    def light(self, item) -> str:
        if item.state not in OPEN_STATES:
            return ""
        if item.state in WAITING_ON_OFFICE and item.completed_on and item.completed_on <= item.due_on:
            return Light.GREEN
        report = item.next_report_on if item.state not in WAITING_ON_OFFICE else None
        if item.due_on < self.today or (report and report < self.today):
            return Light.RED
        if item.due_on <= self.warn_until or (report and report <= self.report_until):
            return Light.YELLOW
        return Light.GREEN

    # --- the same rule as filters (a list's ?light=) --------------------------------

    def _done_in_time(self) -> Q:
        return Q(state__in=WAITING_ON_OFFICE, completed_on__isnull=False, completed_on__lte=F("due_on"))

    def _report(self, lookup: str, day: dt.date) -> Q:
        return Q(**{f"next_report_on__{lookup}": day}) & ~Q(state__in=WAITING_ON_OFFICE)

    def red_q(self) -> Q:
        return Q(state__in=OPEN_STATES) & ~self._done_in_time() & (
            Q(due_on__lt=self.today) | self._report("lt", self.today)
        )

    def yellow_q(self) -> Q:
        return Q(state__in=OPEN_STATES) & ~self._done_in_time() & ~self.red_q() & (
            Q(due_on__lte=self.warn_until) | self._report("lte", self.report_until)
        )

    def green_q(self) -> Q:
        return Q(state__in=OPEN_STATES) & ~self.red_q() & ~self.yellow_q()

    def q(self, light: str) -> Q:
        return {Light.RED: self.red_q, Light.YELLOW: self.yellow_q, Light.GREEN: self.green_q}[light]()
