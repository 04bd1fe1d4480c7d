"""The meeting's row of the permission policy (design.md, "meeting, agenda item").

Clearance first; the office all; the principal all; a deputy leader the meetings he attends or
chairs; a department head the meetings his department attends (asked as a department, or one of
its people asked); staff the meetings they attend. The chair and the secretary (记录人) always see
theirs. A meeting still 筹备中 is seen by the office, its chair and its secretary only. Each "they
attend" is a correlated EXISTS on the attendee table (its user and unit indexes). Acting is the
table's business (:mod:`meetings.convening.workflow`).
"""

from __future__ import annotations

from django.db.models import OuterRef, Q

from meetings.choices import MeetingState
from meetings.convening import workflow
from office.choices import Role
from office.permissions import EVERYTHING, NOTHING, VIEW, ObjectPolicy, exists, register_capability, restrict

#: Creating meetings (and the meeting-kind pages beyond reading) is the office's.
CREATE = "meetings.create"


def attends_q(user) -> Q:
    from meetings.models import Attendee

    return exists(Attendee.objects.filter(meeting=OuterRef("pk"), user=user))


def unit_attends_q(unit_id: int) -> Q:
    from meetings.models import Attendee

    asked = exists(Attendee.objects.filter(meeting=OuterRef("pk"), unit_id=unit_id))
    its_people = exists(Attendee.objects.filter(meeting=OuterRef("pk"), user__unit_id=unit_id))
    return asked | its_people


class MeetingPolicy(ObjectPolicy):
    clearance_field = "secret_level"

    def scope(self, user, model):
        role = user.role
        if role == Role.OFFICE or (role == Role.LEADER and user.is_principal):
            return EVERYTHING
        if role not in (Role.LEADER, Role.DEPT_HEAD, Role.STAFF):
            return NOTHING
        theirs = Q(chair=user) | Q(secretary=user)
        asked = attends_q(user)
        if role == Role.DEPT_HEAD and user.unit_id:
            asked |= unit_attends_q(user.unit_id)
        return theirs | (asked & ~Q(state=MeetingState.DRAFT))

    def can_act(self, user, action, obj) -> bool:
        if action == VIEW:
            return True
        return workflow.can(action, obj.state, meeting_facts(user, obj))

    def action_scope(self, user, action):
        return Q()


def meeting_facts(user, meeting) -> workflow.Facts:
    return workflow.Facts(
        user_id=user.pk,
        user_role=user.role,
        chair_id=meeting.chair_id,
        secretary_id=meeting.secretary_id,
        collects_agenda=meeting.kind.collects_agenda,
    )


class MeetingChildPolicy(ObjectPolicy):
    """An attendee, a step: seen with the meeting."""

    clearance_field = None

    def visible(self, user, model):
        from meetings.models import Meeting

        return exists(restrict(Meeting.objects.filter(pk=OuterRef("meeting")), user))


class DirectoryLikePolicy(ObjectPolicy):
    """Meeting kinds: every business user reads them (not secret); the admin edits them."""

    def scope(self, user, model):
        return EVERYTHING


def register() -> None:
    from meetings.models import Attendee, Meeting, MeetingKind, MeetingStep
    from office import permissions

    permissions.register(Meeting, MeetingPolicy())
    permissions.register(Attendee, MeetingChildPolicy())
    permissions.register(MeetingStep, MeetingChildPolicy())
    permissions.register(MeetingKind, DirectoryLikePolicy())
    register_capability(CREATE, {Role.OFFICE})
