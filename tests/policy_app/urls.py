from django.urls import path

from tests.policy_app import views

app_name = "policy_app"

urlpatterns = [
    path("requests/<int:pk>/", views.RequestDetailView.as_view(), name="request_detail"),
    path("requests/<int:pk>/<str:action>/", views.RequestStepView.as_view(), name="request_step"),
]

