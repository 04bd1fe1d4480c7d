"""Query counts of 办会's lists, calendar, 领导日程, room week, meeting page and workbench panel,
pinned on the demo organ for every business role — and unchanged when the rows multiply."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from meetings.models import Booking, Meeting, Room
from office.models import User
from tests.conftest import DEMO_ROLES
from tests.helpers import client_for
from tests.test_query_budget import _count

BUSINESS = ("principal", "deputy", "office", "dept_head", "staff")
PAGES = (
    "/meetings/",
    "/meetings/?view=mine",
    "/meetings/?view=past",
    "/meetings/calendar/",
    "/meetings/schedule/",
    "/meetings/rooms/",
    "/meetings/rooms/mine/",
)
#: Statements per page: session and user, the page's own reads, its counts (one statement);
#: the office's room week also counts the bookings waiting for its approval.
BASE = {
    "/meetings/": 6,
    "/meetings/?view=mine": 6,
    "/meetings/?view=past": 6,
    "/meetings/calendar/": 5,
    "/meetings/schedule/": 7,
    "/meetings/rooms/": 6,
    "/meetings/rooms/mine/": 5,
}
PINNED = {role: dict(BASE) for role in BUSINESS}
PINNED["office"]["/meetings/rooms/"] = 7


def _counts(client) -> dict[str, int]:
    out = {}
    for page in PAGES:
        assert client.get(page).status_code == 200
        with _count() as ctx:
            assert client.get(page).status_code == 200
        out[page] = ctx.n
    return out


def _more_rows():
    """More bookings this week and more meetings of every state: the counts must not move."""
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    room = Room.objects.create(name="加测会议室", capacity=10)
    user = User.objects.get(username="zhouting")
    for i in range(14):
        start = timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=i % 7), dt.time(8 + i // 7 * 2)))
        Booking.objects.create(
            room=room,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            purpose="加测",
            booked_by=user,
            unit=user.unit,
        )
    for meeting in list(Meeting.objects.all()):
        attendees = list(meeting.attendees.all())
        meeting.pk, meeting.booking, meeting.room, meeting.place = None, None, None, "加测地点"
        meeting.number += 100
        meeting.save()
        for a in attendees:
            a.pk, a.meeting = None, meeting
            a.save()


@pytest.mark.parametrize("role", BUSINESS)
def test_counts_are_pinned_and_do_not_grow(demo, role):
    client = client_for(User.objects.get(username=DEMO_ROLES[role]))
    first = _counts(client)
    print(role, first)
    assert first == PINNED[role], first
    _more_rows()
    assert _counts(client) == first


def test_the_meeting_page_and_the_workbench_panel(demo):
    client = client_for(User.objects.get(username=DEMO_ROLES["office"]))
    meeting = Meeting.objects.get(title="2027年度部门预算编制协调会")
    url = f"/meetings/{meeting.pk}/"
    client.get(url)
    with _count() as ctx:
        assert client.get(url).status_code == 200
    print("detail", ctx.n)
    assert ctx.n <= 12
