"""The bulletin's generate form."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supervision.choices import BulletinPeriod


class GenerateForm(forms.Form):
    period = forms.ChoiceField(label=_("通报周期"), choices=BulletinPeriod.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    index = forms.IntegerField(label=_("月份或季度"), min_value=0, max_value=12, required=False,
                               help_text=_("月度填 1–12，季度填 1–4，年度不填"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        last = today.replace(day=1) - timezone.timedelta(days=1)
        self.fields["year"].initial, self.fields["index"].initial = last.year, last.month
