"""办会's routes: one package per flow, all in the ``meetings`` namespace."""

from django.urls import include, path

from meetings.agenda import urls as agenda_urls

app_name = "meetings"

urlpatterns = [
    path("agenda/", include(agenda_urls)),
]
