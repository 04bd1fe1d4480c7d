"""Every write of a 议题's way: the office's call, 提交 (refused after the cut-off unless admitted),
分管领导审核 (前置审核), 办公室审核, 列入议程 and ordering, 顺延, 撤回.

Each step locks the 议题, asks the policy (which asks the transition table), records the step with
its opinion, moves the state, answers and opens the assignments (the to-dos) and writes the audit row.
The agenda as a whole (送审议程, 审定上会) is :mod:`meetings.agenda.approval`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from meetings.agenda import files as agenda_files
from meetings.agenda.permissions import CALL, CALL_STEP, CREATE, LEADER_STEP, OFFICE_STEP, RETURNED_STEP
from meetings.agenda.workflow import TABLE
from meetings.choices import AgendaState, AttendeeRole, MeetingState
from meetings.convening import services as convening
from meetings.models import AgendaCall, AgendaItem, AgendaStep, Attendee, Meeting, MeetingFile, MeetingKind
from office import org
from office.audit import audit_record
from office.choices import Role, UnitKind
from office.models import OrgUnit, User
from office.permissions import require
from office.services import notification_send
from office.workflow.assignments import Assignee, Notice, answer, assign, assignments_cancel, may_answer
from office.workflow.choices import Duty, Mode
from office.workflow.duties import duty_holders
from office.workflow.engine import Steps, actor_title

S = AgendaState
STEPS = Steps(AgendaItem, AgendaStep, TABLE, "agenda", related=("meeting", "unit", "call"))
step_begin, step_finish = STEPS.begin, STEPS.finish
#: A meeting takes 议题 until its agenda is approved.
OPEN_MEETING_STATES = (MeetingState.DRAFT, MeetingState.COLLECTING, MeetingState.AGENDA_REVIEW)
TEXT_MAX = 4000


def local(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


def notice(label: str, item: AgendaItem, sender: User | None) -> Notice:
    return Notice(title=f"【{label}】{item.title}", url=item.get_absolute_url(), summary=item.unit.name, sender=sender)


def call_url(call: AgendaCall) -> str:
    return reverse("meetings:call_detail", args=[call.pk])


def _call_step(unit: OrgUnit) -> str:
    """One step per department asked (its code: stable, unlike ids), so that each closes on its own."""
    return f"{CALL_STEP}:{unit.code}"


def _office_assign(item: AgendaItem, label: str, sender: User) -> None:
    """办公室审核 goes to the 秘书 cleared for the 议题 (else to the office staff who are)."""
    if duty_holders(Duty.SECRETARY, clearance=item.secret_level):
        assignees = [Assignee.office_duty(Duty.SECRETARY)]
    else:
        assignees = [Assignee.person(u) for u in org.office_staff(min_clearance=item.secret_level)]
    if assignees:
        assign(target=item, step=OFFICE_STEP, assignees=assignees, notice=notice(label, item, sender), mode=Mode.ANY)


def done(target, step: str, actor: User, text: str = "") -> None:
    """``actor`` took the step: his answer when it is his, else its to-dos close all the same."""
    if may_answer(target, step, actor):
        answer(target=target, step=step, actor=actor, text=text)
    else:
        assignments_cancel(target=target, step=step)


# --- the call ----------------------------------------------------------------------------------


@transaction.atomic
def call_open(
    *,
    actor: User,
    kind: MeetingKind,
    title: str,
    cutoff_at: dt.datetime,
    meeting: Meeting | None = None,
    units: Iterable[OrgUnit] = (),
    request=None,
) -> AgendaCall:
    """议题征集: for one meeting, or standing for the next meeting of ``kind``. Each department asked
    (every department when none is named) gets a to-do until it submits."""
    require(actor, CALL, request=request)
    if not title.strip():
        raise ValidationError({"title": _("请填写征集说明。")})
    if cutoff_at is None or cutoff_at <= timezone.now():
        raise ValidationError({"cutoff_at": _("截止时间须晚于现在。")})
    if not kind.active or not kind.collects_agenda:
        raise ValidationError({"kind": _("该会议类型不征集议题。")})
    if meeting is not None:
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.kind_id != kind.pk:
            raise ValidationError({"meeting": _("所选会议不属于该会议类型。")})
        if meeting.state not in OPEN_MEETING_STATES:
            raise ValidationError({"meeting": _("该会议的议程已审定，不再征集议题。")})
        if cutoff_at >= meeting.starts_at:
            raise ValidationError({"cutoff_at": _("截止时间须早于会议开始时间。")})
    units = list(dict.fromkeys(units))
    call = AgendaCall(kind=kind, meeting=meeting, title=title.strip()[:200], cutoff_at=cutoff_at, opened_by=actor)
    call.full_clean()
    call.save()
    if units:
        call.units.set(units)
    asked = units or list(OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT, is_active=True).order_by("sort_order", "id"))
    label = _("待报送议题")
    for unit in asked:
        if org.unit_head(unit) is None:
            continue
        assign(
            target=call,
            step=_call_step(unit),
            assignees=[Assignee.of_unit(unit)],
            notice=Notice(
                title=f"【{label}】{call.title}",
                url=call_url(call),
                summary=_("截止 %(time)s") % {"time": local(cutoff_at)},
                due_at=cutoff_at,
                sender=actor,
            ),
        )
    audit_record(
        actor=actor,
        action="agenda.call",
        obj=call,
        detail={"units": len(units), "meeting": getattr(meeting, "pk", None)},
        request=request,
    )
    if meeting is not None:
        meeting_open_call(actor=actor, meeting=meeting, cutoff_at=cutoff_at, request=request)
    return call


def meeting_open_call(*, actor: User, meeting: Meeting, cutoff_at, request=None) -> None:
    """A call for one meeting moves it to 征集议题 (when still 筹备中) and sets its cut-off."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state == MeetingState.DRAFT:
        meeting = convening.meeting_step(actor, meeting=meeting, action="open_call", request=request)
    if meeting.agenda_cutoff != cutoff_at:
        meeting.agenda_cutoff = cutoff_at
        meeting._change_reason, meeting._history_user = _("设定议题截止时间"), actor
        meeting.save(update_fields=["agenda_cutoff"])


