"""What a user sees on bad input: the booking in the way named, a span refused, the room too small
(a warning, the meeting made), a sign-in link expired or forged — nothing changed, never a 500."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from meetings.convening import signin
from meetings.models import Booking, Meeting
from office.models import AuditEvent
from tests.helpers import client_for

from .conftest import at

pytestmark = pytest.mark.django_db


def _booking_post(room, start, end, purpose="处务会"):
    return {
        "room": room.pk,
        "day": start.strftime("%Y-%m-%d"),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "purpose": purpose,
    }


def test_booking_from_the_week_view_and_the_overlap_named(people, rooms):
    client = client_for(people["qianli"])
    start = at(3, 9)
    page = client.get(f"/meetings/rooms/book/?room={rooms['first'].pk}&day={start:%Y-%m-%d}&start=09:00&end=10:00")
    assert page.status_code == 200 and 'value="09:00"' in page.content.decode()
    response = client.post("/meetings/rooms/book/", _booking_post(rooms["first"], start, start + dt.timedelta(hours=1)))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="meetings.book", actor=people["qianli"]).count() == 1
    week = client_for(people["sunpeng"]).get(f"/meetings/rooms/?week={start:%Y-%m-%d}").content.decode()
    assert "处务会" in week and "10:00–20:00" in week  # the free slot after it
    other = client_for(people["sunpeng"])
    response = other.post(
        "/meetings/rooms/book/",
        _booking_post(rooms["first"], start + dt.timedelta(minutes=30), start + dt.timedelta(hours=2), "调研座谈"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "冲突" in body and "法规处" in body and "处务会" in body
    assert Booking.objects.count() == 1


def test_a_span_ending_before_it_starts_is_refused(people, rooms):
    start = at(3, 15)
    response = client_for(people["qianli"]).post(
        "/meetings/rooms/book/", _booking_post(rooms["first"], start, start - dt.timedelta(hours=1))
    )
    assert response.status_code == 400 and "结束时间须晚于开始时间" in response.content.decode()
    assert not Booking.objects.exists()


def test_the_purpose_of_a_classified_meetings_booking_is_hidden(make_meeting, people):
    meeting = make_meeting("party", room="party", level=2, days=3)
    meeting.title = "研究干部任免事项"
    Meeting.objects.filter(pk=meeting.pk).update(title="研究干部任免事项")
    Booking.objects.filter(pk=meeting.booking_id).update(purpose="研究干部任免事项")
    week = client_for(people["qianli"]).get(f"/meetings/rooms/?week={meeting.starts_at:%Y-%m-%d}").content.decode()
    assert "研究干部任免事项" not in week and "会议" in week


def test_a_room_too_small_warns_and_the_meeting_is_made(people, units, kinds, rooms):
    start = at(4, 9)
    response = client_for(people["zhouting"]).post(
        "/meetings/new/",
        {
            "kind": kinds["office"].pk,
            "title": "",
            "day": f"{start:%Y-%m-%d}",
            "start": "09:00",
            "end": "11:00",
            "room": rooms["small"].pk,
            "chair": people["wangjianguo"].pk,
            "secretary": people["wujing"].pk,
            "organizer": units["BGS"].pk,
            "secret_level": 1,
            "present": [people["qianli"].pk],
        },
        follow=True,
    )
    body = response.content.decode()
    assert response.status_code == 200 and "只能容纳4人，本次参会5人" in body
    meeting = Meeting.objects.get()
    assert meeting.title.endswith("第1次测试局长办公会议") and meeting.attendees.count() == 5


def test_the_sign_in_page_explains_a_bad_link(make_meeting, people):
    meeting = make_meeting("topic", extra=("qianli",))
    client = client_for(people["qianli"])
    expired = signin.token_for(meeting, now=time.time() - 600)
    response = client.get(f"/meetings/sign-in/?t={expired}")
    assert response.status_code == 400 and "已过期" in response.content.decode()
    response = client.post("/meetings/sign-in/", {"t": "forged:token"})
    assert response.status_code == 400 and "无效" in response.content.decode()
    response = client.post("/meetings/sign-in/", {"t": signin.token_for(meeting)})
    assert response.status_code == 400 and "不能签到" in response.content.decode()  # not notified yet
    assert meeting.attendees.get(user=people["qianli"]).presence == "unknown"


def test_the_workbench_shows_my_meetings_this_week(make_meeting, people):
    meeting = make_meeting("topic", extra=("qianli",), days=0)
    Meeting.objects.filter(pk=meeting.pk).update(
        state="notified",
        starts_at=timezone.now() + dt.timedelta(minutes=5),
        ends_at=timezone.now() + dt.timedelta(hours=1),
    )
    client = client_for(people["qianli"])
    assert "本周会议" in client.get("/").content.decode()
    assert meeting.title in client.get("/meetings/my-week/", headers={"HX-Request": "true"}).content.decode()
