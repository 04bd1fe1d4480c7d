"""The agenda as a whole: the office sends the ordered agenda to the chair (送审议程), the chair
approves it (审定上会: every accepted 议题 becomes 已审定上会) or returns it. The quorum is checked
before the agenda goes 上会. The meeting's own steps are its transition table's
(``meetings.convening.workflow``: open_call, submit_agenda, approve_agenda, return_agenda); the
议题' steps are ours.
"""

from __future__ import annotations

from functools import cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from meetings.agenda import services
from meetings.agenda.permissions import CALL, CHAIR_STEP
from meetings.choices import AgendaState, Answer, MeetingState, QuorumRule
from meetings.models import AgendaItem, Attendee, Meeting, MeetingStep
from office.models import User
from office.permissions import require
from office.workflow.assignments import Assignee, Notice, assign
from office.workflow.engine import Steps

S = AgendaState


@cache
def meeting_steps() -> Steps:
    from meetings.convening import workflow

    return Steps(Meeting, MeetingStep, workflow.TABLE, "meeting", related=("kind",))


def agenda_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting_agenda", args=[meeting.pk])


def quorum_shortfall(meeting: Meeting, *, personnel: bool) -> str:
    """Why the meeting could not decide (empty: it can): more than half of the members able to come,
    two thirds where 干部任免 is on the agenda (《中国共产党党组工作条例》)."""
    if meeting.kind.quorum == QuorumRule.NONE:
        return ""
    members = Attendee.objects.filter(meeting=meeting, is_member=True, substitute_for__isnull=True)
    total = members.count() or meeting.kind.members.count()
    if not total:
        return ""
    coming = members.exclude(answer=Answer.LEAVE).count() if members.exists() else total
    if personnel:
        enough, rule = coming * 3 >= total * 2, _("三分之二")
    else:
        enough, rule = coming * 2 > total, _("半数")
    if enough:
        return ""
    return _("应到 %(total)s 人，可到 %(coming)s 人，不足%(rule)s，不能上会。") % {
        "total": total,
        "coming": coming,
        "rule": rule,
    }


def meeting_open_call(*, actor: User, meeting: Meeting, cutoff_at, request=None) -> None:
    """A call for one meeting moves it to 征集议题 and sets its cut-off."""
    if meeting.state != MeetingState.DRAFT:
        return
    steps = meeting_steps()
    locked = steps.begin(actor, meeting, "open_call", request)
    locked.agenda_cutoff = cutoff_at
    steps.finish(actor, locked, "open_call", fields=["agenda_cutoff"], request=request)


def _accepted(meeting: Meeting) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.select_for_update().filter(meeting=meeting, state=S.ACCEPTED).order_by("order", "id")
    )


@transaction.atomic
def agenda_submit(*, actor: User, meeting: Meeting, opinion: str = "", request=None) -> Meeting:
    """送审议程: the office sends the ordered agenda to the chair (at least one 议题, quorum possible)."""
    require(actor, CALL, request=request)
    steps = meeting_steps()
    locked = steps.begin(actor, meeting, "submit_agenda", request)
    items = _accepted(locked)
    if not items:
        raise ValidationError(_("尚无列入议程的议题，不能送审。"))
    shortfall = quorum_shortfall(locked, personnel=any(i.is_personnel for i in items))
    if shortfall:
        raise ValidationError(shortfall)
    steps.finish(actor, locked, "submit_agenda", text=opinion.strip(), request=request, detail={"items": len(items)})
    assign(
        target=locked,
        step=CHAIR_STEP,
        assignees=[Assignee.person(locked.chair)],
        notice=Notice(title=f"【{_('议程待审定')}】{locked.title}", url=agenda_url(locked), sender=actor),
    )
    return locked


@transaction.atomic
def agenda_approve(*, actor: User, meeting: Meeting, opinion: str = "", request=None) -> Meeting:
    """审定上会 by the chair: each accepted 议题 is approved, in the agenda's order."""
    steps = meeting_steps()
    locked = steps.begin(actor, meeting, "approve_agenda", request)
    items = _accepted(locked)
    if not items:
        raise ValidationError(_("尚无列入议程的议题，不能审定。"))
    shortfall = quorum_shortfall(locked, personnel=any(i.is_personnel for i in items))
    if shortfall:
        raise ValidationError(shortfall)
    steps.finish(actor, locked, "approve_agenda", text=opinion.strip(), request=request, detail={"items": len(items)})
    services.done(locked, CHAIR_STEP, actor, opinion.strip())
    for item in items:
        item.meeting = locked
        services.STEPS.authorize(actor, "approve", item, request=request)
        services.step_finish(actor, item, "approve", request=request)
    return locked


@transaction.atomic
def agenda_return(*, actor: User, meeting: Meeting, reason: str, request=None) -> Meeting:
    """The chair sends the agenda back to the office (with a reason); its 议题 stay accepted."""
    if not reason.strip():
        raise ValidationError({"reason": _("请填写退回理由。")})
    steps = meeting_steps()
    locked = steps.begin(actor, meeting, "return_agenda", request)
    steps.finish(actor, locked, "return_agenda", text=reason.strip(), request=request)
    services.done(locked, CHAIR_STEP, actor, reason.strip())
    return locked
