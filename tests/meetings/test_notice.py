"""The notice: in-app, e-mail with an .ics parsed back by icalendar (REQUEST, update with a higher
SEQUENCE, CANCEL); answers with the kind's substitute rules; 催办; the reminders' deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from icalendar import Calendar

from meetings.choices import Answer, MeetingState
from meetings.convening import notice, services
from meetings.convening.invitations import invitations_send
from meetings.models import Attendee
from office.models import Deadline, Notification

pytestmark = pytest.mark.django_db


def _notify(meeting, people):
    officer = people["zhouting"]
    if meeting.kind.collects_agenda:
        services.meeting_step(officer, meeting=meeting, action="open_call")
        services.meeting_step(officer, meeting=meeting, action="submit_agenda")
        services.meeting_step(people["wangjianguo"], meeting=meeting, action="approve_agenda")
    return notice.meeting_notify(officer, meeting=meeting)


def _parse(message):
    ((name, data, mimetype),) = message.attachments
    assert name == "invite.ics" and mimetype.startswith("text/calendar")
    cal = Calendar.from_ical(data)
    (event,) = cal.walk("VEVENT")
    return cal, event


def _emails(people):
    for username in ("wangjianguo", "liminghua", "zhaozhigang", "chenxuemei", "qianli", "sunpeng"):
        people[username].email = f"{username}@example.org"
        people[username].save(update_fields=["email"])


def test_publishing_notifies_everyone_and_the_ics_reads_back(
    make_meeting, people, django_capture_on_commit_callbacks, monkeypatch
):
    _emails(people)
    queued = []
    monkeypatch.setattr("meetings.convening.jobs.send_invitations.delay", lambda *args: queued.append(args))
    meeting = make_meeting("office", extra=("qianli",))
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _notify(meeting, people)
    assert meeting.state == MeetingState.NOTIFIED
    notes = Notification.objects.filter(verb="meeting.notice")
    assert notes.count() == 5 and all(n.title == f"【会议通知】{meeting.title}" for n in notes)
    assert Deadline.objects.filter(kind=notice.ATTEND_DEADLINE, state="open").count() == 5
    assert len(queued) == 1
    invitations_send(meeting_id=queued[0][0], attendee_ids=queued[0][1], cancel=queued[0][2])
    assert len(mail.outbox) == 5
    cal, event = _parse(mail.outbox[0])
    assert str(cal["method"]) == "REQUEST" and int(event["sequence"]) == 0
    assert event.decoded("dtstart") == meeting.starts_at and event.decoded("dtend") == meeting.ends_at
    assert str(event["location"]) == meeting.room.name
    attendees = {str(a) for a in event.get("attendee")}
    assert "mailto:qianli@example.org" in attendees and len(attendees) == 5

    # moved: the update carries a higher SEQUENCE, same UID
    mail.outbox.clear()
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_edit(
            people["zhouting"],
            meeting=meeting,
            starts_at=meeting.starts_at + dt.timedelta(hours=1),
            ends_at=meeting.ends_at + dt.timedelta(hours=1),
            room=meeting.room,
            place="",
            chair=meeting.chair,
            secretary=meeting.secretary,
            secret_level=meeting.secret_level,
            agenda_cutoff=None,
            title=meeting.title,
        )
    assert meeting.moved and meeting.ics_sequence == 1
    assert Notification.objects.filter(verb="meeting.update").count() == 5
    invitations_send(meeting_id=meeting.pk, attendee_ids=queued[0][1])
    _cal, updated = _parse(mail.outbox[0])
    assert int(updated["sequence"]) == 1 and str(updated["uid"]) == str(event["uid"])
    assert updated.decoded("dtstart") == meeting.starts_at

    # cancelled: METHOD:CANCEL, the room given back
    mail.outbox.clear()
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = notice.meeting_cancel(people["zhouting"], meeting=meeting, reason="领导另有安排")
    invitations_send(meeting_id=meeting.pk, attendee_ids=queued[0][1], cancel=queued[0][2])
    cal, cancelled = _parse(mail.outbox[0])
    assert str(cal["method"]) == "CANCEL" and str(cancelled["status"]) == "CANCELLED"
    assert int(cancelled["sequence"]) == 2
    meeting.booking.refresh_from_db()
    assert meeting.booking.state == "cancelled"
    assert not Deadline.objects.filter(kind=notice.ATTEND_DEADLINE, state="open").exists()


def test_a_classified_meeting_sends_no_ics(make_meeting, people, django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    monkeypatch.setattr("meetings.convening.jobs.send_invitations.delay", lambda *args: queued.append(args))
    meeting = make_meeting("party", room="party", level=2)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(meeting, people)
    assert queued == []  # no .ics: the time and place of a classified meeting stay inside
    assert Notification.objects.filter(verb="meeting.notice").count() == 4


def test_leave_with_a_substitute_who_gets_the_notice(make_meeting, people):
    meeting = _notify(make_meeting("office", extra=("zhoujianhua",)), people)
    head = people["zhoujianhua"]
    with pytest.raises(ValidationError, match="请假事由"):
        notice.attendee_answer(head, meeting=meeting, accept=False)
    row = notice.attendee_answer(
        head, meeting=meeting, accept=False, reason="参加市里培训", substitute=people["qianli"]
    )
    assert row.answer == Answer.LEAVE
    sub = Attendee.objects.get(meeting=meeting, user=people["qianli"])
    assert sub.substitute_for == row
    assert Notification.objects.filter(recipient=people["qianli"], title__contains="代周建华参会").exists()
    # changing one's mind takes the substitute off again
    notice.attendee_answer(head, meeting=meeting, accept=True)
    assert not Attendee.objects.filter(meeting=meeting, user=people["qianli"]).exists()


def test_party_members_may_not_send_a_substitute(make_meeting, people):
    meeting = _notify(make_meeting("party", room="party"), people)
    with pytest.raises(ValidationError, match="不允许委托他人代参会"):
        notice.attendee_answer(
            people["liminghua"], meeting=meeting, accept=False, reason="出差", substitute=people["zhoujianhua"]
        )
    row = notice.attendee_answer(people["liminghua"], meeting=meeting, accept=False, reason="出差")
    assert row.answer == Answer.LEAVE


def test_a_substitute_is_required_where_the_kind_says(make_meeting, people):
    meeting = _notify(make_meeting("topic", extra=("zhoujianhua",)), people)
    with pytest.raises(ValidationError, match="须指定代参会人"):
        notice.attendee_answer(people["zhoujianhua"], meeting=meeting, accept=False, reason="出差")
    with pytest.raises(ValidationError, match="不在本次会议"):
        notice.attendee_answer(people["zhouting"], meeting=meeting, accept=True)


def test_the_office_chases_those_who_have_not_answered(make_meeting, people):
    meeting = _notify(make_meeting("office", extra=("qianli",)), people)
    notice.attendee_answer(people["qianli"], meeting=meeting, accept=True)
    assert notice.meeting_urge(people["zhouting"], meeting=meeting) == 4
    assert Notification.objects.filter(verb="meeting.urge").count() == 4
    assert not Notification.objects.filter(verb="meeting.urge", recipient=people["qianli"]).exists()
