from django.urls import path

from documents import views, views_outgoing
from documents.urls_files import urlpatterns as file_patterns

app_name = "documents"

urlpatterns = [
    path("incoming/", views.IncomingListView.as_view(), name="incoming_list"),
    path("incoming/new/", views.IncomingReceiveView.as_view(), name="incoming_receive"),
    path("incoming/<int:pk>/", views.IncomingDetailView.as_view(), name="incoming_detail"),
    path("incoming/<int:pk>/register/", views.IncomingRegisterView.as_view(), name="incoming_register"),
    path("incoming/<int:pk>/do/<slug:action>/", views.IncomingActionView.as_view(), name="incoming_action"),
    path("archive/", views.ArchiveCatalogueView.as_view(), name="archive_catalogue"),
    # 发文
    path("outgoing/", views_outgoing.OutgoingListView.as_view(), name="outgoing_list"),
    path("outgoing/new/", views_outgoing.OutgoingCreateView.as_view(), name="outgoing_create"),
    path("outgoing/<int:pk>/", views_outgoing.OutgoingDetailView.as_view(), name="outgoing_detail"),
    path("outgoing/<int:pk>/edit/", views_outgoing.OutgoingEditView.as_view(), name="outgoing_edit"),
    path("outgoing/<int:pk>/do/<slug:action>/", views_outgoing.OutgoingActionView.as_view(), name="outgoing_action"),
    path("outgoing/<int:pk>/compare/", views_outgoing.OutgoingCompareView.as_view(), name="outgoing_compare"),
    path("outgoing/<int:pk>/file.<slug:kind>", views_outgoing.OutgoingFileView.as_view(), name="outgoing_file"),
]
# Attachments and the processing slip.
urlpatterns += file_patterns
