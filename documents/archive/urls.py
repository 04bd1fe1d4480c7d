"""归档文件目录's routes under ``documents/archive/``."""

from django.urls import path

from documents.archive import views
from office.export_views import ListExportView

urlpatterns = [
    path("", views.ArchiveCatalogueView.as_view(), name="archive_catalogue"),
    path("export.xlsx", ListExportView.as_view(key="documents.archive"), name="archive_catalogue_export"),
]
