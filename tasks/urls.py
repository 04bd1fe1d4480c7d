"""办事's routes (``tasks`` namespace): lists per kind, one page per request, each kind's form."""

from django.http import Http404
from django.urls import include, path
from django.views import View

from tasks.choices import Kind
from tasks.expenses.views import BudgetListView, ExpenseFormView
from tasks.loans.views import LoanFormView
from tasks.reception.views import ReceptionFormView, ReceptionListFillView
from tasks.requests import selectors
from tasks.seals.views import SealFormView, SealLedgerExportView, SealLedgerView
from tasks.vehicles.views import TripFormView, TripSlipView
from tasks.views import (
    RequestActionView,
    RequestAttachView,
    RequestDetailView,
    RequestExportView,
    RequestFileView,
    RequestListView,
)

app_name = "tasks"

EDITORS = {
    Kind.RECEPTION: ReceptionFormView,
    Kind.EXPENSE: ExpenseFormView,
    Kind.SEAL: SealFormView,
    Kind.VEHICLE: TripFormView,
}


class RequestEditView(View):
    """``<pk>/edit/``: the kind's own form (a 借阅 is not edited: withdraw it and ask again)."""

    def dispatch(self, request, pk, *args, **kwargs):
        obj = selectors.request_get(user=request.user, pk=pk)
        editor = EDITORS.get(obj.kind)
        if editor is None:
            raise Http404
        return editor.as_view()(request, pk=pk)


urlpatterns = [
    path("", RequestListView.as_view(), {"kind": Kind.RECEPTION.value}, name="home"),
    path("budget/", BudgetListView.as_view(), name="budget_list"),
    path("seals/ledger/", SealLedgerView.as_view(), name="seal_ledger"),
    path("seals/ledger.xlsx", SealLedgerExportView.as_view(), name="seal_ledger_export"),
    path("reception/new/", ReceptionFormView.as_view(), name="reception_create"),
    path("expense/new/", ExpenseFormView.as_view(), name="expense_create"),
    path("seal/new/", SealFormView.as_view(), name="seal_create"),
    path("loan/new/", LoanFormView.as_view(), name="loan_create"),
    path("vehicle/new/", TripFormView.as_view(), name="vehicle_create"),
    path("vehicles/", include("tasks.vehicles.urls")),
    path("<int:pk>/", RequestDetailView.as_view(), name="request_detail"),
    path("<int:pk>/edit/", RequestEditView.as_view(), name="request_edit"),
    path("<int:pk>/attach/", RequestAttachView.as_view(), name="request_attach"),
    path("<int:pk>/files/<int:file_pk>/", RequestFileView.as_view(), name="request_file"),
    path("<int:pk>/reception-list/", ReceptionListFillView.as_view(), name="reception_list_fill"),
    path("<int:pk>/trip-slip/", TripSlipView.as_view(), name="trip_slip"),
    path("<int:pk>/<str:action>/", RequestActionView.as_view(), name="request_action"),
    path("<str:kind>/", RequestListView.as_view(), name="request_list"),
    path("<str:kind>/export.xlsx", RequestExportView.as_view(), name="request_export"),
]
