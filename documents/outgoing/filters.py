"""The 发文 desk's filters."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from documents import limits
from documents.choices import DocType
from documents.common import search
from documents.common.forms import department_choices
from office.lists import IntegerFilter, ListFilterSet
from office.models import IssuingPrefix, OrgUnit
from office.search import SearchFilter


class OutgoingFilterSet(ListFilterSet):
    q = SearchFilter(label=_("标题、文号或主送机关"), max_length=limits.SEARCH, fallback=search.OUTGOING)
    year = IntegerFilter(label=_("年度"), min_value=2000, max_value=2100)
    doc_type = django_filters.ChoiceFilter(label=_("文种"), choices=DocType.choices, empty_label=_("全部文种"))
    prefix = django_filters.ModelChoiceFilter(label=_("机关代字"), queryset=IssuingPrefix.objects.none(),
                                              empty_label=_("全部"))
    drafting_unit = django_filters.ModelChoiceFilter(label=_("拟稿单位"), queryset=OrgUnit.objects.none(),
                                                     empty_label=_("全部"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["prefix"].queryset = IssuingPrefix.objects.order_by("sort_order", "id")
        self.filters["drafting_unit"].queryset = department_choices(user)
