"""The 办事 lists' filters (one set for every kind)."""

from __future__ import annotations

import re

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from office.choices import UnitKind
from office.lists import IntegerFilter, ListFilterSet
from office.models import OrgUnit
from office.permissions import restrict
from tasks.choices import State

NUMBER = re.compile(r"〔?(\d{4})〕(\d+)号?")
ORDERS = (("new", _("最新在前")), ("old", _("最早在前")))


class RequestFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label=_("事由或编号"), max_length=100, method="by_text")
    year = IntegerFilter(label=_("年度"), min_value=2000, max_value=2100)
    state = django_filters.ChoiceFilter(label=_("状态"), choices=State.choices, empty_label=_("全部状态"))
    unit = django_filters.ModelChoiceFilter(
        label=_("申请部门"), queryset=OrgUnit.objects.none(), empty_label=_("全部部门")
    )
    order = django_filters.ChoiceFilter(label=_("排序"), choices=ORDERS, empty_label=None, method="by_order")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["unit"].queryset = (
            restrict(OrgUnit.objects.all(), user)
            .filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.OFFICE])
            .order_by("sort_order", "id")
        )

    def by_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        number = NUMBER.search(value)
        if number:
            return queryset.filter(year=int(number.group(1)), serial=int(number.group(2)))
        return queryset.filter(Q(title__icontains=value))

    def by_order(self, queryset, name, value):
        return queryset.order_by("id") if value == "old" else queryset.order_by("-id")
