"""办会's routes: one package per flow, all in the ``meetings`` namespace."""

from django.urls import include, path

from meetings import page
from meetings.agenda import urls as agenda_urls
from meetings.convening import urls as convening_urls
from meetings.minutes import urls as minutes_urls
from meetings.rooms import urls as room_urls

app_name = "meetings"

urlpatterns = [
    path("rooms/", include(room_urls)),
    path("agenda/", include(agenda_urls)),
    path("minutes/", include(minutes_urls)),
    path("", include(convening_urls)),
    # The meeting's page and its steps: composed in meetings.page (convening, agenda, minutes).
    path("<int:pk>/", page.MeetingDetailView.as_view(), name="meeting_detail"),
    path("<int:pk>/<str:action>/", page.MeetingActionView.as_view(), name="meeting_action"),
]
