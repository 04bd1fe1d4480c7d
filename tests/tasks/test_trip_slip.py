"""用车: the 派车单 print of a dispatched trip, and the vehicles' 年检/保险 dates as the office's deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from office.models import AuditEvent, Deadline, DeadlineState, User
from office.org import office_unit
from tasks.models import AffairRequest, Vehicle
from tasks.vehicles.due_dates import INSURANCE_DEADLINE
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

OUT = "赴清江县社保中心督导养老保险待遇资格认证"  # 养老处's, dispatched: 江A·G1026 with 王建军
WAITING = "欠薪案件现场调查（江城建工集团项目部）"  # 监察处's, approved: no vehicle yet


@pytest.fixture
def office(demo):
    return client_for(User.objects.get(username="zhouting"))


def test_a_dispatched_trip_prints_its_slip_with_vehicle_driver_and_signature_lines(office):
    obj = AffairRequest.objects.get(title=OUT)
    detail = office.get(obj.get_absolute_url()).content.decode()
    assert f"/tasks/{obj.pk}/trip-slip/" in detail
    page = office.get(f"/tasks/{obj.pk}/trip-slip/").content.decode()
    for text in ("派车单", obj.number, "江A·G1026", "王建军", "13907910001", "清江县社会保险事业中心",
                 "用车人签字", "驾驶员签字", "回车里程", "css/slip.css"):
        assert text in page, text
    assert "<style" not in page and "<script>" not in page
    assert AuditEvent.objects.filter(action="tasks.trip_print", object_id=str(obj.pk)).count() == 1


def test_no_slip_before_dispatch_nor_outside_scope(office):
    waiting = AffairRequest.objects.get(title=WAITING)
    assert office.get(f"/tasks/{waiting.pk}/trip-slip/").status_code == 404
    assert "trip-slip" not in office.get(waiting.get_absolute_url()).content.decode()
    outsider = client_for(User.objects.get(username="qianli"))  # 法规处's staff: 养老处's trip is not hers
    out = AffairRequest.objects.get(title=OUT)
    assert outsider.get(f"/tasks/{out.pk}/trip-slip/").status_code == 404
    assert not AuditEvent.objects.filter(action="tasks.trip_print").exists()


def _form(vehicle: Vehicle, **changes) -> dict:
    data = {f: getattr(vehicle, f) for f in ("plate", "model_name", "kind", "seats", "state", "mileage", "note",
                                              "sort_order")}
    data.update(inspection_due="", insurance_due="")
    data.update(changes)
    return {k: "" if v is None else v for k, v in data.items()}


def _open(vehicle: Vehicle):
    return Deadline.objects.filter(target_id=str(vehicle.pk), kind=INSURANCE_DEADLINE, state=DeadlineState.OPEN)


def test_the_insurance_date_is_an_office_deadline_that_moves_and_closes_on_retirement(office):
    car = Vehicle.objects.get(plate="江A·G3051")
    url = f"/tasks/vehicles/fleet/vehicle/{car.pk}/"
    first = timezone.localdate() + dt.timedelta(days=20)
    assert office.post(url, _form(car, insurance_due=first.isoformat())).status_code == 302
    deadline = _open(car).get()
    assert deadline.responsible_unit == office_unit() and "江A·G3051" in deadline.title
    assert deadline.responsible_user.username == "zhouting"  # the office's 文书
    assert timezone.localtime(deadline.due_at).date() == first
    later = first + dt.timedelta(days=365)
    office.post(url, _form(car, insurance_due=later.isoformat()))
    assert timezone.localtime(_open(car).get().due_at).date() == later and _open(car).get().pk == deadline.pk
    office.post(url, _form(car, state="retired", insurance_due=later.isoformat()))
    assert not _open(car).exists()


def test_the_fleet_page_shows_a_near_date_in_amber_and_a_past_one_in_red(office):
    page = office.get("/tasks/vehicles/fleet/").content.decode()
    row = page.split('data-vehicle="江A·G2318"')[1].split("</tr>")[0]  # the demo's: insurance due in 10 days
    assert 'text-bg-warning" data-due="soon"' in row
    car = Vehicle.objects.get(plate="江A·G1026")
    past = timezone.localdate() - dt.timedelta(days=3)
    office.post(f"/tasks/vehicles/fleet/vehicle/{car.pk}/", _form(car, inspection_due=past.isoformat()))
    page = office.get("/tasks/vehicles/fleet/").content.decode()
    row = page.split('data-vehicle="江A·G1026"')[1].split("</tr>")[0]
    assert 'text-bg-danger" data-due="past"' in row and past.isoformat() in row
