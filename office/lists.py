"""Desks and lists any app shows: boxes by role, one page of a filtered list, FilterSets' common base.

A desk (收文, 发文, later 督查 or 办事) is a row of boxes — which states, for which roles — and
one list per box, filtered through a django-filter ``FilterSet`` of the app's ``filters.py``
built on :class:`ListFilterSet`, paged by :func:`desk_page`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from office.textinput import SafeTextForm

PAGE_SIZE = 20


@dataclass(frozen=True)
class Box:
    """A list of a desk: which states, for whom."""

    key: str
    label: object
    states: tuple[str, ...]
    roles: frozenset[str]


def boxes_for(user, boxes: Iterable[Box]) -> list[Box]:
    """The boxes of a desk this user's role has."""
    return [box for box in boxes if user.role in box.roles]


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


def desk_page(request, rows, filterset: ListFilterSet, *, per_page: int = PAGE_SIZE) -> dict:
    """One page of a filtered list (the first when the filters are invalid) and the query for its links."""
    number = request.GET.get("page") if filterset.form.is_valid() or not request.GET else 1
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": Paginator(rows, per_page).get_page(number), "filter_form": filterset.form,
            "query": query.urlencode()}
