"""Fixtures for 办会 tests: the demo organ's people, a few rooms and kinds, and ``make_meeting``,
which creates a meeting through the service (numbered, booked, the kind's members asked)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from meetings.choices import AttendeeRole, QuorumRule
from meetings.convening import services
from meetings.convening.services import Invitee
from meetings.models import MeetingKind, Room
from office.models import OrgUnit, User

_n = itertools.count(1)


@pytest.fixture
def people(demo_people) -> dict[str, User]:
    return {u.username: u for u in User.objects.select_related("unit")}


@pytest.fixture
def units(demo_people) -> dict[str, OrgUnit]:
    return {u.code: u for u in OrgUnit.objects.all()}


@pytest.fixture
def rooms(db) -> dict[str, Room]:
    made = {
        "first": Room.objects.get_or_create(name="测试第一会议室", defaults={"capacity": 30})[0],
        "small": Room.objects.get_or_create(name="测试小会议室", defaults={"capacity": 4})[0],
        "party": Room.objects.get_or_create(
            name="测试党组会议室", defaults={"capacity": 16, "classified_allowed": True}
        )[0],
        "hall": Room.objects.get_or_create(name="测试报告厅", defaults={"capacity": 200, "needs_approval": True})[0],
    }
    return made


@pytest.fixture
def kinds(people) -> dict[str, MeetingKind]:
    leaders = [people[u] for u in ("wangjianguo", "liminghua", "zhaozhigang", "chenxuemei")]
    office_kind, _c = MeetingKind.objects.get_or_create(
        code="t-jzbg",
        defaults={
            "name": "测试局长办公会议",
            "minutes_title": "局长办公会议纪要",
            "default_chair": people["wangjianguo"],
            "order": 1,
        },
    )
    party, _c = MeetingKind.objects.get_or_create(
        code="t-dz",
        defaults={
            "name": "测试党组会议",
            "minutes_title": "党组会议纪要",
            "substitute_allowed": False,
            "default_chair": people["wangjianguo"],
            "order": 0,
        },
    )
    topic, _c = MeetingKind.objects.get_or_create(
        code="t-zt",
        defaults={
            "name": "测试专题会议",
            "minutes_title": "专题会议纪要",
            "collects_agenda": False,
            "quorum": QuorumRule.NONE,
            "substitute_required": True,
            "order": 3,
        },
    )
    office_kind.members.set(leaders)
    party.members.set(leaders)
    return {"office": office_kind, "party": party, "topic": topic}


def at(days: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def make_meeting(people, units, kinds, rooms):
    """``make_meeting(kind="office", days=3, room="first", extra=("qianli",), units=("ZCFG",))``."""

    def _make(
        kind="office",
        *,
        days=None,
        hours=2,
        room="first",
        extra=(),
        sitting_in=(),
        asked_units=(),
        level=1,
        place="",
        chair="wangjianguo",
        secretary="wujing",
    ):
        days = days if days is not None else 3 + next(_n) % 20
        start = at(days, 9)
        invitees = [Invitee(user=people[u]) for u in extra]
        invitees += [Invitee(user=people[u], role=AttendeeRole.SITTING_IN) for u in sitting_in]
        invitees += [Invitee(unit=units[c]) for c in asked_units]
        return services.meeting_create(
            people["zhouting"],
            kind=kinds[kind],
            starts_at=start,
            ends_at=start + dt.timedelta(hours=hours),
            room=rooms[room] if room else None,
            place=place,
            chair=people[chair],
            secretary=people[secretary],
            organizer=units["BGS"],
            secret_level=level,
            attendees=invitees,
        )

    return _make


from .agenda_fixtures import accepted, draft, open_call  # noqa: E402,F401  (the 议题 fixtures)


def members_signed_in(meeting) -> None:
    """Test set-up: the members who did not ask leave are marked present (召开 asks the quorum)."""
    from meetings.choices import Answer, Presence
    from meetings.models import Attendee

    rows = Attendee.objects.filter(meeting=meeting, is_member=True).exclude(answer=Answer.LEAVE)
    rows.update(presence=Presence.PRESENT, signed_in_at=timezone.now())
