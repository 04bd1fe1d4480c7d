"""The 政务信息 desk's filters."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from documents.choices import InfoCategory
from documents.common.forms import department_choices
from office.lists import IntegerFilter, ListFilterSet
from office.models import OrgUnit


class ItemFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label=_("标题"), field_name="title", lookup_expr="icontains", max_length=100)
    year = IntegerFilter(label=_("年度"), min_value=2000, max_value=2100, field_name="created_at__year")
    category = django_filters.ChoiceFilter(label=_("信息类别"), choices=InfoCategory.choices, empty_label=_("全部类别"))
    unit = django_filters.ModelChoiceFilter(label=_("报送处室"), queryset=OrgUnit.objects.none(), empty_label=_("全部"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["unit"].queryset = department_choices(user)
