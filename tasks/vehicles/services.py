"""用车: a trip asked for (purpose, destination, passengers, from/to), the one approval chain (rule
``tasks.vehicle``), then the office's 派车 (a vehicle and a driver) and 回车登记 (time, mileage, costs).

A vehicle and a driver are each on one trip at a time. The service names the trip in the way
before writing; on PostgreSQL the two exclusion constraints (migration 0002, office.overlap) are
the judge when two dispatchers write at once, and the loser gets the same message naming the
winner. On SQLite (one writer at a time) the check under the rows' lock is enough.

The vehicles and drivers are the office's (``tasks.office``), kept on its own pages: the 三员'
admin holds no business data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from office.audit import audit_record
from office.models import User
from office.overlap import is_overlap_violation, overlapping
from office.permissions import require
from tasks.choices import Kind, VehicleState
from tasks.models import AffairRequest, Driver, Trip, Vehicle
from tasks.models.vehicles import TRIP_DRIVER_OVERLAP, TRIP_VEHICLE_OVERLAP
from tasks.requests import services as engine
from tasks.requests.kinds import KindHooks, register_kind
from tasks.vehicles import due_dates

OFFICE = "tasks.office"
#: The longest trip one request may ask for.
MAX_SPAN = dt.timedelta(days=15)
#: A longer distance on one trip is a typo (公里).
MAX_DISTANCE = 5000
FIELDS = ("origin", "destination", "passengers", "passenger_names", "starts_at", "ends_at")


@dataclass(frozen=True)
class TripData:
    title: str
    origin: str
    destination: str
    passengers: int
    passenger_names: str
    starts_at: dt.datetime
    ends_at: dt.datetime


def _local(at: dt.datetime) -> str:
    return timezone.localtime(at).strftime("%m-%d %H:%M")


def check_span(starts_at, ends_at) -> None:
    if starts_at is None or ends_at is None:
        raise ValidationError({"starts_at": _("请填写用车开始和结束时间。")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("用车结束时间须晚于开始时间。")})
    if ends_at - starts_at > MAX_SPAN:
        raise ValidationError({"ends_at": _("一次用车不能超过 %(days)s 天。") % {"days": MAX_SPAN.days}})


def _check(data: TripData) -> None:
    check_span(data.starts_at, data.ends_at)
    if not data.destination.strip():
        raise ValidationError({"destination": _("请填写目的地。")})
    if data.passengers is None or data.passengers < 1:
        raise ValidationError({"passengers": _("乘车人数至少 1 人。")})
    largest = Vehicle.objects.filter(state=VehicleState.IN_SERVICE).aggregate(n=Max("seats"))["n"]
    if largest is not None and data.passengers > largest:
        raise ValidationError(
            {
                "passengers": _("乘车人数 %(n)s 人，超过在用车辆的最大座位数（%(seats)s 座），请分批用车。")
                % {"n": data.passengers, "seats": largest}
            }
        )


@transaction.atomic
def trip_create(*, actor: User, data: TripData, http_request=None) -> AffairRequest:
    """A 用车 request (草稿) of ``actor``'s department, numbered 用车〔2026〕N号."""
    _check(data)
    obj = engine.request_create(actor=actor, kind=Kind.VEHICLE, title=data.title)
    engine.kind_row_save(Trip(request=obj), actor=actor, data=data, fields=FIELDS, reason=_("新建申请"))
    return obj


@transaction.atomic
def trip_edit(*, actor: User, request_obj: AffairRequest, data: TripData, http_request=None) -> AffairRequest:
    return engine.kind_edit(actor=actor, request_obj=request_obj, data=data, model=Trip, fields=FIELDS, check=_check,
                            http_request=http_request)


# --- 派车 ------------------------------------------------------------------------------------


def in_the_way(trip: Trip, *, field: str) -> Trip | None:
    """The holding trip with the same vehicle (``field="vehicle"``) or driver over a span meeting ``trip``'s."""
    rows = overlapping(
        Trip.objects.filter(holds=True, **{f"{field}_id": getattr(trip, f"{field}_id")}), trip.starts_at, trip.ends_at
    ).exclude(pk=trip.pk)
    return rows.select_related("request__unit", "vehicle", "driver").order_by("starts_at").first()


def overlap_message(other: Trip, *, field: str) -> ValidationError:
    values = {
        "number": other.request.number,
        "unit": other.request.unit.display_name,
        "destination": other.destination,
        "start": _local(other.starts_at),
        "end": _local(other.ends_at),
    }
    if field == "vehicle":
        message = _(
            "车辆%(plate)s在%(start)s—%(end)s已派给%(number)s（%(unit)s，前往%(destination)s），请另选车辆。"
        ) % {**values, "plate": other.vehicle.plate}
    else:
        message = _(
            "驾驶员%(name)s在%(start)s—%(end)s已派给%(number)s（%(unit)s，前往%(destination)s），请另选驾驶员。"
        ) % {**values, "name": other.driver.name}
    return ValidationError({field: message})


