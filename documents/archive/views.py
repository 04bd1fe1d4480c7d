"""归档文件目录: the page (收文 and 发文 alike); its export is office.exports' "documents.archive"."""

from __future__ import annotations

from django.views.generic import TemplateView

from documents.archive import selectors
from documents.archive.filters import ArchiveFilterSet
from office.lists import desk_page
from office.views import BusinessOnlyMixin


class ArchiveCatalogueView(BusinessOnlyMixin, TemplateView):
    """归档文件目录: search the archive (收文 and 发文) by year, unit, period and title."""

    template_name = "documents/archive_catalogue.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        filters = ArchiveFilterSet(self.request.GET or None, user=user)
        listing = desk_page(self.request, selectors.archive_catalogue(user=user, filters=filters), filters)
        entries = selectors.catalogue_entries(listing["page"].object_list)
        return super().get_context_data(nav_active="archive", entries=entries, **listing, **kwargs)
