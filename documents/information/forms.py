"""Input of 政务信息: validated here, checked again by the services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents import limits
from documents.choices import InfoCategory
from documents.models import HigherLevel, InformationRequest
from office.choices import Clearance, UnitKind
from office.models import OrgUnit
from office.permissions import restrict
from office.textinput import SafeTextForm

TEXT = forms.Textarea(attrs={"rows": 10})


class DepartmentsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.display_name


class RequestForm(SafeTextForm):
    """约稿: a topic, the departments asked (or all), a date."""

    title = forms.CharField(label=_("约稿主题"), max_length=200)
    requirement = forms.CharField(
        label=_("约稿要求"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_on = forms.DateField(label=_("报送截止日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    all_units = forms.BooleanField(label=_("向全部处室约稿"), required=False)
    units = DepartmentsField(label=_("约稿处室"), queryset=OrgUnit.objects.none(), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.departments = (
            restrict(OrgUnit.objects.all(), user).filter(kind=UnitKind.DEPARTMENT).order_by("sort_order", "id")
        )
        self.fields["units"].queryset = self.departments
        if not self.is_bound:
            self.initial.setdefault("due_on", timezone.localdate() + dt.timedelta(days=7))

    def clean(self):
        data = super().clean()
        if data.get("all_units"):
            data["units"] = list(self.departments)
        elif not data.get("units"):
            self.add_error("units", _("请选择至少一个约稿处室，或勾选“向全部处室约稿”。"))
        return data


class ItemForm(SafeTextForm):
    """撰稿 / 修改 / 编辑."""

    title = forms.CharField(label=_("标题"), max_length=200)
    category = forms.ChoiceField(label=_("信息类别"), choices=InfoCategory.choices)
    secret_level = forms.TypedChoiceField(
        label=_("密级"), choices=Clearance.choices, coerce=int, initial=Clearance.PUBLIC
    )
    body = forms.CharField(label=_("正文"), max_length=limits.BODY, widget=TEXT)
    request = forms.ModelChoiceField(
        label=_("所属约稿"), queryset=InformationRequest.objects.none(), required=False, empty_label=_("（主动报送）")
    )
    note = forms.CharField(label=_("修改说明"), required=False, max_length=200)

    def __init__(self, *args, user=None, creating=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if creating:
            self.fields.pop("note")
            self.fields["request"].queryset = (
                restrict(InformationRequest.objects.all(), user).filter(state="open").order_by("-due_on", "-id")
            )
        else:
            self.fields.pop("request")

    def clean_secret_level(self):
        level = self.cleaned_data["secret_level"]
        if self.user is not None and level > self.user.clearance:
            raise forms.ValidationError(_("密级高于您的涉密等级。"))
        return level


class ApproveForm(SafeTextForm):
    secrecy_confirmed = forms.BooleanField(label=_("保密审查：已审查，该信息可按所标密级报送"), required=False)
    secrecy_note = forms.CharField(label=_("保密审查意见"), required=False, max_length=200)
    text = forms.CharField(label=_("审核意见"), required=False, max_length=500, initial=_("同意报送。"))


class ReturnForm(SafeTextForm):
    reason = forms.CharField(label=_("退回理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(SafeTextForm):
    """采用 / 择要采用 / 不采用 (the text as edited, for 择要采用)."""

    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文（择要采用时发布编辑后的文本）"), max_length=limits.BODY, widget=TEXT)
    note = forms.CharField(
        label=_("采编意见（不采用时必填，处室可见）"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, item=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None and not self.is_bound:
            self.initial.update(title=item.title, body=item.body)


class RejectForm(SafeTextForm):
    note = forms.CharField(label=_("不采用理由（处室可见）"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class HigherForm(SafeTextForm):
    level = forms.ChoiceField(label=_("采用单位"), choices=HigherLevel.choices)
    publication = forms.CharField(
        label=_("刊物及期号"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("如：省人社厅《人社信息》2026年第12期")}),
    )
    adopted_on = forms.DateField(label=_("采用日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class InstructForm(SafeTextForm):
    text = forms.CharField(label=_("批示内容"), max_length=limits.OPINION, widget=forms.Textarea(attrs={"rows": 3}))
    supervise = forms.BooleanField(label=_("转督办（由督查室立项督办）"), required=False)


class LeadersField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.full_name}（{obj.title}）" if obj.title else obj.full_name


class SendForm(SafeTextForm):
    leaders = LeadersField(label=_("报送领导"), queryset=None)
    distribution = forms.CharField(
        label=_("报送范围（印在报尾）"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user=None, **kwargs):
        from documents.common.forms import leader_choices

        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = leader_choices(user, 0)
        if not self.is_bound:
            self.initial["leaders"] = list(self.fields["leaders"].queryset.values_list("pk", flat=True))
