"""The chain of one matter (office.chain): the page and its 台账 (.xlsx)."""

from __future__ import annotations

import tempfile

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.views import View
from django.views.generic import TemplateView

from office import chain, exports
from office.audit import audit_record
from office.classification import export_filename
from office.views import BusinessOnlyMixin

HEADINGS = ((N_("序号"), 6), (N_("时间"), 17), (N_("对象"), 10), (N_("编号"), 20), (N_("标题"), 40), (N_("环节"), 14),
            (N_("办理人"), 16), (N_("意见"), 50), (N_("办理后状态"), 12))


class ChainView(BusinessOnlyMixin, TemplateView):
    """链路: every object of the matter the viewer may see, and every step on them, as one timeline."""

    template_name = "office/chain.html"

    def get_context_data(self, **kwargs):
        model = chain.model_for_label(kwargs["label"])
        found = chain.chain_build(user=self.request.user, model=model, pk=kwargs["pk"])
        return super().get_context_data(chain=found, export_url=self.request.path + "ledger.xlsx", **kwargs)


class ChainExportView(BusinessOnlyMixin, View):
    """The chain as a 台账: one row per step, marked with the highest 密级 among its objects."""

    def get(self, request: HttpRequest, label: str, pk: str) -> HttpResponse:
        found = chain.chain_build(user=request.user, model=chain.model_for_label(label), pk=pk)
        rows = (
            [n, event.at, event.node.label, event.node.number, event.node.title, event.label, event.actor,
             event.text, event.state]
            for n, event in enumerate(found.events, 1)
        )
        title = _("链路台账")
        handle = tempfile.TemporaryFile()
        count = exports.write_rows(handle, title=title, headings=((_(h), w) for h, w in HEADINGS), rows=rows,
                                   level=found.level)
        audit_record(actor=request.user, action="chain.export", obj=found.start.obj, request=request,
                     detail={"rows": count, "objects": len(found.nodes), "level": found.level})
        handle.seek(0)
        name = export_filename(f"{title}-{timezone.localtime():%Y%m%d-%H%M}.xlsx", found.level)
        return exports.attachment(handle, name)
