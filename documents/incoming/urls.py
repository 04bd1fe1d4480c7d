"""收文's routes under ``documents/incoming/`` (names in the ``documents`` namespace)."""

from django.urls import path

from documents.incoming import views
from office.export_views import ListExportView

urlpatterns = [
    path("", views.IncomingListView.as_view(), name="incoming_list"),
    path("export.xlsx", ListExportView.as_view(key="documents.incoming"), name="incoming_export"),
    path("new/", views.IncomingReceiveView.as_view(), name="incoming_receive"),
    path("<int:pk>/", views.IncomingDetailView.as_view(), name="incoming_detail"),
    path("<int:pk>/register/", views.IncomingRegisterView.as_view(), name="incoming_register"),
    path("<int:pk>/do/<slug:action>/", views.IncomingActionView.as_view(), name="incoming_action"),
    # 收文处理笺
    path("<int:pk>/slip/", views.IncomingSlipView.as_view(), name="incoming_slip"),
    path("<int:pk>/slip.pdf", views.IncomingSlipPdfView.as_view(), name="incoming_slip_pdf"),
]
