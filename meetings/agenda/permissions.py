"""议题's row of the permission policy (design.md, "meeting, agenda item"), its calls' and its materials'.

Clearance first, always. Then: the office all; the principal all; a deputy leader the 议题 of the
departments he is in charge of, those waiting for him, and those of the meetings he attends; a
department head the 议题 his department submitted; staff those they submitted or report (汇报人).
Whoever attends a meeting (出席, or 列席 for the whole meeting) sees its agenda; a 列席 for one
议题 sees that one. A draft is its department's alone (and the office's, which may admit it late).

Materials (MeetingFile) go with their 议题, and only to those cleared for the file's own 密级.
A call for 议题 is seen by the office, the leaders and the departments it asks.
Acting is the transition table's business (:mod:`meetings.agenda.workflow`).
"""

from __future__ import annotations

from django.db.models import OuterRef, Q

from office.choices import Role
from office.permissions import (
    EVERYTHING,
    NOTHING,
    ObjectPolicy,
    exists,
    in_charge_unit_ids,
    register,
    register_capability,
    restrict,
)
from office.workflow.assignments import assigned_q

#: Assignment steps of a 议题 and of a call (office.workflow.assignments).
LEADER_STEP, OFFICE_STEP, RETURNED_STEP, CALL_STEP = (
    "meetings.agenda.leader",
    "meetings.agenda.office",
    "meetings.agenda.returned",
    "meetings.agenda.call",
)
#: The chair's step on the meeting: 审定议程.
CHAIR_STEP = "meetings.agenda.approve"
#: Capabilities: the office opens calls; a department (its head or staff, or the office itself) submits 议题.
CALL, CREATE = "meetings.agenda_call", "meetings.agenda_create"


def _principal_or_office(user) -> bool:
    return user.role == Role.OFFICE or (user.role == Role.LEADER and user.is_principal)


def attends_q(user) -> Q:
    """议题 of a meeting the user attends as a whole, or the one he sits in for (列席 of that 议题)."""
    from meetings.models import Attendee

    whole = Attendee.objects.filter(meeting=OuterRef("meeting"), user=user, agenda_item__isnull=True)
    one = Attendee.objects.filter(agenda_item=OuterRef("pk"), user=user)
    return exists(whole) | exists(one)


class AgendaPolicy(ObjectPolicy):
    clearance_field = "secret_level"

    def scope(self, user, model):
        from meetings.choices import AgendaState

        if _principal_or_office(user):
            return EVERYTHING
        not_draft = ~Q(state=AgendaState.DRAFT)
        if user.role == Role.LEADER:
            mine = Q(unit_id__in=in_charge_unit_ids(user)) | Q(leader=user) | Q(meeting__chair=user) | attends_q(user)
            return (mine | assigned_q(user, model)) & not_draft
        if user.role not in (Role.DEPT_HEAD, Role.STAFF):
            return NOTHING
        own = Q(submitted_by=user) | Q(presenter=user)
        if user.role == Role.DEPT_HEAD and user.unit_id:
            own |= Q(unit_id=user.unit_id)
        return own | ((attends_q(user) | assigned_q(user, model)) & not_draft)

    def can_act(self, user, action, obj) -> bool:
        from meetings.agenda import workflow

        if action == "view":
            return True
        return workflow.can(action, obj.state, agenda_facts(user, obj))

    def action_scope(self, user, action):
        return Q()


def agenda_facts(user, item):
    from meetings.agenda import workflow

    chair_id = None
    if item.meeting_id:
        meeting = item.meeting  # select_related by the selectors and the services' lock
        chair_id = meeting.chair_id
    return workflow.Facts(
        user_id=user.pk,
        user_role=user.role,
        user_unit_id=user.unit_id,
        unit_id=item.unit_id,
        submitted_by_id=item.submitted_by_id,
        leader_id=item.leader_id,
        chair_id=chair_id,
    )


class CallPolicy(ObjectPolicy):
    """A call is no secret: the office and the leaders see every one, a department those asking it."""

    def scope(self, user, model):
        if user.role in (Role.OFFICE, Role.LEADER):
            return EVERYTHING
        if not user.unit_id:
            return NOTHING
        through = model.units.through
        every = ~exists(through.objects.filter(agendacall=OuterRef("pk")))
        return every | exists(through.objects.filter(agendacall=OuterRef("pk"), orgunit_id=user.unit_id))


class FilePolicy(ObjectPolicy):
    """A material: with its 议题 (or, for a meeting's own file, to its attendees), cleared for its 密级."""

    clearance_field = "secret_level"

    def scope(self, user, model):
        from meetings.models import AgendaItem, Attendee

        item = exists(restrict(AgendaItem.objects.filter(pk=OuterRef("agenda_item")), user))
        if _principal_or_office(user):
            meeting = Q(meeting__isnull=False)
        else:
            meeting = exists(Attendee.objects.filter(meeting=OuterRef("meeting"), user=user))
        return (Q(agenda_item__isnull=False) & item) | (Q(meeting__isnull=False) & meeting)


def register_all() -> None:
    from meetings.models import AgendaCall, AgendaItem, MeetingFile

    register(AgendaItem, AgendaPolicy())
    register(AgendaCall, CallPolicy())
    register(MeetingFile, FilePolicy())
    register_capability(CALL, {Role.OFFICE})
    register_capability(CREATE, {Role.OFFICE, Role.DEPT_HEAD, Role.STAFF})
