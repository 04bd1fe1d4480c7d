"""Form pieces both flows use: choices through the policy, leader fields, the opinion/reason/归档 step forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from documents import limits
from documents.choices import Retention
from office.choices import Role, UnitKind
from office.models import OrgUnit, User
from office.permissions import restrict
from office.textinput import SafeTextForm


def department_choices(user):
    return restrict(OrgUnit.objects.all(), user).filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.OFFICE]).order_by("sort_order")


def leader_choices(user, level: int):
    return restrict(User.objects.all(), user).filter(role=Role.LEADER, clearance__gte=level).order_by("-is_principal", "id")


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}（{obj.title}）"


class LeadersField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.full_name}（{obj.title}）"


class OpinionForm(SafeTextForm):
    opinion = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=limits.OPINION)


class ReasonForm(SafeTextForm):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=limits.OPINION)


class ArchiveForm(SafeTextForm):
    retention = forms.ChoiceField(label=_("保管期限"), choices=Retention.choices, initial=Retention.YEARS_30)
