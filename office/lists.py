"""Desks and lists any app shows: boxes by role, one page of a filtered list, FilterSets' common base.

A desk (收文, 发文, later 督查 or 办事) is a row of boxes — which states, for which roles — and
one list per box, filtered through a django-filter ``FilterSet`` of the app's ``filters.py``
built on :class:`ListFilterSet`, paged by :func:`desk_page`.

Every list pages through :class:`CappedPaginator`: it counts at most 1,000 rows ("共 1000+ 条"
beyond) and offers the pages of those, so the last page costs what the first does and no
page counts a user's whole history. Box pills count through :func:`box_tallies` the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from math import ceil

import django_filters
from django import forms
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from office.counts import BADGE_CAP, LIST_CAP, Tally
from office.textinput import SafeTextForm

PAGE_SIZE = 20


@dataclass(frozen=True)
class Box:
    """A list of a desk: which states, for whom."""

    key: str
    label: object
    states: tuple[str, ...]
    roles: frozenset[str]
    #: Whether its pill shows how many wait in it. A box of history (已办结, 已归档, 全部) grows
    #: for ever and says nothing about work waiting: it shows no count (its list says 共 N 条).
    counted: bool = True


def boxes_for(user, boxes: Iterable[Box]) -> list[Box]:
    """The boxes of a desk this user's role has."""
    return [box for box in boxes if user.role in box.roles]


def box_tallies(user, boxes: Iterable[Box], rows: QuerySet, condition: Callable[[object, Box], Q]) -> dict:
    """The pills of a desk's counted boxes: ``rows`` (through the policy) narrowed by each box's
    ``condition``, counted up to 999 ("999+"), all in the page's one counting statement."""
    return {box.key: Tally(rows.filter(condition(user, box)), BADGE_CAP) for box in boxes if box.counted}


def box_from(request, boxes: list[Box], default: Box) -> Box:
    """The desk's box named in ``?box=``, if the user has it; else the role's default."""
    box = {b.key: b for b in boxes}.get(request.GET.get("box", ""))
    return box if box is not None else default


class IntegerFilter(django_filters.Filter):
    """A whole number (a year, a page): django-filter's NumberFilter would take decimals."""

    field_class = forms.IntegerField


class ListFilterSet(django_filters.FilterSet):
    """A list's filters: text cleaned like every input (``SafeTextForm``), choices through the
    policy (``user``), and — as the hand-rolled forms did — nothing filtered while any value is
    invalid (a bad year or page shows the whole box, on its first page, with the error)."""

    page = IntegerFilter(label=_("页码"), min_value=1, method="_page")

    class Meta:
        form = SafeTextForm

    def __init__(self, data=None, queryset=None, *, user=None, **kwargs):
        # The rows come to apply() from the app's selector, which owns the read; a set has no
        # model of its own (the archive's serves two), so it needs no queryset of its own.
        super().__init__(data, queryset if queryset is not None else QuerySet().none(), **kwargs)
        self.user = user

    def _page(self, queryset, name, value):
        return queryset  # the page is the paginator's; it is only validated here

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.form.is_valid():
            return queryset
        return super().filter_queryset(queryset)

    def apply(self, queryset: QuerySet) -> QuerySet:
        """``queryset`` filtered by this set's values (unbound or invalid: unfiltered)."""
        return self.filter_queryset(queryset) if self.is_bound else queryset


class CappedPaginator(Paginator):
    """Pages of at most the first ``cap`` rows, counted up to ``cap``: "共 N 条" exact up to it,
    "共 1000+ 条" beyond, and every page as cheap as the first (an OFFSET of at most ``cap``).

    The page's rows are read at once; the count waits (a :class:`~office.counts.Tally`) and is
    taken with the page's other counts in one statement when the pager renders.
    """

    def __init__(self, object_list, per_page: int = PAGE_SIZE, *, cap: int = LIST_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.max_pages = max(1, ceil(cap / per_page))

    @cached_property
    def tally(self) -> Tally:
        return Tally(self.object_list, self.cap)

    @cached_property
    def count(self) -> int:
        """The rows, at most ``cap``."""
        return self.tally.value

    @property
    def capped(self) -> bool:
        """Whether there are more rows than the pages offer."""
        return self.tally.capped

    @cached_property
    def num_pages(self) -> int:
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return max(1, min(ceil(self.count / self.per_page), self.max_pages))

    def validate_number(self, number) -> int:
        """A whole number from 1 to the pages offered, checked without counting (the count waits)."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if number > self.max_pages:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number) -> Page:
        """Page ``number``, its rows read before anything is counted."""
        number = self.validate_number(number)
        self.tally  # noqa: B018  (queued now, so that it is counted with the page's other counts)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom:bottom + self.per_page])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return self._get_page(rows, number, self)

    def get_page(self, number) -> Page:
        """A page whatever ``number`` says: not a number, the first; past the end, the last."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)


def desk_page(request, rows, filterset: ListFilterSet, *, per_page: int = PAGE_SIZE) -> dict:
    """One page of a filtered list (the first when the filters are invalid) and the query for its links."""
    number = request.GET.get("page") if filterset.form.is_valid() or not request.GET else 1
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": CappedPaginator(rows, per_page).get_page(number), "filter_form": filterset.form,
            "query": query.urlencode()}
