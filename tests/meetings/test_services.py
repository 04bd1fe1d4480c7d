"""Meetings created through the service: numbered per kind and year, the room booked, members asked;
the policy's row; the quorum."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from meetings import quorum
from meetings.choices import Answer, BookingState, MeetingState, Presence
from meetings.convening import services
from meetings.models import Attendee, Meeting
from meetings.rooms import services as rooms_services
from office.permissions import restrict

from .conftest import at

pytestmark = pytest.mark.django_db


def test_meetings_are_numbered_per_kind_and_year_and_book_their_room(make_meeting):
    first = make_meeting("office", days=2)
    second = make_meeting("office", days=4)
    party = make_meeting("party", days=5, room="party")
    assert (first.number, second.number, party.number) == (1, 2, 1)
    assert first.title == f"{first.year}年第1次测试局长办公会议"
    assert first.booking.room == first.room and first.booking.state == BookingState.CONFIRMED
    assert first.booking.starts_at == first.starts_at
    members = first.attendees.filter(is_member=True)
    assert members.count() == 4 and first.state == MeetingState.DRAFT


def test_the_room_in_the_way_is_named(make_meeting, people, rooms):
    meeting = make_meeting("office", days=2)
    with pytest.raises(ValidationError) as exc:
        make_meeting("office", days=2)
    assert "办公室" in str(exc.value) and meeting.title in str(exc.value)
    assert Meeting.objects.count() == 1
    # adjacent: ends when the other starts
    start = meeting.starts_at - dt.timedelta(hours=1)
    booking = rooms_services.booking_create(
        actor=people["qianli"], room=rooms["first"], starts_at=start, ends_at=meeting.starts_at, purpose="处务会"
    )
    assert booking.state == BookingState.CONFIRMED


@pytest.mark.parametrize(
    ("hours", "message"), [(0, "结束时间须晚于开始时间"), (-1, "结束时间须晚于开始时间"), (25, "不能超过一天")]
)
def test_bad_spans_are_refused(people, rooms, hours, message):
    start = at(3, 9)
    with pytest.raises(ValidationError, match=message):
        rooms_services.booking_create(
            actor=people["qianli"],
            room=rooms["first"],
            starts_at=start,
            ends_at=start + dt.timedelta(hours=hours),
            purpose="处务会",
        )


def test_a_room_that_needs_approval_waits_for_the_office(people, rooms):
    start = at(3, 14)
    booking = rooms_services.booking_create(
        actor=people["qianli"],
        room=rooms["hall"],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        purpose="业务培训",
    )
    assert booking.state == BookingState.PENDING
    with pytest.raises(ValidationError, match="冲突"):  # a pending booking holds the room
        rooms_services.booking_create(
            actor=people["sunpeng"],
            room=rooms["hall"],
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            purpose="座谈",
        )
    with pytest.raises(ValidationError, match="理由"):
        rooms_services.booking_decide(actor=people["zhouting"], booking=booking, approve=False)
    booking = rooms_services.booking_decide(actor=people["zhouting"], booking=booking, approve=True)
    assert booking.state == BookingState.CONFIRMED and booking.decided_by == people["zhouting"]


def test_a_meetings_booking_is_cancelled_with_the_meeting_only(make_meeting, people):
    meeting = make_meeting("office", days=2)
    with pytest.raises(ValidationError, match="会议的预订"):
        rooms_services.booking_cancel(actor=people["zhouting"], booking=meeting.booking)


def test_classified_meetings_need_a_room_for_them_and_cleared_people(make_meeting):
    with pytest.raises(ValidationError, match="不能召开涉密会议"):
        make_meeting("party", room="first", level=2)
    with pytest.raises(ValidationError, match="涉密等级"):
        make_meeting("party", room="party", level=3, extra=("qianli",))


def test_capacity_warning(make_meeting):
    meeting = make_meeting("office", room="small", extra=("qianli",))
    assert "只能容纳4人" in meeting.capacity_warning


def test_who_sees_a_meeting(make_meeting, people):
    meeting = make_meeting("office", extra=("qianli",), asked_units=("RCKF",))

    def sees(username):
        return restrict(Meeting.objects.filter(pk=meeting.pk), people[username]).exists()

    # 筹备中: the office, the chair, the secretary only
    assert sees("zhouting") and sees("wangjianguo") and sees("wujing")
    assert not sees("liminghua") and not sees("qianli")
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.NOTIFIED)
    assert sees("liminghua")  # a member: he attends
    assert sees("qianli")  # staff, invited
    assert sees("zhoujianhua")  # 法规处's head: one of his people attends
    assert not sees("sunpeng")  # 法规处 staff not invited
    rckf_head = people["qianli"].__class__.objects.get(unit__code="RCKF", role="dept_head")
    assert sees(rckf_head.username)  # his department was asked
    assert not sees("sysadmin")


def test_the_chair_approves_the_agenda_only_with_a_quorum(make_meeting, people):
    meeting = make_meeting("office")
    officer, chair = people["zhouting"], people["wangjianguo"]
    services.meeting_step(officer, meeting=meeting, action="open_call")
    services.meeting_step(officer, meeting=meeting, action="submit_agenda")
    with pytest.raises(Http404):
        services.meeting_step(people["qianli"], meeting=meeting, action="approve_agenda")
    with pytest.raises(ValidationError, match="理由"):
        services.meeting_step(chair, meeting=meeting, action="return_agenda")
    Attendee.objects.filter(meeting=meeting, is_member=True).exclude(user=chair).update(answer=Answer.LEAVE)
    with pytest.raises(ValidationError, match="不足法定人数"):
        services.meeting_step(chair, meeting=meeting, action="approve_agenda")
    Attendee.objects.filter(meeting=meeting, user=people["liminghua"]).update(answer=Answer.PENDING)
    Attendee.objects.filter(meeting=meeting, user=people["zhaozhigang"]).update(answer=Answer.ACCEPTED)
    meeting = services.meeting_step(chair, meeting=meeting, action="approve_agenda")
    assert meeting.state == MeetingState.AGENDA_APPROVED
    assert [s.action for s in meeting.steps.all()] == ["open_call", "submit_agenda", "approve_agenda"]


@pytest.mark.parametrize(
    ("members", "personnel", "needed"), [(4, False, 3), (5, False, 3), (6, True, 4), (7, True, 5), (9, True, 6)]
)
def test_quorum_figures(members, personnel, needed):
    assert quorum.needed("half", members, personnel=personnel) == needed
    assert quorum.needed("none", members, personnel=personnel) == 0


def test_quorum_at_sign_in_counts_members_signed_in(make_meeting):
    meeting = make_meeting("office")
    assert not quorum.quorum(meeting, at_sign_in=True).ok
    ids = list(meeting.attendees.filter(is_member=True).values_list("pk", flat=True)[:3])
    Attendee.objects.filter(pk__in=ids[:2]).update(presence=Presence.PRESENT)
    Attendee.objects.filter(pk=ids[2]).update(presence=Presence.LATE)
    result = quorum.quorum(meeting, at_sign_in=True)
    assert result.ok and "达到法定人数" in result.message
