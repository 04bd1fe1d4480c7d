"""Per-department statistics of 政务信息 for a month, quarter or year: submitted, adopted, adoption
rate, points, rank — each figure with the filter that lists the items behind it (:func:`figure_q`).

One definition for each figure: the page, the list behind it and the 通报 all count through here.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from documents.choices import INFO_USED
from documents.models import Score
from office import org

PERIODS = ("month", "quarter", "year")
FIGURES = ("submitted", "adopted", "points")


@dataclass(frozen=True)
class Span:
    period: str
    year: int
    index: int
    starts_on: dt.date
    ends_on: dt.date

    @property
    def label(self) -> str:
        if self.period == "month":
            return _("%(year)s年%(index)s月") % {"year": self.year, "index": self.index}
        if self.period == "quarter":
            return _("%(year)s年第%(index)s季度") % {"year": self.year, "index": self.index}
        return _("%(year)s年") % {"year": self.year}


def span_of(period: str, year: int, index: int = 1) -> Span:
    """The days of a month (index 1–12), a quarter (1–4) or a year; ValueError when out of range."""
    if period not in PERIODS or not 2000 <= year <= 2100:
        raise ValueError(period)
    if period == "year":
        return Span(period, year, 1, dt.date(year, 1, 1), dt.date(year, 12, 31))
    if period == "quarter":
        if not 1 <= index <= 4:
            raise ValueError(index)
        first = 3 * index - 2
        return Span(
            period,
            year,
            index,
            dt.date(year, first, 1),
            dt.date(year, first + 2, calendar.monthrange(year, first + 2)[1]),
        )
    if not 1 <= index <= 12:
        raise ValueError(index)
    return Span(period, year, index, dt.date(year, index, 1), dt.date(year, index, calendar.monthrange(year, index)[1]))


def figure_q(figure: str, span: Span) -> Q:
    """The items behind a figure in a span (on InformationItem)."""
    if figure == "submitted":
        return Q(submitted_at__date__gte=span.starts_on, submitted_at__date__lte=span.ends_on)
    if figure == "adopted":
        return Q(state__in=INFO_USED, decided_at__date__gte=span.starts_on, decided_at__date__lte=span.ends_on)
    if figure == "points":
        return Q(
            pk__in=Score.objects.filter(scored_on__gte=span.starts_on, scored_on__lte=span.ends_on).values("item_id")
        )
    raise ValueError(figure)


def compute(items, span: Span) -> list[dict]:
    """One row per department (every department, ranked by points, then adopted): ``items`` is what the
    reader may see (the office: every submitted item)."""
    submitted = dict(items.filter(figure_q("submitted", span)).values_list("unit_id").annotate(n=Count("id")))
    adopted = dict(items.filter(figure_q("adopted", span)).values_list("unit_id").annotate(n=Count("id")))
    points = dict(
        Score.objects.filter(item__in=items, scored_on__gte=span.starts_on, scored_on__lte=span.ends_on)
        .values_list("unit_id")
        .annotate(n=Sum("points"))
    )
    rows = []
    for unit in org.departments():
        s, a = submitted.get(unit.pk, 0), adopted.get(unit.pk, 0)
        rows.append(
            {
                "unit_id": unit.pk,
                "unit": unit.name,
                "submitted": s,
                "adopted": a,
                "rate": round(100 * a / s, 1) if s else None,
                "points": points.get(unit.pk, 0) or 0,
            }
        )
    rows.sort(key=lambda r: (-r["points"], -r["adopted"], -r["submitted"], r["unit"]))
    rank, previous = 0, None
    for n, row in enumerate(rows, 1):
        key = (row["points"], row["adopted"])
        if key != previous:
            rank, previous = n, key
        row["rank"] = rank
    return rows


def items_behind(items, span: Span, figure: str, unit_id: int | None):
    rows = items.filter(figure_q(figure, span))
    if unit_id is not None:
        rows = rows.filter(unit_id=unit_id)
    return rows


def ranking_body(span: Span, rows: list[dict]) -> str:
    """The 通报's text, written from the figures (the office edits it in the 发文 pipeline)."""
    total_s = sum(r["submitted"] for r in rows)
    total_a = sum(r["adopted"] for r in rows)
    lines = [
        _("局机关各处室："),
        _("现将%(period)s各处室政务信息报送和采用情况通报如下。") % {"period": span.label},
        _("一、总体情况"),
        _("本期各处室共报送信息%(s)s条，采用%(a)s条。") % {"s": total_s, "a": total_a},
        _("二、各处室得分排名"),
    ]
    for r in rows:
        rate = "—" if r["rate"] is None else f"{r['rate']}%"
        lines.append(
            _("第%(rank)s名：%(unit)s，报送%(submitted)s条，采用%(adopted)s条，采用率%(rate)s，得分%(points)s分。")
            % {**r, "rate": rate}
        )
    lines += [
        _("三、有关要求"),
        _("各处室要进一步提高信息报送的质量和时效，围绕中心工作及时反映工作动态、经验做法和问题建议。"),
    ]
    return "\n".join(lines)
