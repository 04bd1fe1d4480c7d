"""用车: the office's vehicles and drivers, and each 用车 request's trip (where, who, when; then
the vehicle and driver dispatched, and the return)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tasks.choices import VehicleKind, VehicleState

USER = settings.AUTH_USER_MODEL
#: The exclusion constraints (PostgreSQL, migration 0002, office.overlap): while a trip holds its
#: vehicle and driver, no other holding trip has the same vehicle, or the same driver, over a
#: span that meets its own.
TRIP_VEHICLE_OVERLAP = "tasks_trip_vehicle_no_overlap"
TRIP_DRIVER_OVERLAP = "tasks_trip_driver_no_overlap"


class Vehicle(models.Model):
    """A vehicle of the organ (公务用车), kept by the office (车辆管理, not the 三员' admin)."""

    plate = models.CharField(_("车牌号"), max_length=20, unique=True)
    model_name = models.CharField(_("品牌型号"), max_length=60)
    kind = models.CharField(_("车型"), max_length=10, choices=VehicleKind.choices)
    seats = models.PositiveSmallIntegerField(_("乘客座位数"), help_text=_("不含驾驶员。"))
    state = models.CharField(_("车辆状态"), max_length=12, choices=VehicleState.choices, default=VehicleState.IN_SERVICE)
    mileage = models.PositiveIntegerField(_("当前里程（公里）"), default=0)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    #: Each a core deadline of the office (tasks.vehicles.services), closed when the vehicle is retired.
    inspection_due = models.DateField(_("年检到期日"), null=True, blank=True)
    insurance_due = models.DateField(_("保险到期日"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("车辆变更历史"), verbose_name_plural=_("车辆变更历史"))

    class Meta:
        verbose_name = _("车辆")
        verbose_name_plural = _("车辆")
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1, seats__lte=60), name="tasks_vehicle_seats_range")
        ]

    def __str__(self) -> str:
        return f"{self.plate} {self.model_name}"


class Driver(models.Model):
    """A driver (驾驶员) the office dispatches with a vehicle."""

    name = models.CharField(_("姓名"), max_length=30)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    licence = models.CharField(_("准驾车型"), max_length=10, blank=True)
    is_active = models.BooleanField(_("在岗"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    history = HistoricalRecords(verbose_name=_("驾驶员变更历史"), verbose_name_plural=_("驾驶员变更历史"))

    class Meta:
        verbose_name = _("驾驶员")
        verbose_name_plural = _("驾驶员")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Trip(models.Model):
    """用车 (1:1 with the request): the trip asked for; the vehicle and driver the office dispatches
    (``holds`` while dispatched: the span is theirs); the return (回车登记)."""

    request = models.OneToOneField("tasks.AffairRequest", on_delete=models.CASCADE, related_name="trip")
    origin = models.CharField(_("出发地点"), max_length=100)
    destination = models.CharField(_("目的地"), max_length=200)
    passengers = models.PositiveSmallIntegerField(_("乘车人数"))
    passenger_names = models.CharField(_("乘车人员"), max_length=300)
    starts_at = models.DateTimeField(_("用车开始时间"))
    ends_at = models.DateTimeField(_("用车结束时间"))
    vehicle = models.ForeignKey(
        Vehicle, verbose_name=_("车辆"), null=True, blank=True, on_delete=models.PROTECT, related_name="trips"
    )
    driver = models.ForeignKey(
        Driver, verbose_name=_("驾驶员"), null=True, blank=True, on_delete=models.PROTECT, related_name="trips"
    )
    #: The vehicle and the driver are held over [starts_at, ends_at) (from 派车 until 回车登记).
    holds = models.BooleanField(default=False, editable=False)
    dispatched_at = models.DateTimeField(_("派车时间"), null=True, blank=True)
    dispatched_by = models.ForeignKey(
        USER, verbose_name=_("派车人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    odometer_out = models.PositiveIntegerField(_("出车里程（公里）"), null=True, blank=True)
    back_at = models.DateTimeField(_("回车时间"), null=True, blank=True)
    odometer_in = models.PositiveIntegerField(_("回车里程（公里）"), null=True, blank=True)
    fuel_cost = models.DecimalField(_("油费（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    toll_cost = models.DecimalField(_("路桥费（元）"), max_digits=10, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("用车变更历史"), verbose_name_plural=_("用车变更历史"))

    class Meta:
        verbose_name = _("用车")
        verbose_name_plural = _("用车")
        indexes = [
            models.Index(fields=["vehicle", "starts_at"], name="tasks_trip_vehicle_idx"),
            models.Index(fields=["driver", "starts_at"], name="tasks_trip_driver_idx"),
            models.Index(fields=["starts_at"], name="tasks_trip_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="tasks_trip_span_ordered"),
            models.CheckConstraint(condition=Q(passengers__gte=1), name="tasks_trip_has_passengers"),
            models.CheckConstraint(
                condition=Q(holds=False) | Q(vehicle__isnull=False, driver__isnull=False),
                name="tasks_trip_holds_both",
            ),
            models.CheckConstraint(
                condition=Q(odometer_in__isnull=True) | Q(odometer_in__gte=F("odometer_out")),
                name="tasks_trip_odometer_forward",
            ),
        ]

    def __str__(self) -> str:
        return self.destination

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("结束时间须晚于开始时间。")})

    @property
    def distance(self) -> int | None:
        if self.odometer_in is None or self.odometer_out is None:
            return None
        return self.odometer_in - self.odometer_out
