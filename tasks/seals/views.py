"""用印 pages: the request form, the 用印登记簿 and its .xlsx."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
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


def _outgoing(request, pk):
    """The 发文 a 用印 is recorded for (its page's offer ``?outgoing=<pk>``), through documents' selectors:
    out of scope → 404; not at 印发 → the form says why."""
    from documents.outgoing.selectors import outgoing_for_seal

    if not pk:
        return None
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    return outgoing_for_seal(user=request.user, pk=pk)


class SealFormView(KindFormView):
    kind, form_class = Kind.SEAL, SealForm

    def create(self, request, form):
        source = _outgoing(request, form.cleaned_data.get("outgoing"))
        return services.seal_use_create(actor=request.user, data=_data(form), source=source, http_request=request)

    def start(self, request) -> dict:
        """From a 发文's page: its title, 文号 and copies filled in, the 行政公章 proposed."""
        try:
            document = _outgoing(request, request.GET.get("outgoing"))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return {}
        if document is None:
            return {}
        return {
            "outgoing": document.pk,
            "title": _("用印：%(title)s") % {"title": document.title},
            "matter": document.title[:200],
            "document_ref": document.doc_number,
            "copies": document.copies or 1,
            "seal": services.default_seal(),
        }

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
