"""督查督办's routes: one package per flow, all in the ``supervision`` namespace."""

from django.urls import include, path

from supervision.bulletins import urls as bulletin_urls
from supervision.exports import urls as export_urls
from supervision.inspections import urls as inspection_urls
from supervision.items import urls as item_urls
from supervision.plans import urls as plan_urls

app_name = "supervision"

urlpatterns = [
    path("items/", include(item_urls)),
    path("plans/", include(plan_urls)),
    path("inspections/", include(inspection_urls)),
    path("bulletins/", include(bulletin_urls)),
    path("exports/", include(export_urls)),
]
