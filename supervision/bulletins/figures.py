"""The 督查通报's figures, per department, from the data — every 按期 through :mod:`supervision.ontime`.

Each figure is a filter (:func:`figure_q`): the bulletin counts it, and the list behind the figure
shows the same rows. The period is a month, a quarter or a year; ``as_of`` (the day after the period,
or today for the running one) is the day 逾期未办结 is measured on.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from office.choices import UnitKind
from office.models import OrgUnit
from supervision import ontime
from supervision.choices import BulletinPeriod, Rating
from supervision.models import ProgressReport, SupervisedItem

FIGURES = {
    "assigned": _("交办"),
    "finished": _("办结"),
    "on_time": _("按期办结"),
    "late": _("逾期办结"),
    "overdue": _("逾期未办结"),
    "missed": _("未按时反馈"),
}
#: The rate's own two counts (supervision.ontime.on_time_rate's denominator and numerator).
RATE_FIGURES = {"due": _("期内到期"), "due_on_time": _("其中按期办结")}
ALL_FIGURES = {**FIGURES, **RATE_FIGURES, "good": _("评价为“好”")}


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    index: int
    starts_on: dt.date
    ends_on: dt.date

    @property
    def label(self) -> str:
        if self.kind == BulletinPeriod.MONTH:
            return gettext("%(year)s年%(month)s月") % {"year": self.year, "month": self.index}
        if self.kind == BulletinPeriod.QUARTER:
            return gettext("%(year)s年第%(quarter)s季度") % {"year": self.year, "quarter": "一二三四"[self.index - 1]}
        return gettext("%(year)s年度") % {"year": self.year}


def period_of(kind: str, year: int, index: int) -> Period:
    """[start, end] of a month (index 1–12), a quarter (1–4) or the year (index 0). ValueError if bad."""
    if kind == BulletinPeriod.MONTH and 1 <= index <= 12:
        start = dt.date(year, index, 1)
        end = dt.date(year, index, calendar.monthrange(year, index)[1])
    elif kind == BulletinPeriod.QUARTER and 1 <= index <= 4:
        start = dt.date(year, 3 * index - 2, 1)
        end_month = 3 * index
        end = dt.date(year, end_month, calendar.monthrange(year, end_month)[1])
    elif kind == BulletinPeriod.YEAR:
        start, end, index = dt.date(year, 1, 1), dt.date(year, 12, 31), 0
    else:
        raise ValueError(kind, index)
    return Period(kind, year, index, start, end)


def as_of_for(period_end: dt.date, today: dt.date) -> dt.date:
    return min(today, period_end + dt.timedelta(days=1))


def figure_q(key: str, start: dt.date, end: dt.date, as_of: dt.date) -> Q:
    """The items behind one figure of the period."""
    in_period = Q(completed_on__gte=start, completed_on__lte=end)
    match key:
        case "assigned":
            return ontime.COUNTED & Q(assigned_at__date__gte=start, assigned_at__date__lte=end)
        case "finished":
            return ontime.finished_q() & in_period
        case "on_time":
            return ontime.on_time_q() & in_period
        case "late":
            return ontime.late_q() & in_period
        case "overdue":
            return ontime.overdue_open_q(as_of)
        case "missed":
            return (ontime.COUNTED & Q(missed_reports__gt=0, assigned_at__date__lte=end)
                    & (Q(completed_on__isnull=True) | Q(completed_on__gte=start)))
        case "due":
            return ontime.due_in_period_q(start, end)
        case "due_on_time":
            return ontime.due_in_period_q(start, end) & ontime.on_time_q()
        case "good":
            return ontime.finished_q() & in_period & Q(evaluation__rating=Rating.GOOD)
    raise KeyError(key)


def departments() -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.OFFICE], is_active=True)
                .order_by("sort_order", "id"))


def compute(items: QuerySet[SupervisedItem], period: Period, today: dt.date) -> dict:
    """The figures of ``items`` (already restricted to the actor) for the period: a JSON-able dict."""
    as_of = as_of_for(period.ends_on, today)
    keys = [*FIGURES, *RATE_FIGURES]
    counts = {
        row["lead_unit"]: row
        for row in items.values("lead_unit").annotate(
            **{k: Count("pk", filter=figure_q(k, period.starts_on, period.ends_on, as_of)) for k in keys})
    }
    rows = []
    for unit in departments():
        row = {k: counts.get(unit.pk, {}).get(k, 0) for k in keys}
        rate = ontime.Rate(row["due"], row["due_on_time"]).percent
        rows.append({"unit_id": unit.pk, "unit": unit.name, **row, "rate": rate, "rank": None})
    ranked = sorted((r for r in rows if r["rate"] is not None), key=lambda r: (-r["rate"], -r["due"], r["unit"]))
    previous, rank = None, 0
    for position, row in enumerate(ranked, 1):
        key = (row["rate"], row["due"])
        if key != previous:
            rank, previous = position, key
        row["rank"] = rank
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["unit"]))
    totals = {k: sum(r[k] for r in rows) for k in keys}
    totals["rate"] = ontime.Rate(totals["due"], totals["due_on_time"]).percent
    return {
        "as_of": as_of.isoformat(), "rows": rows, "totals": totals,
        "overdue": _overdue(items, period, as_of), "good": _good(items, period, as_of),
    }


def _row(item, reason: str = "") -> dict:
    return {"id": item.pk, "serial": item.serial_display, "title": item.title, "unit": item.lead_unit.name,
            "due_on": item.due_on.isoformat(), "completed_on": item.completed_on.isoformat() if item.completed_on else "",
            "reason": reason}


def _overdue(items: QuerySet, period: Period, as_of: dt.date) -> list[dict]:
    """逾期未办结 and 逾期办结 items, each with its reason (the last progress report, or none)."""
    last = ProgressReport.objects.filter(item=OuterRef("pk"), part__isnull=True).order_by("-reported_at", "-id")
    rows = (items.filter(figure_q("overdue", period.starts_on, period.ends_on, as_of)
                         | figure_q("late", period.starts_on, period.ends_on, as_of))
            .select_related("lead_unit").annotate(last_report=Subquery(last.values("text")[:1]))
            .order_by("lead_unit__sort_order", "due_on", "id")[:200])
    found = []
    for item in rows:
        if item.completed_on:
            reason = str(_("逾期 %(n)s 天办结") % {"n": (item.completed_on - item.due_on).days})
        elif item.last_report:
            reason = str(_("最近进展：%(text)s") % {"text": item.last_report[:120]})
        else:
            reason = str(_("未反馈进展"))
        if item.missed_reports:
            reason += str(_("（未按时反馈 %(n)s 次）") % {"n": item.missed_reports})
        found.append(_row(item, reason))
    return found


def _good(items: QuerySet, period: Period, as_of: dt.date) -> list[dict]:
    rows = (items.filter(figure_q("good", period.starts_on, period.ends_on, as_of)).select_related("lead_unit")
            .order_by("lead_unit__sort_order", "completed_on", "id")[:200])
    return [_row(item) for item in rows]
