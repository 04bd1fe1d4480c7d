"""Input of bookings: a room, a day, a span, a purpose."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.rooms import selectors
from office.textinput import SafeTextForm


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class BookingForm(SafeTextForm):
    room = forms.ModelChoiceField(label=_("会议室"), queryset=None)
    day = forms.DateField(label=_("日期"), widget=DateInput())
    start = forms.TimeField(label=_("开始时间"), widget=TimeInput())
    end = forms.TimeField(label=_("结束时间"), widget=TimeInput())
    end_day = forms.DateField(
        label=_("结束日期"), required=False, widget=DateInput(), help_text=_("跨天使用时填写；一次预订不能超过一天。")
    )
    purpose = forms.CharField(label=_("用途"), max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = selectors.rooms(user=user)

    def span(self) -> tuple[dt.datetime, dt.datetime]:
        d = self.cleaned_data
        start = timezone.make_aware(dt.datetime.combine(d["day"], d["start"]))
        end = timezone.make_aware(dt.datetime.combine(d.get("end_day") or d["day"], d["end"]))
        return start, end


class DecideForm(SafeTextForm):
    reason = forms.CharField(label=_("理由"), max_length=300, required=False)
