"""Reads of rooms and bookings, through the policy: the week view, the bookings awaiting approval."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from meetings.choices import HOLDING_STATES, BookingState
from meetings.models import Booking, Room
from meetings.rooms.permissions import purpose_shown
from office.permissions import restrict

#: The bookable day shown in the week view (free slots are counted inside it).
DAY_START, DAY_END = dt.time(8, 0), dt.time(20, 0)
MIN_FREE = dt.timedelta(minutes=30)


@dataclass
class Slot:
    starts_at: dt.datetime
    ends_at: dt.datetime
    booking: Booking | None = None
    label: str = ""

    @property
    def free(self) -> bool:
        return self.booking is None


@dataclass
class RoomDay:
    room: Room
    day: dt.date
    slots: list[Slot] = field(default_factory=list)


@dataclass
class Day:
    day: dt.date
    rooms: list[RoomDay]

    @property
    def is_today(self) -> bool:
        return self.day == timezone.localdate()

    @property
    def is_past(self) -> bool:
        """Past days are left out on a phone (the week starts today there)."""
        return self.day < timezone.localdate()


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def rooms(*, user) -> QuerySet[Room]:
    return restrict(Room.objects.filter(active=True), user).order_by("order", "name")


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def week(*, user, monday: dt.date, days: int = 7) -> list[Day]:
    """Each day of the week, each room, its bookings and the free slots between them (two queries)."""
    room_list = list(rooms(user=user))
    start, end = _aware(monday, dt.time.min), _aware(monday + dt.timedelta(days=days), dt.time.min)
    rows = (
        restrict(Booking.objects.filter(state__in=HOLDING_STATES, starts_at__lt=end, ends_at__gt=start), user)
        .select_related("unit", "meeting")
        .order_by("room_id", "starts_at")
    )
    by_room_day: dict[tuple[int, dt.date], list[Booking]] = {}
    for b in rows:
        day = timezone.localtime(b.starts_at).date()
        by_room_day.setdefault((b.room_id, day), []).append(b)
    now = timezone.now()
    out = []
    for i in range(days):
        day = monday + dt.timedelta(days=i)
        open_, close = _aware(day, DAY_START), _aware(day, DAY_END)
        room_days = []
        for room in room_list:
            rd = RoomDay(room=room, day=day)
            cursor = max(open_, now.replace(second=0, microsecond=0)) if day == timezone.localdate() else open_
            for b in by_room_day.get((room.pk, day), []):
                if b.starts_at - cursor >= MIN_FREE and cursor < close:
                    rd.slots.append(Slot(cursor, min(b.starts_at, close)))
                meeting = getattr(b, "meeting", None)
                rd.slots.append(
                    Slot(b.starts_at, b.ends_at, b, purpose_shown(b, meeting.secret_level if meeting else None))
                )
                cursor = max(cursor, b.ends_at)
            if close - cursor >= MIN_FREE and now < close:
                rd.slots.append(Slot(cursor, close))
            room_days.append(rd)
        out.append(Day(day, room_days))
    return out


def pending(*, user) -> QuerySet[Booking]:
    """Bookings awaiting the office's decision, soonest first."""
    return (
        restrict(Booking.objects.filter(state=BookingState.PENDING), user)
        .select_related("room", "unit", "booked_by")
        .order_by("starts_at", "id")
    )


def mine(*, user) -> QuerySet[Booking]:
    """The user's own bookings from today on (not a meeting's)."""
    today = _aware(timezone.localdate(), dt.time.min)
    return (
        restrict(Booking.objects.filter(booked_by=user, ends_at__gt=today, meeting__isnull=True), user)
        .select_related("room", "unit")
        .order_by("starts_at", "id")
    )
