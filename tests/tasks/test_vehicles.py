"""用车: the request's checks, 派车 and 回车登记, a vehicle or a driver never on two trips at once
(named in Chinese, nothing changed) — also with dispatchers writing at once on PostgreSQL — the
office's fleet."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from tasks.choices import VehicleKind, VehicleState
from tasks.models import AffairRequest, Trip, Vehicle
from tasks.requests import services as engine
from tasks.vehicles import services

pytestmark = pytest.mark.django_db


def at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def fleet(people):
    clerk = people["zhouting"]

    def car(plate, seats, state=VehicleState.IN_SERVICE, kind=VehicleKind.SEDAN):
        data = {"plate": plate, "model_name": "测试车", "kind": kind, "seats": seats, "state": state, "mileage": 1000}
        return services.vehicle_save(actor=clerk, vehicle=None, data=data)

    def man(name, active=True):
        return services.driver_save(actor=clerk, driver=None, data={"name": name, "is_active": active})

    return {
        "sedan": car("江A·T0001", 4),
        "van": car("江A·T0002", 6, kind=VehicleKind.MPV),
        "garage": car("江A·T0003", 19, state=VehicleState.REPAIR),
        "wang": man("王师傅"),
        "li": man("李师傅"),
        "off": man("休假师傅", active=False),
    }


def trip_data(**over) -> services.TripData:
    values = {
        "title": "赴市中级人民法院参加庭审",
        "origin": "局机关",
        "destination": "市中级人民法院",
        "passengers": 2,
        "passenger_names": "钱莉、孙鹏",
        "starts_at": at(1, 9),
        "ends_at": at(1, 12),
    }
    values.update(over)
    return services.TripData(**values)


@pytest.fixture
def approved_trip(people, rules, fleet):
    def _make(requester="qianli", **over):
        actor = people[requester]
        obj = services.trip_create(actor=actor, data=trip_data(**over))
        engine.request_submit(actor=actor, request_obj=obj)
        for name in ("zhoujianhua", "liuxiaodong"):  # 法规处's 处长, then the 办公室主任
            obj = engine.request_approve(actor=people[name], request_obj=obj)
        assert obj.state == "approved"
        return obj

    return _make


def test_bad_requests_are_named_and_nothing_is_made(people, fleet):
    before = AffairRequest.objects.count()
    with pytest.raises(ValidationError, match="用车结束时间须晚于开始时间"):
        services.trip_create(actor=people["qianli"], data=trip_data(starts_at=at(1, 12), ends_at=at(1, 9)))
    # The largest vehicle in service seats 6 (the 19-seat bus is in the garage).
    with pytest.raises(ValidationError, match="乘车人数 9 人，超过在用车辆的最大座位数（6 座）"):
        services.trip_create(actor=people["qianli"], data=trip_data(passengers=9))
    assert AffairRequest.objects.count() == before


def test_dispatch_then_check_in(people, approved_trip, fleet):
    clerk = people["zhouting"]
    obj = approved_trip(starts_at=at(-1, 9), ends_at=at(-1, 12))
    assert obj.number.startswith(f"用车〔{timezone.localdate().year}〕")
    obj = services.trip_dispatch(actor=clerk, request_obj=obj, vehicle=fleet["sedan"], driver=fleet["wang"])
    trip = Trip.objects.get(request=obj)
    assert obj.state == "dispatched" and trip.holds and trip.odometer_out == 1000
    assert obj.steps.order_by("-at", "-id").first().text == "江A·T0001，驾驶员王师傅"
    with pytest.raises(ValidationError, match="回车里程（900）不能小于出车里程（1000）"):
        services.trip_check_in(actor=clerk, request_obj=obj, back_at=at(-1, 11, 50), odometer_in=900)
    obj = services.trip_check_in(actor=clerk, request_obj=obj, back_at=at(-1, 11, 50), odometer_in=1042, toll_cost="15")
    trip.refresh_from_db()
    assert obj.state == "done" and not trip.holds and trip.distance == 42
    assert Vehicle.objects.get(pk=fleet["sedan"].pk).mileage == 1042


def test_a_vehicle_or_a_driver_booked_twice_is_refused_naming_the_trip(people, approved_trip, fleet):
    clerk = people["zhouting"]
    first = approved_trip()
    services.trip_dispatch(actor=clerk, request_obj=first, vehicle=fleet["sedan"], driver=fleet["wang"])
    second = approved_trip("sunpeng", title="参加培训", starts_at=at(1, 11), ends_at=at(1, 15))
    with pytest.raises(ValidationError, match=rf"车辆江A·T0001在.*已派给{first.number}（法规处，前往市中级人民法院）"):
        services.trip_dispatch(actor=clerk, request_obj=second, vehicle=fleet["sedan"], driver=fleet["li"])
    with pytest.raises(ValidationError, match=rf"驾驶员王师傅在.*已派给{first.number}"):
        services.trip_dispatch(actor=clerk, request_obj=second, vehicle=fleet["van"], driver=fleet["wang"])
    second.refresh_from_db()
    assert second.state == "approved" and Trip.objects.get(request=second).vehicle_id is None
    # Back to back (12:00 → 12:00) both stand.
    third = approved_trip("sunpeng", title="接续用车", starts_at=at(1, 12), ends_at=at(1, 14))
    services.trip_dispatch(actor=clerk, request_obj=third, vehicle=fleet["sedan"], driver=fleet["wang"])


def test_out_of_service_too_few_seats_and_a_driver_off_duty(people, approved_trip, fleet):
    clerk = people["zhouting"]
    obj = approved_trip(passengers=5)
    for vehicle, driver, message in (
        (fleet["garage"], fleet["wang"], "车辆江A·T0003当前维修中，不能派出"),
        (fleet["sedan"], fleet["wang"], "车辆江A·T0001只有4个乘客座位，本次乘车5人"),
        (fleet["van"], fleet["off"], "驾驶员休假师傅不在岗"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.trip_dispatch(actor=clerk, request_obj=obj, vehicle=vehicle, driver=driver)
    obj.refresh_from_db()
    assert obj.state == "approved"


def test_a_vehicle_still_held_cannot_go_to_the_garage(people, approved_trip, fleet):
    clerk = people["zhouting"]
    obj = approved_trip()
    services.trip_dispatch(actor=clerk, request_obj=obj, vehicle=fleet["sedan"], driver=fleet["wang"])
    with pytest.raises(ValidationError, match=f"该车辆已派给{obj.number}"):
        services.vehicle_save(actor=clerk, vehicle=fleet["sedan"], data={"state": VehicleState.RETIRED})
    assert Vehicle.objects.get(pk=fleet["sedan"].pk).state == VehicleState.IN_SERVICE


def test_only_the_office_keeps_the_fleet(people, fleet):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.vehicle_save(actor=people["zhoujianhua"], vehicle=None, data={"plate": "江A·X1"})
    assert not Vehicle.objects.filter(plate="江A·X1").exists()


# --- under concurrency (PostgreSQL) ---------------------------------------------------------

THREADS = 6


def _race(jobs) -> tuple[list, list, float]:
    """Run ``jobs`` (callables) at once, each on its own connection → (won, refused messages, seconds)."""
    start = threading.Barrier(len(jobs))
    won, refused, errors = [], [], []

    def run(job):
        try:
            start.wait()
            won.append(job())
        except ValidationError as exc:
            refused.append(" ".join(exc.messages))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    began = time.monotonic()
    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return won, refused, time.monotonic() - began


@pytest.mark.django_db(transaction=True)
def test_one_vehicle_and_one_driver_each_go_on_one_trip(people, approved_trip, fleet, monkeypatch):
    assert connection.vendor == "postgresql"
    clerk = people["zhouting"]
    # Every dispatcher has already looked (nothing in the way): only the constraints can stop them.
    monkeypatch.setattr(services, "in_the_way", _after_the_write(services.in_the_way))
    drivers = [services.driver_save(actor=clerk, driver=None, data={"name": f"司机{n}"}) for n in range(THREADS)]
    trips = [approved_trip(title=f"同一时段用车{n}", starts_at=at(2, 9 + n % 2), ends_at=at(2, 12)) for n in range(THREADS)]

    def dispatch(obj, vehicle, driver):
        return lambda: services.trip_dispatch(actor=clerk, request_obj=obj, vehicle=vehicle, driver=driver).pk

    # The same vehicle, each with its own driver.
    won, refused, took = _race([dispatch(obj, fleet["van"], d) for obj, d in zip(trips, drivers, strict=True)])
    assert len(won) == 1 and len(refused) == THREADS - 1
    winner = AffairRequest.objects.get(pk=won[0])
    assert all("车辆江A·T0002在" in m and winner.number in m for m in refused), refused
    assert Trip.objects.filter(vehicle=fleet["van"], holds=True).count() == 1
    assert AffairRequest.objects.filter(kind="vehicle", state="dispatched").count() == 1

    # The rest with one driver, each in its own vehicle.
    rest = [obj for obj in trips if obj.pk != winner.pk][:2]
    cars = [fleet["sedan"], services.vehicle_save(actor=clerk, vehicle=None, data={
        "plate": "江A·T0009", "model_name": "测试车", "kind": "sedan", "seats": 4, "state": "in_service"})]
    won2, refused2, took2 = _race([dispatch(obj, car, fleet["li"]) for obj, car in zip(rest, cars, strict=True)])
    assert len(won2) == 1 and len(refused2) == 1 and "驾驶员李师傅在" in refused2[0]
    assert Trip.objects.filter(driver=fleet["li"], holds=True).count() == 1
    print(
        f"用车: {THREADS} dispatchers on one vehicle → 1 won, {len(refused)} refused ({took:.2f} s); "
        f"2 on one driver → 1 won, 1 refused ({took2:.2f} s); 0 overlaps"
    )


def _after_the_write(real):
    """The pre-check finds nothing on the first look (as if every thread looked at the same moment);
    after the constraint refused, the look-up names the winner."""
    seen = set()

    def look(trip, *, field):
        key = (threading.get_ident(), trip.pk, field)
        if key not in seen:
            seen.add(key)
            return None
        return real(trip, field=field)

    return look
