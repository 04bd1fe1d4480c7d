"""The two-of-three procedure of 三员分立: a proposal raised by one administrator, decided by an
administrator of another kind, executed on approval in the same transaction; every step audited.
The rules it applies are :mod:`office.separation`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office import passwords, services
from office.audit import audit_record
from office.choices import ADMIN_ROLES, BUSINESS_ROLES, Clearance, ProposalKind, ProposalState, Role
from office.models import AdminProposal, OrgUnit, User
from office.separation import _admin, ensure_not_last, refuse_admin_target

# --- proposals ------------------------------------------------------------------------


def _normalise_change(kind: str, target: User, change: dict) -> dict:
    """Check a proposal's content against its kind; return what will be stored."""
    if kind == ProposalKind.CHANGE:
        role = change.get("role") or ""
        if role not in Role.values:
            raise ValidationError({"role": _("请选择新的角色。")})
        clearance = change.get("clearance")
        clearance = target.clearance if clearance in (None, "") else int(clearance)
        if clearance not in Clearance.values:
            raise ValidationError({"clearance": _("请选择有效的涉密等级。")})
        unit = change.get("unit")
        unit_id = getattr(unit, "pk", unit) or None
        if role in ADMIN_ROLES:
            unit_id = None
        elif unit_id is None:
            unit_id = target.unit_id
        if role in BUSINESS_ROLES and unit_id is None:
            raise ValidationError({"unit": _("改为业务角色须指定所在单位。")})
        if unit_id is not None and not OrgUnit.objects.filter(pk=unit_id).exists():
            raise ValidationError({"unit": _("所选单位不存在。")})
        if target.role in BUSINESS_ROLES and role in BUSINESS_ROLES:
            raise ValidationError(_("业务账号之间的角色调整由安全保密管理员直接办理，无需审批。"))
        if role == target.role and clearance == target.clearance and unit_id == target.unit_id:
            raise ValidationError(_("拟变更内容与现状相同。"))
        if role != target.role:
            ensure_not_last(target)
        return {"role": role, "clearance": clearance, "unit": unit_id}
    if target.role not in ADMIN_ROLES:
        raise ValidationError(_("业务账号的停用、启用、重置密码和解锁无需审批，由系统管理员或安全保密管理员直接办理。"))
    if kind == ProposalKind.DEACTIVATE:
        if not target.is_active:
            raise ValidationError(_("该账号已停用。"))
        ensure_not_last(target)
    elif kind == ProposalKind.ACTIVATE and target.is_active:
        raise ValidationError(_("该账号已启用。"))
    return {}


def proposal_check(*, actor: User, kind: str, target: User, change: dict) -> dict:
    """What :func:`proposal_raise` checks, for the admin form to show as form errors."""
    if not _admin(actor):
        raise ValidationError(_("只有管理员可以提出审批申请。"))
    if kind not in ProposalKind.values:
        raise ValidationError({"kind": _("请选择申请事项。")})
    if target.pk == actor.pk:
        raise ValidationError({"target": _("不能就本人账号提出申请。")})
    data = _normalise_change(kind, target, change)
    if AdminProposal.objects.filter(target=target, kind=kind, state=ProposalState.PENDING).exists():
        raise ValidationError(_("该账号已有一项同类的待审批申请。"))
    return data


@transaction.atomic
def proposal_raise(*, actor: User, kind: str, target: User, change: dict | None = None, reason: str, request=None) -> AdminProposal:
    target = User.objects.select_for_update().get(pk=target.pk)
    data = proposal_check(actor=actor, kind=kind, target=target, change=change or {})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写申请理由。")})
    proposal = AdminProposal(kind=kind, target=target, change=data, reason=reason.strip()[:500], proposer=actor)
    proposal.full_clean()
    proposal.save()
    audit_record(actor=actor, action="proposal.raise", obj=proposal,
                 detail={"kind": kind, "target": target.pk, "change": data}, request=request)
    return proposal


def _lock_pending(proposal: AdminProposal) -> AdminProposal:
    locked = AdminProposal.objects.select_for_update().select_related("proposer", "target").get(pk=proposal.pk)
    if locked.state != ProposalState.PENDING:
        raise ValidationError(_("该申请已经处理（%(state)s），不能再次处理。") % {"state": locked.get_state_display()})
    return locked


def decide_check(*, actor: User, proposal: AdminProposal) -> None:
    if not _admin(actor):
        raise ValidationError(_("只有管理员可以审批。"))
    if actor.pk == proposal.proposer_id:
        raise ValidationError(_("不能审批本人提出的申请。"))
    if actor.role == proposal.proposer.role:
        raise ValidationError(_("须由另一类管理员审批：申请人是%(role)s。") % {"role": proposal.proposer.get_role_display()})
    if actor.pk == proposal.target_id:
        raise ValidationError(_("不能审批涉及本人账号的申请。"))


