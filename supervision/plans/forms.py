"""Forms of the work plan pages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.choices import Role
from office.models import OrgUnit, User


class ImportForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    sheet = forms.FileField(label=_("Excel 文件（.xlsx）"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=400)


class KeyTaskForm(forms.Form):
    title = forms.CharField(label=_("重点任务"), max_length=300)
    description = forms.CharField(label=_("任务内容"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    lead_unit = forms.ModelChoiceField(label=_("牵头处室"), queryset=OrgUnit.objects.none(), required=False)
    responsible_leader = forms.ModelChoiceField(label=_("责任领导"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        from supervision.plans.sheet import _leaders, _units

        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = _units()
        self.fields["responsible_leader"].queryset = _leaders().filter(role=Role.LEADER)
        self.fields["responsible_leader"].label_from_instance = lambda u: u.full_name
