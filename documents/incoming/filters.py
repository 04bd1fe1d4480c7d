"""The 收文 desk's filters."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from documents import limits
from documents.choices import DocType, Urgency
from documents.common import search
from documents.common.forms import department_choices
from office.choices import Clearance
from office.lists import IntegerFilter, ListFilterSet
from office.models import OrgUnit
from office.search import SearchFilter


class IncomingFilterSet(ListFilterSet):
    q = SearchFilter(label=_("标题、字号或来文单位"), max_length=limits.SEARCH,
                     fallback=search.INCOMING)
    year = IntegerFilter(label=_("年度"), min_value=2000, max_value=2100)
    sender_org = django_filters.CharFilter(label=_("来文单位"), lookup_expr="icontains", max_length=limits.ORG_NAME)
    doc_type = django_filters.ChoiceFilter(label=_("文种"), choices=DocType.choices, empty_label=_("全部文种"))
    secret_level = django_filters.TypedChoiceFilter(
        label=_("密级"), choices=[("", _("全部密级")), *Clearance.choices], coerce=int, empty_value=None,
    )
    urgency = django_filters.TypedChoiceFilter(
        label=_("紧急程度"), choices=[("", _("全部")), *Urgency.choices], coerce=int, empty_value=None,
    )
    lead_unit = django_filters.ModelChoiceFilter(label=_("主办单位"), queryset=OrgUnit.objects.none(), empty_label=_("全部"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["lead_unit"].queryset = department_choices(user)
