"""Every write of 政务信息 items and 约稿: commission, write, 送审, 审核报送 (保密审查), 编辑, 采编, 上级采用.

Each step locks the row, asks the policy (which asks :mod:`documents.information.workflow`),
records the step, moves the state, leaves history and an audit row; the engine opens and
closes the to-dos (处室审核, 待采编, 约稿); the 约稿's time limit is a core deadline per department.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.choices import InfoCategory, InfoRequestState, InfoState
from documents.common.steps import Steps
from documents.information import scoring, workflow
from documents.information.permissions import APPROVE_STEP
from documents.models import (
    HigherAdoption,
    HigherLevel,
    InformationItem,
    InformationRequest,
    InformationRequestPart,
    InformationStep,
    InformationVersion,
)
from office.audit import audit_record
from office.choices import UnitKind
from office.deadlines import deadline_close_for, deadline_set
from office.models import OrgUnit, User
from office.permissions import require
from office.services import notification_send
from office.workflow.assignments import Assignee, Notice, answer, assign, assignments_cancel, may_answer, rows_for
from office.workflow.choices import Duty

S = InfoState
STEPS = Steps(InformationItem, InformationStep, workflow.TABLE, "information", related=("unit",))
step_begin, step_finish = STEPS.begin, STEPS.finish
ANSWER_STEP, QUEUE_STEP, REVISE_STEP = "info.answer", "info.edit", "info.revise"
DEADLINE_KIND = "documents.information"


def _clean(text: str) -> str:
    return (text or "").strip()


# --- 约稿 ------------------------------------------------------------------------------


@transaction.atomic
def request_create(
    *, actor: User, title: str, due_on: dt.date | None, units, requirement: str = "", request=None
) -> InformationRequest:
    """约稿: each asked department gets a to-do (its head) and a time limit with reminders."""
    require(actor, "documents.info_manage", request=request)
    units = list(units or [])
    if not _clean(title):
        raise ValidationError({"title": _("请填写约稿主题。")})
    if not units:
        raise ValidationError({"units": _("请选择至少一个约稿处室。")})
    if any(u.kind != UnitKind.DEPARTMENT for u in units):
        raise ValidationError({"units": _("只能向处室约稿。")})
    if due_on is None or due_on < timezone.localdate():
        raise ValidationError({"due_on": _("报送截止日期不能早于今天。")})
    info_request = InformationRequest(
        title=_clean(title), requirement=_clean(requirement), due_on=due_on, created_by=actor
    )
    info_request.full_clean()
    info_request._change_reason, info_request._history_user = _("发起约稿"), actor
    info_request.save()
    parts = InformationRequestPart.objects.bulk_create(
        [InformationRequestPart(request=info_request, unit=unit) for unit in units]
    )
    due_at = timezone.make_aware(dt.datetime.combine(due_on, dt.time(17, 30)))
    url = info_request.get_absolute_url()
    for part, unit in zip(parts, units, strict=True):
        assign(
            target=part,
            step=ANSWER_STEP,
            assignees=[Assignee.of_unit(unit)],
            notice=Notice(
                title=f"【{_('信息约稿')}】{info_request.title}",
                url=url,
                summary=_("截止 %(day)s") % {"day": due_on},
                due_at=due_at,
                sender=actor,
            ),
        )
        deadline_set(
            actor=actor,
            title=_("报送信息：%(title)s") % {"title": info_request.title},
            responsible_unit=unit,
            due_at=due_at,
            target=part,
            url=url,
            kind=DEADLINE_KIND,
        )
    audit_record(
        actor=actor,
        action="information.request",
        obj=info_request,
        detail={"units": [u.pk for u in units]},
        request=request,
    )
    return info_request


def _answer_request(item: InformationItem, actor: User) -> None:
    """The department's first item on a 约稿 reaching the office answers its to-do and its time limit."""
    part = (
        InformationRequestPart.objects.select_for_update()
        .filter(request_id=item.request_id, unit_id=item.unit_id, answered_at__isnull=True)
        .first()
    )
    if part is None:
        return
    part.answered_at = timezone.now()
    part.save(update_fields=["answered_at"])
    if may_answer(part, ANSWER_STEP, actor):
        answer(target=part, step=ANSWER_STEP, actor=actor)
    else:
        assignments_cancel(target=part, step=ANSWER_STEP)
    deadline_close_for(actor=actor, target=part)


@transaction.atomic
def request_close(*, actor: User, info_request: InformationRequest, request=None) -> InformationRequest:
    """结束约稿: the departments that have not answered have nothing more to do for it."""
    require(actor, "documents.info_manage", request=request)
    locked = InformationRequest.objects.select_for_update().get(pk=info_request.pk)
    if locked.state != InfoRequestState.OPEN:
        raise ValidationError(_("该约稿已结束。"))
    for part in locked.parts.filter(answered_at__isnull=True):
        assignments_cancel(target=part, step=ANSWER_STEP)
        deadline_close_for(actor=actor, target=part)
    locked.state = InfoRequestState.CLOSED
    locked._change_reason, locked._history_user = _("结束约稿"), actor
    locked.save(update_fields=["state"])
    audit_record(actor=actor, action="information.request_close", obj=locked, request=request)
    return locked


