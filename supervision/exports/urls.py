"""台账 and 督办通知单 routes under ``supervision/exports/``."""

from django.urls import path

from office.export_views import ListExportView
from supervision.exports import views

urlpatterns = [
    path("ledger.xlsx", ListExportView.as_view(key="supervision.items"), name="ledger_export"),
    path("items/<int:pk>/notice.pdf", views.NoticePdfView.as_view(), name="item_notice"),
]
