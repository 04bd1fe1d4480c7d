"""Every write of 办文 (收文 for now).

Each workflow step: locks the document, asks the policy (which asks the
transition table), records the step with its opinion, moves the state, closes
and opens to-dos, sets or clears the time limit, leaves history and an audit row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from documents import limits
from documents.archive.services import archive_code_next
from documents.choices import Channel, DocType, IncomingState, Retention, RoutingState, Urgency
from documents.common.steps import Steps
from documents.incoming import routing, workflow
from documents.incoming.routing import ASSIGN, ASSIST, INSTRUCT, office_assign, step_close, step_done
from documents.models import Circulation, IncomingAssist, IncomingDocument, IncomingRouting, IncomingStep
from office import deadlines as office_deadlines
from office import org
from office.audit import audit_record
from office.choices import Clearance, Role, TodoKind, TodoState
from office.models import DeadlineState, OrgUnit, User
from office.serials import serial_next
from office.services import todo_close, todo_open, todos_withdraw_unseeable
from office.workflow.assignments import (
    Assignee,
    answer,
    assign,
    assign_more,
    assignments_cancel,
    may_answer,
    rows_for,
)
from office.workflow.choices import Duty, Mode
from office.workflow.duties import holds_duty

S = IncomingState
DEADLINE_KIND = "incoming"


# --- helpers ------------------------------------------------------------------------


STEPS = Steps(IncomingDocument, IncomingStep, workflow.TABLE, "incoming")
step_begin, step_finish = STEPS.begin, STEPS.finish


def _office_unit() -> OrgUnit:
    return org.office_unit()


#: 承办 (the handler's step: 指定承办人 → 报办理结果, again after 退回重办) and 确认办结 (the lead head's).
HANDLE, CONFIRM = "incoming.handle", "incoming.confirm"


def _todo_for(users: Iterable[User], document: IncomingDocument, step: str, title: str, sender: User, kind=TodoKind.ACTION):
    """待阅 (传阅, ``incoming.read``) only: a reading notice, not a workflow step, so no assignment
    stands behind it and it is opened by hand. Workflow steps go through ``assign``/``answer``."""
    due = document.due_at
    for user in users:
        todo_open(
            user=user, target=document, step=step, title=title, url=document.get_absolute_url(), kind=kind,
            summary=f"{document.sender_org} {document.sender_ref}".strip(), sender=sender, due_at=due,
            is_urgent=document.urgency > Urgency.NORMAL,
        )


def _title(label: str, document: IncomingDocument) -> str:
    return f"【{label}】{document.title}"


def _set_deadline(actor: User, document: IncomingDocument, unit: OrgUnit, person: User | None) -> None:
    if document.due_at is None:
        return
    # Set, or moved and handed to whoever answers for the document now.
    office_deadlines.deadline_set(
        actor=None, target=document, kind=DEADLINE_KIND, title=document.title, url=document.get_absolute_url(),
        responsible_unit=unit, responsible_user=person, due_at=document.due_at, secret_level=document.secret_level,
    )


def _due_from(due_at: dt.datetime | None, workdays: int | None) -> dt.datetime | None:
    if workdays:
        return office_deadlines.WorkCalendar().due_after_workdays(timezone.now(), workdays)
    if due_at is not None:
        try:
            limits.check_due(timezone.localdate(due_at))
        except ValidationError as exc:
            raise ValidationError({"due_on": exc.messages}) from None
    return due_at


# --- 到件, 签收, 登记 -----------------------------------------------------------------


@transaction.atomic
def incoming_receive(
    *, actor: User, sender_org: str, title: str, channel: str = Channel.EXCHANGE, sender_ref: str = "",
    copies: int = 1, secret_level: int = Clearance.PUBLIC, urgency: int = Urgency.NORMAL,
) -> IncomingDocument:
    """A document has arrived (from 电子公文交换, 机要交通 …): it waits to be signed for."""
    from office.permissions import can

    if not can(actor, "documents.receive"):
        raise ValidationError(_("只有办公室人员可以登记到件。"))
    if secret_level > actor.clearance:
        raise ValidationError({"secret_level": _("文件密级高于您的涉密等级，请交由有相应等级的人员处理。")})
    document = IncomingDocument(
        sender_org=sender_org.strip(), title=title.strip(), channel=channel, sender_ref=sender_ref.strip(),
        copies=copies, secret_level=secret_level, urgency=urgency, arrived_by=actor, state_since=timezone.now(),
    )
    document.full_clean()
    document._change_reason = _("到件")
    document._history_user = actor
    document.save()
    audit_record(actor=actor, action="incoming.receive", obj=document)
    office_assign(document, "incoming.sign", Duty.CLERK, _("待签收"), actor)
    return document


@transaction.atomic
def incoming_sign(*, actor: User, document: IncomingDocument, request=None) -> IncomingDocument:
    """签收: the time and the person are recorded."""
    locked = step_begin(actor, document, "sign", request)
    locked.signed_at, locked.signed_by = timezone.now(), actor
    step_finish(actor, locked, "sign", fields=["signed_at", "signed_by"], request=request)
    step_done(locked, "incoming.sign", actor)
    office_assign(locked, "incoming.register", Duty.CLERK, _("待登记"), actor)
    return locked


@dataclass
class Registration:
    """What 登记 records (条例 第二十四条): validated by the form, checked again here."""

    sender_org: str
    sender_ref: str
    title: str
    doc_type: str
    secret_level: int
    secrecy_period: str
    urgency: int
    copies: int
    copy_numbers: str
    received_on: dt.date
    due_at: dt.datetime | None = None
    workdays: int | None = None
    summary: str = ""

    @classmethod
    def from_input(cls, data: dict, *, due_at: dt.datetime | None = None) -> Registration:
        """From a register form's cleaned data (its other fields, e.g. the duplicate confirmation, are left out)."""
        values = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        return cls(**{**values, "due_at": due_at})


