"""The meeting's page (meetings.page): the 议定事项's lights, the agenda approved from it, 召开 and the
quorum — on the demo organ (a snapshot copy)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from meetings.agenda.permissions import CHAIR_STEP
from meetings.choices import AgendaState, MeetingState, Presence
from meetings.convening import services, signin
from meetings.models import AgendaItem, Meeting
from office.workflow.assignments import open_for
from supervision.models import SupervisedItem

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_meeting_page_shows_each_decisions_light_read_through_the_links(demo):
    past = Meeting.objects.filter(kind__code="jzbg", minutes__isnull=False).order_by("starts_at").first()
    page = _client(demo["office"]).get(past.get_absolute_url()).content.decode()
    assert page.count('data-card="decisions"') == 1
    assert page.count("data-light=") == 2  # the two supervised decisions; 听取汇报 has none
    for item in SupervisedItem.objects.filter(source_kind="decision"):  # each light links to its item
        assert f'href="{item.get_absolute_url()}">{item.get_state_display()}</a>' in page


def test_approving_the_agenda_on_the_meeting_page_approves_its_items_and_closes_the_chairs_todo(demo):
    party = Meeting.objects.get(kind__code="dzh", state=MeetingState.AGENDA_REVIEW)
    chair = demo["principal"]
    assert open_for(party, CHAIR_STEP, chair) is not None
    response = _client(chair).post(f"/meetings/{party.pk}/approve_agenda/", {"text": "同意。"})
    assert response.status_code == 302
    party.refresh_from_db()
    assert party.state == MeetingState.AGENDA_APPROVED
    assert set(AgendaItem.objects.filter(meeting=party).values_list("state", flat=True)) == {AgendaState.APPROVED}
    assert open_for(party, CHAIR_STEP, chair) is None


def test_holding_is_refused_without_quorum_and_names_the_counts(demo):
    meeting = Meeting.objects.filter(kind__code="jwh", state=MeetingState.NOTIFIED).order_by("starts_at").first()
    members = list(meeting.attendees.filter(is_member=True, substitute_for__isnull=True).order_by("id"))
    need = len(members) // 2 + 1
    for row in members[: need - 1]:
        signin.attendance_mark(meeting.secretary, meeting=meeting, attendee=row, presence=Presence.PRESENT)
    response = _client(demo["office"]).post(f"/meetings/{meeting.pk}/hold/", follow=True)
    text = response.content.decode()
    assert f"组成人员{len(members)}人，到会{need - 1}人" in text and f"须{need}人" in text
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.NOTIFIED
    with pytest.raises(ValidationError):
        services.meeting_step(meeting.secretary, meeting=meeting, action="hold")
    signin.attendance_mark(meeting.secretary, meeting=meeting, attendee=members[need - 1], presence=Presence.LATE)
    meeting = services.meeting_step(demo["office"], meeting=meeting, action="hold")
    assert meeting.state == MeetingState.HELD


def test_the_demo_has_items_approved_discussed_and_carried_to_the_next_meeting(demo):
    states = set(AgendaItem.objects.values_list("state", flat=True))
    assert {AgendaState.APPROVED, AgendaState.DISCUSSED, AgendaState.CARRIED} <= states
    carried = AgendaItem.objects.get(state=AgendaState.CARRIED)
    copy = AgendaItem.objects.get(carried_from=carried)
    assert copy.state == AgendaState.ACCEPTED and copy.meeting.state == MeetingState.COLLECTING
    decided = AgendaItem.objects.filter(state=AgendaState.DISCUSSED, decisions__isnull=False).distinct().count()
    assert decided == 3  # each 议题 discussed has its 议定事项 in the issued 纪要


def test_a_held_meetings_page_counts_who_came_not_who_answered(demo):
    """The 党组会议 was held with four of its five members signed in: its page, now that the 纪要 is
    in hand, says 到会4人 and no longer asks for answers."""
    party = Meeting.objects.get(kind__code="dzh", state=MeetingState.MINUTES)
    members = party.attendees.filter(is_member=True, substitute_for__isnull=True)
    came = members.filter(presence__in=(Presence.PRESENT, Presence.LATE)).count()
    assert came < members.count()  # someone was absent
    page = _client(demo["office"]).get(party.get_absolute_url()).content.decode()
    assert f"组成人员{members.count()}人，到会{came}人" in page
    assert "人未答复" not in page
