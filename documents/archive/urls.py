"""归档文件目录's routes under ``documents/archive/``."""

from django.urls import path

from documents.archive import views

urlpatterns = [
    path("", views.ArchiveCatalogueView.as_view(), name="archive_catalogue"),
    path("export.csv", views.ArchiveCatalogueExportView.as_view(), name="archive_catalogue_export"),
]
