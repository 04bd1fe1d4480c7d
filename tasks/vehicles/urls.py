"""用车's office pages, included by ``tasks.urls`` under ``vehicles/`` (names in the ``tasks`` namespace)."""

from django.urls import path

from tasks.vehicles.views import DispatchQueueView, DriverEditView, FleetView, VehicleEditView, VehicleWeekView

urlpatterns = [
    path("week/", VehicleWeekView.as_view(), name="vehicle_week"),
    path("dispatch/", DispatchQueueView.as_view(), name="dispatch_queue"),
    path("fleet/", FleetView.as_view(), name="fleet"),
    path("fleet/vehicle/new/", VehicleEditView.as_view(), name="fleet_vehicle_create"),
    path("fleet/vehicle/<int:pk>/", VehicleEditView.as_view(), name="fleet_vehicle_edit"),
    path("fleet/driver/new/", DriverEditView.as_view(), name="fleet_driver_create"),
    path("fleet/driver/<int:pk>/", DriverEditView.as_view(), name="fleet_driver_edit"),
]
