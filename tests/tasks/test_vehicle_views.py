"""用车 pages on the demo organ: the office's week, queue and fleet in pinned query counts, 派车 and
回车登记 from the request's page (a conflict named on the page, nothing changed), the request form."""

from __future__ import annotations

import pytest
from django.utils import timezone

from office.models import User
from tasks.models import AffairRequest, Driver, Trip, Vehicle
from tests.helpers import assert_num_queries, client_for

pytestmark = pytest.mark.django_db

#: The office's pages: the same number whatever the week holds (lanes and trips: one query each).
PAGES = {
    "/tasks/vehicles/week/": 6,
    "/tasks/vehicles/week/?by=driver": 6,
    "/tasks/vehicles/dispatch/": 6,
    "/tasks/vehicles/fleet/": 6,
    "/tasks/vehicle/?box=all": 6,
}
OUT = "赴清江县社保中心督导养老保险待遇资格认证"  # 养老处's, dispatched: 江A·G1026 with 王建军, tomorrow
WAITING = "欠薪案件现场调查（江城建工集团项目部）"  # 监察处's, approved, tomorrow 13:30–17:00: 派车 next


@pytest.fixture
def office(demo):
    return client_for(User.objects.get(username="zhouting"))


@pytest.mark.parametrize("url", list(PAGES))
def test_the_office_pages_in_pinned_queries(office, url):
    office.get(url)
    with assert_num_queries(PAGES[url]):
        page = office.get(url).content.decode()
    assert "江A·G1026" in page or "王建军" in page or "用车" in page


def test_the_week_shows_each_vehicle_and_its_trips(office):
    out = AffairRequest.objects.get(title=OUT)
    week = f"week={timezone.localtime(out.trip.starts_at).date().isoformat()}"
    page = office.get(f"/tasks/vehicles/week/?{week}").content.decode()
    assert f'data-trip="{out.number}"' in page and "江A·G0872" in page and "维修中" in page
    by_driver = office.get(f"/tasks/vehicles/week/?by=driver&{week}").content.decode()
    assert f'data-trip="{out.number}"' in by_driver and "陈志刚" in by_driver


def test_the_queue_lists_what_waits_for_a_vehicle_and_what_is_out(office):
    page = office.get("/tasks/vehicles/dispatch/").content.decode()
    waiting, out = page.split('data-card="out"')
    assert WAITING in waiting and OUT in out


def test_dispatch_on_a_taken_vehicle_is_named_on_the_page_and_changes_nothing(office):
    obj = AffairRequest.objects.get(title=WAITING)
    other = AffairRequest.objects.get(title=OUT)
    car, free_driver = Vehicle.objects.get(plate="江A·G1026"), Driver.objects.get(name="陈志刚")
    response = office.post(f"/tasks/{obj.pk}/dispatch/", {"vehicle": car.pk, "driver": free_driver.pk})
    assert response.status_code == 400
    assert "车辆江A·G1026在" in response.content.decode() and other.number in response.content.decode()
    assert AffairRequest.objects.get(pk=obj.pk).state == "approved"
    bus = Vehicle.objects.get(plate="江A·G3051")
    response = office.post(f"/tasks/{obj.pk}/dispatch/", {"vehicle": bus.pk, "driver": free_driver.pk})
    assert response.status_code == 302
    assert Trip.objects.get(request=obj).vehicle == bus
    assert "江A·G3051" in office.get(f"/tasks/{obj.pk}/").content.decode()


def test_a_return_before_the_trip_began_is_refused(office):
    obj = AffairRequest.objects.get(title=OUT)
    start = Trip.objects.get(request=obj).starts_at
    response = office.post(
        f"/tasks/{obj.pk}/check_in/", {"back_at": "2020-01-01T08:00", "odometer_in": 90000}
    )
    assert response.status_code == 400 and "回车时间须晚于用车开始时间" in response.content.decode()
    trip = Trip.objects.get(request=obj)
    assert trip.holds and trip.back_at is None and trip.starts_at == start


def test_a_reversed_span_is_answered_on_the_form(demo):
    staff = client_for(User.objects.get(username="qianli"))
    before = AffairRequest.objects.count()
    response = staff.post(
        "/tasks/vehicle/new/",
        {"title": "调研", "origin": "局机关", "destination": "清江县", "passengers": 2, "passenger_names": "钱莉",
         "starts_at": "2030-05-06T17:00", "ends_at": "2030-05-06T09:00"},
    )
    assert response.status_code == 400 and "用车结束时间须晚于开始时间" in response.content.decode()
    assert AffairRequest.objects.count() == before


def test_the_office_adds_a_vehicle_on_its_own_page(office):
    response = office.post(
        "/tasks/vehicles/fleet/vehicle/new/",
        {"plate": "江A·G5555", "model_name": "比亚迪汉", "kind": "sedan", "seats": 4, "state": "in_service",
         "mileage": 12, "sort_order": 9},
    )
    assert response.status_code == 302 and Vehicle.objects.filter(plate="江A·G5555").exists()
