"""用车's demo, loaded by :mod:`tasks.demo`: the office's vehicles and drivers and a busy week of
trips walked through the real services — one back (回车登记 done), two out, two approved waiting
for 派车, one waiting for the 处长, one returned; one vehicle in the garage."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from office.models import User
from office.workflow.assignments import rows_for
from tasks.choices import VehicleKind, VehicleState
from tasks.models import Driver, Vehicle
from tasks.permissions import APPROVE
from tasks.requests import services as engine
from tasks.vehicles import services

#: (plate, model, kind, seats, state, mileage, note)
VEHICLES = (
    ("江A·G1026", "大众帕萨特", VehicleKind.SEDAN, 4, VehicleState.IN_SERVICE, 86420, ""),
    ("江A·G2318", "别克GL8", VehicleKind.MPV, 6, VehicleState.IN_SERVICE, 124300, ""),
    ("江A·G3051", "丰田考斯特", VehicleKind.BUS, 19, VehicleState.IN_SERVICE, 65210, ""),
    ("江A·G0872", "大众途观", VehicleKind.SUV, 4, VehicleState.REPAIR, 153880, "更换刹车片，周五取车"),
)
#: Days from today to each vehicle's (年检到期日, 保险到期日): the 别克's insurance runs out in 10 days.
DUE_IN = {"江A·G1026": (160, 95), "江A·G2318": (210, 10), "江A·G3051": (75, 240), "江A·G0872": (130, 180)}
#: (name, phone, licence)
DRIVERS = (("王建军", "13907910001", "A1"), ("李国华", "13907910002", "A1"), ("陈志刚", "13907910003", "B1"))


def _u(username: str) -> User:
    return User.objects.select_related("unit").get(username=username)


def _at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _approve_all(obj):
    while obj.state == "pending":
        row = rows_for(obj, APPROVE).filter(state="open").first()
        approver = row.user or row.holders.order_by("id").first()
        obj = engine.request_approve(actor=approver, request_obj=obj, text="同意。")
    return obj


def load() -> int:
    clerk = _u("zhouting")
    today = timezone.localdate()
    for n, (plate, model, kind, seats, state, mileage, note) in enumerate(VEHICLES, start=1):
        services.vehicle_save(
            actor=clerk,
            vehicle=None,
            data={"plate": plate, "model_name": model, "kind": kind, "seats": seats, "state": state,
                  "mileage": mileage, "note": note, "sort_order": n,
                  "inspection_due": today + dt.timedelta(days=DUE_IN[plate][0]),
                  "insurance_due": today + dt.timedelta(days=DUE_IN[plate][1])},
        )
    for n, (name, phone, licence) in enumerate(DRIVERS, start=1):
        services.driver_save(
            actor=clerk, driver=None,
            data={"name": name, "phone": phone, "licence": licence, "is_active": True, "sort_order": n},
        )
    car = {v.plate: v for v in Vehicle.objects.all()}
    man = {d.name: d for d in Driver.objects.all()}
    # (requester, 事由, 目的地, 人数, 乘车人员, start, end, how far it goes, vehicle, driver)
    trips = (
        ("qianli", "赴市中级人民法院参加行政诉讼庭审", "市中级人民法院", 2, "钱莉、孙鹏",
         _at(-1, 8, 30), _at(-1, 12), "back", "江A·G1026", "王建军"),
        ("zhengyan", "赴江城高新区零工驿站开展就业服务专项检查", "江城高新区零工驿站", 5, "吴国强、郑燕、王博等5人",
         _at(0, 8, 30), _at(0, 17, 30), "out", "江A·G2318", "李国华"),
        ("youmin", "赴清江县社保中心督导养老保险待遇资格认证", "清江县社会保险事业中心", 3, "秦志勇、尤敏、许强",
         _at(1, 8), _at(1, 18), "out", "江A·G1026", "王建军"),
        ("huajian", "欠薪案件现场调查（江城建工集团项目部）", "江城建工集团城东项目部", 2, "严红、华健",
         _at(1, 13, 30), _at(1, 17), "approved", None, None),
        ("chenhao", "江城大学秋季校园招聘会布展", "江城大学体育馆", 12, "冯晓燕、陈浩、褚丹及志愿者",
         _at(2, 7, 30), _at(2, 12), "approved", None, None),
        ("qianli", "赴省人社厅报送立法调研材料", "省人力资源和社会保障厅", 1, "钱莉",
         _at(3, 9), _at(3, 16), "pending", None, None),
        ("sunpeng", "参加市司法局行政执法人员培训", "市司法局培训中心", 1, "孙鹏",
         _at(2, 8, 30), _at(2, 17), "returned", None, None),
    )
    for requester, title, where, n, names, start, end, walk, plate, driver in trips:
        actor = _u(requester)
        obj = services.trip_create(
            actor=actor,
            data=services.TripData(title, "局机关", where, n, names, start, end),
        )
        obj = engine.request_submit(actor=actor, request_obj=obj)
        if walk == "pending":
            continue
        if walk == "returned":
            engine.request_return(
                actor=_u("zhoujianhua"),  # 孙鹏's 处长
                request_obj=obj,
                reason="培训地点有地铁直达，请乘坐公共交通。",
            )
            continue
        obj = _approve_all(obj)
        if walk == "approved":
            continue
        services.trip_dispatch(actor=clerk, request_obj=obj, vehicle=car[plate], driver=man[driver])
        if walk == "back":
            services.trip_check_in(
                actor=clerk, request_obj=obj, back_at=end - dt.timedelta(minutes=10),
                odometer_in=car[plate].mileage + 36, toll_cost=Decimal("0"), fuel_cost=Decimal("45.60"),
            )
    return len(trips)
