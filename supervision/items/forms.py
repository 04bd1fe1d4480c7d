"""Input of 督办事项: 立项, 领导批办件, and each step's form. Choices through the policy."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.choices import Clearance, Role, UnitKind
from office.models import OrgUnit, User
from office.permissions import restrict
from office.textinput import SafeTextForm
from supervision.choices import Importance, Rating, ReportCycle

TEXT = 2000


def unit_choices(user):
    return restrict(OrgUnit.objects.all(), user).filter(
        kind__in=[UnitKind.DEPARTMENT, UnitKind.OFFICE]).order_by("sort_order", "id")


def leader_choices(user, level: int = 0):
    return restrict(User.objects.all(), user).filter(role=Role.LEADER, clearance__gte=level).order_by("-is_principal", "id")


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}（{obj.display_title}）"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _area(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


class ItemForm(SafeTextForm):
    """立项 (and the office's edit before 交办)."""

    title = forms.CharField(label=_("督办事项"), max_length=300)
    requirement = forms.CharField(label=_("任务要求"), widget=_area(4), max_length=TEXT)
    lead_unit = forms.ModelChoiceField(label=_("牵头处室"), queryset=OrgUnit.objects.none())
    assisting_units = forms.ModelMultipleChoiceField(
        label=_("协办处室"), queryset=OrgUnit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple)
    responsible_leader = PersonField(label=_("责任领导"), queryset=User.objects.none(), required=False)
    due_on = forms.DateField(label=_("办理时限"), required=False, widget=DateInput())
    workdays = forms.IntegerField(label=_("或：工作日天数"), required=False, min_value=1, max_value=365)
    importance = forms.ChoiceField(label=_("重要程度"), choices=Importance.choices, initial=Importance.NORMAL)
    secret_level = forms.TypedChoiceField(label=_("密级"), choices=Clearance.choices, coerce=int, initial=0)
    report_cycle = forms.ChoiceField(label=_("报送周期"), choices=ReportCycle.choices, initial=ReportCycle.MONTHLY)
    milestone_1 = forms.CharField(label=_("节点一"), required=False, max_length=200)
    milestone_1_on = forms.DateField(label=_("节点一日期"), required=False, widget=DateInput())
    milestone_2 = forms.CharField(label=_("节点二"), required=False, max_length=200)
    milestone_2_on = forms.DateField(label=_("节点二日期"), required=False, widget=DateInput())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = unit_choices(user)
        self.fields["lead_unit"].queryset = units
        self.fields["assisting_units"].queryset = units
        self.fields["responsible_leader"].queryset = leader_choices(user)
        self.fields["secret_level"].choices = [c for c in Clearance.choices if user is None or c[0] <= user.clearance]

    def clean(self):
        data = super().clean()
        if data.get("due_on") and data.get("workdays"):
            self.add_error("workdays", _("办理时限与工作日天数只能填一项。"))
        elif not data.get("due_on") and not data.get("workdays") and not self.errors:
            self.add_error("due_on", _("请填写办理时限或工作日天数。"))
        for n in (1, 2):
            name, day = data.get(f"milestone_{n}"), data.get(f"milestone_{n}_on")
            if bool(name) != bool(day):
                self.add_error(f"milestone_{n}_on", _("节点须同时填写名称和日期。"))
        return data

    def milestones(self):
        data = self.cleaned_data
        return [(data[f"milestone_{n}"], data[f"milestone_{n}_on"]) for n in (1, 2) if data.get(f"milestone_{n}")]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; what they are is checked by the service (``supervision.files``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class InstructionForm(ItemForm):
    """领导批办件: the leader's instruction, then the item's own fields."""

    leader = PersonField(label=_("批示领导"), queryset=User.objects.none())
    given_on = forms.DateField(label=_("批示日期"), widget=DateInput())
    text = forms.CharField(label=_("批示内容"), widget=_area(3), max_length=TEXT)
    is_oral = forms.BooleanField(label=_("口头批示"), required=False)
    files = MultipleFileField(label=_("批示件扫描件"), help_text=_("PDF、图片或 Office 文档，可多选"))

    field_order = ["leader", "given_on", "text", "is_oral", "files", "title", "requirement"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["leader"].queryset = leader_choices(user)
        self.fields["title"].label = _("批示事项")
        self.fields["requirement"].required = False
        self.fields["requirement"].help_text = _("不填则以批示内容为任务要求")
        self.fields["importance"].initial = Importance.KEY
        self.fields["given_on"].initial = timezone.localdate


# --- step forms ------------------------------------------------------------------------


class OpinionForm(SafeTextForm):
    opinion = forms.CharField(label=_("意见"), required=False, widget=_area(2), max_length=500)


class ReasonForm(SafeTextForm):
    reason = forms.CharField(label=_("理由"), widget=_area(2), max_length=500)


class TextForm(SafeTextForm):
    text = forms.CharField(label=_("意见"), widget=_area(2), max_length=500)


class OptionalTextForm(SafeTextForm):
    text = forms.CharField(label=_("意见"), required=False, widget=_area(2), max_length=500)


class UrgeForm(SafeTextForm):
    message = forms.CharField(label=_("催办意见"), widget=_area(2), max_length=500)


class DecideAdjustForm(SafeTextForm):
    lead_unit = forms.ModelChoiceField(label=_("牵头处室"), queryset=OrgUnit.objects.none())
    opinion = forms.CharField(label=_("意见"), required=False, widget=_area(2), max_length=500)

    def __init__(self, *args, user=None, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = unit_choices(user)
        if item is not None:
            self.fields["lead_unit"].initial = item.lead_unit_id


def _unit_people(user, unit_id, level):
    return restrict(User.objects.all(), user).filter(unit_id=unit_id, clearance__gte=level).order_by("-role", "id")


class NameHandlerForm(SafeTextForm):
    handler = PersonField(label=_("承办人"), queryset=User.objects.none())
    opinion = forms.CharField(label=_("意见"), required=False, widget=_area(2), max_length=500)

    def __init__(self, *args, user=None, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = _unit_people(user, item.lead_unit_id, item.secret_level)


class PartSignForm(SafeTextForm):
    contact = PersonField(label=_("联系人"), queryset=User.objects.none())

    def __init__(self, *args, user=None, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = _unit_people(user, user.unit_id, item.secret_level)


class ReportForm(SafeTextForm):
    text = forms.CharField(label=_("进展情况"), widget=_area(3), max_length=TEXT)
    percent = forms.IntegerField(label=_("完成进度（%）"), min_value=0, max_value=100,
                                 error_messages={"min_value": _("完成进度须在 0 到 100 之间。"),
                                                 "max_value": _("完成进度须在 0 到 100 之间。")})
    lower_reason = forms.CharField(label=_("进度下调说明"), required=False, max_length=300,
                                   help_text=_("完成进度低于上次反馈时必填"))
    files = MultipleFileField(label=_("附件"), help_text=_("进展材料，可多选"))


class ExtendForm(SafeTextForm):
    new_due_on = forms.DateField(label=_("申请延至"), widget=DateInput())
    reason = forms.CharField(label=_("延期理由"), widget=_area(2), max_length=500)


class CompleteForm(SafeTextForm):
    report = forms.CharField(label=_("办结报告"), widget=_area(4), max_length=TEXT)


class EvaluateForm(SafeTextForm):
    rating = forms.ChoiceField(label=_("质量评价"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("评价意见"), required=False, widget=_area(2), max_length=500)