def _hold(trip: Trip, fields: list[str]) -> None:
    """Write the dispatch; a trip in the way — before, or a concurrent winner on PostgreSQL — is named."""
    for field in ("vehicle", "driver"):
        other = in_the_way(trip, field=field)
        if other is not None:
            raise overlap_message(other, field=field)
    try:
        with transaction.atomic():
            trip.save(update_fields=fields)
    except IntegrityError as exc:
        if connection.vendor != "postgresql":
            raise
        for field, name in (("vehicle", TRIP_VEHICLE_OVERLAP), ("driver", TRIP_DRIVER_OVERLAP)):
            if is_overlap_violation(exc, name):
                other = in_the_way(trip, field=field)
                if other is not None:
                    raise overlap_message(other, field=field) from None
                raise ValidationError(_("该时段的车辆或驾驶员刚被派出，请刷新后重选。")) from None
        raise


def check_dispatch(trip: Trip, vehicle: Vehicle | None, driver: Driver | None) -> None:
    if vehicle is None:
        raise ValidationError({"vehicle": _("请选择车辆。")})
    if driver is None:
        raise ValidationError({"driver": _("请选择驾驶员。")})
    if vehicle.state != VehicleState.IN_SERVICE:
        raise ValidationError(
            {
                "vehicle": _("车辆%(plate)s当前%(state)s，不能派出。")
                % {"plate": vehicle.plate, "state": vehicle.get_state_display()}
            }
        )
    if trip.passengers > vehicle.seats:
        raise ValidationError(
            {
                "vehicle": _("车辆%(plate)s只有%(seats)s个乘客座位，本次乘车%(n)s人。")
                % {"plate": vehicle.plate, "seats": vehicle.seats, "n": trip.passengers}
            }
        )
    if not driver.is_active:
        raise ValidationError({"driver": _("驾驶员%(name)s不在岗，不能派车。") % {"name": driver.name}})


@transaction.atomic
def trip_dispatch(
    *, actor: User, request_obj: AffairRequest, vehicle: Vehicle | None, driver: Driver | None, http_request=None
) -> AffairRequest:
    """派车 (the office): the approved trip gets a vehicle and a driver, both held over its span."""
    locked = engine.STEPS.begin(actor, request_obj, "dispatch", http_request)
    trip = Trip.objects.select_for_update().get(request=locked)
    if vehicle is not None and driver is not None and connection.vendor != "postgresql":
        Vehicle.objects.select_for_update().filter(pk=vehicle.pk).first()
    if vehicle is not None:
        vehicle = Vehicle.objects.get(pk=vehicle.pk)  # its state now, not as the form saw it
    if driver is not None:
        driver = Driver.objects.get(pk=driver.pk)
    check_dispatch(trip, vehicle, driver)
    trip.vehicle, trip.driver, trip.holds = vehicle, driver, True
    trip.dispatched_at, trip.dispatched_by, trip.odometer_out = timezone.now(), actor, vehicle.mileage
    trip._change_reason, trip._history_user = _("派车"), actor
    _hold(trip, ["vehicle", "driver", "holds", "dispatched_at", "dispatched_by", "odometer_out"])
    engine.step_done(
        locked,
        actor,
        "dispatch",
        text=_("%(plate)s，驾驶员%(name)s") % {"plate": vehicle.plate, "name": driver.name},
        http_request=http_request,
    )
    return locked


# --- 回车登记 --------------------------------------------------------------------------------


def _cost(value, field: str):
    if value in (None, ""):
        return None
    value = Decimal(value)
    if value < 0 or value.as_tuple().exponent < -2 or value > Decimal("99999999.99"):
        raise ValidationError({field: _("费用须为不小于零的金额，最多保留两位小数。")})
    return value


