"""归档文件目录: the page and its CSV export (收文 and 发文 alike)."""

from __future__ import annotations

import csv
import io

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from documents.archive import selectors
from documents.archive.filters import ArchiveFilterSet
from office.audit import audit_record
from office.classification import export_filename
from office.lists import desk_page
from office.views import BusinessOnlyMixin

#: An export holds at most this many lines; narrow the filters for the rest.
EXPORT_MAX = 20_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class ArchiveCatalogueView(BusinessOnlyMixin, TemplateView):
    """归档文件目录: search the archive (收文 and 发文) by year, unit, period and title."""

    template_name = "documents/archive_catalogue.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        filters = ArchiveFilterSet(self.request.GET or None, user=user)
        listing = desk_page(self.request, selectors.archive_catalogue(user=user, filters=filters), filters)
        entries = selectors.catalogue_entries(listing["page"].object_list)
        return super().get_context_data(nav_active="archive", entries=entries, **listing, **kwargs)


class ArchiveCatalogueExportView(BusinessOnlyMixin, View):
    """The catalogue as filtered on the page, as CSV (UTF-8 with a BOM for Excel); audited."""

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = ArchiveFilterSet(request.GET or None, user=request.user)
        keys = selectors.archive_catalogue(user=request.user, filters=filters)[:EXPORT_MAX]
        entries = selectors.catalogue_entries(keys)
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out)
        writer.writerow([_("档号"), _("题名"), _("责任者"), _("文号"), _("日期"), _("保管期限"), _("机构"), _("类别")])
        for entry in entries:
            writer.writerow([_cell(v) for v in (
                entry.archive_code, entry.title, entry.author, entry.reference,
                entry.day.isoformat() if entry.day else "", entry.retention_label, entry.unit,
                _("收文") if entry.kind == selectors.INCOMING else _("发文"),
            )])
        audit_record(actor=request.user, action="export", request=request,
                     detail={"kind": "archive_catalogue_csv", "rows": len(entries)})
        level = max((entry.secret_level for entry in entries), default=0)
        response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(
            True, export_filename(_("归档文件目录.csv"), level))
        return response
