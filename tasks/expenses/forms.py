"""The 财务支出 form: budget lines through the policy; the 三重一大 decision through 办会's selectors."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.minutes.selectors import citable_decisions, decision_label
from office.permissions import restrict
from office.textinput import SafeTextForm
from tasks.choices import PayMethod
from tasks.expenses.services import decision_kind, threshold
from tasks.models import BudgetLine
from tasks.requests.forms import TEXT, MoneyField, _area


class ExpenseForm(SafeTextForm):
    title = forms.CharField(label=_("事由"), max_length=200)
    amount = MoneyField(label=_("金额（元）"))
    budget_line = forms.ModelChoiceField(label=_("预算科目"), queryset=BudgetLine.objects.none())
    payee = forms.CharField(label=_("收款单位（人）"), max_length=200)
    payee_account = forms.CharField(label=_("收款账号"), max_length=60, required=False)
    purpose = forms.CharField(label=_("支出用途"), widget=_area(3), max_length=TEXT)
    pay_method = forms.ChoiceField(
        label=_("结算方式"), choices=PayMethod.choices, help_text=_("公务卡或银行转账，不得使用现金。")
    )

    #: 三重一大: the collective decision (a 党组会议's 议定事项) a large expenditure cites — 办会's selectors.
    decision = forms.ModelChoiceField(label=_("集体决策依据（党组会议议定事项）"), queryset=None, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        lines = restrict(BudgetLine.objects.all(), user).order_by("-year", "code")
        self.fields["budget_line"].queryset = lines
        decision = self.fields["decision"]
        decision.queryset = citable_decisions(user=user, kind_code=decision_kind(), since_year=timezone.localdate().year - 1)
        decision.label_from_instance = decision_label
        rule = threshold()
        if rule is not None:
            decision.help_text = _("金额达到%(amount)s元（含）的支出属“三重一大”事项，须引用党组会议的议定事项。") % {
                "amount": rule.amount
            }
        self.fields["budget_line"].label_from_instance = lambda line: (
            _("%(year)s %(code)s %(name)s（剩余 %(remaining)s 元）")
            % {"year": line.year, "code": line.code, "name": line.name, "remaining": line.remaining}
        )
