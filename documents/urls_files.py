"""Routes of documents/views_files.py, included inside the ``documents`` namespace."""

from django.urls import path

from documents import views_files

urlpatterns = [
    path("incoming/<int:pk>/attachments/", views_files.AttachmentUploadView.as_view(), name="attachment_upload"),
    path("attachments/<int:pk>/download/", views_files.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("outgoing/<int:pk>/attachments/", views_files.OutgoingAttachmentUploadView.as_view(),
         name="outgoing_attachment_upload"),
    path("outgoing/<int:pk>/attachments/<int:attachment_pk>/remove/", views_files.OutgoingAttachmentRemoveView.as_view(),
         name="outgoing_attachment_remove"),
    path("incoming/<int:pk>/slip/", views_files.IncomingSlipView.as_view(), name="incoming_slip"),
    path("incoming/<int:pk>/slip.pdf", views_files.IncomingSlipPdfView.as_view(), name="incoming_slip_pdf"),
]
