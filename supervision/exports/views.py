"""督办通知单: the file of an item the user may see (the 台账 is office.exports' "supervision.items")."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.views import View

from office.audit import audit_record
from office.views import BusinessOnlyMixin
from supervision.exports.notice import notice_filename, notice_pdf
from supervision.items import selectors


def _attachment(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "no-store"
    return response


class NoticePdfView(BusinessOnlyMixin, View):
    """督办通知单 of an item the user may see (404 otherwise)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = selectors.item_get(user=request.user, pk=pk)
        audit_record(actor=request.user, action="supervision.notice_print", obj=item, request=request)
        return _attachment(notice_pdf(item, printed_by=request.user), notice_filename(item), "application/pdf")
