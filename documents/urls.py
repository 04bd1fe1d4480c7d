from django.urls import path

from documents import views
from documents.urls_files import urlpatterns as file_patterns

app_name = "documents"

urlpatterns = [
    path("incoming/", views.IncomingListView.as_view(), name="incoming_list"),
    path("incoming/new/", views.IncomingReceiveView.as_view(), name="incoming_receive"),
    path("incoming/<int:pk>/", views.IncomingDetailView.as_view(), name="incoming_detail"),
    path("incoming/<int:pk>/register/", views.IncomingRegisterView.as_view(), name="incoming_register"),
    path("incoming/<int:pk>/do/<slug:action>/", views.IncomingActionView.as_view(), name="incoming_action"),
    path("archive/", views.ArchiveCatalogueView.as_view(), name="archive_catalogue"),
]
# Attachments and the processing slip.
urlpatterns += file_patterns
