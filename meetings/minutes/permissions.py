"""纪要 and 议定事项 go with their meeting: whoever sees the meeting sees its minutes and decisions
(clearance through the meeting's 密级). Drafting is the meeting's secretary's (记录人) or the office's;
confirming 需督办 is the 督查员's."""

from __future__ import annotations

from django.db.models import OuterRef

from office.choices import Duty, Role
from office.permissions import ObjectPolicy, exists, register, restrict
from office.workflow.duties import holds_duty


class WithMeetingPolicy(ObjectPolicy):
    clearance_field = None
    #: The path from the row to its meeting's id.
    meeting_path = "meeting"

    def visible(self, user, model):
        from meetings.models import Meeting

        return exists(restrict(Meeting.objects.filter(pk=OuterRef(self.meeting_path)), user))


class DecisionPolicy(WithMeetingPolicy):
    meeting_path = "minutes__meeting"


def may_write(user, meeting) -> bool:
    """The secretary of the meeting (记录人) or the office."""
    return user.is_active and (user.role == Role.OFFICE or user.pk == meeting.secretary_id)


def may_confirm(user) -> bool:
    """需督办 is confirmed by the 督查员."""
    return holds_duty(user, Duty.SUPERVISOR)


def register_all() -> None:
    from meetings.models import Decision, Minutes

    register(Minutes, WithMeetingPolicy())
    register(Decision, DecisionPolicy())
