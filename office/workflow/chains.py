"""Approval chains: approvers in order, from rules kept as data.

A rule (``ApprovalRule``: kind of request, amount band ``[amount_min, amount_max)``,
optionally the requester's department, effective dates) lists its approvers in order
(``ApprovalRuleStep``: the requester's department head, the leader in charge of that
department, the principal, an office duty, a named person). The system administrator
edits rules in admin; a new or changed rule applies only once the 办公室主任 (office
duty 主任) has confirmed it.

At submission the chain is resolved and fixed (stored as sequential assignments);
later rule changes do not touch it. Only a step whose approver's post has fallen
vacant (account disabled, no longer the head / in charge / principal) is resolved
again, when its turn comes or when someone tries to act on it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from office.audit import audit_record
from office.models import ApprovalRule, Assignment, OrgUnit, User
from office.workflow.assignments import (
    Answer,
    Assignee,
    Notice,
    answer,
    assign,
    assignments_cancel,
    resolve_post,
    round_rows,
    rows_for,
)
from office.workflow.choices import AssignmentState, Duty, Mode, Outcome, Post
from office.workflow.duties import holds_duty


def rule_for(*, kind: str, amount: Decimal | int | None, unit: OrgUnit | None, on: dt.date | None = None) -> ApprovalRule:
    """The confirmed rule in force on ``on`` for this kind, amount and department.

    Bands are ``[amount_min, amount_max)``; a rule for the requester's department wins
    over one for all departments, then the latest effective date.
    """
    on = on or timezone.localdate()
    rules = ApprovalRule.objects.filter(kind=kind, confirmed_at__isnull=False, effective_from__lte=on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gt=on)
    )
    if amount is not None:
        rules = rules.filter(Q(amount_min__isnull=True) | Q(amount_min__lte=amount)).filter(
            Q(amount_max__isnull=True) | Q(amount_max__gt=amount)
        )
    rules = rules.filter(Q(unit__isnull=True) | Q(unit=unit)) if unit is not None else rules.filter(unit__isnull=True)
    rule = rules.order_by(F("unit").asc(nulls_last=True), "-effective_from", "-id").first()
    if rule is None:
        raise ValidationError(_("没有适用的审批规则，请联系办公室。"))
    return rule


def chain_assignees(rule: ApprovalRule, *, requester: User, unit: OrgUnit | None) -> list[Assignee]:
    """The rule's approvers for this requester, in order; a step that would be the requester is left out."""
    found: list[Assignee] = []
    for step in rule.steps.select_related("person").order_by("order", "id"):
        if step.post == Post.DUTY:
            found.append(Assignee.office_duty(step.duty))
            continue
        if step.post == Post.PERSON:
            person = step.person
            if not person.is_active:
                raise ValidationError(_("审批规则中的指定人员%(name)s已停用，请联系办公室。") % {"name": person})
        else:
            person = resolve_post(step.post, unit)
            if person is None:
                raise ValidationError(_("%(post)s空缺，无法提交审批。") % {"post": Post(step.post).label})
        if person.pk == requester.pk or (found and found[-1].user is not None and found[-1].user.pk == person.pk):
            continue
        found.append(Assignee(kind="person", user=person, post=step.post, post_unit=unit))
    if not found:
        raise ValidationError(_("审批规则没有可用的审批人，请联系办公室。"))
    return found


@transaction.atomic
def chain_submit(
    *, target: Model, step: str, kind: str, amount, requester: User, unit: OrgUnit | None, notice: Notice,
    on: dt.date | None = None,
) -> list[Assignment]:
    """Resolve the chain now and fix it: one sequential round of assignments; the first approver's to-do opens."""
    rule = rule_for(kind=kind, amount=amount, unit=unit, on=on)
    return assign(
        target=target, step=step, assignees=chain_assignees(rule, requester=requester, unit=unit), notice=notice,
        mode=Mode.SEQUENTIAL, rule=rule,
    )


