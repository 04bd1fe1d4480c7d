"""Input of 办事 requests: each kind's form, each step's form. Choices through the policy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.permissions import restrict
from office.textinput import SafeTextForm
from tasks.choices import FileCategory, LineCategory, LoanForm, PayMethod
from tasks.models import Seal

TEXT = 2000
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.01"), "max_value": Decimal("99999999.99")}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _area(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


class MoneyField(forms.DecimalField):
    default_error_messages = {
        "max_decimal_places": _("金额最多保留两位小数（精确到分）。"),
        "min_value": _("金额必须大于零。"),
        "max_value": _("金额超过 99999999.99 元，请核对。"),
        "max_digits": _("金额超过 99999999.99 元，请核对。"),
        "max_whole_digits": _("金额超过 99999999.99 元，请核对。"),
    }

    def __init__(self, **kwargs):
        super().__init__(**{**MONEY, **kwargs})


# --- steps ----------------------------------------------------------------------------------


class OpinionForm(SafeTextForm):
    text = forms.CharField(
        label=_("审批意见"), required=False, widget=_area(2), max_length=TEXT, help_text=_("留空即为“同意”。")
    )


class ReasonForm(SafeTextForm):
    reason = forms.CharField(label=_("退回理由"), widget=_area(2), max_length=TEXT)


class UrgeForm(SafeTextForm):
    message = forms.CharField(label=_("催办意见"), widget=_area(2), max_length=500)


class PayForm(SafeTextForm):
    paid_amount = MoneyField(label=_("实付金额（元）"), required=False, help_text=_("留空：按批准金额支付。"))


class AttachForm(forms.Form):
    category = forms.ChoiceField(label=_("材料类型"), choices=FileCategory.choices)
    upload = forms.FileField(label=_("文件"))


# --- kinds ----------------------------------------------------------------------------------


class ReceptionForm(SafeTextForm):
    title = forms.CharField(label=_("事由"), max_length=200)
    visitor_organ = forms.CharField(label=_("来访单位"), max_length=200)
    visitor_names = forms.CharField(label=_("接待对象（姓名、职务）"), widget=_area(2), max_length=TEXT)
    visitor_rank = forms.CharField(label=_("带队人职级"), max_length=50)
    visitors = forms.IntegerField(label=_("来访人数"), min_value=1, max_value=500)
    companions = forms.IntegerField(
        label=_("陪餐人数"),
        min_value=0,
        max_value=200,
        initial=0,
        help_text=_("接待对象10人以内，陪餐不超过3人；超过10人的，不超过接待对象人数的三分之一。"),
    )
    activity = forms.CharField(label=_("公务活动"), widget=_area(3), max_length=TEXT)
    starts_on = forms.DateField(label=_("开始日期"), widget=DateInput())
    ends_on = forms.DateField(label=_("结束日期"), widget=DateInput())
    places = forms.CharField(label=_("活动场所"), max_length=200)
    meals = forms.IntegerField(label=_("工作餐次数"), min_value=0, max_value=20, initial=0)
    meal_cost = MoneyField(label=_("工作餐预计费用（元）"), required=False)
    amount = MoneyField(label=_("接待费用预算（元）"))
    pay_method = forms.ChoiceField(
        label=_("结算方式"), choices=PayMethod.choices, help_text=_("公务卡或银行转账，不得使用现金。")
    )
    lodging_by_visitors = forms.BooleanField(
        label=_("住宿由来访单位自行安排并支付"),
        required=False,
        initial=True,
        help_text=_("按规定，住宿应来访单位要求协助安排，费用由其自行支付，不列入本次接待费用。"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("结束日期不能早于开始日期。"))
        data["meal_cost"] = data.get("meal_cost") or Decimal(0)
        return data


class SealForm(SafeTextForm):
    title = forms.CharField(label=_("事由"), max_length=200)
    seal = forms.ModelChoiceField(label=_("印章"), queryset=Seal.objects.none())
    matter = forms.CharField(label=_("用印文件或事项"), max_length=200)
    document_ref = forms.CharField(label=_("文号"), max_length=60, required=False)
    copies = forms.IntegerField(label=_("份数"), min_value=1, max_value=500)
    #: The 发文 it is recorded for (from that page's offer): read again through documents' selectors.
    outgoing = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seal"].queryset = restrict(Seal.objects.all(), user).order_by("sort_order", "id")


class LoanRequestForm(SafeTextForm):
    doc = forms.CharField(widget=forms.HiddenInput, max_length=40)
    form = forms.ChoiceField(label=_("借阅形式"), choices=LoanForm.choices)
    purpose = forms.CharField(label=_("借阅用途"), widget=_area(2), max_length=TEXT)
    due_on = forms.DateField(label=_("归还日期"), widget=DateInput())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["due_on"].initial = timezone.localdate() + dt.timedelta(days=14)


class LineForm(SafeTextForm):
    category = forms.ChoiceField(label=_("费用类别"), choices=[("", "—"), *LineCategory.choices])
    item = forms.CharField(label=_("费用项目"), max_length=100)
    on = forms.DateField(label=_("日期"), widget=DateInput())
    place = forms.CharField(label=_("场所"), max_length=100)
    persons = forms.IntegerField(label=_("人数"), min_value=0, max_value=500, required=False)
    amount = MoneyField(label=_("金额（元）"))


LineFormSet = forms.formset_factory(LineForm, extra=0, min_num=1, max_num=30, validate_min=True, validate_max=True)
