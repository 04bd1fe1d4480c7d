"""Input of 议题 and calls, and each step's form. Choices through the policy."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.agenda import selectors
from meetings.models import MeetingKind
from office.choices import Clearance, Role, UnitKind
from office.models import OrgUnit, User
from office.permissions import restrict
from office.textinput import SafeTextForm

TEXT = 4000


def _area(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}（{obj.display_title}）"


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}（{obj.display_title}）"


class MeetingField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title}（{obj.starts_at:%Y-%m-%d %H:%M}）"


class AgendaForm(SafeTextForm):
    title = forms.CharField(label=_("议题名称"), max_length=200)
    presenter = PersonField(label=_("汇报人"), queryset=User.objects.none())
    proposal = forms.CharField(
        label=_("建议意见"), widget=_area(4), max_length=TEXT, help_text=_("提请会议研究决定的事项")
    )
    background = forms.CharField(label=_("议题说明"), widget=_area(4), max_length=TEXT, required=False)
    minutes_needed = forms.IntegerField(label=_("汇报时长（分钟）"), min_value=1, max_value=120, initial=15)
    secret_level = forms.TypedChoiceField(
        label=_("密级"), choices=Clearance.choices, coerce=int, initial=Clearance.INTERNAL
    )
    is_personnel = forms.BooleanField(label=_("涉及干部任免"), required=False)
    observers = PeopleField(
        label=_("列席人员"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, user, unit_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        unit_id = unit_id or user.unit_id
        people = restrict(User.objects.all(), user).filter(is_active=True)
        self.fields["presenter"].queryset = people.filter(Q(unit_id=unit_id) | Q(role=Role.LEADER)).order_by(
            "role", "id"
        )
        self.fields["observers"].queryset = people.filter(
            Q(unit_id=unit_id) | Q(role__in=(Role.LEADER, Role.DEPT_HEAD))
        ).order_by("role", "unit__sort_order", "id")
        self.fields["secret_level"].choices = [(v, lbl) for v, lbl in Clearance.choices if v <= user.clearance]


class CallForm(SafeTextForm):
    kind = forms.ModelChoiceField(label=_("会议类型"), queryset=MeetingKind.objects.none())
    meeting = MeetingField(
        label=_("会议"),
        queryset=MeetingKind.objects.none(),
        required=False,
        help_text=_("不选：长期征集，报送下一次该类会议"),
    )
    title = forms.CharField(label=_("征集说明"), max_length=200)
    cutoff_at = forms.DateTimeField(
        label=_("截止时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    units = forms.ModelMultipleChoiceField(
        label=_("征集部门"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选：全部处室"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = MeetingKind.objects.filter(active=True, collects_agenda=True)
        self.fields["meeting"].queryset = selectors.open_meetings(user=user)
        self.fields["units"].queryset = (
            restrict(OrgUnit.objects.all(), user).filter(kind=UnitKind.DEPARTMENT).order_by("sort_order", "id")
        )


class OpinionForm(SafeTextForm):
    opinion = forms.CharField(label=_("意见"), required=False, widget=_area(2), max_length=500)


class ReasonForm(SafeTextForm):
    reason = forms.CharField(label=_("理由"), widget=_area(2), max_length=500)


class AcceptForm(SafeTextForm):
    meeting = MeetingField(label=_("列入会议"), queryset=MeetingKind.objects.none())
    opinion = forms.CharField(label=_("意见"), required=False, widget=_area(2), max_length=500)

    def __init__(self, *args, user, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = selectors.open_meetings(user=user, kind_id=item.kind_id)


class CarryForm(SafeTextForm):
    to_meeting = MeetingField(
        label=_("顺延至"),
        queryset=MeetingKind.objects.none(),
        required=False,
        help_text=_("不选：退回办公室，列入下一次会议时再定"),
    )

    def __init__(self, *args, user, item, **kwargs):
        super().__init__(*args, **kwargs)
        rows = selectors.open_meetings(user=user, kind_id=item.kind_id)
        self.fields["to_meeting"].queryset = rows.exclude(pk=item.meeting_id) if item.meeting_id else rows


class MaterialForm(forms.Form):
    file = forms.FileField(label=_("材料"))
    secret_level = forms.TypedChoiceField(label=_("密级"), choices=Clearance.choices, coerce=int)

    def __init__(self, *args, user, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secret_level"].choices = [
            (v, lbl) for v, lbl in Clearance.choices if item.secret_level <= v <= user.clearance
        ]
        self.fields["secret_level"].initial = item.secret_level


class OrderForm(forms.Form):
    order = forms.CharField(widget=forms.HiddenInput)

    def ids(self) -> list[int]:
        try:
            return [int(x) for x in self.cleaned_data["order"].split(",") if x.strip()]
        except ValueError:
            return []
