"""议题's routes under ``meetings/agenda/`` (names in the ``meetings`` namespace)."""

from django.urls import path

from meetings.agenda import views

urlpatterns = [
    path("", views.AgendaListView.as_view(), name="agenda_list"),
    path("new/", views.AgendaCreateView.as_view(), name="agenda_create"),
    path("<int:pk>/", views.AgendaDetailView.as_view(), name="agenda_detail"),
    path("<int:pk>/edit/", views.AgendaEditView.as_view(), name="agenda_edit"),
    path("<int:pk>/do/<slug:action>/", views.AgendaActionView.as_view(), name="agenda_action"),
    path("<int:pk>/materials/", views.MaterialUploadView.as_view(), name="material_upload"),
    path("materials/<int:pk>/", views.MaterialDownloadView.as_view(), name="material_download"),
    path("materials/<int:pk>/remove/", views.MaterialRemoveView.as_view(), name="material_remove"),
    path("calls/", views.CallListView.as_view(), name="call_list"),
    path("calls/new/", views.CallCreateView.as_view(), name="call_create"),
    path("calls/<int:pk>/", views.CallDetailView.as_view(), name="call_detail"),
    path("calls/<int:pk>/close/", views.CallCloseView.as_view(), name="call_close"),
    path("meeting/<int:pk>/", views.MeetingAgendaView.as_view(), name="meeting_agenda"),
    path("meeting/<int:pk>/do/<slug:action>/", views.MeetingAgendaActionView.as_view(), name="meeting_agenda_action"),
]