@transaction.atomic
def call_close(*, actor: User, call: AgendaCall, request=None) -> AgendaCall:
    """The office ends a call: the departments' to-dos for it are withdrawn."""
    require(actor, CALL, request=request)
    locked = AgendaCall.objects.select_for_update().get(pk=call.pk)
    require(actor, "view", locked, request=request)
    if locked.closed_at is None:
        locked.closed_at = timezone.now()
        locked.save(update_fields=["closed_at"])
        assignments_cancel(target=locked)
        audit_record(actor=actor, action="agenda.call_close", obj=locked, request=request)
    return locked


def call_is_open(call: AgendaCall) -> bool:
    return call.closed_at is None


# --- 起草, 修改 ------------------------------------------------------------------------------


@dataclass
class AgendaData:
    title: str
    presenter: User
    proposal: str
    background: str = ""
    minutes_needed: int = 15
    secret_level: int = 0
    is_personnel: bool = False
    observers: list[User] = field(default_factory=list)


def _check(actor: User, data: AgendaData, unit_id: int) -> None:
    if not data.title.strip():
        raise ValidationError({"title": _("请填写议题名称。")})
    if not data.proposal.strip():
        raise ValidationError({"proposal": _("请填写建议意见（提请会议决定的事项）。")})
    if len(data.proposal) > TEXT_MAX or len(data.background) > TEXT_MAX:
        raise ValidationError({"proposal": _("内容过长，请精简到 %(n)s 字以内。") % {"n": TEXT_MAX}})
    if not 1 <= int(data.minutes_needed or 0) <= 120:
        raise ValidationError({"minutes_needed": _("汇报时长须在 1 到 120 分钟之间。")})
    if data.secret_level > actor.clearance:
        raise ValidationError({"secret_level": _("密级不能高于您本人的涉密等级。")})
    if data.presenter is None or not data.presenter.is_active:
        raise ValidationError({"presenter": _("请选择汇报人。")})
    if data.presenter.unit_id != unit_id and data.presenter.role != Role.LEADER:
        raise ValidationError({"presenter": _("汇报人须是本部门人员或局领导。")})
    for person in [data.presenter, *data.observers]:
        if person.clearance < data.secret_level:
            raise ValidationError({"observers": _("%(name)s的涉密等级低于议题密级。") % {"name": person.full_name}})


