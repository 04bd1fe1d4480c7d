"""The agenda as a whole: the office sends the ordered agenda to the chair (送审议程), the chair
approves it (审定上会: every accepted 议题 becomes 已审定上会) or returns it. The quorum
(:mod:`meetings.quorum`) is checked before the agenda goes 上会. The meeting's own steps are
:func:`meetings.convening.services.meeting_step`; the 议题's steps are ours.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from meetings.agenda import services
from meetings.agenda.permissions import CALL, CHAIR_STEP
from meetings.choices import AgendaState, MeetingState
from meetings.convening import services as convening
from meetings.models import AgendaItem, Meeting
from office.models import User
from office.permissions import require
from office.workflow.assignments import Assignee, Notice, assign

S = AgendaState


def agenda_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting_agenda", args=[meeting.pk])


def _accepted(meeting: Meeting) -> list[AgendaItem]:
    rows = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting")
    return list(rows.filter(meeting=meeting, state=S.ACCEPTED).order_by("order", "id"))


@transaction.atomic
def agenda_submit(*, actor: User, meeting: Meeting, opinion: str = "", request=None) -> Meeting:
    """送审议程: the office sends the ordered agenda to the chair (at least one 议题; the quorum
    must be possible with the members who have not asked leave)."""
    require(actor, CALL, request=request)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state == MeetingState.DRAFT:
        services.meeting_open_call(actor=actor, meeting=meeting, cutoff_at=meeting.agenda_cutoff, request=request)
        meeting.refresh_from_db()
    if not AgendaItem.objects.filter(meeting=meeting, state=S.ACCEPTED).exists():
        raise ValidationError(_("尚无列入议程的议题，不能送审。"))
    convening.quorum_refusal(meeting, at_sign_in=False)
    meeting = convening.meeting_step(actor, meeting=meeting, action="submit_agenda", text=opinion, request=request)
    assign(
        target=meeting,
        step=CHAIR_STEP,
        assignees=[Assignee.person(meeting.chair)],
        notice=Notice(title=f"【{_('议程待审定')}】{meeting.title}", url=agenda_url(meeting), sender=actor),
    )
    return meeting


@transaction.atomic
def agenda_approve(*, actor: User, meeting: Meeting, opinion: str = "", request=None) -> Meeting:
    """审定上会 by the chair (quorum checked): each accepted 议题 is approved, in the agenda's order."""
    meeting = convening.meeting_step(actor, meeting=meeting, action="approve_agenda", text=opinion, request=request)
    items = _accepted(meeting)
    if not items:
        raise ValidationError(_("尚无列入议程的议题，不能审定。"))
    for item in items:
        services.STEPS.authorize(actor, "approve", item, request=request)
        services.step_finish(actor, item, "approve", request=request)
    services.done(meeting, CHAIR_STEP, actor, opinion.strip())
    return meeting


@transaction.atomic
def agenda_return(*, actor: User, meeting: Meeting, reason: str, request=None) -> Meeting:
    """The chair sends the agenda back to the office (with a reason); its 议题 stay accepted."""
    if not reason.strip():
        raise ValidationError({"reason": _("请填写退回理由。")})
    meeting = convening.meeting_step(actor, meeting=meeting, action="return_agenda", text=reason, request=request)
    services.done(meeting, CHAIR_STEP, actor, reason.strip())
    return meeting

