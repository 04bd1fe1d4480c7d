"""签到: the secretary marks attendance, or attendees scan the QR code on the room's door page.

The door page shows a QR code (``segno``) of a link carrying a signed token of the meeting and the
current minute: it changes every minute and is accepted for :data:`VALID_MINUTES` minutes, so a
photo of it passed around is soon worthless. Signing in needs the attendee's own login; someone not
invited is refused; a classified meeting is marked by the secretary only (phones stay outside).
Arriving more than :data:`GRACE` after the start is 迟到.
"""

from __future__ import annotations

import datetime as dt
import time

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.choices import Answer, MeetingState, Presence
from meetings.convening.common import step_begin
from meetings.models import Attendee, Meeting
from office import deadlines
from office.audit import audit_record
from office.choices import Clearance
from office.models import User

SALT = "meetings.signin"
VALID_MINUTES = 3
GRACE = dt.timedelta(minutes=5)
#: The door page opens this long before the start; signing in closes at the end.
OPENS_BEFORE = dt.timedelta(hours=1)
SIGN_STATES = (MeetingState.NOTIFIED, MeetingState.HELD)


def qr_only_for(meeting: Meeting) -> bool:
    """Whether attendees may sign themselves in (not for a classified meeting)."""
    return meeting.secret_level < Clearance.SECRET


def _minute(now: float | None = None) -> int:
    return int((now if now is not None else time.time()) // 60)


def token_for(meeting: Meeting, *, now: float | None = None) -> str:
    return signing.Signer(salt=SALT).sign(f"{meeting.pk}.{_minute(now)}")


def _read(token: str, *, now: float | None = None) -> int:
    """The meeting's id in ``token``; a clear refusal when it is forged or expired."""
    try:
        value = signing.Signer(salt=SALT).unsign(token or "")
        meeting_id, minute = (int(part) for part in value.split("."))
    except (signing.BadSignature, ValueError):
        raise ValidationError(_("签到二维码无效，请扫描会议室门口显示的二维码。")) from None
    if not 0 <= _minute(now) - minute < VALID_MINUTES:
        raise ValidationError(_("签到二维码已过期，请重新扫描门口显示的最新二维码。"))
    return meeting_id


def meeting_for_token(token: str, *, now: float | None = None) -> Meeting:
    meeting = Meeting.objects.select_related("kind", "room").filter(pk=_read(token, now=now)).first()
    if meeting is None:
        raise ValidationError(_("签到二维码无效，请扫描会议室门口显示的二维码。"))
    return meeting


def _window_check(meeting: Meeting, at: dt.datetime) -> None:
    if meeting.state not in SIGN_STATES:
        raise ValidationError(_("本次会议当前不能签到（%(state)s）。") % {"state": meeting.get_state_display()})
    if at < meeting.starts_at - OPENS_BEFORE:
        raise ValidationError(_("签到尚未开始：会议开始前一小时起可以签到。"))
    if at > meeting.ends_at:
        raise ValidationError(_("会议已结束，不能签到。"))


def presence_at(meeting: Meeting, at: dt.datetime) -> str:
    return Presence.LATE if at > meeting.starts_at + GRACE else Presence.PRESENT


@transaction.atomic
def sign_in(user: User, *, token: str, now: float | None = None, request=None) -> Attendee:
    """扫码签到: the logged-in attendee signs himself in (迟到 after the grace)."""
    meeting = meeting_for_token(token, now=now)
    if not qr_only_for(meeting):
        raise ValidationError(_("涉密会议由记录人登记签到，不能扫码签到。"))
    at = timezone.now() if now is None else dt.datetime.fromtimestamp(now, tz=dt.UTC)
    _window_check(meeting, at)
    row = Attendee.objects.select_for_update().filter(meeting=meeting, user=user).first()
    if row is None:
        raise ValidationError(_("您不在本次会议的参会人员之列，不能签到。"))
    if row.presence in (Presence.PRESENT, Presence.LATE):
        return row
    row.presence, row.signed_in_at, row.marked_by = presence_at(meeting, at), at, user
    row.save(update_fields=["presence", "signed_in_at", "marked_by"])
    deadlines.deadline_close_for(actor=None, target=row)
    audit_record(actor=user, action="meetings.sign_in", obj=meeting, detail={"presence": row.presence}, request=request)
    return row


@transaction.atomic
def attendance_mark(user: User, *, meeting: Meeting, attendee: Attendee, presence: str, request=None) -> Attendee:
    """登记签到: the secretary (or the office) marks one attendee present, late, absent or not yet."""
    meeting = step_begin(user, meeting, "mark", request)
    if presence not in Presence.values:
        raise ValidationError(_("请选择签到情况。"))
    row = Attendee.objects.select_for_update().filter(meeting=meeting, pk=attendee.pk).first()
    if row is None:
        raise ValidationError(_("该人员不在本次会议的参会人员之列。"))
    now = timezone.now()
    row.presence, row.marked_by = presence, user
    row.signed_in_at = now if presence in (Presence.PRESENT, Presence.LATE) else None
    row.save(update_fields=["presence", "signed_in_at", "marked_by"])
    deadlines.deadline_close_for(actor=None, target=row)
    audit_record(
        actor=user,
        action="meetings.mark",
        obj=meeting,
        detail={"attendee": row.pk, "presence": presence},
        request=request,
    )
    return row


def absent(meeting: Meeting, rows: list[Attendee]) -> list[Attendee]:
    """Not signed in (or marked absent), with the reasons of those on leave first."""
    out = [r for r in rows if r.presence in (Presence.UNKNOWN, Presence.ABSENT)]
    return sorted(out, key=lambda r: (r.answer != Answer.LEAVE, r.pk))


def door_qr_svg(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_inline(scale=6, dark="#1f2937")
