"""Every write of the item's way, 立项 to 评价 (进展, 延期 and 催办: :mod:`supervision.items.progress`;
the sources: :mod:`supervision.items.sources`).

Each step locks the item, asks the policy (which asks the transition table), records the step
with its opinion, moves the state, answers and opens the assignments (the to-dos), sets, moves or
closes the deadlines, and writes the state through to the links that point at the item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office import links
from office.audit import audit_record
from office.choices import Role
from office.classification import derived_level
from office.models import DeadlineState, LinkKind, OrgUnit, User
from office.permissions import can, require
from office.serials import serial_next
from office.workdays import WorkCalendar
from office.workflow.assignments import Assignee, assign, assignments_cancel
from office.workflow.choices import Mode
from supervision.choices import FindingState, Importance, ItemState, PartState, Rating, ReportCycle, SourceKind
from supervision.items import common
from supervision.items.common import link_sync, notice, office_assign, step_begin, step_done, step_finish
from supervision.items.permissions import ADJUST, CLOSE, EVALUATE, HANDLE, NAME, OPEN, PART, REPORT_BACK, REVIEW, SIGN
from supervision.models import Evaluation, Finding, ItemPart, Milestone, SupervisedItem
from supervision.ontime import timeliness

S = ItemState
MAX_MILESTONES = 10


@dataclass
class ItemData:
    """What 立项 records, whatever the source."""

    title: str
    requirement: str
    lead_unit: OrgUnit
    source_kind: str = SourceKind.OTHER
    assisting_units: Iterable[OrgUnit] = ()
    responsible_leader: User | None = None
    instructing_leader: User | None = None
    due_on: dt.date | None = None
    workdays: int | None = None
    importance: str = Importance.NORMAL
    secret_level: int = 0
    report_cycle: str = ReportCycle.MONTHLY
    milestones: list[tuple[str, dt.date]] = field(default_factory=list)
    #: The object the item comes from in another app (a 收文, a 议定事项 …): linked both ways.
    source: object = None
    source_label: str = ""
    instruction: object = None
    key_task: object = None


def _check(data: ItemData, today: dt.date) -> dt.date:
    if not data.title.strip():
        raise ValidationError({"title": _("请填写督办事项。")})
    if not data.requirement.strip():
        raise ValidationError({"requirement": _("请填写任务要求。")})
    if data.lead_unit is None:
        raise ValidationError({"lead_unit": _("请选择牵头处室。")})
    if (data.due_on is None) == (data.workdays is None):
        raise ValidationError({"due_on": _("请给出办理时限：具体日期或工作日天数，二者取一。")})
    if data.workdays is not None:
        if data.workdays < 1:
            raise ValidationError({"workdays": _("工作日天数至少为 1。")})
        due_on = WorkCalendar().add_workdays(today, data.workdays)
    else:
        due_on = data.due_on
    if due_on < today:
        raise ValidationError({"due_on": _("办理时限不能早于今天。")})
    for leader, name in ((data.responsible_leader, "responsible_leader"), (data.instructing_leader, "instructing_leader")):
        if leader is not None and (leader.role != Role.LEADER or not leader.is_active):
            raise ValidationError({name: _("请选择一位局领导。")})
        if leader is not None and leader.clearance < data.secret_level:
            raise ValidationError({name: _("%(name)s的涉密等级低于事项密级。") % {"name": leader.full_name}})
    if len(data.milestones) > MAX_MILESTONES:
        raise ValidationError({"milestones": _("节点不能超过 %(n)s 个。") % {"n": MAX_MILESTONES}})
    for name, day in data.milestones:
        if not name.strip() or day is None:
            raise ValidationError({"milestones": _("每个节点须有名称和日期。")})
        if day < today or day > due_on:
            raise ValidationError({"milestones": _("节点“%(name)s”的日期须在今天和办理时限之间。") % {"name": name}})
    return due_on


@transaction.atomic
def item_create(*, actor: User | None, data: ItemData, created_by: User | None = None, request=None) -> SupervisedItem:
    """立项: the item is numbered 督〔年〕N号 (no repeats, no gaps) and waits for 交办.

    ``actor`` None: opened by the system on another app's event (``created_by`` is then who gave it).
    """
    if actor is not None:
        require(actor, "supervision.create", request=request)
    today = timezone.localdate()
    due_on = _check(data, today)
    level = derived_level(*(s for s in (data.source, data.instruction) if s is not None), explicit=None)
    level = max(level, int(data.secret_level or 0))
    year = today.year
    item = SupervisedItem(
        state=S.DRAFT, state_since=timezone.now(), year=year, serial=serial_next(kind=common.SERIAL_KIND, year=year),
        title=data.title.strip(), requirement=data.requirement.strip(), importance=data.importance,
        secret_level=level, source_kind=data.source_kind, source_label=data.source_label.strip()[:300],
        instruction=data.instruction, key_task=data.key_task, lead_unit=data.lead_unit,
        responsible_leader=data.responsible_leader, instructing_leader=data.instructing_leader,
        due_on=due_on, original_due_on=due_on, due_workdays=data.workdays, report_cycle=data.report_cycle,
        created_by=actor or created_by,
    )
    if data.source is not None:
        item.source_type = ContentType.objects.get_for_model(data.source, for_concrete_model=True)
        item.source_id = str(data.source.pk)
    item.full_clean(exclude=["source_type"])
    item._change_reason, item._history_user = _("立项"), actor or created_by
    item.save()
    units = [u for u in dict.fromkeys(data.assisting_units) if u.pk != data.lead_unit.pk]
    ItemPart.objects.bulk_create([ItemPart(item=item, unit=u) for u in units])
    Milestone.objects.bulk_create(
        [Milestone(item=item, order=i, name=n.strip()[:200], due_on=d) for i, (n, d) in enumerate(data.milestones, 1)]
    )
    if data.source is not None:
        links.link_create(actor=None, source=data.source, target=item, kind=LinkKind.SUPERVISE, state=item.state)
    audit_record(actor=actor or created_by, action="supervision.create", obj=item,
                 detail={"source": data.source_kind}, request=request)
    office_assign(item, OPEN, _("待交办"), actor or created_by)
    return item


@transaction.atomic
def item_edit(*, actor: User, item: SupervisedItem, data: ItemData, request=None) -> SupervisedItem:
    """Before 交办 the office may still change what it recorded (not the number, not the source)."""
    locked = step_begin(actor, item, "edit", request)
    due_on = _check(data, timezone.localdate())
    for name in ("title", "requirement"):
        setattr(locked, name, getattr(data, name).strip())
    locked.lead_unit, locked.responsible_leader = data.lead_unit, data.responsible_leader
    locked.importance, locked.report_cycle = data.importance, data.report_cycle
    locked.due_on = locked.original_due_on = due_on
    locked.secret_level = max(locked.secret_level, int(data.secret_level or 0))
    locked.full_clean()
    step_finish(actor, locked, "edit", request=request, fields=[
        "title", "requirement", "lead_unit", "responsible_leader", "importance", "report_cycle", "due_on",
        "original_due_on", "secret_level"])
    wanted = {u.pk: u for u in data.assisting_units if u.pk != locked.lead_unit_id}
    locked.parts.exclude(unit_id__in=list(wanted)).delete()
    have = set(locked.parts.values_list("unit_id", flat=True))
    ItemPart.objects.bulk_create([ItemPart(item=locked, unit=u) for pk, u in wanted.items() if pk not in have])
    # Before 交办 no milestone has a deadline or is done: the list is replaced as recorded.
    locked.milestones.all().delete()
    Milestone.objects.bulk_create(
        [Milestone(item=locked, order=i, name=n.strip()[:200], due_on=d) for i, (n, d) in enumerate(data.milestones, 1)]
    )
    return locked


#: The kinds of source another app may open an item from (a meeting's 议定事项, a 政务信息 批示 …).
SOURCE_KINDS_OPEN = frozenset({SourceKind.DECISION, SourceKind.INFORMATION, SourceKind.INCOMING, SourceKind.OTHER})


def item_open_from_source(
    user: User | None, *, source_object, title: str, requirement: str, lead_unit: OrgUnit,
    assisting_units: Iterable[OrgUnit] = (), deadline: dt.date | None = None, workdays: int | None = None,
    classification: int = 0, source_kind: str = SourceKind.OTHER, source_label: str = "",
    responsible_leader: User | None = None, instructing_leader: User | None = None,
    importance: str = Importance.NORMAL, report_cycle: str = ReportCycle.MONTHLY,
    milestones: Iterable[tuple[str, dt.date]] = (), by_system: bool = False, request=None,
) -> SupervisedItem:
    """The public door for other apps: open a supervised item from their own object.

    ``source_object`` (a saved model instance of any app: a 议定事项, a 政务信息 …) is recorded as the
    item's source and linked to it through the core's links (``office.links``, kind ``supervise``), so
    the source's page lists the item with its state and light (``selectors.items_for_source``) and the
    item's page opens the source. The item is numbered 督〔年〕N号 and waits for the 督查员 to 交办 it.

    - ``user``: who asks (required; recorded as the item's creator). Without ``by_system`` he must hold
      ``supervision.create`` (the office's 秘书 or 督查员); with ``by_system=True`` the system opens it
      on his behalf (a leader's 批示 on the other app's object, an event handler).
    - ``deadline`` (a date) or ``workdays`` (working days on the official calendar): exactly one.
    - ``classification``: the item's 密级; never lower than the source's own ``secret_level``.
    - ``source_kind``: a :class:`supervision.choices.SourceKind` (``decision``, ``information`` …).
    - Once per source: if an item (not cancelled) was already opened from ``source_object``, that item
      is returned and nothing new is made.

    Bad input raises ``ValidationError`` with a Chinese message per field; nothing is saved then.
    """
    if user is None:
        raise ValidationError({"user": _("请指明立项人。")})
    if source_object is None or getattr(source_object, "pk", None) is None:
        raise ValidationError({"source_object": _("督办来源须是已保存的对象。")})
    if source_kind not in SOURCE_KINDS_OPEN:
        raise ValidationError({"source_kind": _("不支持的督办来源类型。")})
    existing = SupervisedItem.objects.filter(
        source_type=ContentType.objects.get_for_model(source_object, for_concrete_model=True),
        source_id=str(source_object.pk),
    ).exclude(state=S.CANCELLED).order_by("id").first()
    if existing is not None:
        return existing
    label = source_label or f"{source_object._meta.verbose_name}：{source_object}"
    data = ItemData(
        title=title, requirement=requirement, lead_unit=lead_unit, source_kind=source_kind,
        assisting_units=list(assisting_units), responsible_leader=responsible_leader,
        instructing_leader=instructing_leader, due_on=deadline, workdays=workdays, importance=importance,
        secret_level=int(classification or 0), report_cycle=report_cycle, milestones=list(milestones),
        source=source_object, source_label=label,
    )
    if by_system:
        return item_create(actor=None, created_by=user, data=data, request=request)
    return item_create(actor=user, data=data, request=request)


# --- 交办, 签收, 申请调整, 指派, 协办签收 -------------------------------------------------------


@transaction.atomic
def item_assign(*, actor: User, item: SupervisedItem, opinion: str = "", request=None) -> SupervisedItem:
    """交办: a notice and a to-do to the lead department's head; the assisting heads sign for their parts."""
    locked = step_begin(actor, item, "assign", request)
    locked.assigned_at = timezone.now()
    locked.next_report_on = common.next_report_after(locked, timezone.localdate())
    step_finish(actor, locked, "assign", text=opinion.strip(), fields=["assigned_at", "next_report_on"], request=request)
    step_done(locked, OPEN, actor)
    _to_lead(locked, actor)
    units = [p.unit for p in locked.parts.select_related("unit").filter(state=PartState.PENDING)]
    if units:
        assign(target=locked, step=PART, assignees=[Assignee.of_unit(u) for u in units],
               notice=notice(_("待协办签收"), locked, actor), mode=Mode.ALL)
    common.deadlines_set(locked)
    link_sync(locked)
    return locked


def _to_lead(item: SupervisedItem, sender: User) -> None:
    assign(target=item, step=SIGN, assignees=[Assignee.of_unit(item.lead_unit)], notice=notice(_("待签收"), item, sender))


@transaction.atomic
def item_sign(*, actor: User, item: SupervisedItem, request=None) -> SupervisedItem:
    """签收 by the lead department's head; he names the 承办人 next."""
    locked = step_begin(actor, item, "sign", request)
    locked.signed_at, locked.signed_by = timezone.now(), actor
    step_finish(actor, locked, "sign", fields=["signed_at", "signed_by"], request=request)
    step_done(locked, SIGN, actor)
    assign(target=locked, step=NAME, assignees=[Assignee.person(actor)], notice=notice(_("待指派承办人"), locked, actor))
    link_sync(locked)
    return locked


@transaction.atomic
def item_request_adjust(*, actor: User, item: SupervisedItem, reason: str, request=None) -> SupervisedItem:
    """申请调整: the lead head asks the office to give the item to another department."""
    if not reason.strip():
        raise ValidationError({"reason": _("请填写申请调整的理由。")})
    locked = step_begin(actor, item, "request_adjust", request)
    locked.adjust_reason = reason.strip()
    step_finish(actor, locked, "request_adjust", text=locked.adjust_reason, fields=["adjust_reason"], request=request)
    step_done(locked, SIGN, actor)
    office_assign(locked, ADJUST, _("待定调整"), actor)
    link_sync(locked)
    return locked


@transaction.atomic
def item_decide_adjust(
    *, actor: User, item: SupervisedItem, lead_unit: OrgUnit, opinion: str = "", request=None
) -> SupervisedItem:
    """The office decides: another lead department (or the same one); it goes to that head to sign."""
    locked = step_begin(actor, item, "decide_adjust", request)
    if lead_unit is None:
        raise ValidationError({"lead_unit": _("请选择牵头处室。")})
    changed = lead_unit.pk != locked.lead_unit_id
    text = opinion.strip() or (
        _("调整为%(unit)s牵头") % {"unit": lead_unit.name} if changed else _("维持原牵头处室")
    )
    locked.lead_unit, locked.adjust_reason = lead_unit, ""
    if locked.parts.filter(unit=lead_unit).delete()[0]:
        # The new lead assisted so far: its part goes; the others still to sign get a fresh round.
        common.step_close(locked, PART)
        pending = [p.unit for p in locked.parts.select_related("unit").filter(state=PartState.PENDING)]
        if pending:
            assign(target=locked, step=PART, assignees=[Assignee.of_unit(u) for u in pending],
                   notice=notice(_("待协办签收"), locked, actor), mode=Mode.ALL)
    step_finish(actor, locked, "decide_adjust", text=text, fields=["lead_unit", "adjust_reason"], request=request)
    step_done(locked, ADJUST, actor, text)
    _to_lead(locked, actor)
    common.deadlines_set(locked)
    link_sync(locked)
    return locked


@transaction.atomic
def item_name_handler(*, actor: User, item: SupervisedItem, handler: User, opinion: str = "", request=None) -> SupervisedItem:
    """指派承办人 (again later to change him): the item is his to report on and to finish."""
    locked = step_begin(actor, item, "name_handler", request)
    if handler is None or handler.unit_id != locked.lead_unit_id or not handler.is_active:
        raise ValidationError({"handler": _("承办人须是牵头处室的在岗人员。")})
    if handler.clearance < locked.secret_level:
        raise ValidationError({"handler": _("%(name)s的涉密等级低于事项密级。") % {"name": handler.full_name}})
    locked.handler = handler
    text = opinion.strip() or _("请%(name)s承办") % {"name": handler.full_name}
    step_finish(actor, locked, "name_handler", text=text, fields=["handler"], request=request)
    step_done(locked, NAME, actor, text)
    assignments_cancel(target=locked, step=HANDLE)
    assign(target=locked, step=HANDLE, assignees=[Assignee.person(handler)], notice=notice(_("待办理"), locked, actor))
    common.deadlines_set(locked)
    link_sync(locked)
    return locked


@transaction.atomic
def part_sign(*, actor: User, item: SupervisedItem, contact: User, request=None) -> ItemPart:
    """协办签收: an assisting department's head signs for its part and names a contact."""
    locked = step_begin(actor, item, "part_sign", request)
    part = locked.parts.select_for_update().get(unit_id=actor.unit_id)
    if contact is None or contact.unit_id != part.unit_id or not contact.is_active:
        raise ValidationError({"contact": _("联系人须是本处室的在岗人员。")})
    part.state, part.contact, part.signed_by, part.signed_at = PartState.SIGNED, contact, actor, timezone.now()
    part.save(update_fields=["state", "contact", "signed_by", "signed_at"])
    text = _("%(unit)s签收协办任务，联系人：%(name)s") % {"unit": part.unit.name, "name": contact.full_name}
    step_finish(actor, locked, "part_sign", text=text, request=request)
    step_done(locked, PART, actor, text)
    return part


# --- 审核, 报结, 退回, 销号, 评价 ------------------------------------------------------------


@transaction.atomic
def item_review(*, actor: User, item: SupervisedItem, opinion: str = "", request=None) -> SupervisedItem:
    """审核 passed: reported back to the 批示领导 first (报结) when there is one, else it waits for 销号."""
    locked = step_begin(actor, item, "review", request)
    back = locked.instructing_leader if locked.instructing_leader_id and locked.instructing_leader.is_active else None
    step_finish(actor, locked, "review", text=opinion.strip() or _("审核通过"),
                target=S.REPORTING_BACK if back else S.ACCEPTED, request=request)
    step_done(locked, REVIEW, actor)
    if back:
        assign(target=locked, step=REPORT_BACK, assignees=[Assignee.person(back)], notice=notice(_("待阅结"), locked, actor))
    else:
        office_assign(locked, CLOSE, _("待销号"), actor)
    link_sync(locked)
    return locked


@transaction.atomic
def item_acknowledge(*, actor: User, item: SupervisedItem, text: str = "", on_behalf_of: User | None = None,
                     request=None) -> SupervisedItem:
    """阅结: the leader who gave the 批示 has read the result (a 秘书 may record it for him)."""
    locked = step_begin(actor, item, "acknowledge", request, on_behalf_of=on_behalf_of)
    from office.workflow.assignments import answer

    result = answer(target=locked, step=REPORT_BACK, actor=actor, text=text.strip() or _("阅"), on_behalf_of=on_behalf_of)
    step_finish(actor, locked, "acknowledge", text=text.strip() or _("阅"), request=request, on_behalf_of=on_behalf_of,
                delegated_from=result.delegated_from)
    office_assign(locked, CLOSE, _("待销号"), actor)
    link_sync(locked)
    return locked


@transaction.atomic
def item_send_back(*, actor: User, item: SupervisedItem, reason: str, request=None) -> SupervisedItem:
    """退回 with a reason: back to the 承办人, the limits running again."""
    if not reason.strip():
        raise ValidationError({"reason": _("请填写退回理由。")})
    locked = step_begin(actor, item, "send_back", request)
    locked.returned_reason = reason.strip()
    step_finish(actor, locked, "send_back", text=locked.returned_reason, fields=["returned_reason"], request=request)
    for step in (REVIEW, REPORT_BACK, CLOSE):
        common.step_close(locked, step)
    person = locked.handler or None
    assignees = [Assignee.person(person)] if person else [Assignee.of_unit(locked.lead_unit)]
    assign(target=locked, step=HANDLE, assignees=assignees, notice=notice(_("退回重办"), locked, actor))
    common.deadlines_set(locked)
    link_sync(locked)
    return locked


@transaction.atomic
def item_close(*, actor: User, item: SupervisedItem, opinion: str = "", request=None) -> SupervisedItem:
    """销号: the item is done with; it waits for its evaluation."""
    locked = step_begin(actor, item, "close", request)
    locked.closed_at, locked.closed_by = timezone.now(), actor
    step_finish(actor, locked, "close", text=opinion.strip() or _("同意销号"), fields=["closed_at", "closed_by"],
                request=request)
    step_done(locked, CLOSE, actor)
    common.deadlines_close(locked)
    Finding.objects.filter(item=locked).update(state=FindingState.RECTIFIED)  # the 整改 of a finding is done
    assignments_cancel(target=locked)  # whatever still waited (an assisting unit never signed) is moot
    office_assign(locked, EVALUATE, _("待评价"), actor)
    link_sync(locked)
    return locked


@transaction.atomic
def item_evaluate(*, actor: User, item: SupervisedItem, rating: str, comment: str = "", request=None) -> Evaluation:
    """评价: 按期 computed from the dates (supervision.ontime), the quality rated by the office."""
    if rating not in Rating.values:
        raise ValidationError({"rating": _("请选择质量评价。")})
    locked = step_begin(actor, item, "evaluate", request)
    evaluation = Evaluation(item=locked, timeliness=timeliness(locked), rating=rating, comment=comment.strip(), rated_by=actor)
    evaluation.full_clean()
    evaluation.save()
    text = f"{evaluation.get_timeliness_display()}，{evaluation.get_rating_display()}"
    step_finish(actor, locked, "evaluate", text=f"{text}。{evaluation.comment}".rstrip("。") , request=request)
    step_done(locked, EVALUATE, actor)
    link_sync(locked)
    return evaluation


@transaction.atomic
def item_leader_comment(*, actor: User, item: SupervisedItem, text: str, request=None) -> SupervisedItem:
    """领导点评: the responsible (or instructing) leader adds his word to the closed item."""
    if not text.strip():
        raise ValidationError({"text": _("请填写点评意见。")})
    locked = step_begin(actor, item, "leader_comment", request)
    evaluation = Evaluation.objects.select_for_update().filter(item=locked).first()
    if evaluation is not None:
        evaluation.leader, evaluation.leader_comment = actor, text.strip()
        evaluation.leader_commented_at = timezone.now()
        evaluation._change_reason, evaluation._history_user = _("领导点评"), actor
        evaluation.save(update_fields=["leader", "leader_comment", "leader_commented_at"])
    step_finish(actor, locked, "leader_comment", text=text.strip(), request=request)
    return locked


@transaction.atomic
def item_cancel(*, actor: User, item: SupervisedItem, reason: str, request=None) -> SupervisedItem:
    """撤销 before it is taken on: its to-dos withdrawn, its limits cancelled."""
    if not reason.strip():
        raise ValidationError({"reason": _("请填写撤销理由。")})
    locked = step_begin(actor, item, "cancel", request)
    step_finish(actor, locked, "cancel", text=reason.strip(), request=request)
    assignments_cancel(target=locked)
    common.deadlines_close(locked, DeadlineState.CANCELLED)
    link_sync(locked)
    return locked


def may_create(user: User) -> bool:
    return can(user, "supervision.create")
