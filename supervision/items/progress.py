"""While an item is handled: 进展反馈 (the lead department's and the assisting departments'),
申请延期 through its approval chain, 办结报告, 节点 done, and 催办."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office import deadlines as office_deadlines
from office import org
from office.models import Deadline, DeadlineState, User
from office.workflow.assignments import Assignee, assign
from office.workflow.chains import chain_approve, chain_return
from supervision import files as supervision_files
from supervision.choices import ExtensionState, ItemState, PartState
from supervision.items import common
from supervision.items.common import link_sync, notice, office_assign, step_begin, step_done, step_finish
from supervision.items.permissions import EXTENSION, HANDLE, REVIEW
from supervision.models import Extension, ItemUrge, Milestone, ProgressReport, SupervisedItem

S = ItemState
#: From the third extension of one item on, the principal decides too.
PRINCIPAL_AFTER = 2


# --- 进展反馈 -----------------------------------------------------------------------------


def _check_report(text: str, percent, last: int, lower_reason: str) -> None:
    if not text.strip():
        raise ValidationError({"text": _("请填写进展情况。")})
    if percent is None or not 0 <= int(percent) <= 100:
        raise ValidationError({"percent": _("完成进度须在 0 到 100 之间。")})
    if int(percent) < last and not lower_reason.strip():
        raise ValidationError({"lower_reason": _("完成进度低于上次反馈的 %(last)s%%，请说明理由。") % {"last": last}})


@transaction.atomic
def report_submit(
    *, actor: User, item: SupervisedItem, text: str, percent: int, lower_reason: str = "", files=(), request=None
) -> ProgressReport:
    """进展反馈 by the 承办人 (or the lead head): one entry of the timeline; the next report date moves on.
    ``files``: uploads attached to the report (checked as any 附件; a bad one and nothing is saved).

    A report that comes after its date counts as 未按时反馈 (and the missed dates in between too).
    """
    locked = step_begin(actor, item, "report", request)
    _check_report(text, percent, locked.progress, lower_reason)
    today = timezone.localdate()
    due = locked.next_report_on
    late = due is not None and due < today
    report = ProgressReport(
        item=locked, unit=locked.lead_unit, author=actor, text=text.strip(), percent=int(percent),
        lower_reason=lower_reason.strip()[:300], due_on=due, is_late=late,
    )
    report.full_clean()
    report.save()
    supervision_files.files_add(actor=actor, uploads=files, request=request, report=report, audit_obj=locked)
    missed = 0
    following = due
    if due is not None:
        while following is not None and following <= today:
            missed += following < today
            following = common.next_report_after(locked, following)
    else:
        following = common.next_report_after(locked, today)
    locked.progress, locked.last_reported_at, locked.next_report_on = report.percent, report.reported_at, following
    locked.missed_reports += missed
    step_finish(actor, locked, "report", text=f"{report.text}（{report.percent}%）", request=request,
                fields=["progress", "last_reported_at", "next_report_on", "missed_reports"], detail={"late": late})
    common.deadlines_set(locked)
    link_sync(locked)
    return report


@transaction.atomic
def part_report_submit(
    *, actor: User, item: SupervisedItem, text: str, percent: int, lower_reason: str = "", files=(), request=None
) -> ProgressReport:
    """协办反馈: an assisting department reports its part to the lead department, which consolidates."""
    locked = step_begin(actor, item, "part_report", request)
    part = locked.parts.filter(state=PartState.SIGNED).filter(unit_id=actor.unit_id).first() or (
        locked.parts.filter(state=PartState.SIGNED, contact=actor).first()
    )
    if part is None:
        raise ValidationError(_("您所在处室没有已签收的协办任务。"))
    last = part.reports.order_by("-reported_at", "-id").values_list("percent", flat=True).first() or 0
    _check_report(text, percent, last, lower_reason)
    report = ProgressReport(
        item=locked, part=part, unit=part.unit, author=actor, text=text.strip(), percent=int(percent),
        lower_reason=lower_reason.strip()[:300],
    )
    report.full_clean()
    report.save()
    supervision_files.files_add(actor=actor, uploads=files, request=request, report=report, audit_obj=locked)
    step_finish(actor, locked, "part_report", text=f"{part.unit.name}：{report.text}（{report.percent}%）", request=request)
    return report


# --- 申请延期 -----------------------------------------------------------------------------


def _approvers(item: SupervisedItem) -> list[Assignee]:
    """督查员 → 责任领导 (→ the 批示领导 whose limit it was) (→ the principal from the third extension on)."""
    from office.workflow.choices import Duty

    found = [Assignee.office_duty(Duty.SUPERVISOR)]
    people: list[User] = []
    for leader in (item.responsible_leader, item.instructing_leader):
        if leader is not None and leader.is_active and leader not in people:
            people.append(leader)
    if not people:
        leader = org.leader_in_charge(item.lead_unit_id) or org.principal()
        if leader is not None:
            people.append(leader)
    found += [Assignee.person(p) for p in people]
    principal = org.principal()
    if item.extensions >= PRINCIPAL_AFTER and principal is not None and principal not in people:
        found.append(Assignee.principal())
    return found


@transaction.atomic
def extension_request(*, actor: User, item: SupervisedItem, new_due_on: dt.date, reason: str, request=None) -> Extension:
    """申请延期: a new date and a reason, through the approval chain."""
    locked = step_begin(actor, item, "extend", request)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写延期理由。")})
    if new_due_on is None or new_due_on <= locked.due_on:
        raise ValidationError({"new_due_on": _("申请延期的日期须晚于当前办理时限 %(due)s。") % {"due": locked.due_on}})
    extension = Extension(
        item=locked, number=locked.extension_requests.count() + 1, requested_by=actor, old_due_on=locked.due_on,
        new_due_on=new_due_on, reason=reason.strip(),
    )
    extension.full_clean()
    extension.save()
    step_finish(actor, locked, "extend", request=request,
                text=_("申请延期至 %(day)s：%(reason)s") % {"day": new_due_on, "reason": extension.reason})
    assign(target=locked, step=EXTENSION, assignees=_approvers(locked), notice=notice(_("待审批延期"), locked, actor))
    return extension


def _pending(item: SupervisedItem) -> Extension:
    return item.extension_requests.select_for_update().get(state=ExtensionState.PENDING)


@transaction.atomic
def extension_approve(*, actor: User, item: SupervisedItem, text: str = "", on_behalf_of: User | None = None,
                      request=None) -> Extension:
    """One approval; the last one moves the limit, its reminders and the next report date."""
    locked = step_begin(actor, item, "approve_extension", request, on_behalf_of=on_behalf_of)
    extension = _pending(locked)
    result = chain_approve(target=locked, step=EXTENSION, actor=actor, text=text, on_behalf_of=on_behalf_of)
    fields: list[str] = []
    label = text.strip() or _("同意")
    if result.complete:
        extension.state, extension.decided_at = ExtensionState.APPROVED, timezone.now()
        extension.save(update_fields=["state", "decided_at"])
        locked.due_on, locked.extensions = extension.new_due_on, locked.extensions + 1
        fields = ["due_on", "extensions"]
        if locked.next_report_on is None:
            locked.next_report_on = common.next_report_after(locked, timezone.localdate())
            fields.append("next_report_on")
        label = _("%(text)s（延期至 %(day)s，已批准）") % {"text": label, "day": extension.new_due_on}
    step_finish(actor, locked, "approve_extension", text=label, fields=fields, request=request,
                on_behalf_of=on_behalf_of, delegated_from=result.delegated_from)
    if result.complete:
        common.deadlines_set(locked)
        link_sync(locked)
    return extension


@transaction.atomic
def extension_refuse(*, actor: User, item: SupervisedItem, reason: str, on_behalf_of: User | None = None,
                     request=None) -> Extension:
    """不同意: the reason is shown on the item; the limit stands."""
    if not reason.strip():
        raise ValidationError({"reason": _("请填写不同意延期的理由。")})
    locked = step_begin(actor, item, "refuse_extension", request, on_behalf_of=on_behalf_of)
    extension = _pending(locked)
    result = chain_return(target=locked, step=EXTENSION, actor=actor, reason=reason, on_behalf_of=on_behalf_of)
    extension.state, extension.decided_at, extension.refusal_reason = ExtensionState.REFUSED, timezone.now(), reason.strip()
    extension.save(update_fields=["state", "decided_at", "refusal_reason"])
    step_finish(actor, locked, "refuse_extension", text=reason.strip(), request=request, on_behalf_of=on_behalf_of,
                delegated_from=result.delegated_from)
    return extension


# --- 办结报告, 节点, 催办 ------------------------------------------------------------------------


@transaction.atomic
def item_complete(*, actor: User, item: SupervisedItem, report: str, completed_on: dt.date | None = None,
                  request=None) -> SupervisedItem:
    """办结报告: dated today (its date is what 按期 is measured by); the office reviews it."""
    if not report.strip():
        raise ValidationError({"report": _("请填写办结报告。")})
    locked = step_begin(actor, item, "complete", request)
    today = timezone.localdate()
    completed_on = completed_on or today
    if completed_on > today:
        raise ValidationError({"completed_on": _("办结日期不能晚于今天。")})
    locked.completion_report, locked.completed_on, locked.progress = report.strip(), completed_on, 100
    locked.returned_reason = ""
    step_finish(actor, locked, "complete", text=locked.completion_report, request=request,
                fields=["completion_report", "completed_on", "progress", "returned_reason"])
    step_done(locked, HANDLE, actor)
    common.deadlines_close(locked)
    office_assign(locked, REVIEW, _("待审核办结报告"), actor)
    link_sync(locked)
    return locked


@transaction.atomic
def milestone_done(*, actor: User, item: SupervisedItem, milestone: Milestone, request=None) -> Milestone:
    """A milestone reached (recorded with a progress report's rights): its reminders stop."""
    locked = step_begin(actor, item, "report", request)
    row = Milestone.objects.select_for_update().get(pk=milestone.pk, item=locked)
    if row.done_on is not None:
        raise ValidationError(_("该节点已完成。"))
    row.done_on = timezone.localdate()
    row.save(update_fields=["done_on"])
    office_deadlines.deadline_close_for(actor=None, target=row)
    step_finish(actor, locked, "report", text=_("节点“%(name)s”已完成") % {"name": row.name}, request=request)
    return row


@transaction.atomic
def item_urge(*, actor: User, item: SupervisedItem, message: str, request=None) -> ItemUrge:
    """催办 with a message: recorded on the item, notified to the head and the 承办人 (the core's 催办)."""
    if not message.strip():
        raise ValidationError({"message": _("请填写催办意见。")})
    locked = step_begin(actor, item, "urge", request)
    deadline = Deadline.objects.filter(
        target_type__app_label="supervision", target_type__model="superviseditem", target_id=str(locked.pk),
        kind=common.ITEM_DEADLINE, state=DeadlineState.OPEN,
    ).first()
    if deadline is None:
        common.deadlines_set(locked)
        deadline = Deadline.objects.get(
            target_type__app_label="supervision", target_type__model="superviseditem", target_id=str(locked.pk),
            kind=common.ITEM_DEADLINE, state=DeadlineState.OPEN,
        )
    urge = office_deadlines.deadline_urge(actor=actor, deadline=deadline, message=message, request=request)
    row = ItemUrge.objects.create(item=locked, actor=actor, message=urge.message, urge=urge)
    step_finish(actor, locked, "urge", text=urge.message, request=request)
    return row
