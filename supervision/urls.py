"""督查督办's routes: one package per flow, all in the ``supervision`` namespace."""

from django.urls import include, path

from supervision.items import urls as item_urls

app_name = "supervision"

urlpatterns = [
    path("items/", include(item_urls)),
]