def duplicates_of(*, sender_org: str, sender_ref: str, exclude_pk=None):
    """Documents already received with the same 来文单位 and 来文字号."""
    if not sender_ref.strip():
        return IncomingDocument.objects.none()
    rows = IncomingDocument.objects.filter(sender_org=sender_org.strip(), sender_ref=sender_ref.strip()).exclude(
        state=S.WITHDRAWN  # a withdrawn duplicate is no longer a document of the organ's
    )
    return rows.exclude(pk=exclude_pk) if exclude_pk else rows


@transaction.atomic
def incoming_register(
    *, actor: User, document: IncomingDocument, data: Registration, allow_duplicate: bool = False, request=None
) -> IncomingDocument:
    """登记: the 收文编号 is assigned here (per year, no repeats, no gaps)."""
    locked = step_begin(actor, document, "register", request)
    if data.doc_type not in DocType.values:
        raise ValidationError({"doc_type": _("请选择文种。")})
    if data.secret_level > Clearance.PUBLIC and data.secret_level > Clearance.INTERNAL:
        if not data.secrecy_period.strip():
            raise ValidationError({"secrecy_period": _("涉密文件须注明保密期限。")})
        if not data.copy_numbers.strip():
            raise ValidationError({"copy_numbers": _("涉密文件须登记份号。")})
    if data.secret_level > actor.clearance:
        raise ValidationError({"secret_level": _("文件密级高于您的涉密等级，请交由有相应等级的人员登记。")})
    if len(data.summary) > limits.SUMMARY:
        raise ValidationError({"summary": _("内容摘要不能超过%(max)s个字。") % {"max": limits.SUMMARY}})
    if data.received_on > timezone.localdate() or data.received_on < limits.EARLIEST:
        raise ValidationError({"received_on": _("收文日期不合理，请核对。")})
    if not allow_duplicate and duplicates_of(
        sender_org=data.sender_org, sender_ref=data.sender_ref, exclude_pk=locked.pk
    ).exists():
        raise ValidationError(_("本机关已收到过同一来文单位、同一来文字号的文件，请核实后确认重复登记。"))
    now = timezone.now()
    year = timezone.localdate(now).year
    locked.year, locked.serial = year, serial_next(kind="incoming", year=year)
    for name in ("sender_org", "sender_ref", "title", "doc_type", "secret_level", "secrecy_period", "urgency",
                 "copies", "copy_numbers", "received_on", "summary"):
        value = getattr(data, name)
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    locked.due_at = _due_from(data.due_at, data.workdays)
    locked.registered_at, locked.registered_by = now, actor
    locked.full_clean()
    step_finish(
        actor, locked, "register", request=request, detail={"year": locked.year},
        fields=["year", "serial", "sender_org", "sender_ref", "title", "doc_type", "secret_level", "secrecy_period",
                "urgency", "copies", "copy_numbers", "received_on", "summary", "due_at", "registered_at",
                "registered_by"],
    )
    step_done(locked, "incoming.register", actor)
    _set_deadline(actor, locked, _office_unit(), actor)
    office_assign(locked, "incoming.review", Duty.DIRECTOR, _("待初审"), actor)
    return locked


