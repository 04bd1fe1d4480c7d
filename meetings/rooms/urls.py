from django.urls import path

from meetings.rooms import views

urlpatterns = [
    path("", views.RoomWeekView.as_view(), name="room_week"),
    path("book/", views.BookingCreateView.as_view(), name="booking_create"),
    path("mine/", views.MyBookingsView.as_view(), name="booking_mine"),
    path("approvals/", views.BookingApprovalsView.as_view(), name="booking_approvals"),
    path("<int:pk>/cancel/", views.BookingCancelView.as_view(), name="booking_cancel"),
    path("<int:pk>/<str:decision>/", views.BookingDecideView.as_view(), name="booking_decide"),
]
