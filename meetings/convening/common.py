"""What every write of a meeting shares: the step engine (lock, table, policy; record, move, audit)
and the quorum refusal."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from meetings import quorum
from meetings.convening import workflow
from meetings.models import Meeting, MeetingStep
from office.workflow.engine import Steps

STEPS = Steps(Meeting, MeetingStep, workflow.TABLE, "meetings", related=("kind",))
step_begin, step_finish = STEPS.begin, STEPS.finish


def quorum_refusal(meeting: Meeting, *, at_sign_in: bool, refused: str = "") -> None:
    """Refuse (nothing changed) when the kind's quorum is not reached; ``refused`` says what is refused."""
    result = quorum.quorum(meeting, at_sign_in=at_sign_in)
    if not result.ok:
        raise ValidationError(f"{refused}{result.message}")