# --- 初审, 退回, 拟办 ------------------------------------------------------------------


@transaction.atomic
def incoming_review(*, actor: User, document: IncomingDocument, opinion: str = "", request=None) -> IncomingDocument:
    """初审 passed: the office director proposes how to handle it."""
    locked = step_begin(actor, document, "review", request)
    step_finish(actor, locked, "review", text=opinion.strip(), request=request)
    step_done(locked, "incoming.review", actor, opinion.strip())
    office_assign(locked, "incoming.propose", Duty.DIRECTOR, _("待拟办"), actor)
    return locked


@transaction.atomic
def incoming_return(*, actor: User, document: IncomingDocument, reason: str, request=None) -> IncomingDocument:
    """退回 to the sender with a reason; the document leaves the active lists."""
    if not reason.strip():
        raise ValidationError({"reason": _("请填写退回理由。")})
    locked = step_begin(actor, document, "return", request)
    locked.returned_reason = reason.strip()
    step_finish(actor, locked, "return", text=locked.returned_reason, fields=["returned_reason"], request=request)
    todo_close(target=locked)
    assignments_cancel(target=locked)
    office_deadlines.deadline_close_for(actor=None, target=locked, state=DeadlineState.CANCELLED)
    return locked


@transaction.atomic
def incoming_withdraw(*, actor: User, document: IncomingDocument, reason: str, request=None) -> IncomingDocument:
    """作废 a document never registered (a duplicate arrival, one recorded by mistake): the reason is
    kept on the timeline, the 签收/登记 steps are cancelled through the workflow core (their
    to-dos 已撤回), and it leaves every active box."""
    if not reason.strip():
        raise ValidationError({"reason": _("请填写作废理由。")})
    locked = step_begin(actor, document, "withdraw", request)
    step_finish(actor, locked, "withdraw", text=reason.strip()[:500], request=request)
    assignments_cancel(target=locked)
    todo_close(target=locked, state=TodoState.WITHDRAWN)  # any opened by hand (none are, today)
    office_deadlines.deadline_close_for(actor=None, target=locked, state=DeadlineState.CANCELLED)
    return locked


@transaction.atomic
def incoming_propose(
    *, actor: User, document: IncomingDocument, proposal: str, leaders: list[User], lead_unit: OrgUnit | None = None,
    assisting_units: Iterable[OrgUnit] = (), request=None,
) -> IncomingDocument:
    """拟办: the office director proposes the lead department, the assisting ones and the leaders to instruct."""
    if not proposal.strip():
        raise ValidationError({"proposal": _("请填写拟办意见。")})
    leaders = list(dict.fromkeys(leaders))
    if not leaders:
        raise ValidationError({"leaders": _("请选择呈批领导。")})
    for leader in leaders:
        if leader.role != Role.LEADER or not leader.is_active:
            raise ValidationError({"leaders": _("呈批对象必须是局领导。")})
        if leader.clearance < document.secret_level:
            raise ValidationError({"leaders": _("%(name)s的涉密等级低于文件密级。") % {"name": leader.full_name}})
    locked = step_begin(actor, document, "propose", request)
    assisting = [u for u in assisting_units if lead_unit is None or u.pk != lead_unit.pk]
    locked.proposal, locked.lead_unit = proposal.strip(), lead_unit
    for order, leader in enumerate(leaders, start=1):
        IncomingRouting.objects.create(document=locked, leader=leader, order=order)
    step_finish(actor, locked, "propose", text=locked.proposal, fields=["proposal", "lead_unit"], request=request)
    locked.assisting_units.set(assisting)
    step_done(locked, "incoming.propose", actor, locked.proposal)
    # 批示 in turn: each leader's to-do opens when the one before has given his.
    assign(target=locked, step=INSTRUCT, assignees=[Assignee.person(leader) for leader in leaders],
           notice=routing.notice(_("待批示"), locked, actor))
    return locked


