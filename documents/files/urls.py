"""附件's routes, included at the top of the ``documents`` namespace."""

from django.urls import path

from documents.files import views

urlpatterns = [
    path("incoming/<int:pk>/attachments/", views.AttachmentUploadView.as_view(), name="attachment_upload"),
    path("attachments/<int:pk>/download/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("outgoing/<int:pk>/attachments/", views.OutgoingAttachmentUploadView.as_view(),
         name="outgoing_attachment_upload"),
    path("outgoing/<int:pk>/attachments/<int:attachment_pk>/remove/", views.OutgoingAttachmentRemoveView.as_view(),
         name="outgoing_attachment_remove"),
]
