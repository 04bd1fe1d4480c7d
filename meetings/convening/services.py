"""Every write of a meeting's way: create, edit, the table's steps, cancel.

Meetings are numbered per kind and year (office.serials, ``meeting.<kind code>``) and book their
room through :func:`meetings.rooms.services.booking_create`; moving the meeting moves its booking,
cancelling it gives the room back. The notice, answers and sign-in are in
:mod:`meetings.convening.notice` and :mod:`meetings.convening.signin`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.choices import AttendeeRole, MeetingState
from meetings.convening import notice, workflow
from meetings.convening.common import quorum_refusal, step_begin, step_finish
from meetings.convening.permissions import CREATE
from meetings.models import Attendee, Meeting, MeetingKind, Room
from meetings.rooms import services as rooms
from office.audit import audit_record
from office.choices import Clearance, Role
from office.models import OrgUnit, User
from office.permissions import require
from office.serials import serial_next


def serial_kind(kind: MeetingKind) -> str:
    return f"meeting.{kind.code}"


@dataclass(frozen=True)
class Invitee:
    """One person (or a department asked to send someone) invited to a meeting."""

    user: User | None = None
    unit: OrgUnit | None = None
    role: str = AttendeeRole.PRESENT


def _check(
    *,
    kind,
    starts_at,
    ends_at,
    room,
    place,
    chair,
    secretary,
    secret_level,
    agenda_cutoff,
    people: Iterable[User],
) -> None:
    if kind is None or not kind.active:
        raise ValidationError({"kind": _("请选择会议类型。")})
    if starts_at is None or ends_at is None:
        raise ValidationError({"starts_at": _("请填写开始和结束时间。")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("结束时间须晚于开始时间。")})
    if ends_at - starts_at > rooms.MAX_SPAN:
        raise ValidationError({"ends_at": _("会议不能超过一天。")})
    if room is None and not (place or "").strip():
        raise ValidationError({"room": _("请选择会议室，或填写其他地点。")})
    if room is not None and secret_level >= Clearance.SECRET and not room.classified_allowed:
        raise ValidationError({"room": _("%(room)s不能召开涉密会议。") % {"room": room.name}})
    if chair is None or secretary is None:
        raise ValidationError({"chair": _("请选择主持人和记录人。")})
    if agenda_cutoff is not None and agenda_cutoff >= starts_at:
        raise ValidationError({"agenda_cutoff": _("议题截止时间须早于会议开始时间。")})
    short = [u.full_name for u in {chair, secretary, *people} if u is not None and u.clearance < secret_level]
    if short:
        raise ValidationError(
            {"secret_level": _("以下人员的涉密等级低于会议密级：%(names)s。") % {"names": "、".join(sorted(short))}}
        )


def _attendee_rows(meeting: Meeting, kind: MeetingKind, invitees: Iterable[Invitee]) -> list[Attendee]:
    rows: dict[object, Attendee] = {}
    for member in kind.members.filter(is_active=True).order_by("id"):
        rows[member.pk] = Attendee(meeting=meeting, user=member, unit_id=member.unit_id, is_member=True)
    for inv in invitees:
        if inv.user is not None:
            if inv.user.pk not in rows:
                rows[inv.user.pk] = Attendee(meeting=meeting, user=inv.user, unit_id=inv.user.unit_id, role=inv.role)
        elif inv.unit is not None and ("unit", inv.unit.pk) not in rows:
            rows[("unit", inv.unit.pk)] = Attendee(meeting=meeting, unit=inv.unit, role=inv.role)
    return list(rows.values())


def people_count(meeting_or_rows) -> int:
    rows = meeting_or_rows if isinstance(meeting_or_rows, list) else list(meeting_or_rows.attendees.all())
    return len(rows)


@transaction.atomic
def meeting_create(
    user: User,
    *,
    kind: MeetingKind,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    room: Room | None = None,
    place: str = "",
    chair: User,
    secretary: User,
    organizer: OrgUnit,
    secret_level: int = Clearance.INTERNAL,
    agenda_cutoff: dt.datetime | None = None,
    attendees: Iterable[Invitee] = (),
    title: str = "",
    notes: str = "",
    request=None,
) -> Meeting:
    """筹备: the meeting is numbered (2026年第12次局长办公会议), its room booked, the kind's members
    asked as 出席 (is_member), the others as given. Returns the meeting; ``meeting.capacity_warning``
    says when the room seats fewer than those asked."""
    require(user, CREATE, request=request)
    invitees = list(attendees)
    people = [i.user for i in invitees if i.user is not None]
    _check(
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        place=place,
        chair=chair,
        secretary=secretary,
        secret_level=secret_level,
        agenda_cutoff=agenda_cutoff,
        people=people,
    )
    year = timezone.localtime(starts_at).year
    number = serial_next(kind=serial_kind(kind), year=year)
    meeting = Meeting(
        kind=kind,
        year=year,
        number=number,
        state=MeetingState.DRAFT,
        state_since=timezone.now(),
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        place=(place or "").strip()[:200],
        chair=chair,
        secretary=secretary,
        organizer=organizer,
        secret_level=secret_level,
        agenda_cutoff=agenda_cutoff,
        notes=(notes or "").strip(),
        created_by=user,
    )
    meeting.title = (title or "").strip()[:200] or f"{year}年第{number}次{kind.name}"
    if room is not None:
        meeting.booking = rooms.booking_create(
            actor=user,
            room=room,
            starts_at=starts_at,
            ends_at=ends_at,
            purpose=meeting.title,
            unit=organizer,
            request=request,
            for_meeting=True,
        )
    meeting._change_reason, meeting._history_user = _("筹备会议"), user
    meeting.save()
    rows = _attendee_rows(meeting, kind, invitees)
    members_short = [a.user.full_name for a in rows if a.user is not None and a.user.clearance < secret_level]
    if members_short:
        raise ValidationError(
            {"secret_level": _("以下人员的涉密等级低于会议密级：%(names)s。") % {"names": "、".join(members_short)}}
        )
    Attendee.objects.bulk_create(rows)
    meeting.capacity_warning = rooms.capacity_warning(room, len(rows))
    audit_record(actor=user, action="meetings.create", obj=meeting, detail={"kind": kind.code}, request=request)
    return meeting


#: Fields that, changed after the notice, send an update (.ics SEQUENCE + 1).
NOTICE_FIELDS = ("starts_at", "ends_at", "room", "place")


@transaction.atomic
def meeting_edit(
    user: User,
    *,
    meeting: Meeting,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    room: Room | None,
    place: str,
    chair: User,
    secretary: User,
    secret_level: int,
    agenda_cutoff: dt.datetime | None,
    title: str,
    notes: str = "",
    request=None,
) -> Meeting:
    """修改: a new time or room moves the booking (or books one / gives it back). After the notice, a
    changed time or place raises the .ics SEQUENCE; the update is sent by the notice module."""
    meeting = step_begin(user, meeting, "edit", request)
    people = list(User.objects.filter(pk__in=meeting.attendees.filter(user__isnull=False).values("user")))
    _check(
        kind=meeting.kind,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        place=place,
        chair=chair,
        secretary=secretary,
        secret_level=secret_level,
        agenda_cutoff=agenda_cutoff,
        people=people,
    )
    moved = (meeting.starts_at, meeting.ends_at, meeting.room_id, meeting.place) != (
        starts_at,
        ends_at,
        room.pk if room else None,
        (place or "").strip()[:200],
    )
    if meeting.booking_id and room is not None:
        rooms.booking_move(
            actor=user, booking=meeting.booking, room=room, starts_at=starts_at, ends_at=ends_at, request=request
        )
    elif meeting.booking_id:
        rooms.booking_cancel(actor=user, booking=meeting.booking, reason=_("会议改在其他地点"), by_meeting=True)
        meeting.booking = None
    elif room is not None:
        meeting.booking = rooms.booking_create(
            actor=user,
            room=room,
            starts_at=starts_at,
            ends_at=ends_at,
            purpose=meeting.title,
            unit=meeting.organizer,
            request=request,
            for_meeting=True,
        )
    meeting.starts_at, meeting.ends_at, meeting.room, meeting.place = (
        starts_at,
        ends_at,
        room,
        (place or "").strip()[:200],
    )
    meeting.chair, meeting.secretary, meeting.secret_level = chair, secretary, secret_level
    meeting.agenda_cutoff, meeting.title, meeting.notes = (
        agenda_cutoff,
        (title or "").strip()[:200] or meeting.title,
        notes,
    )
    fields = [
        "starts_at",
        "ends_at",
        "room",
        "place",
        "chair",
        "secretary",
        "secret_level",
        "agenda_cutoff",
        "title",
        "notes",
        "booking",
    ]
    if moved and meeting.state == MeetingState.NOTIFIED:
        meeting.ics_sequence += 1
        fields.append("ics_sequence")
    step_finish(user, meeting, "edit", fields=fields, request=request, detail={"moved": moved})
    if moved:
        notice.meeting_moved(meeting)
    meeting.moved = moved
    meeting.capacity_warning = rooms.capacity_warning(room, meeting.attendees.count())
    return meeting


@transaction.atomic
def meeting_step(user: User, *, meeting: Meeting, action: str, text: str = "", request=None) -> Meeting:
    """One plain step of the table (open_call, submit_agenda, approve_agenda, return_agenda, hold,
    draft_minutes, close). 审定议程 checks the quorum first; 退回 needs a reason; 召开 is refused
    unless the members signed in reach the kind's quorum (no override: the rule is the 条例's).
    Publishing and cancelling: :mod:`meetings.convening.notice`. The agenda's steps (送审, 审定, 退回)
    are taken through :mod:`meetings.agenda.approval`, which calls this and moves the 议题 with it."""
    if action in ("notify", "cancel", "edit", "urge", "mark") or action not in workflow.TABLE:
        raise ValidationError(_("未知的办理环节。"))
    meeting = step_begin(user, meeting, action, request)
    text = (text or "").strip()
    if action == "return_agenda" and not text:
        raise ValidationError({"text": _("退回议程时请说明理由。")})
    if action == "approve_agenda":
        quorum_refusal(meeting, at_sign_in=False)
    if action == "hold":
        # 《党组工作条例》: no quorum, no meeting — the members signed in (late ones too) must reach it.
        quorum_refusal(meeting, at_sign_in=True, refused=_("不能召开会议："))
    step_finish(user, meeting, action, text=text, request=request)
    if action == "hold":
        notice.deadlines_close(meeting)
    return meeting


def may_create(user: User) -> bool:
    return user.is_authenticated and user.role == Role.OFFICE
