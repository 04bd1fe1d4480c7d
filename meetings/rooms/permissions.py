"""Rooms and bookings are not secret: every business user sees the rooms and the week's bookings.

What a booking is for is shown as 会议 only when it holds a classified meeting's room
(:func:`purpose_shown`). Anyone allowed may book (``meetings.book``); deciding on the bookings of
rooms that need approval is the office's (``meetings.rooms``), as is editing the rooms.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from office.choices import Clearance, Role
from office.permissions import EVERYTHING, ObjectPolicy, register_capability

BOOK = "meetings.book"
MANAGE = "meetings.rooms"


class OpenPolicy(ObjectPolicy):
    """Seen by every business user."""

    def scope(self, user, model):
        return EVERYTHING


def purpose_shown(booking, meeting_level: int | None) -> str:
    """The booking's purpose as the week view shows it: 会议 for a classified meeting's."""
    if meeting_level is not None and meeting_level >= Clearance.SECRET:
        return _("会议")
    return booking.purpose


def register() -> None:
    from meetings.models import Booking, Room
    from office import permissions

    permissions.register(Room, OpenPolicy())
    permissions.register(Booking, OpenPolicy())
    register_capability(BOOK, {Role.OFFICE, Role.LEADER, Role.DEPT_HEAD, Role.STAFF})
    register_capability(MANAGE, {Role.OFFICE})
