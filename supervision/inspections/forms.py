"""Forms of the inspection pages (choices through the policy)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from office.choices import Clearance, Role
from office.models import OrgUnit, User
from office.permissions import restrict
from office.textinput import SafeTextForm
from supervision.choices import InspectionKind
from supervision.items.forms import DateInput, MultipleFileField, PersonField, leader_choices, unit_choices


class InspectionForm(SafeTextForm):
    kind = forms.ChoiceField(label=_("督查类型"), choices=InspectionKind.choices)
    topic = forms.CharField(label=_("督查主题"), max_length=300)
    scope_units = forms.ModelMultipleChoiceField(label=_("督查范围"), queryset=OrgUnit.objects.none(),
                                                 widget=forms.CheckboxSelectMultiple)
    team_leader = PersonField(label=_("督查组组长"), queryset=User.objects.none())
    members = forms.ModelMultipleChoiceField(label=_("督查组成员"), queryset=User.objects.none(), required=False,
                                             widget=forms.CheckboxSelectMultiple)
    starts_on = forms.DateField(label=_("开始日期"), widget=DateInput())
    ends_on = forms.DateField(label=_("结束日期"), widget=DateInput())
    method = forms.CharField(label=_("督查方式"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    secret_level = forms.TypedChoiceField(label=_("密级"), choices=Clearance.choices, coerce=int, initial=0)

    def __init__(self, *args, user=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope_units"].queryset = unit_choices(user)
        people = restrict(User.objects.all(), user).filter(role__in=[Role.OFFICE, Role.LEADER, Role.DEPT_HEAD],
                                                           is_active=True).order_by("role", "id")
        self.fields["team_leader"].queryset = people
        self.fields["members"].queryset = people
        self.fields["members"].label_from_instance = lambda u: u.full_name
        if editing:
            del self.fields["kind"], self.fields["secret_level"]

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("结束日期不能早于开始日期。"))
        return data


class FindingForm(SafeTextForm):
    description = forms.CharField(label=_("问题描述"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    unit = forms.ModelChoiceField(label=_("整改责任处室"), queryset=OrgUnit.objects.none())
    requirement = forms.CharField(label=_("整改要求"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("整改时限"), widget=DateInput())
    files = MultipleFileField(label=_("证据材料"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices(user)


class RectifyForm(forms.Form):
    responsible_leader = PersonField(label=_("责任领导"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_leader"].queryset = leader_choices(user)
        self.fields["responsible_leader"].widget.attrs.update({"aria-label": _("责任领导"), "class": "form-select form-select-sm"})


class ReportForm(SafeTextForm):
    report = forms.CharField(label=_("督查报告"), max_length=20000, widget=forms.Textarea(attrs={"rows": 12}))