# --- 批办 ---------------------------------------------------------------------------


@transaction.atomic
def incoming_instruct(
    *, actor: User, document: IncomingDocument, text: str, next_leader: User | None = None,
    lead_unit: OrgUnit | None = None, assisting_units: Iterable[OrgUnit] | None = None,
    due_at: dt.datetime | None = None, workdays: int | None = None, on_behalf_of: User | None = None,
    supervise: bool = False, request=None,
) -> IncomingDocument:
    """批示. Passed on to another leader for 圈阅, or — the last leader — handed to the departments.

    ``on_behalf_of`` (代录): a 秘书 records the 批示 a leader gave on paper; both names are kept.
    ``supervise`` (转督办): the 批示 asks for supervision — ``instruction.supervise`` is fired on commit.
    """
    if not text.strip():
        raise ValidationError({"text": _("请填写批示意见。")})
    locked = step_begin(actor, document, "instruct", request, on_behalf_of=on_behalf_of)
    if on_behalf_of is None and actor.role != Role.LEADER and holds_duty(actor, Duty.SECRETARY):
        raise ValidationError({"on_behalf_of": _("请选择所代录的领导。")})
    leader = on_behalf_of or actor
    routing.instruct_rows_ensure(locked, actor)
    if lead_unit is not None:
        locked.lead_unit = lead_unit
    if assisting_units is not None:
        locked.assisting_units.set([u for u in assisting_units if u.pk != locked.lead_unit_id])
    new_due = _due_from(due_at, workdays)
    if new_due is not None:
        locked.due_at = new_due
    if next_leader is not None:
        if next_leader.role != Role.LEADER or next_leader.pk in (actor.pk, leader.pk):
            raise ValidationError({"next_leader": _("请选择另一位局领导。")})
        if next_leader.clearance < locked.secret_level:
            raise ValidationError({"next_leader": _("%(name)s的涉密等级低于文件密级。") % {"name": next_leader.full_name}})
        if not locked.routings.filter(leader=next_leader, state=RoutingState.PENDING).exists():
            last = locked.routings.aggregate(last=Max("order"))["last"] or 0
            IncomingRouting.objects.create(document=locked, leader=next_leader, order=last + 1)
        assign_more(target=locked, step=INSTRUCT, assignees=[Assignee.person(next_leader)],
                    notice=routing.notice(_("待批示"), locked, actor))
    result = answer(target=locked, step=INSTRUCT, actor=actor, text=text.strip(), on_behalf_of=on_behalf_of)
    # The document's own record of the chain: the routing of the leader who answered.
    done = result.assignment.on_behalf_of or result.delegated_from or result.assignment.acted_by
    row = (
        locked.routings.select_for_update().filter(state=RoutingState.PENDING, leader=done).order_by("order").first()
        or locked.routings.select_for_update().filter(state=RoutingState.PENDING).order_by("order").first()
    )
    if row is not None:
        row.state, row.done_at = RoutingState.DONE, timezone.now()
        row.save(update_fields=["state", "done_at"])
    names = {"on_behalf_of": on_behalf_of, "delegated_from": result.delegated_from,
             "detail": {"supervise": True} if supervise else None}
    if not result.complete:
        step_finish(actor, locked, "instruct", text=text.strip(), fields=["lead_unit", "due_at"], request=request,
                    **names)
        if new_due is not None:  # the office keeps it until it is handed out, on the new time limit
            _set_deadline(actor, locked, _office_unit(), locked.registered_by)
    else:
        if locked.lead_unit_id is None:
            raise ValidationError({"lead_unit": _("请确定主办单位。")})
        step_finish(actor, locked, "instruct", text=text.strip(), fields=["lead_unit", "due_at"], target=S.HANDLING,
                    request=request, **names)
        lead, lead_head = locked.lead_unit, org.named_head(locked.lead_unit_id)
        _set_deadline(actor, locked, lead, lead_head)
        if lead_head is not None:
            assign(target=locked, step=ASSIGN, assignees=[Assignee.head_of(lead)],
                   notice=routing.notice(_("待交办"), locked, actor))
        assisting = list(locked.assisting_units.order_by("sort_order", "id"))
        if assisting:
            assign(target=locked, step=ASSIST, assignees=[Assignee.of_unit(u) for u in assisting], mode=Mode.ALL,
                   notice=routing.notice(_("待协办"), locked, actor))
    if supervise:
        routing.supervise_fire(locked, leader=leader, actor=actor, text=text.strip())
    return locked


