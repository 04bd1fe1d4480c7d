"""纪要's routes under ``meetings/minutes/`` (names in the ``meetings`` namespace)."""

from django.urls import path

from meetings.minutes import views

urlpatterns = [
    path("meeting/<int:pk>/", views.MinutesView.as_view(), name="minutes_detail"),
    path("meeting/<int:pk>/do/<slug:action>/", views.MinutesActionView.as_view(), name="minutes_action"),
]
