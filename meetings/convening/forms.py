"""Input of meetings: create / edit, each step's opinion. People and units through office.picker."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.choices import AttendeeRole
from meetings.convening import selectors
from meetings.rooms.forms import DateInput, TimeInput
from meetings.rooms.selectors import rooms
from office import picker
from office.choices import BUSINESS_ROLES, Clearance, Role, UnitKind
from office.models import OrgUnit, User
from office.permissions import restrict
from office.textinput import SafeTextForm

PEOPLE, UNITS = "meetings.people", "meetings.units"


def people_choices(user):
    return (
        restrict(User.objects.all(), user)
        .filter(role__in=BUSINESS_ROLES)
        .select_related("unit")
        .order_by("unit__sort_order", "role", "id")
    )


def unit_choices(user):
    return (
        restrict(OrgUnit.objects.all(), user)
        .filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.OFFICE])
        .order_by("sort_order", "id")
    )


def register_pickers() -> None:
    picker.register(
        PEOPLE,
        search=picker.PERSON_SEARCH,
        label=picker.person_label,
        queryset=lambda user, params: people_choices(user),
    )
    picker.register(
        UNITS, search=picker.UNIT_SEARCH, label=picker.unit_label, queryset=lambda user, params: unit_choices(user)
    )


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return picker.person_label(obj)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class MeetingForm(SafeTextForm):
    kind = forms.ModelChoiceField(label=_("会议类型"), queryset=None)
    title = forms.CharField(
        label=_("会议名称"), max_length=200, required=False, help_text=_("不填则为“2026年第N次××会议”。")
    )
    day = forms.DateField(label=_("日期"), widget=DateInput())
    start = forms.TimeField(label=_("开始时间"), widget=TimeInput())
    end = forms.TimeField(label=_("结束时间"), widget=TimeInput())
    room = forms.ModelChoiceField(label=_("会议室"), queryset=None, required=False)
    place = forms.CharField(
        label=_("其他地点"), max_length=200, required=False, help_text=_("不在本机关会议室召开时填写。")
    )
    chair = PersonField(label=_("主持人"), queryset=None)
    secretary = PersonField(label=_("记录人"), queryset=None)
    organizer = forms.ModelChoiceField(label=_("承办部门"), queryset=None)
    secret_level = forms.TypedChoiceField(
        label=_("密级"), choices=Clearance.choices, coerce=int, initial=Clearance.INTERNAL
    )
    agenda_cutoff = forms.DateTimeField(label=_("议题截止时间"), required=False, widget=DateTimeInput())
    present = forms.ModelMultipleChoiceField(
        label=_("出席人员"),
        queryset=None,
        required=False,
        widget=picker.PickerWidget(source=PEOPLE, multiple=True),
        help_text=_("会议类型的组成人员自动列为出席。"),
    )
    sitting_in = forms.ModelMultipleChoiceField(
        label=_("列席人员"), queryset=None, required=False, widget=picker.PickerWidget(source=PEOPLE, multiple=True)
    )
    units = forms.ModelMultipleChoiceField(
        label=_("参会部门"),
        queryset=None,
        required=False,
        widget=picker.PickerWidget(source=UNITS, multiple=True),
        help_text=_("由部门确定参会人员。"),
    )
    notes = forms.CharField(label=_("会议说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    EDIT_ONLY_DROP = ("kind", "present", "sitting_in", "units")

    def __init__(self, *args, user, edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        people = people_choices(user)
        self.fields["kind"].queryset = selectors.kinds(user=user)
        self.fields["room"].queryset = rooms(user=user)
        self.fields["chair"].queryset = people.filter(role__in=[Role.LEADER, Role.DEPT_HEAD, Role.OFFICE])
        self.fields["secretary"].queryset = people
        self.fields["organizer"].queryset = unit_choices(user)
        for name in ("present", "sitting_in"):
            self.fields[name].queryset = people
        self.fields["units"].queryset = unit_choices(user)
        if edit:
            for name in self.EDIT_ONLY_DROP:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            data["starts_at"] = timezone.make_aware(dt.datetime.combine(day, start))
            data["ends_at"] = timezone.make_aware(dt.datetime.combine(day, end))
        return data


class TextForm(SafeTextForm):
    text = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(SafeTextForm):
    text = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(SafeTextForm):
    answer = forms.ChoiceField(label=_("答复"), choices=(("accept", _("确认参加")), ("leave", _("请假"))))
    reason = forms.CharField(label=_("请假事由"), max_length=300, required=False)
    substitute = forms.ModelChoiceField(
        label=_("代参会人"), queryset=None, required=False, widget=picker.PickerWidget(source=PEOPLE, multiple=False)
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["substitute"].queryset = people_choices(user)


class AttendeeAddForm(SafeTextForm):
    """增加参会人员 (the office, before the meeting is held)."""

    people = forms.ModelMultipleChoiceField(
        label=_("人员"), queryset=None, required=False, widget=picker.PickerWidget(source=PEOPLE, multiple=True)
    )
    units = forms.ModelMultipleChoiceField(
        label=_("参会部门"),
        queryset=None,
        required=False,
        widget=picker.PickerWidget(source=UNITS, multiple=True),
        help_text=_("由部门负责人确定参会人员。"),
    )
    role = forms.ChoiceField(label=_("参会身份"), choices=AttendeeRole.choices, initial=AttendeeRole.PRESENT)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people_choices(user)
        self.fields["units"].queryset = unit_choices(user)


class AttendeeNameForm(SafeTextForm):
    """确定参会人员: the head of the department asked picks one of his people."""

    person = PersonField(label=_("参会人员"), queryset=None)

    def __init__(self, *args, user, unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_choices(user).filter(unit_id=unit_id, is_active=True)