# --- 承办 ---------------------------------------------------------------------------


@transaction.atomic
def incoming_assign(
    *, actor: User, document: IncomingDocument, handler: User, opinion: str = "", request=None
) -> IncomingDocument:
    """The lead department's head assigns the handler."""
    locked = step_begin(actor, document, "assign", request)
    if handler.unit_id != locked.lead_unit_id or not handler.is_active:
        raise ValidationError({"handler": _("承办人须是主办处室的人员。")})
    if handler.clearance < locked.secret_level:
        raise ValidationError({"handler": _("承办人的涉密等级低于文件密级。")})
    previous = locked.handler
    locked.handler = handler
    step_finish(actor, locked, "assign", text=opinion.strip() or _("请%(name)s承办。") % {"name": handler.full_name},
            fields=["handler"], request=request)
    step_done(locked, ASSIGN, actor, locked.handler.full_name)
    if previous and previous.pk != handler.pk:
        # Taken away, not done by her: 已撤回, and whatever else she may no longer see goes too.
        _handle_withdraw(locked)
    lead = OrgUnit.objects.get(pk=locked.lead_unit_id)
    _set_deadline(actor, locked, lead, handler)
    if previous and previous.pk != handler.pk:
        todos_withdraw_unseeable(user=previous)  # once the time limit is hers no more either
    if handler.pk != actor.pk and not may_answer(locked, HANDLE, handler):
        assign(target=locked, step=HANDLE, assignees=[Assignee.person(handler)],
               notice=routing.notice(_("待承办"), locked, actor))
    return locked


def _handle_withdraw(document: IncomingDocument) -> None:
    """承办 taken away from its handler: the engine withdraws the to-do (已撤回)."""
    if rows_for(document, HANDLE).exists():
        assignments_cancel(target=document, step=HANDLE)
    else:  # a handler named before 承办 ran on assignments: his to-do was opened by hand
        todo_close(target=document, step=HANDLE, state=TodoState.WITHDRAWN)


@transaction.atomic
def incoming_assist(*, actor: User, document: IncomingDocument, text: str, request=None) -> IncomingAssist:
    """An assisting department gives its input."""
    if not text.strip():
        raise ValidationError({"text": _("请填写协办意见。")})
    locked = step_begin(actor, document, "assist", request)
    assist = IncomingAssist.objects.create(document=locked, unit=actor.unit, text=text.strip(), given_by=actor)
    step_finish(actor, locked, "assist", text=assist.text, request=request)
    if may_answer(locked, ASSIST, actor):
        answer(target=locked, step=ASSIST, actor=actor, text=assist.text)
    else:  # a document handed out before 协办 ran on assignments
        todo_close(target=locked, step=ASSIST, user=actor)
    return assist


@transaction.atomic
def incoming_report(
    *, actor: User, document: IncomingDocument, result: str, reply: str = "", request=None
) -> IncomingDocument:
    """The handler records the result and the reply to the sender; the head confirms next."""
    if not result.strip():
        raise ValidationError({"result": _("请填写办理结果。")})
    locked = step_begin(actor, document, "report", request)
    locked.result, locked.reply = result.strip(), reply.strip()
    step_finish(actor, locked, "report", text=locked.result, fields=["result", "reply"], request=request)
    step_done(locked, HANDLE, actor, locked.result)
    step_close(locked, ASSIGN)
    if org.named_head(locked.lead_unit_id) is not None:
        assign(target=locked, step=CONFIRM, assignees=[Assignee.head_of(locked.lead_unit)],
               notice=routing.notice(_("待确认办结"), locked, actor))
    return locked


