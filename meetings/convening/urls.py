"""The meeting's routes; its page and step buttons are :mod:`meetings.page`'s (in ``meetings.urls``)."""

from django.urls import path

from meetings.convening import answer_views, attendee_views, views
from office.export_views import ListExportView

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting_list"),
    path("export.xlsx", ListExportView.as_view(key="meetings.meetings"), name="meeting_export"),
    path("calendar/", views.MeetingCalendarView.as_view(), name="meeting_calendar"),
    path("schedule/", views.LeaderScheduleView.as_view(), name="leader_schedule"),
    path("new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("my-week/", views.MyWeekPanelView.as_view(), name="my_week_panel"),
    path("sign-in/", answer_views.SignInView.as_view(), name="sign_in"),
    path("<int:pk>/edit/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("<int:pk>/answer/", answer_views.MeetingAnswerView.as_view(), name="meeting_answer"),
    path("<int:pk>/ics/", answer_views.MeetingIcsView.as_view(), name="meeting_ics"),
    path("<int:pk>/door/", answer_views.MeetingDoorView.as_view(), name="meeting_door"),
    path("<int:pk>/attendees/add/", attendee_views.AttendeeAddView.as_view(), name="attendee_add"),
    path(
        "<int:pk>/attendees/<int:attendee>/remove/",
        attendee_views.AttendeeRemoveView.as_view(),
        name="attendee_remove",
    ),
    path("<int:pk>/attendees/<int:attendee>/name/", attendee_views.AttendeeNameView.as_view(), name="attendee_name"),
    path("<int:pk>/attendance/<int:attendee>/", answer_views.AttendanceMarkView.as_view(), name="attendance_mark"),
]