@transaction.atomic
def chain_approve(*, target: Model, step: str, actor: User, text: str = "", on_behalf_of: User | None = None) -> Answer:
    """One approval with its opinion (同意 when left empty). ``complete``: the last approver approved."""
    return answer(
        target=target, step=step, actor=actor, text=text.strip() or _("同意"), outcome=Outcome.APPROVED,
        on_behalf_of=on_behalf_of,
    )


@transaction.atomic
def chain_return(*, target: Model, step: str, actor: User, reason: str, on_behalf_of: User | None = None) -> Answer:
    """The approver whose turn it is sends it back with a reason; the rest of the chain is cancelled."""
    if not reason.strip():
        raise ValidationError({"reason": _("请填写退回理由。")})
    result = answer(
        target=target, step=step, actor=actor, text=reason.strip(), outcome=Outcome.RETURNED,
        on_behalf_of=on_behalf_of,
    )
    assignments_cancel(target=target, step=step)
    return Answer(result.assignment, True, result.delegated_from)


@transaction.atomic
def chain_withdraw(*, target: Model, step: str, actor: User, requester: User) -> int:
    """The requester takes the request back before the first approval."""
    if actor.pk != requester.pk:
        raise PermissionDenied(_("只有申请人本人可以撤回。"))
    rows = list(rows_for(target, step).select_for_update().order_by("-round", "order"))
    latest = rows[0].round if rows else None
    current = [r for r in rows if r.round == latest]
    if not any(r.state in (AssignmentState.OPEN, AssignmentState.WAITING) for r in current):
        raise ValidationError(_("没有正在进行的审批，无需撤回。"))
    if any(r.state == AssignmentState.DONE for r in current):
        raise ValidationError(_("已有审批意见，不能撤回。"))
    return assignments_cancel(target=target, step=step)


def chain_rows(target: Model, step: str) -> list[Assignment]:
    """The latest chain, approver by approver (name, opinion, time) — for the request's page."""
    return round_rows(target, step)


# --- rules: changed by the system administrator, confirmed by the 办公室主任 -----------------


@transaction.atomic
def rule_unconfirm(*, actor: User, rule: ApprovalRule) -> ApprovalRule:
    """A rule changed: it stops applying until the 办公室主任 confirms it again."""
    locked = ApprovalRule.objects.select_for_update().get(pk=rule.pk)
    if locked.confirmed_at is not None:
        locked.confirmed_at, locked.confirmed_by = None, None
        locked._change_reason, locked._history_user = _("规则变更，待办公室主任确认"), actor
        locked.save(update_fields=["confirmed_at", "confirmed_by"])
    rule.confirmed_at, rule.confirmed_by = None, None
    return locked


@transaction.atomic
def rule_confirm(*, actor: User, rule: ApprovalRule, request=None) -> ApprovalRule:
    """The 办公室主任 confirms a new or changed rule: from now on (within its dates) it applies."""
    if not holds_duty(actor, Duty.DIRECTOR):
        raise PermissionDenied(_("审批规则须由办公室主任确认。"))
    locked = ApprovalRule.objects.select_for_update().get(pk=rule.pk)
    if locked.confirmed_at is not None:
        raise ValidationError(_("该审批规则已确认。"))
    if not locked.steps.exists():
        raise ValidationError(_("该审批规则尚无审批环节，不能确认。"))
    locked.confirmed_at, locked.confirmed_by = timezone.now(), actor
    locked._change_reason, locked._history_user = _("办公室主任确认"), actor
    locked.save(update_fields=["confirmed_at", "confirmed_by"])
    audit_record(actor=actor, action="approval_rule.confirm", obj=locked, detail={}, request=request)
    rule.confirmed_at, rule.confirmed_by = locked.confirmed_at, actor
    return locked


def rules_awaiting_confirmation():
    return ApprovalRule.objects.filter(confirmed_at__isnull=True).prefetch_related("steps").order_by("kind", "id")