@transaction.atomic
def proposal_approve(*, actor: User, proposal: AdminProposal, note: str = "", request=None):
    """Approve and execute. Returns the executed result (a :class:`~office.passwords.ResetResult` for resets)."""
    locked = _lock_pending(proposal)
    decide_check(actor=actor, proposal=locked)
    result = _execute(locked, decider=actor, request=request)
    locked.state, locked.decider, locked.decided_at = ProposalState.APPROVED, actor, timezone.now()
    locked.decision_note = (note or "").strip()[:500]
    locked.save(update_fields=["state", "decider", "decided_at", "decision_note"])
    audit_record(actor=actor, action="proposal.approve", obj=locked,
                 detail={"kind": locked.kind, "target": locked.target_id, "proposer": locked.proposer_id}, request=request)
    proposal.state = locked.state
    return result


@transaction.atomic
def proposal_reject(*, actor: User, proposal: AdminProposal, note: str = "", request=None) -> AdminProposal:
    locked = _lock_pending(proposal)
    decide_check(actor=actor, proposal=locked)
    locked.state, locked.decider, locked.decided_at = ProposalState.REJECTED, actor, timezone.now()
    locked.decision_note = (note or "").strip()[:500]
    locked.save(update_fields=["state", "decider", "decided_at", "decision_note"])
    audit_record(actor=actor, action="proposal.reject", obj=locked,
                 detail={"kind": locked.kind, "target": locked.target_id}, request=request)
    return locked


@transaction.atomic
def proposal_withdraw(*, actor: User, proposal: AdminProposal, request=None) -> AdminProposal:
    locked = _lock_pending(proposal)
    if actor.pk != locked.proposer_id:
        raise ValidationError(_("只有申请人可以撤回申请。"))
    locked.state, locked.decided_at = ProposalState.WITHDRAWN, timezone.now()
    locked.save(update_fields=["state", "decided_at"])
    audit_record(actor=actor, action="proposal.withdraw", obj=locked, detail={"kind": locked.kind}, request=request)
    return locked


def _save(user: User, *, decider: User, proposal: AdminProposal, fields: list[str]) -> None:
    user.full_clean(exclude=["password"])
    user._change_reason = _("经审批：%(kind)s（申请人 %(proposer)s，审批人 %(decider)s）") % {
        "kind": proposal.get_kind_display(), "proposer": proposal.proposer.get_full_name(),
        "decider": decider.get_full_name(),
    }
    user._history_user = decider
    user.save(update_fields=fields)


def _execute(proposal: AdminProposal, *, decider: User, request=None):
    target = User.objects.select_for_update().get(pk=proposal.target_id)
    detail = {"proposal": proposal.pk, "proposer": proposal.proposer_id}
    kind = proposal.kind
    if kind == ProposalKind.CHANGE:
        change = proposal.change
        if change["role"] != target.role:
            ensure_not_last(target)
        before = {"role": target.role, "clearance": target.clearance, "unit": target.unit_id}
        target.role, target.clearance, target.unit_id = change["role"], int(change["clearance"]), change["unit"]
        target.is_staff, target.is_superuser = target.role in ADMIN_ROLES, False
        if target.role != Role.LEADER:
            target.is_principal = False
        _save(target, decider=decider, proposal=proposal,
              fields=["role", "clearance", "unit", "is_staff", "is_superuser", "is_principal"])
        if target.role != Role.LEADER and target.in_charge_of.exists():
            target.in_charge_of.clear()
        services._sync_unit_group(target)
        audit_record(actor=decider, action="account.role_change", obj=target,
                     detail={**detail, "before": before, "after": change}, request=request)
        return target
    if kind in (ProposalKind.DEACTIVATE, ProposalKind.ACTIVATE):
        if kind == ProposalKind.DEACTIVATE:
            ensure_not_last(target)
        target.is_active = kind == ProposalKind.ACTIVATE
        _save(target, decider=decider, proposal=proposal, fields=["is_active"])
        audit_record(actor=decider, action=f"account.{kind}", obj=target, detail=detail, request=request)
        return target
    if kind == ProposalKind.PASSWORD_RESET:
        return passwords.issue_reset(actor=decider, user=target, request=request)
    if kind == ProposalKind.UNLOCK:
        return _unlock(actor=decider, user=target, request=request, detail=detail)
    raise ValidationError(_("未知的申请事项。"))


# --- unlocking --------------------------------------------------------------------------


def _unlock(*, actor: User, user: User, request=None, detail: dict | None = None) -> int:
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.filter(username=user.username)
    count = attempts.count()
    attempts.delete()
    audit_record(actor=actor, action="account.unlock", obj=user, detail={**(detail or {}), "attempts": count},
                 request=request)
    return count


@transaction.atomic
def account_unlock(*, actor: User, user: User, request=None) -> int:
    """解锁账号: the security administrator lifts a business account's lockout (an administrator's needs a proposal)."""
    from office.permissions import require

    require(actor, "admin.security", request=request)
    if user.pk == actor.pk:
        raise ValidationError(_("不能解锁本人账号。"))
    refuse_admin_target(user, _("解锁管理员账号须提交审批申请，由另一类管理员批准。"))
    return _unlock(actor=actor, user=user, request=request)
