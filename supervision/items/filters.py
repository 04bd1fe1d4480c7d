"""The 督办事项 list's filters."""

from __future__ import annotations

import django_filters
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from office.choices import Role, UnitKind
from office.lists import IntegerFilter, ListFilterSet
from office.models import OrgUnit, User
from office.permissions import restrict
from office.search import SearchFilter, icontains
from supervision.choices import Importance, ItemState, Light, SourceKind
from supervision.items.permissions import part_exists
from supervision.lights import Horizon
from supervision.ontime import COUNTED, late_q, on_time_q, overdue_open_q


def search_fallback(queryset, term):
    """What supervision 0002 indexes, for SQLite: 标题, 督办编号 (督〔2026〕15号) and 来源说明."""
    number = Concat(Value("督〔"), Cast("year", CharField()), Value("〕"), Cast("serial", CharField()), Value("号"),
                    output_field=CharField())
    return icontains("title", "serial_text", "source_label")(queryset.alias(serial_text=number), term)


class ItemFilterSet(ListFilterSet):
    q = SearchFilter(label=_("标题、督办编号或来源"), max_length=100, fallback=search_fallback)
    year = IntegerFilter(label=_("年度"), min_value=2000, max_value=2100)
    source_kind = django_filters.ChoiceFilter(label=_("来源"), choices=SourceKind.choices, empty_label=_("全部来源"))
    unit = django_filters.ModelChoiceFilter(
        label=_("处室（牵头或协办）"), queryset=OrgUnit.objects.none(), empty_label=_("全部处室"), method="by_unit")
    responsible_leader = django_filters.ModelChoiceFilter(
        label=_("责任领导"), queryset=User.objects.none(), empty_label=_("全部领导"))
    state = django_filters.ChoiceFilter(label=_("状态"), choices=ItemState.choices, empty_label=_("全部状态"))
    light = django_filters.ChoiceFilter(label=_("亮灯"), choices=Light.choices, empty_label=_("全部"), method="by_light")
    importance = django_filters.ChoiceFilter(label=_("重要程度"), choices=Importance.choices, empty_label=_("全部"))
    overdue = django_filters.BooleanFilter(label=_("仅看逾期未办结"), method="by_overdue",
                                           widget=django_filters.widgets.BooleanWidget())
    # The lists behind the dashboards' on-time rates (supervision.ontime): 牵头处室, the time limit
    # in force within [due_from, due_to], and counted / 按期办结 / 逾期办结.
    lead_unit = django_filters.ModelChoiceFilter(label=_("牵头处室"), queryset=OrgUnit.objects.none(),
                                                 empty_label=_("全部处室"))
    due_from = django_filters.DateFilter(label=_("办理时限自"), field_name="due_on", lookup_expr="gte")
    due_to = django_filters.DateFilter(label=_("办理时限至"), field_name="due_on", lookup_expr="lte")
    timeliness = django_filters.ChoiceFilter(
        label=_("按期情况"), method="by_timeliness", empty_label=_("全部"),
        choices=(("counted", _("计入按期率")), ("on_time", _("按期办结")), ("late", _("逾期办结"))))

    def __init__(self, *args, user=None, horizon: Horizon | None = None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.horizon = horizon or Horizon.now()
        self.filters["unit"].queryset = restrict(OrgUnit.objects.all(), user).filter(
            kind__in=[UnitKind.DEPARTMENT, UnitKind.OFFICE]).order_by("sort_order")
        self.filters["lead_unit"].queryset = self.filters["unit"].queryset
        self.filters["responsible_leader"].queryset = restrict(User.objects.all(), user).filter(
            role=Role.LEADER).order_by("-is_principal", "id")

    def by_unit(self, queryset, name, value):
        return queryset.filter(Q(lead_unit=value) | part_exists(unit=value))

    def by_light(self, queryset, name, value):
        return queryset.filter(self.horizon.q(value))

    def by_timeliness(self, queryset, name, value):
        return queryset.filter({"counted": COUNTED, "on_time": on_time_q(), "late": late_q()}[value])

    def by_overdue(self, queryset, name, value):
        return queryset.filter(overdue_open_q(self.horizon.today)) if value else queryset
