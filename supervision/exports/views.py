"""台账 export and 督办通知单: files of what the user may see."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.views import View

from office.audit import audit_record
from office.views import BusinessOnlyMixin
from supervision.exports.ledger import ledger
from supervision.exports.notice import notice_filename, notice_pdf
from supervision.items import selectors
from supervision.items.filters import ItemFilterSet
from supervision.lights import Horizon


def _attachment(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "no-store"
    return response


class LedgerExportView(BusinessOnlyMixin, View):
    """台账: the items list's rows (same filters, same policy) as .xlsx."""

    def get(self, request: HttpRequest) -> HttpResponse:
        horizon = Horizon.now()
        filters = ItemFilterSet(request.GET or None, user=request.user, horizon=horizon)
        rows = selectors.item_list(user=request.user, filters=filters, horizon=horizon)
        data, name, count = ledger(rows, horizon=horizon)
        audit_record(actor=request.user, action="supervision.export", detail={"rows": count,
                     "filters": request.GET.urlencode()[:300]}, request=request)
        return _attachment(data, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class NoticePdfView(BusinessOnlyMixin, View):
    """督办通知单 of an item the user may see (404 otherwise)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = selectors.item_get(user=request.user, pk=pk)
        audit_record(actor=request.user, action="supervision.notice_print", obj=item, request=request)
        return _attachment(notice_pdf(item, printed_by=request.user), notice_filename(item), "application/pdf")
