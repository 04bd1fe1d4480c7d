"""财务支出 pages: the request form and the budget lines with their figures."""

from __future__ import annotations

from django.utils import timezone
from django.views.generic import TemplateView

from office.permissions import restrict
from office.views import BusinessOnlyMixin
from tasks.choices import Kind
from tasks.expenses import services
from tasks.expenses.forms import ExpenseForm
from tasks.models import BudgetLine
from tasks.requests.editing import NAV, KindFormView


def _data(form) -> services.ExpenseData:
    d = form.cleaned_data
    return services.ExpenseData(
        **{f: d[f] for f in ("title", "amount", *services.FIELDS)}, decision=d.get("decision")
    )


class ExpenseFormView(KindFormView):
    kind, form_class = Kind.EXPENSE, ExpenseForm

    def create(self, request, form):
        return services.expense_create(actor=request.user, data=_data(form), http_request=request)

    def edit(self, request, obj, form):
        return services.expense_edit(actor=request.user, request_obj=obj, data=_data(form), http_request=request)

    def initial(self, obj) -> dict:
        e = obj.expense
        return {
            "title": obj.title,
            "amount": obj.amount,
            "decision": e.decision_id,
            **{f: getattr(e, f) for f in services.FIELDS},
        }


class BudgetListView(BusinessOnlyMixin, TemplateView):
    """预算执行: the year's lines (budget, committed, spent, remaining) and what was paid per department."""

    template_name = "tasks/budget_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        try:
            year = int(self.request.GET.get("year") or timezone.localdate().year)
        except ValueError:
            year = timezone.localdate().year
        year = min(max(year, 2000), 2100)
        lines = list(restrict(BudgetLine.objects.filter(year=year), user).select_related("unit").order_by("code"))
        return super().get_context_data(
            nav_active=NAV,
            kinds=Kind.choices,
            year=year,
            lines=lines,
            totals=services.totals(user=user, year=year),
            **kwargs,
        )