@transaction.atomic
def agenda_create(*, actor: User, call: AgendaCall, data: AgendaData, request=None) -> AgendaItem:
    """A department's draft 议题 for ``call`` (drafting after the cut-off is allowed: 提交 is not)."""
    require(actor, CREATE, request=request)
    require(actor, "view", call, request=request)
    if not actor.unit_id:
        raise ValidationError(_("您不属于任何部门，不能报送议题。"))
    if not call_is_open(call):
        raise ValidationError(_("该议题征集已关闭。"))
    _check(actor, data, actor.unit_id)
    item = AgendaItem(
        kind_id=call.kind_id,
        call=call,
        state=S.DRAFT,
        state_since=timezone.now(),
        title=data.title.strip(),
        unit_id=actor.unit_id,
        submitted_by=actor,
        presenter=data.presenter,
        proposal=data.proposal.strip(),
        background=data.background.strip(),
        minutes_needed=data.minutes_needed,
        secret_level=data.secret_level,
        is_personnel=data.is_personnel,
    )
    item.full_clean()
    item._change_reason, item._history_user = _("起草议题"), actor
    item.save()
    item.observers.set(data.observers)
    audit_record(actor=actor, action="agenda.create", obj=item, request=request)
    return item


@transaction.atomic
def agenda_edit(*, actor: User, item: AgendaItem, data: AgendaData, request=None) -> AgendaItem:
    locked = step_begin(actor, item, "edit", request)
    _check(actor, data, locked.unit_id)
    for name in ("title", "proposal", "background"):
        setattr(locked, name, getattr(data, name).strip())
    locked.presenter, locked.minutes_needed = data.presenter, data.minutes_needed
    locked.secret_level, locked.is_personnel = data.secret_level, data.is_personnel
    locked.full_clean()
    step_finish(
        actor,
        locked,
        "edit",
        request=request,
        fields=["title", "proposal", "background", "presenter", "minutes_needed", "secret_level", "is_personnel"],
    )
    locked.observers.set(data.observers)
    return locked


def cutoff_of(item: AgendaItem) -> dt.datetime | None:
    if item.call_id:
        return item.call.cutoff_at
    return item.meeting.agenda_cutoff if item.meeting_id else None


# --- 提交, 逾期, 撤回 ----------------------------------------------------------------------------


@transaction.atomic
def agenda_submit(*, actor: User, item: AgendaItem, opinion: str = "", request=None) -> AgendaItem:
    """提交: to the leader in charge of the department first (前置审核), else straight to the office.

    After the call's cut-off a clear refusal, unless the office admitted this 议题 late."""
    locked = step_begin(actor, item, "submit", request)
    cutoff = cutoff_of(locked)
    if cutoff is not None and timezone.now() > cutoff and not locked.late:
        raise ValidationError(
            _("议题征集已于 %(time)s 截止，不能再提交。如确需上会，请联系办公室同意逾期提交。")
            % {"time": local(cutoff)}
        )
    if locked.call_id and not call_is_open(locked.call):
        raise ValidationError(_("该议题征集已关闭。"))
    leader = org.leader_in_charge(locked.unit_id, min_clearance=locked.secret_level)
    locked.leader, locked.submitted_at, locked.return_reason = leader, timezone.now(), ""
    target = S.LEADER_REVIEW if leader is not None else S.OFFICE_REVIEW
    step_finish(
        actor,
        locked,
        "submit",
        text=opinion.strip(),
        target=target,
        request=request,
        fields=["leader", "submitted_at", "return_reason"],
        detail={"late": locked.late},
    )
    done(locked, RETURNED_STEP, actor)
    if locked.call_id:
        done(locked.call, _call_step(locked.unit), actor)
    if leader is not None:
        assign(
            target=locked,
            step=LEADER_STEP,
            assignees=[Assignee.person(leader)],
            notice=notice(_("议题待审核"), locked, actor),
        )
    else:
        _office_assign(locked, _("议题待审核"), actor)
    return locked


