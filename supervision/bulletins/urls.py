"""督查通报 routes under ``supervision/bulletins/``."""

from django.urls import path

from supervision.bulletins import views

urlpatterns = [
    path("", views.BulletinListView.as_view(), name="bulletin_list"),
    path("<int:pk>/", views.BulletinDetailView.as_view(), name="bulletin_detail"),
    path("<int:pk>/regenerate/", views.BulletinRegenerateView.as_view(), name="bulletin_regenerate"),
    path("<int:pk>/outgoing/", views.BulletinOutgoingView.as_view(), name="bulletin_outgoing"),
    path("<int:pk>/items/<slug:figure>/", views.BulletinItemsView.as_view(), name="bulletin_items"),
]
