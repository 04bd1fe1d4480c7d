"""发文's routes under ``documents/outgoing/`` (names in the ``documents`` namespace)."""

from django.urls import path

from documents.outgoing import views
from office.export_views import ListExportView

urlpatterns = [
    path("", views.OutgoingListView.as_view(), name="outgoing_list"),
    path("export.xlsx", ListExportView.as_view(key="documents.outgoing"), name="outgoing_export"),
    path("new/", views.OutgoingCreateView.as_view(), name="outgoing_create"),
    path("<int:pk>/", views.OutgoingDetailView.as_view(), name="outgoing_detail"),
    path("<int:pk>/edit/", views.OutgoingEditView.as_view(), name="outgoing_edit"),
    path("<int:pk>/do/<slug:action>/", views.OutgoingActionView.as_view(), name="outgoing_action"),
    path("<int:pk>/remove-salutation/", views.OutgoingSalutationRemoveView.as_view(),
         name="outgoing_salutation_remove"),
    path("<int:pk>/compare/", views.OutgoingCompareView.as_view(), name="outgoing_compare"),
    path("<int:pk>/file.<slug:kind>", views.OutgoingFileView.as_view(), name="outgoing_file"),
    path("<int:pk>/attachments/<int:attachment_pk>/marked/", views.OutgoingAttachmentMarkedView.as_view(),
         name="outgoing_attachment_marked"),
]
