"""Export pages: a list's export (each app routes its ``export.xlsx`` here) and 我的导出."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views import View
from django.views.generic import TemplateView

from office import exports
from office.views import BusinessOnlyMixin


class ListExportView(BusinessOnlyMixin, View):
    """The rows a list's filters select, as .xlsx (``key``: the list, as its app registered it)."""

    key = ""

    def get(self, request: HttpRequest, **kwargs) -> HttpResponse:
        return exports.export_response(request, self.key, **kwargs)


class ExportListView(BusinessOnlyMixin, TemplateView):
    """我的导出: the exports prepared in the background, newest first."""

    template_name = "office/export_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(jobs=exports.export_jobs_for(user=self.request.user), cap=exports.CAP, **kwargs)


class ExportDownloadView(BusinessOnlyMixin, View):
    """A prepared file, to the user who asked for it only."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return exports.export_job_download(request, pk=pk)
