"""What every write of a meeting shares: the step engine (lock, table, policy; record, move, audit),
the step event, and the quorum refusal."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from meetings import quorum
from meetings.convening import workflow
from meetings.models import Meeting, MeetingStep
from office import events
from office.workflow.engine import Steps

STEPS = Steps(Meeting, MeetingStep, workflow.TABLE, "meetings", related=("kind",))
step_begin, step_finish = STEPS.begin, STEPS.finish

#: Fired after the commit of each step of the meeting's way: meeting, action, actor.
STEP_EVENT = "meetings.meeting_step"
events.declare(STEP_EVENT, "meeting, action, actor")


def quorum_refusal(meeting: Meeting, *, at_sign_in: bool) -> None:
    result = quorum.quorum(meeting, at_sign_in=at_sign_in)
    if not result.ok:
        raise ValidationError(result.message)