@transaction.atomic
def incoming_confirm(*, actor: User, document: IncomingDocument, opinion: str = "", request=None) -> IncomingDocument:
    """办结: the time limit is met; the office files it next."""
    locked = step_begin(actor, document, "confirm", request)
    locked.done_at = timezone.now()
    step_finish(actor, locked, "confirm", text=opinion.strip(), fields=["done_at"], request=request)
    step_done(locked, CONFIRM, actor, opinion.strip())
    step_close(locked, ASSIST)
    office_deadlines.deadline_close_for(actor=None, target=locked)
    office_assign(locked, "incoming.archive", Duty.CLERK, _("待归档"), actor)
    return locked


@transaction.atomic
def incoming_send_back(*, actor: User, document: IncomingDocument, reason: str, request=None) -> IncomingDocument:
    if not reason.strip():
        raise ValidationError({"reason": _("请填写退回重办的理由。")})
    locked = step_begin(actor, document, "send_back", request)
    step_finish(actor, locked, "send_back", text=reason.strip(), request=request)
    step_done(locked, CONFIRM, actor, reason.strip())
    if locked.handler_id and locked.handler_id != actor.pk:
        assign(target=locked, step=HANDLE, assignees=[Assignee.person(locked.handler)],
               notice=routing.notice(_("退回重办"), locked, actor))
    return locked


# --- 归档 ---------------------------------------------------------------------------


@transaction.atomic
def incoming_archive(*, actor: User, document: IncomingDocument, retention: str, request=None) -> IncomingDocument:
    """归档 with a 档号: 全宗号-年度-保管期限-机构代码-件号 (件号 per fonds, year, period, unit)."""
    if retention not in Retention.values:
        raise ValidationError({"retention": _("请选择保管期限。")})
    locked = step_begin(actor, document, "archive", request)
    locked.retention = retention
    locked.archive_code = archive_code_next(retention=retention, unit_id=locked.lead_unit_id, year=locked.year)
    locked.archived_at, locked.archived_by = timezone.now(), actor
    step_finish(actor, locked, "archive", text=locked.archive_code,
            fields=["retention", "archive_code", "archived_at", "archived_by"], request=request)
    step_done(locked, "incoming.archive", actor, locked.archive_code)
    return locked


# --- 传阅 ---------------------------------------------------------------------------


@dataclass
class CirculationResult:
    sent: list[User]
    already: list[User]


@transaction.atomic
def incoming_circulate(
    *, actor: User, document: IncomingDocument, readers: Iterable[User], note: str = "", request=None
) -> CirculationResult:
    """传阅 to leaders or departments' people: nobody twice, nobody without clearance."""
    locked = step_begin(actor, document, "circulate", request)
    readers = list(dict.fromkeys(readers))
    if not readers:
        raise ValidationError({"readers": _("请选择传阅对象。")})
    too_low = [r.full_name for r in readers if r.clearance < locked.secret_level or r.role not in
               (Role.LEADER, Role.OFFICE, Role.DEPT_HEAD, Role.STAFF)]
    if too_low:
        raise ValidationError({"readers": _("以下人员不能阅此文件（涉密等级不足）：%(names)s") % {"names": "、".join(too_low)}})
    existing = set(locked.circulations.values_list("reader_id", flat=True))
    sent = [r for r in readers if r.pk not in existing]
    if not sent:  # everyone has it already: nothing to record
        return CirculationResult(sent=[], already=readers)
    for reader in sent:
        Circulation.objects.create(document=locked, reader=reader, sent_by=actor)
        assign_perm("documents.view_incomingdocument", reader, locked)
    step_finish(actor, locked, "circulate", text=note.strip() or "、".join(r.full_name for r in sent), request=request,
            detail={"readers": [r.pk for r in sent]})
    _todo_for(sent, locked, "incoming.read", _title(_("传阅"), locked), actor, kind=TodoKind.READ)
    return CirculationResult(sent=sent, already=[r for r in readers if r.pk in existing])


@transaction.atomic
def incoming_mark_read(*, actor: User, document: IncomingDocument, comment: str = "", request=None) -> Circulation:
    locked = step_begin(actor, document, "mark_read", request)
    circulation = locked.circulations.select_for_update().get(reader=actor)
    circulation.read_at, circulation.comment = timezone.now(), comment.strip()[:500]
    circulation.save(update_fields=["read_at", "comment"])
    step_finish(actor, locked, "mark_read", text=circulation.comment, request=request)
    todo_close(target=locked, step="incoming.read", user=actor)  # 待阅: a reading notice, no workflow step
    return circulation
