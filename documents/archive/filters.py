"""The 归档文件目录's filters: one set for 收文 and 发文 alike (the unit is each model's own field)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from documents import limits
from documents.choices import Retention
from documents.common import search
from documents.common.forms import department_choices
from office.lists import IntegerFilter, ListFilterSet
from office.models import OrgUnit
from office.search import SearchFilter

#: The 机构 an archived document is filed under: 收文's 主办单位, 发文's 拟稿单位.
UNIT_FIELD = {"incomingdocument": "lead_unit", "outgoingdocument": "drafting_unit"}


class ArchiveFilterSet(ListFilterSet):
    q = SearchFilter(label=_("标题、文号或档号"), max_length=limits.SEARCH, fallback=search.BY_MODEL)
    year = IntegerFilter(label=_("年度"), min_value=2000, max_value=2100)
    lead_unit = django_filters.ModelChoiceFilter(
        label=_("机构"), queryset=OrgUnit.objects.none(), method="unit", empty_label=_("全部"),
    )
    retention = django_filters.ChoiceFilter(label=_("保管期限"), choices=Retention.choices, empty_label=_("全部"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["lead_unit"].queryset = department_choices(user)

    def unit(self, queryset, name, value):
        return queryset.filter(**{UNIT_FIELD[queryset.model._meta.model_name]: value})
