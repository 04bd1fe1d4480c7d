"""Every write of rooms and bookings.

Two holding bookings (待审批, 已预订) of one room never overlap. The service names the booking in
the way before writing; on PostgreSQL the exclusion constraint (migration 0001, office.overlap) is
the judge when two people book at once, and the loser gets the same message naming the winner. On
SQLite (one writer at a time, ``BEGIN IMMEDIATE``) the check under that lock is enough.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.choices import HOLDING_STATES, BookingState
from meetings.models import BOOKING_OVERLAP_CONSTRAINT, Booking, Room
from meetings.rooms.permissions import BOOK, MANAGE
from office.audit import audit_record
from office.models import OrgUnit, User
from office.overlap import is_overlap_violation, overlapping
from office.permissions import require

MAX_SPAN = dt.timedelta(days=1)


def _local(at: dt.datetime) -> str:
    return timezone.localtime(at).strftime("%m-%d %H:%M")


def in_the_way(
    room: Room, starts_at: dt.datetime, ends_at: dt.datetime, *, exclude: int | None = None
) -> Booking | None:
    rows = overlapping(Booking.objects.filter(room=room, state__in=HOLDING_STATES), starts_at, ends_at)
    if exclude:
        rows = rows.exclude(pk=exclude)
    return rows.select_related("unit").order_by("starts_at").first()


def overlap_message(other: Booking) -> ValidationError:
    from meetings.rooms.permissions import purpose_shown

    meeting = getattr(other, "meeting", None) if other.pk else None
    level = meeting.secret_level if meeting is not None else None
    return ValidationError(
        _("该时段与%(unit)s的预订“%(purpose)s”（%(start)s—%(end)s）冲突，请另选时间或会议室。")
        % {
            "unit": other.unit.display_name,
            "purpose": purpose_shown(other, level),
            "start": _local(other.starts_at),
            "end": timezone.localtime(other.ends_at).strftime("%H:%M"),
        }
    )


def check_span(room: Room | None, starts_at, ends_at) -> None:
    if room is None:
        raise ValidationError({"room": _("请选择会议室。")})
    if not room.active:
        raise ValidationError({"room": _("该会议室已停用。")})
    if starts_at is None or ends_at is None:
        raise ValidationError({"starts_at": _("请填写开始和结束时间。")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("结束时间须晚于开始时间。")})
    if ends_at - starts_at > MAX_SPAN:
        raise ValidationError({"ends_at": _("一次预订不能超过一天。")})


def capacity_warning(room: Room | None, people: int) -> str:
    """A warning (not a refusal) when the room seats fewer than the people asked."""
    if room is None or people <= room.capacity:
        return ""
    return _("%(room)s只能容纳%(capacity)s人，本次参会%(people)s人。") % {
        "room": room.name,
        "capacity": room.capacity,
        "people": people,
    }


def _hold(booking: Booking) -> None:
    """Insert or move the booking; a concurrent winner on PostgreSQL is named like a prior one."""
    other = in_the_way(booking.room, booking.starts_at, booking.ends_at, exclude=booking.pk)
    if other is not None:
        raise overlap_message(other)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:
        if connection.vendor != "postgresql" or not is_overlap_violation(exc, BOOKING_OVERLAP_CONSTRAINT):
            raise
        other = in_the_way(booking.room, booking.starts_at, booking.ends_at, exclude=booking.pk)
        raise overlap_message(other) if other is not None else ValidationError(_("该时段已被他人预订。")) from None


@transaction.atomic
def booking_create(
    *,
    actor: User,
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    purpose: str,
    unit: OrgUnit | None = None,
    request=None,
    for_meeting: bool = False,
) -> Booking:
    """Hold ``room`` over [starts_at, ends_at). Rooms that need approval wait for the office's,
    unless the office books (or a meeting does)."""
    require(actor, BOOK, request=request)
    check_span(room, starts_at, ends_at)
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": _("请填写用途。")})
    unit = unit or actor.unit
    if unit is None:
        raise ValidationError({"unit": _("请选择预订部门。")})
    if connection.vendor != "postgresql":
        Room.objects.select_for_update().filter(pk=room.pk).first()
    pending = room.needs_approval and not for_meeting and actor.role != "office"
    booking = Booking(
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose[:200],
        booked_by=actor,
        unit=unit,
        state=BookingState.PENDING if pending else BookingState.CONFIRMED,
    )
    booking._change_reason, booking._history_user = _("预订"), actor
    _hold(booking)
    audit_record(actor=actor, action="meetings.book", obj=booking, detail={"room": room.pk}, request=request)
    return booking


def _lock(booking: Booking) -> Booking:
    return Booking.objects.select_for_update(of=("self",)).select_related("room", "unit").get(pk=booking.pk)


@transaction.atomic
def booking_move(
    *,
    actor: User,
    booking: Booking,
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    request=None,
) -> Booking:
    """A meeting moved in time or room moves its booking (refused like a new one if it collides)."""
    booking = _lock(booking)
    if booking.state not in HOLDING_STATES:
        raise ValidationError(_("该预订已取消，不能修改。"))
    check_span(room, starts_at, ends_at)
    booking.room, booking.starts_at, booking.ends_at = room, starts_at, ends_at
    booking._change_reason, booking._history_user = _("改期"), actor
    _hold(booking)
    audit_record(actor=actor, action="meetings.book_move", obj=booking, request=request)
    return booking


def _may_cancel(actor: User, booking: Booking) -> bool:
    return actor.pk == booking.booked_by_id or actor.role == "office"


@transaction.atomic
def booking_cancel(
    *, actor: User, booking: Booking, reason: str = "", request=None, by_meeting: bool = False
) -> Booking:
    """Give the room back. A meeting's booking goes with the meeting (cancel or move the meeting)."""
    booking = _lock(booking)
    if not by_meeting and hasattr(booking, "meeting"):
        raise ValidationError(_("这是会议的预订，请在会议页面修改或取消会议。"))
    if not by_meeting and not _may_cancel(actor, booking):
        require(actor, MANAGE, request=request)
    if booking.state not in HOLDING_STATES:
        raise ValidationError(_("该预订已取消或未获批准。"))
    booking.state, booking.reason = BookingState.CANCELLED, (reason or "").strip()[:300]
    booking._change_reason, booking._history_user = _("取消预订"), actor
    booking.save(update_fields=["state", "reason"])
    audit_record(actor=actor, action="meetings.book_cancel", obj=booking, request=request)
    return booking


@transaction.atomic
def booking_decide(*, actor: User, booking: Booking, approve: bool, reason: str = "", request=None) -> Booking:
    """The office approves (已预订) or refuses (未批准, with a reason) a booking waiting for it."""
    require(actor, MANAGE, request=request)
    booking = _lock(booking)
    if booking.state != BookingState.PENDING:
        raise ValidationError(_("该预订不在待审批状态。"))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("不批准时请说明理由。")})
    booking.state = BookingState.CONFIRMED if approve else BookingState.REJECTED
    booking.reason, booking.decided_by, booking.decided_at = reason[:300], actor, timezone.now()
    booking._change_reason, booking._history_user = _("批准预订") if approve else _("不批准预订"), actor
    booking.save(update_fields=["state", "reason", "decided_by", "decided_at"])
    audit_record(actor=actor, action="meetings.book_decide", obj=booking, detail={"approve": approve}, request=request)
    return booking