# --- 撰稿, 送审, 审核报送 ------------------------------------------------------------------


@dataclass(frozen=True)
class ItemData:
    title: str
    body: str
    category: str
    secret_level: int = 0
    request: InformationRequest | None = None


def _check(data: ItemData, actor: User) -> None:
    errors = {}
    if not _clean(data.title):
        errors["title"] = _("请填写标题。")
    if not _clean(data.body):
        errors["body"] = _("请填写正文。")
    if data.category not in InfoCategory.values:
        errors["category"] = _("请选择信息类别。")
    if data.secret_level > actor.clearance:
        errors["secret_level"] = _("密级高于您的涉密等级。")
    if errors:
        raise ValidationError(errors)


def _save_version(actor: User, item: InformationItem, note: str = "") -> InformationVersion:
    last = item.versions.aggregate(last=Max("number"))["last"] or 0
    item.versions_count = last + 1
    return InformationVersion.objects.create(
        item=item,
        number=last + 1,
        title=item.title,
        body=item.body,
        saved_by=actor,
        state=item.state,
        note=_clean(note)[:200],
    )


@transaction.atomic
def item_create(*, actor: User, data: ItemData, request=None) -> InformationItem:
    """撰稿: a department's draft (its first version)."""
    require(actor, "documents.info_write", request=request)
    if not actor.unit_id:
        raise ValidationError(_("您不属于任何处室，不能撰写信息。"))
    _check(data, actor)
    if data.request is not None:
        require(actor, "view", data.request, request=request)
        if not data.request.parts.filter(unit_id=actor.unit_id).exists():
            raise ValidationError({"request": _("该约稿未向本处室约稿。")})
    item = InformationItem(
        state=S.DRAFT,
        state_since=timezone.now(),
        request=data.request,
        unit_id=actor.unit_id,
        author=actor,
        category=data.category,
        title=_clean(data.title),
        body=_clean(data.body),
        secret_level=data.secret_level,
    )
    item.full_clean()
    item._change_reason, item._history_user = _("撰稿"), actor
    item.save()
    _save_version(actor, item, _("初稿"))
    item.save(update_fields=["versions_count"])
    audit_record(actor=actor, action="information.create", obj=item, request=request)
    return item


def _apply(locked: InformationItem, data: ItemData) -> list[str]:
    changed = []
    for name, value in (
        ("title", _clean(data.title)),
        ("body", _clean(data.body)),
        ("category", data.category),
        ("secret_level", data.secret_level),
    ):
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def item_edit(*, actor: User, item: InformationItem, data: ItemData, note: str = "", request=None) -> InformationItem:
    """修改 (the department, before 报送) or 编辑 (the office, before its decision): a new version when the text changed."""
    action = "office_edit" if item.state == S.SUBMITTED else "edit"
    locked = step_begin(actor, item, action, request)
    _check(data, actor)
    changed = _apply(locked, data)
    if not changed:
        return locked
    fields = set(changed)
    if {"title", "body"} & fields:
        _save_version(actor, locked, note)
        fields.add("versions_count")
    step_finish(
        actor, locked, action, text=_clean(note), fields=fields, request=request, detail={"fields": sorted(changed)}
    )
    return locked


@transaction.atomic
def item_submit(*, actor: User, item: InformationItem, request=None) -> InformationItem:
    """送审: to the department head, who checks it and its 密级 (保密审查) before it reaches the office."""
    locked = step_begin(actor, item, "submit", request)
    if rows_for(locked, REVISE_STEP).filter(state__in=("open", "waiting")).exists():
        assignments_cancel(target=locked, step=REVISE_STEP)
    unit = OrgUnit.objects.get(pk=locked.unit_id)
    step_finish(actor, locked, "submit", request=request)
    assign(
        target=locked,
        step=APPROVE_STEP,
        assignees=[Assignee.of_unit(unit)],
        notice=Notice(
            title=f"【{_('信息审核')}】{locked.title}",
            url=locked.get_absolute_url(),
            summary=unit.display_name,
            sender=actor,
        ),
    )
    return locked


@transaction.atomic
def item_approve(
    *,
    actor: User,
    item: InformationItem,
    secrecy_confirmed: bool,
    secrecy_note: str = "",
    text: str = "",
    request=None,
) -> InformationItem:
    """审核报送: the head confirms the 保密审查 (it may go out at its 密级) and sends it to the office.

    After the 约稿's date it goes all the same, marked 逾期报送.
    """
    locked = step_begin(actor, item, "approve", request)
    if not secrecy_confirmed:
        raise ValidationError({"secrecy_confirmed": _("请完成保密审查：确认该信息可按所标密级报送。")})
    now = timezone.now()
    locked.approved_by, locked.secrecy_checked_at, locked.secrecy_note = actor, now, _clean(secrecy_note)[:200]
    locked.submitted_at = now
    locked.is_late = bool(locked.request_id and timezone.localdate(now) > locked.request.due_on)
    answer(target=locked, step=APPROVE_STEP, actor=actor, text=_clean(text))
    step_finish(
        actor,
        locked,
        "approve",
        text=_clean(text),
        request=request,
        fields={"approved_by", "secrecy_checked_at", "secrecy_note", "submitted_at", "is_late"},
        detail={"late": locked.is_late, "secret_level": locked.secret_level},
    )
    if locked.request_id:
        _answer_request(locked, actor)
    assign(
        target=locked,
        step=QUEUE_STEP,
        assignees=[Assignee.office_duty(Duty.SECRETARY)],
        notice=Notice(
            title=f"【{_('待采编')}】{locked.title}",
            url=locked.get_absolute_url(),
            summary=locked.unit.display_name,
            sender=actor,
        ),
    )
    return locked


