"""Input of the 纪要 and its 议定事项. Choices through the policy."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from office.choices import UnitKind
from office.models import OrgUnit
from office.permissions import restrict
from office.textinput import SafeTextForm


def _area(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


class MinutesForm(SafeTextForm):
    present_line = forms.CharField(label=_("出席"), widget=_area(2), max_length=2000)
    leave_line = forms.CharField(label=_("请假"), widget=_area(1), max_length=2000, required=False)
    sitting_in_line = forms.CharField(label=_("列席"), widget=_area(2), max_length=2000, required=False)
    body = forms.CharField(label=_("纪要正文"), widget=_area(4), max_length=8000)


class DecisionForm(SafeTextForm):
    order = forms.IntegerField(
        label=_("序号"), required=False, min_value=1, max_value=99, help_text=_("修改已有事项时填写其序号；不填则新增")
    )
    text = forms.CharField(label=_("议定事项"), widget=_area(3), max_length=2000)
    lead_unit = forms.ModelChoiceField(label=_("牵头处室"), queryset=OrgUnit.objects.none(), required=False)
    assisting_units = forms.ModelMultipleChoiceField(
        label=_("协办处室"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    due_on = forms.DateField(
        label=_("完成时限"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    needs_supervision = forms.BooleanField(label=_("需督办"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = restrict(OrgUnit.objects.all(), user).filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.OFFICE])
        self.fields["lead_unit"].queryset = units.order_by("sort_order", "id")
        self.fields["assisting_units"].queryset = units.order_by("sort_order", "id")
