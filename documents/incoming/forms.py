"""Input of 办文: validated here, checked again by the services."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents import limits
from documents.choices import Channel, DocType, Urgency
from documents.common.forms import LeaderChoiceField, LeadersField, department_choices, leader_choices
from documents.common.pickers import handlers_for, people, readers_for, units
from documents.incoming.routing import awaited_leader_ids
from office.choices import Clearance, Role
from office.models import OrgUnit, User
from office.picker import person_label
from office.textinput import SafeTextForm
from office.workflow.choices import Duty
from office.workflow.holders import holds_duty

#: 来文字号 as the standard writes it: 代字〔年份〕序号号, e.g. 人社部发〔2026〕15号.
REF_PATTERN = re.compile(r"^(?P<prefix>[\u4e00-\u9fffA-Za-z]+)〔(?P<year>\d{4})〕(?P<number>\d+)号$")
#: Brackets people type instead of 六角括号: [] () （） 【】 〈〉 ［］ ｛｝.
WRONG_BRACKETS = re.compile(r"[\[(（【〈［{｛](\d{4})[\])）】〉］}｝]")


def suggest_ref(value: str) -> str | None:
    """The 来文字号 with 六角括号 if only the brackets were wrong; else None."""
    fixed = WRONG_BRACKETS.sub(lambda m: f"〔{m.group(1)}〕", value.strip())
    fixed = re.sub(r"\s+", "", fixed)
    if fixed != value.strip() and REF_PATTERN.match(fixed):
        return fixed
    return None


class ReceiveForm(SafeTextForm):
    """到件: what is known when a document arrives."""

    sender_org = forms.CharField(label=_("来文单位"), max_length=limits.ORG_NAME)
    sender_ref = forms.CharField(label=_("来文字号"), max_length=limits.REF, required=False)
    title = forms.CharField(label=_("标题"), max_length=limits.TITLE)
    channel = forms.ChoiceField(label=_("来文方式"), choices=Channel.choices)
    copies = forms.IntegerField(label=_("份数"), min_value=1, max_value=999, initial=1)
    secret_level = forms.TypedChoiceField(label=_("密级"), choices=Clearance.choices, coerce=int, initial=Clearance.PUBLIC)
    urgency = forms.TypedChoiceField(label=_("紧急程度"), choices=Urgency.choices, coerce=int, initial=Urgency.NORMAL)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_secret_level(self):
        level = self.cleaned_data["secret_level"]
        if self.user is not None and level > self.user.clearance:
            raise forms.ValidationError(_("文件密级高于您的涉密等级，请交由有相应等级的人员处理。"))
        return level


class RegisterForm(SafeTextForm):
    """登记 (条例 第二十四条)."""

    sender_org = forms.CharField(label=_("来文单位"), max_length=limits.ORG_NAME)
    sender_ref = forms.CharField(
        label=_("来文字号"), max_length=limits.REF, required=False, help_text=_("如：人社部发〔2026〕15号（六角括号）")
    )
    accept_ref_fix = forms.BooleanField(label=_("采用建议写法"), required=False)
    title = forms.CharField(label=_("标题"), max_length=limits.TITLE)
    doc_type = forms.ChoiceField(label=_("文种"), choices=[("", "—")] + list(DocType.choices))
    secret_level = forms.TypedChoiceField(label=_("密级"), choices=Clearance.choices, coerce=int)
    secrecy_period = forms.CharField(label=_("保密期限"), max_length=limits.SECRECY_PERIOD, required=False, help_text=_("涉密文件必填，如：10年"))
    urgency = forms.TypedChoiceField(label=_("紧急程度"), choices=Urgency.choices, coerce=int)
    copies = forms.IntegerField(label=_("份数"), min_value=1, max_value=999)
    copy_numbers = forms.CharField(label=_("份号"), max_length=limits.COPY_NUMBERS, required=False, help_text=_("涉密文件必填，如：000123"))
    received_on = forms.DateField(label=_("收文日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    due_on = forms.DateField(label=_("办理时限（日期）"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    workdays = forms.IntegerField(label=_("或：办理时限（工作日）"), required=False, min_value=1, max_value=250)
    summary = forms.CharField(label=_("内容摘要"), required=False, max_length=limits.SUMMARY,
                              widget=forms.Textarea(attrs={"rows": 3}))
    confirm_duplicate = forms.BooleanField(label=_("确认重复登记"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.suggested_ref: str | None = None

    def clean_sender_ref(self):
        value = self.cleaned_data["sender_ref"].strip()
        if not value or REF_PATTERN.match(value):
            return value
        suggestion = suggest_ref(value)
        if suggestion and self.data.get("accept_ref_fix"):
            return suggestion
        if suggestion:
            self.suggested_ref = suggestion
            raise forms.ValidationError(
                _("来文字号应使用六角括号“〔〕”：建议改为“%(fixed)s”。勾选“采用建议写法”后重新提交即可。"),
                params={"fixed": suggestion},
            )
        raise forms.ValidationError(_("来文字号应写作“代字〔年份〕序号号”，如：人社部发〔2026〕15号。"))

    def clean_secret_level(self):
        level = self.cleaned_data["secret_level"]
        if self.user is not None and level > self.user.clearance:
            raise forms.ValidationError(_("文件密级高于您的涉密等级，请交由有相应等级的人员登记。"))
        return level

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("收文日期不能晚于今天。"))
        limits.check_plausible(day, _("收文日期"))
        return day

    def clean_due_on(self):
        limits.check_due(self.cleaned_data["due_on"])
        return self.cleaned_data["due_on"]

    def clean(self):
        data = super().clean()
        if data.get("due_on") and data.get("workdays"):
            raise forms.ValidationError(_("办理时限请填日期或工作日天数，二者取一。"))
        level = data.get("secret_level")
        if level is not None and level >= Clearance.SECRET:
            if not (data.get("secrecy_period") or "").strip():
                self.add_error("secrecy_period", _("涉密文件须注明保密期限。"))
            if not (data.get("copy_numbers") or "").strip():
                self.add_error("copy_numbers", _("涉密文件须登记份号。"))
        return data

    def due_at(self):
        import datetime as dt

        from office.workdays import END_OF_WORKING_DAY

        day = self.cleaned_data.get("due_on")
        return timezone.make_aware(dt.datetime.combine(day, END_OF_WORKING_DAY)) if day else None


class ProposeForm(SafeTextForm):
    proposal = forms.CharField(label=_("拟办意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.OPINION)
    lead_unit = forms.ModelChoiceField(label=_("建议主办单位"), queryset=OrgUnit.objects.none(), required=False,
                                       widget=units(multiple=False))
    assisting_units = forms.ModelMultipleChoiceField(
        label=_("建议协办单位"), queryset=OrgUnit.objects.none(), required=False, widget=units(multiple=True)
    )
    leaders = LeadersField(label=_("呈批领导"), queryset=User.objects.none(), help_text=_("分管领导先批，主要负责人后批"))

    def __init__(self, *args, user=None, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = department_choices(user)
        self.fields["assisting_units"].queryset = department_choices(user)
        self.fields["leaders"].queryset = leader_choices(user, document.secret_level)

    def ordered_leaders(self):
        """Deputies first, the principal last: 先呈分管领导，再呈主要负责人."""
        return sorted(self.cleaned_data["leaders"], key=lambda u: (u.is_principal, u.pk))


class InstructForm(SafeTextForm):
    text = forms.CharField(label=_("批示意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.OPINION)
    next_leader = LeaderChoiceField(
        label=_("转呈领导圈阅"), queryset=User.objects.none(), required=False, help_text=_("需其他领导阅示时选择")
    )
    lead_unit = forms.ModelChoiceField(label=_("主办单位"), queryset=OrgUnit.objects.none(), required=False,
                                       widget=units(multiple=False))
    assisting_units = forms.ModelMultipleChoiceField(
        label=_("协办单位"), queryset=OrgUnit.objects.none(), required=False, widget=units(multiple=True)
    )
    due_on = forms.DateField(label=_("办理时限（日期）"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    workdays = forms.IntegerField(label=_("或：办理时限（工作日）"), required=False, min_value=1, max_value=250)
    supervise = forms.BooleanField(label=_("转督办"), required=False, help_text=_("批示要求督办落实时勾选"))
    #: 代录: shown to the 秘书 only — the leader whose 批示 given on paper is recorded.
    on_behalf_of = LeaderChoiceField(
        label=_("代录领导"), queryset=User.objects.none(), required=False, help_text=_("代领导录入书面批示时选择")
    )

    def __init__(self, *args, user=None, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_leader"].queryset = leader_choices(user, document.secret_level).exclude(pk=user.pk)
        if holds_duty(user, Duty.SECRETARY):
            awaited = awaited_leader_ids(document)
            self.fields["on_behalf_of"].queryset = leader_choices(user, document.secret_level).filter(pk__in=awaited)
            self.fields["on_behalf_of"].required = user.role != Role.LEADER
        else:
            del self.fields["on_behalf_of"]
        self.fields["lead_unit"].queryset = department_choices(user)
        self.fields["assisting_units"].queryset = department_choices(user)
        if document is not None and not self.is_bound:
            self.initial.setdefault("lead_unit", document.lead_unit_id)
            self.initial.setdefault("assisting_units", [u.pk for u in document.assisting_units.all()])

    clean_due_on = RegisterForm.clean_due_on

    def clean(self):
        data = super().clean()
        if data.get("due_on") and data.get("workdays"):
            raise forms.ValidationError(_("办理时限请填日期或工作日天数，二者取一。"))
        return data

    due_at = RegisterForm.due_at


class AssignForm(SafeTextForm):
    handler = forms.ModelChoiceField(label=_("承办人"), queryset=User.objects.none(),
                                     widget=people("documents.incoming.handlers", multiple=False))
    opinion = forms.CharField(label=_("交办意见"), required=False, max_length=limits.OPINION, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers_for(user, document)
        self.fields["handler"].label_from_instance = lambda u: f"{u.full_name}（{u.display_title}）"
        self.fields["handler"].widget.params = {"doc": document.pk}


class AssistForm(SafeTextForm):
    text = forms.CharField(label=_("协办意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.OPINION)


class ReportForm(SafeTextForm):
    result = forms.CharField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.RESULT)
    reply = forms.CharField(label=_("答复来文单位情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=limits.OPINION)


class CirculateForm(SafeTextForm):
    readers = forms.ModelMultipleChoiceField(
        label=_("传阅对象"), queryset=User.objects.none(), widget=people("documents.incoming.readers", multiple=True)
    )
    note = forms.CharField(label=_("附言"), required=False, max_length=limits.SHORT_NOTE)

    def __init__(self, *args, user=None, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["readers"].queryset = readers_for(user, document)
        self.fields["readers"].label_from_instance = person_label
        self.fields["readers"].widget.params = {"doc": document.pk}


class ReadForm(SafeTextForm):
    comment = forms.CharField(label=_("阅示意见"), required=False, max_length=limits.SHORT_NOTE)
