"""Every read of 议题 and calls, through the permission policy; a fixed number of queries per page."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from meetings.agenda.permissions import CALL_STEP
from meetings.choices import AgendaState
from meetings.models import AgendaCall, AgendaItem, AgendaStep, Meeting, MeetingFile
from office.choices import Role
from office.lists import Box
from office.permissions import get_visible_or_404, restrict

S = AgendaState
LIST_RELATED = ("unit", "presenter", "meeting", "kind")
EVERY_ROLE = frozenset({Role.OFFICE, Role.LEADER, Role.DEPT_HEAD, Role.STAFF})

#: 议题 lists: waiting for me, mine, everything I may see.
BOXES = (
    Box("waiting", _("待我办理"), (), EVERY_ROLE),
    Box("mine", _("我的议题"), (), frozenset({Role.DEPT_HEAD, Role.STAFF, Role.OFFICE}), counted=False),
    Box("all", _("全部议题"), (), EVERY_ROLE, counted=False),
)


def agenda_visible(user) -> QuerySet[AgendaItem]:
    return restrict(AgendaItem.objects.all(), user)


def box_condition(user, box: Box) -> Q:
    if box.key == "waiting":
        if user.role == Role.OFFICE:
            return Q(state=S.OFFICE_REVIEW)
        if user.role == Role.LEADER:
            return Q(state=S.LEADER_REVIEW, leader=user)
        returned = Q(state=S.RETURNED, submitted_by=user)
        if user.role == Role.DEPT_HEAD and user.unit_id:
            returned |= Q(state=S.RETURNED, unit_id=user.unit_id)
        return returned
    if box.key == "mine":
        own = Q(submitted_by=user) | Q(presenter=user)
        if user.role == Role.DEPT_HEAD and user.unit_id:
            own |= Q(unit_id=user.unit_id)
        return own
    return Q()


def agenda_list(*, user, box: Box) -> QuerySet[AgendaItem]:
    """One box of 议题, newest move first (``mt_agenda_state_idx`` and the per-person indexes)."""
    rows = agenda_visible(user).filter(box_condition(user, box)).select_related(*LIST_RELATED)
    if box.key == "waiting":
        return rows.order_by("state_since", "id")
    return rows.order_by("-state_since", "-id")


def agenda_get(*, user, pk) -> AgendaItem:
    rows = AgendaItem.objects.select_related(
        "unit",
        "presenter",
        "submitted_by",
        "leader",
        "meeting__chair",
        "meeting__kind",
        "kind",
        "call",
        "carried_from",
    ).prefetch_related("observers")
    return get_visible_or_404(rows, user, pk=pk)


def agenda_timeline(item: AgendaItem) -> list[AgendaStep]:
    return list(AgendaStep.objects.filter(agenda_item=item).select_related("actor", "on_behalf_of", "delegated_from"))


def agenda_files(*, user, item: AgendaItem) -> list[MeetingFile]:
    """The materials of ``item`` the user may open (clearance ≥ each file's 密级)."""
    return list(restrict(MeetingFile.objects.filter(agenda_item=item), user).select_related("uploaded_by"))


def file_get(*, user, pk) -> MeetingFile:
    return get_visible_or_404(MeetingFile.objects.select_related("agenda_item"), user, pk=pk)


def meeting_agenda(*, user, meeting: Meeting) -> list[AgendaItem]:
    """A meeting's agenda as the user may see it, in order (one query; the page adds its materials)."""
    rows = (
        agenda_visible(user)
        .filter(meeting=meeting)
        .exclude(state=S.CARRIED)
        .select_related("unit", "presenter")
        .order_by("order", "id")
    )
    return list(rows.prefetch_related(Prefetch("files", queryset=restrict(MeetingFile.objects.all(), user))))


def meeting_get(*, user, pk) -> Meeting:
    return get_visible_or_404(Meeting.objects.select_related("kind", "chair", "secretary", "room"), user, pk=pk)


def open_meetings(*, user, kind_id=None) -> QuerySet[Meeting]:
    """Meetings that still take 议题 (not yet approved), soonest first."""
    from meetings.agenda.services import OPEN_MEETING_STATES

    rows = restrict(Meeting.objects.filter(state__in=OPEN_MEETING_STATES), user)
    if kind_id is not None:
        rows = rows.filter(kind_id=kind_id)
    return rows.select_related("kind").order_by("starts_at", "id")


def calls_visible(user) -> QuerySet[AgendaCall]:
    return restrict(AgendaCall.objects.all(), user)


def call_list(*, user) -> QuerySet[AgendaCall]:
    return calls_visible(user).select_related("kind", "meeting", "opened_by").order_by("-opened_at", "-id")


def call_get(*, user, pk) -> AgendaCall:
    rows = AgendaCall.objects.select_related("kind", "meeting", "opened_by").prefetch_related("units")
    return get_visible_or_404(rows, user, pk=pk)


def call_items(*, user, call: AgendaCall) -> list[AgendaItem]:
    return list(agenda_visible(user).filter(call=call).select_related(*LIST_RELATED).order_by("unit__sort_order", "id"))


def call_answers(call: AgendaCall) -> dict[str, str]:
    """unit code → the state of its to-do for the call (open: not yet submitted)."""
    from office.workflow.assignments import rows_for

    found = {}
    for step, state in rows_for(call).filter(step__startswith=f"{CALL_STEP}:").values_list("step", "state"):
        found[step.rsplit(":", 1)[1]] = state
    return found