@transaction.atomic
def trip_check_in(
    *,
    actor: User,
    request_obj: AffairRequest,
    back_at: dt.datetime | None,
    odometer_in: int | None,
    fuel_cost=None,
    toll_cost=None,
    http_request=None,
) -> AffairRequest:
    """回车登记 (the office): back at, the odometer, fuel and tolls; the vehicle and driver are free again."""
    locked = engine.STEPS.begin(actor, request_obj, "check_in", http_request)
    trip = Trip.objects.select_for_update().get(request=locked)
    if back_at is None:
        raise ValidationError({"back_at": _("请填写回车时间。")})
    if back_at <= trip.starts_at:
        raise ValidationError({"back_at": _("回车时间须晚于用车开始时间（%(at)s）。") % {"at": _local(trip.starts_at)}})
    if back_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"back_at": _("回车时间不能晚于现在。")})
    if odometer_in is None:
        raise ValidationError({"odometer_in": _("请填写回车里程。")})
    start = trip.odometer_out or 0
    if odometer_in < start:
        raise ValidationError(
            {"odometer_in": _("回车里程（%(in)s）不能小于出车里程（%(out)s）。") % {"in": odometer_in, "out": start}}
        )
    if odometer_in - start > MAX_DISTANCE:
        raise ValidationError({"odometer_in": _("本次行驶超过 %(km)s 公里，请核对里程。") % {"km": MAX_DISTANCE}})
    trip.fuel_cost, trip.toll_cost = _cost(fuel_cost, "fuel_cost"), _cost(toll_cost, "toll_cost")
    trip.back_at, trip.odometer_in, trip.holds = back_at, odometer_in, False
    trip._change_reason, trip._history_user = _("回车登记"), actor
    trip.save(update_fields=["back_at", "odometer_in", "fuel_cost", "toll_cost", "holds"])
    vehicle = Vehicle.objects.select_for_update().get(pk=trip.vehicle_id)
    if odometer_in > vehicle.mileage:
        vehicle.mileage = odometer_in
        vehicle._change_reason, vehicle._history_user = _("回车登记"), actor
        vehicle.save(update_fields=["mileage"])
    engine.step_done(
        locked,
        actor,
        "check_in",
        text=_("行驶 %(km)s 公里") % {"km": odometer_in - start},
        http_request=http_request,
    )
    return locked


# --- vehicles and drivers (the office's) -----------------------------------------------------


VEHICLE_FIELDS = (
    "plate", "model_name", "kind", "seats", "state", "mileage", "note", "sort_order", "inspection_due", "insurance_due"
)
DRIVER_FIELDS = ("name", "phone", "licence", "is_active", "sort_order")


def _still_held(**lookup) -> Trip | None:
    return (
        Trip.objects.filter(holds=True, ends_at__gt=timezone.now(), **lookup)
        .select_related("request")
        .order_by("starts_at")
        .first()
    )


@transaction.atomic
def vehicle_save(*, actor: User, vehicle: Vehicle | None, data: dict, http_request=None) -> Vehicle:
    """New or changed vehicle. Taken out of service while a trip still holds it: refused, the trip named."""
    require(actor, OFFICE, request=http_request)
    created = vehicle is None
    obj = Vehicle() if created else Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    for f in VEHICLE_FIELDS:
        if f in data:
            setattr(obj, f, data[f])
    obj.plate = (obj.plate or "").strip().upper()
    obj.full_clean()
    if not created and obj.state != VehicleState.IN_SERVICE and (held := _still_held(vehicle=obj)):
        raise ValidationError(
            {"state": _("该车辆已派给%(number)s（%(start)s起），回车登记后才能改为维修或停用。")
             % {"number": held.request.number, "start": _local(held.starts_at)}}
        )
    obj._change_reason, obj._history_user = (_("新增车辆") if created else _("修改车辆")), actor
    obj.save()
    audit_record(actor=actor, action="tasks.vehicle_save", obj=obj, detail={"created": created}, request=http_request)
    due_dates.sync(obj)
    return obj


@transaction.atomic
def driver_save(*, actor: User, driver: Driver | None, data: dict, http_request=None) -> Driver:
    require(actor, OFFICE, request=http_request)
    created = driver is None
    obj = Driver() if created else Driver.objects.select_for_update().get(pk=driver.pk)
    for f in DRIVER_FIELDS:
        if f in data:
            setattr(obj, f, data[f])
    obj.name = (obj.name or "").strip()
    obj.full_clean()
    if not created and not obj.is_active and (held := _still_held(driver=obj)):
        raise ValidationError(
            {"is_active": _("该驾驶员已派给%(number)s（%(start)s起），回车登记后才能改为不在岗。")
             % {"number": held.request.number, "start": _local(held.starts_at)}}
        )
    obj._change_reason, obj._history_user = (_("新增驾驶员") if created else _("修改驾驶员")), actor
    obj.save()
    audit_record(actor=actor, action="tasks.driver_save", obj=obj, detail={"created": created}, request=http_request)
    return obj


def _problems(locked: AffairRequest) -> list[str]:
    """Checked again at submission (the fleet may have changed since the draft)."""
    try:
        trip = locked.trip
        _check(TripData(locked.title, trip.origin, trip.destination, trip.passengers, trip.passenger_names,
                        trip.starts_at, trip.ends_at))
    except ValidationError as exc:
        return [m for ms in exc.message_dict.values() for m in ms]
    return []


register_kind(Kind.VEHICLE, KindHooks(problems=_problems))