@transaction.atomic
def item_return(*, actor: User, item: InformationItem, reason: str, request=None) -> InformationItem:
    """退回修改: back to the author with the head's reason."""
    locked = step_begin(actor, item, "return", request)
    if not _clean(reason):
        raise ValidationError({"reason": _("请填写退回理由。")})
    answer(target=locked, step=APPROVE_STEP, actor=actor, text=_clean(reason))
    step_finish(actor, locked, "return", text=_clean(reason), request=request)
    assign(
        target=locked,
        step=REVISE_STEP,
        assignees=[Assignee.person(locked.author)],
        notice=Notice(
            title=f"【{_('退回修改')}】{locked.title}",
            url=locked.get_absolute_url(),
            summary=_clean(reason),
            sender=actor,
        ),
    )
    return locked


# --- 采编 --------------------------------------------------------------------------------

DECISIONS = {"adopt": S.ADOPTED, "condense": S.CONDENSED, "reject": S.REJECTED}


@transaction.atomic
def item_decide(
    *,
    actor: User,
    item: InformationItem,
    action: str,
    note: str = "",
    edited: ItemData | None = None,
    request=None,
) -> InformationItem:
    """采用 / 择要采用 (the office's edited text is the one published) / 不采用 with a reason the department reads."""
    if action not in DECISIONS:
        raise ValidationError(_("未知的采编决定。"))
    locked = step_begin(actor, item, action, request)
    note = _clean(note)
    if action == "reject" and not note:
        raise ValidationError({"note": _("请填写不采用的理由，处室将看到该理由。")})
    fields = {"decided_by", "decided_at", "decision_note"}
    if edited is not None:
        _check(edited, actor)
        changed = _apply(locked, edited)
        if {"title", "body"} & set(changed):
            _save_version(actor, locked, str(workflow.TABLE.get(action).label))
            fields |= {"versions_count"}
        fields |= set(changed)
    if action == "condense" and locked.versions_count < 2:
        raise ValidationError({"body": _("择要采用须先对原稿进行编辑压缩，发布的是编辑后的文本。")})
    locked.decided_by, locked.decided_at, locked.decision_note = actor, timezone.now(), note
    if may_answer(locked, QUEUE_STEP, actor):
        answer(target=locked, step=QUEUE_STEP, actor=actor, text=note)
    else:
        assignments_cancel(target=locked, step=QUEUE_STEP)
    step_finish(actor, locked, action, text=note, fields=fields, request=request)
    if action != "reject":
        scoring.score_record(item=locked, outcome=DECISIONS[action], on=timezone.localdate(locked.decided_at))
    _tell_department(
        locked,
        _("信息采编结果：%(result)s") % {"result": locked.get_state_display()},
        note if action == "reject" else "",
    )
    return locked


def _tell_department(item: InformationItem, title: str, body: str, also: User | None = None) -> None:
    """The author and the head who sent it (and ``also``) read what became of it."""
    for person in {item.author, item.approved_by, also} - {None}:
        notification_send(
            recipient=person,
            verb="information",
            title=f"{title}：{item.title}",
            body=body,
            url=item.get_absolute_url(),
            target=item,
        )


@transaction.atomic
def higher_record(
    *,
    actor: User,
    item: InformationItem,
    level: str,
    publication: str,
    adopted_on: dt.date | None,
    request=None,
) -> HigherAdoption:
    """上级采用: 省厅 / 市委 / 市政府 used the item, in the issue named."""
    locked = step_begin(actor, item, "higher", request)
    if level not in HigherLevel.values:
        raise ValidationError({"level": _("请选择采用单位。")})
    if not _clean(publication):
        raise ValidationError({"publication": _("请填写采用刊物及期号。")})
    if adopted_on is None or adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": _("采用日期不能晚于今天。")})
    if locked.higher_adoptions.filter(level=level).exists():
        raise ValidationError({"level": _("已登记过该单位的采用。")})
    row = HigherAdoption.objects.create(
        item=locked, level=level, publication=_clean(publication)[:100], adopted_on=adopted_on, recorded_by=actor
    )
    label = row.get_level_display()
    step_finish(actor, locked, "higher", text=f"{label}：{row.publication}", request=request, detail={"level": level})
    scoring.score_record(item=locked, outcome=level, on=adopted_on, ref=f"h{row.pk}")
    _tell_department(locked, _("信息被%(level)s采用") % {"level": label}, row.publication)
    return row