@transaction.atomic
def agenda_admit_late(*, actor: User, item: AgendaItem, opinion: str = "", request=None) -> AgendaItem:
    """同意逾期提交: the office lets this 议题 be submitted after the cut-off."""
    locked = step_begin(actor, item, "admit_late", request)
    locked.late = True
    step_finish(actor, locked, "admit_late", text=opinion.strip(), fields=["late"], request=request)
    notification_send(
        recipient=locked.submitted_by,
        verb="agenda.admit_late",
        target=locked,
        title=_("办公室已同意逾期提交议题：%(title)s") % {"title": locked.title},
        url=locked.get_absolute_url(),
    )
    return locked


@transaction.atomic
def agenda_withdraw(*, actor: User, item: AgendaItem, reason: str = "", request=None) -> AgendaItem:
    locked = step_begin(actor, item, "withdraw", request)
    step_finish(actor, locked, "withdraw", text=reason.strip(), request=request)
    assignments_cancel(target=locked)
    return locked


# --- 分管领导审核 ---------------------------------------------------------------------------------


@transaction.atomic
def agenda_leader_approve(*, actor: User, item: AgendaItem, opinion: str = "", request=None) -> AgendaItem:
    locked = step_begin(actor, item, "leader_approve", request)
    step_finish(actor, locked, "leader_approve", text=opinion.strip(), request=request)
    done(locked, LEADER_STEP, actor, opinion.strip())
    _office_assign(locked, _("议题待审核"), actor)
    return locked


def _return(actor: User, locked: AgendaItem, action: str, reason: str, request) -> AgendaItem:
    if not reason.strip():
        raise ValidationError({"reason": _("请填写退回理由。")})
    was_on = locked.meeting_id
    locked.return_reason, locked.meeting, locked.order = reason.strip()[:1000], None, None
    step_finish(
        actor, locked, action, text=reason.strip(), request=request, fields=["return_reason", "meeting", "order"]
    )
    if was_on:
        Attendee.objects.filter(meeting_id=was_on, agenda_item=locked).delete()
    assign(
        target=locked,
        step=RETURNED_STEP,
        assignees=[Assignee.person(locked.submitted_by)],
        notice=notice(_("议题被退回"), locked, actor),
    )
    return locked


@transaction.atomic
def agenda_leader_return(*, actor: User, item: AgendaItem, reason: str, request=None) -> AgendaItem:
    locked = step_begin(actor, item, "leader_return", request)
    done(locked, LEADER_STEP, actor, reason.strip())
    return _return(actor, locked, "leader_return", reason, request)


# --- 办公室审核, 列入议程, 排序 --------------------------------------------------------------------


@transaction.atomic
def agenda_office_return(*, actor: User, item: AgendaItem, reason: str, request=None) -> AgendaItem:
    locked = step_begin(actor, item, "office_return", request)
    if locked.meeting_id and locked.meeting.state not in OPEN_MEETING_STATES:
        raise ValidationError(_("议程已审定，不能再退回其中的议题。"))
    done(locked, OFFICE_STEP, actor, reason.strip())
    return _return(actor, locked, "office_return", reason, request)


def _lock_meeting(meeting: Meeting) -> Meeting:
    locked = Meeting.objects.select_for_update().select_related("kind").get(pk=meeting.pk)
    if locked.state not in OPEN_MEETING_STATES:
        raise ValidationError({"meeting": _("%(meeting)s的议程已审定，不能再列入议题。") % {"meeting": locked.title}})
    return locked


def _place(item: AgendaItem, meeting: Meeting) -> None:
    """On ``meeting``'s agenda, last; its 列席 become attendees for this 议题."""
    if meeting.kind_id != item.kind_id:
        raise ValidationError({"meeting": _("议题的会议类型与所选会议不符。")})
    if meeting.secret_level < item.secret_level:
        raise ValidationError({"meeting": _("议题密级高于会议密级，不能列入该会议。")})
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(n=Max("order"))["n"] or 0
    item.meeting, item.order = meeting, last + 1
    there = set(Attendee.objects.filter(meeting=meeting, user__isnull=False).values_list("user_id", flat=True))
    Attendee.objects.bulk_create(
        [
            Attendee(meeting=meeting, user=u, unit_id=u.unit_id, role=AttendeeRole.SITTING_IN, agenda_item=item)
            for u in item.observers.all()
            if u.pk not in there
        ]
    )


