"""The 议题/纪要 demo loader on meetings like those of ``meetings.demo`` (built here through the services)."""

from __future__ import annotations

import pytest

from meetings.agenda import demo
from meetings.choices import AgendaState, MeetingState, MinutesState
from meetings.convening import services as convening
from meetings.minutes import demo as minutes_demo
from meetings.models import AgendaItem, Meeting, MeetingKind, Minutes
from supervision.models import SupervisedItem
from tests.meetings.conftest import members_signed_in

pytestmark = pytest.mark.django_db


def test_the_demo_gives_every_state_and_issued_minutes_with_supervised_decisions(people, make_meeting):
    officer = people["zhouting"]
    upcoming = make_meeting("office", days=6)
    convening.meeting_step(officer, meeting=upcoming, action="open_call")
    party = make_meeting("party", days=8, room="party", level=2)
    for action, who in (("open_call", officer), ("submit_agenda", officer)):
        party = convening.meeting_step(who, meeting=party, action=action)
    past = make_meeting("office", days=2)
    Meeting.objects.filter(pk=past.pk).update(state=MeetingState.NOTIFIED)
    members_signed_in(past)
    convening.meeting_step(people["wujing"], meeting=Meeting.objects.get(pk=past.pk), action="hold")
    MeetingKind.objects.filter(code="t-jzbg").update(code="jzbg")
    MeetingKind.objects.filter(code="t-dz").update(code="dzh")

    assert demo.load() + minutes_demo.load() == 8 + 1 + 1
    states = set(AgendaItem.objects.filter(meeting__isnull=False).values_list("state", flat=True))
    states |= set(AgendaItem.objects.filter(call__meeting=upcoming).values_list("state", flat=True))
    assert {
        AgendaState.DRAFT,
        AgendaState.LEADER_REVIEW,
        AgendaState.OFFICE_REVIEW,
        AgendaState.RETURNED,
        AgendaState.ACCEPTED,
        AgendaState.WITHDRAWN,
    } <= states
    assert AgendaItem.objects.filter(late=True, state=AgendaState.OFFICE_REVIEW).exists()
    assert AgendaItem.objects.get(meeting=party).secret_level == 2
    record = Minutes.objects.get(meeting=past)
    assert record.state == MinutesState.ISSUED
    assert SupervisedItem.objects.filter(source_kind="decision").count() == 2
    assert demo.load() + minutes_demo.load() == 0  # idempotent
