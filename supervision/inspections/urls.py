"""督查 routes under ``supervision/inspections/``."""

from django.urls import path

from supervision.inspections import views
from supervision.items.views import SupervisionFileView

urlpatterns = [
    path("", views.InspectionListView.as_view(), name="inspection_list"),
    path("new/", views.InspectionCreateView.as_view(), name="inspection_create"),
    path("<int:pk>/", views.InspectionDetailView.as_view(), name="inspection_detail"),
    path("<int:pk>/edit/", views.InspectionEditView.as_view(), name="inspection_edit"),
    path("<int:pk>/findings/new/", views.FindingAddView.as_view(), name="finding_add"),
    path("<int:pk>/findings/<int:finding>/rectify/", views.FindingRectifyView.as_view(), name="finding_rectify"),
    path("<int:pk>/report/", views.InspectionReportView.as_view(), name="inspection_report"),
    # The evidence files: the one 督办附件 view (through the policy, audited); the old address kept.
    path("files/<int:pk>/", SupervisionFileView.as_view(), name="finding_file"),
]
