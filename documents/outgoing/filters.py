"""The 发文 desk's filters."""

from __future__ import annotations

import django_filters
from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from documents import limits
from documents.choices import DocType
from documents.common.forms import department_choices
from office.lists import IntegerFilter, ListFilterSet
from office.models import IssuingPrefix, OrgUnit
from office.search import SearchFilter, icontains


def _with_number(queryset, term):
    """SQLite: the 文号 as ``doc_number`` prints it, for ``icontains`` (PostgreSQL keeps it in the index)."""
    number = Concat("prefix__code", Value("〔"), Cast("year", CharField()), Value("〕"),
                    Cast("number", CharField()), Value("号"), output_field=CharField())
    rows = queryset.alias(doc_number_text=Case(When(number__isnull=False, then=number), default=Value("")))
    return icontains("title", "doc_number_text", "main_recipients", "archive_code")(rows, term)


FALLBACK = _with_number


class OutgoingFilterSet(ListFilterSet):
    q = SearchFilter(label=_("标题、文号或主送机关"), max_length=limits.SEARCH, fallback=FALLBACK)
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