@transaction.atomic
def agenda_accept(*, actor: User, item: AgendaItem, meeting: Meeting, opinion: str = "", request=None) -> AgendaItem:
    """列入议程 of ``meeting`` (of the 议题's kind, agenda not yet approved), last in order."""
    locked = step_begin(actor, item, "accept", request)
    meeting = _lock_meeting(meeting)
    require(actor, "view", meeting, request=request)
    _place(locked, meeting)
    step_finish(
        actor,
        locked,
        "accept",
        text=opinion.strip(),
        fields=["meeting", "order"],
        request=request,
        detail={"meeting": meeting.pk},
    )
    done(locked, OFFICE_STEP, actor, opinion.strip())
    return locked


@transaction.atomic
def agenda_order(*, actor: User, meeting: Meeting, ids: list[int], request=None) -> list[AgendaItem]:
    """排序: the accepted 议题 of ``meeting`` in the order given (all of them, each once)."""
    require(actor, CALL, request=request)
    meeting = _lock_meeting(meeting)
    require(actor, "view", meeting, request=request)
    rows = {i.pk: i for i in AgendaItem.objects.select_for_update().filter(meeting=meeting, state=S.ACCEPTED)}
    if sorted(ids) != sorted(rows) or len(set(ids)) != len(ids):
        raise ValidationError(_("排序须包含本次会议已列入议程的全部议题，且每个议题一次。"))
    for position, pk in enumerate(ids, start=1):
        item = rows[pk]
        if item.order != position:
            item.order = position
            item._change_reason, item._history_user = _("调整议题顺序"), actor
            item.save(update_fields=["order"])
    audit_record(actor=actor, action="agenda.order", obj=meeting, detail={"items": len(ids)}, request=request)
    return [rows[pk] for pk in ids]


# --- 顺延 -----------------------------------------------------------------------------------------


@transaction.atomic
def agenda_carry(*, actor: User, item: AgendaItem, to_meeting: Meeting | None = None, request=None) -> AgendaItem:
    """顺延下次会议: a 议题 not reached. It is copied (materials too) onto ``to_meeting``'s agenda, or
    back to the office to be placed on the next meeting of its kind; the old one keeps its record."""
    locked = step_begin(actor, item, "carry", request)
    step_finish(actor, locked, "carry", request=request, detail={"to": getattr(to_meeting, "pk", None)})
    now = timezone.now()
    copy = AgendaItem(
        kind_id=locked.kind_id,
        call=locked.call,
        state=S.OFFICE_REVIEW,
        state_since=now,
        title=locked.title,
        unit_id=locked.unit_id,
        submitted_by=locked.submitted_by,
        presenter=locked.presenter,
        proposal=locked.proposal,
        background=locked.background,
        minutes_needed=locked.minutes_needed,
        secret_level=locked.secret_level,
        is_personnel=locked.is_personnel,
        leader=locked.leader,
        submitted_at=locked.submitted_at,
        late=locked.late,
        carried_from=locked,
    )
    if to_meeting is not None:
        to_meeting = _lock_meeting(to_meeting)
        copy.state = S.ACCEPTED
    copy._change_reason, copy._history_user = _("顺延自上次会议"), actor
    copy.save()
    copy.observers.set(locked.observers.all())
    if to_meeting is not None:
        _place(copy, to_meeting)
        copy.save(update_fields=["meeting", "order"])
    else:
        _office_assign(copy, _("顺延议题待列入议程"), actor)
    for material in MeetingFile.objects.filter(agenda_item=locked):
        agenda_files.copy_to(material, copy)
    AgendaStep.objects.create(
        agenda_item=copy,
        action="carry",
        actor=actor,
        actor_title=actor_title(actor),
        text=_("顺延自%(meeting)s") % {"meeting": locked.meeting.title if locked.meeting_id else ""},
        state_after=copy.state,
    )
    audit_record(actor=actor, action="agenda.carried", obj=copy, detail={"from": locked.pk}, request=request)
    return copy
