"""用印 pages: the request form, the 用印登记簿 and its .xlsx."""

from __future__ import annotations

from django.views.generic import TemplateView

from office.export_views import ListExportView
from office.lists import CappedPaginator
from office.views import BusinessOnlyMixin
from tasks.choices import Kind
from tasks.requests.editing import NAV, KindFormView
from tasks.requests.forms import SealForm
from tasks.seals import services


def _data(form) -> services.SealData:
    d = form.cleaned_data
    return services.SealData(**{f: d[f] for f in ("title", *services.FIELDS)})


class SealFormView(KindFormView):
    kind, form_class = Kind.SEAL, SealForm

    def create(self, request, form):
        return services.seal_use_create(actor=request.user, data=_data(form), http_request=request)

    def edit(self, request, obj, form):
        return services.seal_use_edit(actor=request.user, request_obj=obj, data=_data(form), http_request=request)

    def initial(self, obj) -> dict:
        s = obj.seal_use
        return {"title": obj.title, **{f: getattr(s, f) for f in services.FIELDS}}


class SealLedgerView(BusinessOnlyMixin, TemplateView):
    """用印登记簿 (the office's): every use, newest first, capped pages."""

    template_name = "tasks/seal_ledger.html"

    def get_context_data(self, **kwargs):
        rows = services.ledger(user=self.request.user)
        page = CappedPaginator(rows).get_page(self.request.GET.get("page"))
        return super().get_context_data(nav_active=NAV, page=page, query="", kinds=Kind.choices, **kwargs)


class SealLedgerExportView(ListExportView):
    """用印登记簿 as .xlsx (the office's: others get a 404)."""

    key = "tasks.seal_ledger"
