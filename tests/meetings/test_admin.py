"""Rooms and meeting kinds are edited in the admin by the system administrator only."""

from __future__ import annotations

import pytest

from meetings.models import Room
from office.models import AuditEvent
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_the_system_administrator_adds_a_room(people):
    client = client_for(people["sysadmin"])
    assert client.get("/admin/meetings/room/").status_code == 200
    assert client.get("/admin/meetings/meetingkind/").status_code == 200
    response = client.post(
        "/admin/meetings/room/add/",
        {
            "name": "第四会议室",
            "place": "办公楼4楼",
            "capacity": 20,
            "equipment": "",
            "order": 7,
            "active": "on",
        },
    )
    assert response.status_code == 302
    room = Room.objects.get(name="第四会议室")
    assert AuditEvent.objects.filter(actor=people["sysadmin"], object_id=str(room.pk)).exists()


@pytest.mark.parametrize("username", ["zhouting", "secadmin"])
def test_others_may_not(people, username):
    response = client_for(people[username]).get("/admin/meetings/room/")
    assert response.status_code in (302, 403, 404)
    assert not Room.objects.filter(name="第四会议室").exists()
