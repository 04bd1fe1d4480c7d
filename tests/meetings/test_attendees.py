"""参会人员 after the notice: the office adds and removes people (notice / cancellation, .ics, reminders);
a department head names the one his department sends — on the demo's 预算协调会 (专题会议, 内部, notified)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from icalendar import Calendar

from meetings.convening import attendees, notice
from meetings.convening.invitations import invitations_send
from meetings.models import Attendee, Meeting
from office.models import Deadline, Notification, User
from office.workflow.assignments import open_for

pytestmark = pytest.mark.django_db

TITLE = "2027年度部门预算编制协调会"


def _method(message) -> str:
    ((_name, data, _mimetype),) = message.attachments
    return str(Calendar.from_ical(data)["METHOD"])


def test_added_after_the_notice_is_told_and_removed_gets_a_cancellation(
    demo, django_capture_on_commit_callbacks, monkeypatch
):
    meeting, office = Meeting.objects.get(title=TITLE), demo["office"]
    person = User.objects.get(username="sunpeng")
    User.objects.filter(pk=person.pk).update(email="sunpeng@example.org")
    queued = []
    monkeypatch.setattr("meetings.convening.jobs.send_invitations.delay", lambda *args: queued.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = attendees.attendees_add(office, meeting=meeting, people=[person])
    assert Notification.objects.filter(recipient=person, verb="meeting.notice", title=f"【会议通知】{TITLE}").exists()
    assert Deadline.objects.filter(kind=notice.ATTEND_DEADLINE, target_id=str(row.pk), state="open").exists()
    invitations_send(meeting_id=queued[0][0], attendee_ids=queued[0][1], cancel=queued[0][2])
    assert [m.to for m in mail.outbox] == [["sunpeng@example.org"]] and _method(mail.outbox[0]) == "REQUEST"
    with pytest.raises(ValidationError):  # asked already: nothing changes
        attendees.attendees_add(office, meeting=meeting, people=[person])

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        attendees.attendee_remove(office, meeting=meeting, attendee=row, reason="工作调整")
    assert not Attendee.objects.filter(pk=row.pk).exists()
    assert Notification.objects.filter(recipient=person, verb="meeting.cancel").exists()
    assert not Deadline.objects.filter(target_id=str(row.pk), kind=notice.ATTEND_DEADLINE, state="open").exists()
    meeting_id, ids, cancel, user_ids = queued[1]
    invitations_send(meeting_id=meeting_id, attendee_ids=ids, cancel=cancel, user_ids=user_ids)
    assert [m.to for m in mail.outbox] == [["sunpeng@example.org"]] and _method(mail.outbox[0]) == "CANCEL"


def test_the_department_head_names_who_goes_and_that_person_gets_the_notice(demo):
    meeting, head = Meeting.objects.get(title=TITLE), demo["dept_head"]
    row = meeting.attendees.get(user=None)
    step = notice.send_step(row.unit)
    assert open_for(meeting, step, head) is not None  # his to-do since the notice
    client = Client()
    client.force_login(head)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'data-card="name-{row.unit.code}"' in page
    stranger = User.objects.filter(role="staff", is_active=True).exclude(unit=row.unit).first()
    response = client.post(f"/meetings/{meeting.pk}/attendees/{row.pk}/name/", {f"name{row.pk}-person": stranger.pk})
    assert response.status_code == 400  # not of his department: nothing changed
    person = User.objects.filter(unit=row.unit, role="staff", is_active=True).exclude(
        pk__in=meeting.attendees.filter(user__isnull=False).values("user")
    ).first()
    response = client.post(f"/meetings/{meeting.pk}/attendees/{row.pk}/name/", {f"name{row.pk}-person": person.pk})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.user == person and open_for(meeting, step, head) is None
    assert Notification.objects.filter(recipient=person, verb="meeting.notice").exists()
