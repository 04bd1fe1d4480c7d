"""Sign-in: the QR token (this minute's, expired, forged, someone not invited, a classified meeting),
late arrivals, the secretary's marks, the absent list, the quorum at sign-in."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from meetings.choices import Presence
from meetings.convening import notice, services, signin
from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def _notified(make_meeting, people, kind="topic", **kwargs):
    meeting = make_meeting(kind, days=0, **kwargs)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=10),
        ends_at=timezone.now() + dt.timedelta(hours=1),
    )
    meeting.refresh_from_db()
    if meeting.kind.collects_agenda:
        for who, action in (
            ("zhouting", "open_call"),
            ("zhouting", "submit_agenda"),
            ("wangjianguo", "approve_agenda"),
        ):
            services.meeting_step(people[who], meeting=meeting, action=action)
    return notice.meeting_notify(people["zhouting"], meeting=meeting)


def test_an_attendee_signs_in_with_this_minutes_token(make_meeting, people):
    meeting = _notified(make_meeting, people, extra=("qianli",))
    token = signin.token_for(meeting)
    row = signin.sign_in(people["qianli"], token=token)
    assert row.presence == Presence.LATE  # ten minutes after the start
    assert signin.sign_in(people["qianli"], token=token).pk == row.pk  # twice: still one sign-in


def test_bad_tokens_are_refused_with_a_clear_message(make_meeting, people):
    meeting = _notified(make_meeting, people, extra=("qianli",))
    old = signin.token_for(meeting, now=time.time() - 5 * 60)
    with pytest.raises(ValidationError, match="已过期"):
        signin.sign_in(people["qianli"], token=old)
    forged = signin.token_for(meeting)[:-3] + "abc"
    with pytest.raises(ValidationError, match="无效"):
        signin.sign_in(people["qianli"], token=forged)
    with pytest.raises(ValidationError, match="无效"):
        signin.sign_in(people["qianli"], token=f"{meeting.pk}.{int(time.time() // 60)}")
    with pytest.raises(ValidationError, match="不在本次会议的参会人员之列"):
        signin.sign_in(people["sunpeng"], token=signin.token_for(meeting))  # the same token, someone not invited
    assert not meeting.attendees.filter(presence__in=(Presence.PRESENT, Presence.LATE)).exists()


def test_a_classified_meeting_is_marked_by_the_secretary_only(make_meeting, people):
    meeting = _notified(make_meeting, people, kind="party", room="party", level=2)
    with pytest.raises(ValidationError, match="涉密会议由记录人登记签到"):
        signin.sign_in(people["liminghua"], token=signin.token_for(meeting))
    row = meeting.attendees.get(user=people["liminghua"])
    with pytest.raises(PermissionDenied):
        signin.attendance_mark(people["liminghua"], meeting=meeting, attendee=row, presence=Presence.PRESENT)
    row = signin.attendance_mark(people["wujing"], meeting=meeting, attendee=row, presence=Presence.PRESENT)
    assert row.presence == Presence.PRESENT and row.marked_by == people["wujing"]


def test_the_absent_list_gives_the_leave_reasons_first(make_meeting, people):
    meeting = make_meeting("topic", extra=("qianli", "sunpeng"), days=1)
    meeting = notice.meeting_notify(people["zhouting"], meeting=meeting)
    notice.attendee_answer(
        people["sunpeng"], meeting=meeting, accept=False, reason="病假", substitute=people["zhoujianhua"]
    )
    rows = list(meeting.attendees.select_related("user"))
    absent = signin.absent(meeting, rows)
    assert absent[0].user == people["sunpeng"] and absent[0].leave_reason == "病假"
