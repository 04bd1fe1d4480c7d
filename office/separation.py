"""三员分立: what no administrator does alone, and the two-of-three procedure for the rest.

- No administrator changes his own account's role, clearance, unit, permissions (分管, 主要负责人)
  or active state.
- No administrator changes another administrator's account alone.
- Making a business user an administrator or the reverse, and resetting, unlocking, deactivating
  or activating an administrator's account, is an :class:`~office.models.AdminProposal` raised
  by one administrator and approved by an administrator of a different kind; it is executed on
  approval, in the same transaction, and every step is audited.
- There is always at least one active account of each of the three kinds.

The rules live here and are called by the services (:func:`office.services.admin_save`,
:func:`office.services.user_save`); the admin forms call the same checks to show a refusal as a
form error.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.audit import audit_record
from office.choices import ADMIN_ROLES, BUSINESS_ROLES, Clearance, ProposalKind, ProposalState, Role
from office.models import AdminProposal, OrgUnit, User

#: What only a proposal changes on an administrator, and nobody changes on his own account.
CONTROL_FIELDS = frozenset({
    "role", "clearance", "unit", "is_principal", "in_charge_of", "is_active",
    "groups", "user_permissions", "is_staff", "is_superuser",
})

#: The audit actions of this module and of :mod:`office.passwords`, by their Chinese names.
AUDIT_ACTIONS = {
    "proposal.raise": gettext_lazy("提出管理员审批申请"),
    "proposal.approve": gettext_lazy("批准管理员审批申请"),
    "proposal.reject": gettext_lazy("驳回管理员审批申请"),
    "proposal.withdraw": gettext_lazy("撤回管理员审批申请"),
    "account.role_change": gettext_lazy("经审批变更角色"),
    "account.deactivate": gettext_lazy("停用账号"),
    "account.activate": gettext_lazy("启用账号"),
    "account.unlock": gettext_lazy("解锁账号"),
    "account.password_reset": gettext_lazy("重置密码"),
    "account.create_credential": gettext_lazy("新建账号并发放初始密码凭证"),
    "account.password_slip_release": gettext_lazy("打印密码密封单下联"),
    "password.change": gettext_lazy("修改密码"),
    "password.reset_complete": gettext_lazy("凭重置凭证设置密码"),
}


def _admin(user: User) -> bool:
    return bool(user is not None and user.is_active and user.role in ADMIN_ROLES)


def refuse_admin_target(user: User, message: str) -> None:
    if user.role in ADMIN_ROLES:
        raise ValidationError(message)


def account_change_check(*, actor: User | None, before: User, after: User | None, changed: Iterable[str]) -> None:
    """Refuse an administrator's direct change of an account that 三员分立 forbids.

    ``before`` is the stored account, ``after`` the account as it would be saved (None when
    only ``changed`` matters); ``actor`` None is the system itself (demo, migrations).
    """
    if actor is None or before.pk is None:
        return
    changed = set(changed)
    if not changed:
        return
    if actor.pk == before.pk and changed & CONTROL_FIELDS:
        raise ValidationError(_("不能修改本人账号的角色、密级、单位、分管、权限或启用状态。"))
    if before.role in ADMIN_ROLES and actor.pk != before.pk:
        raise ValidationError(_("管理员账号不能由一名管理员单独修改：请在“管理员审批事项”中提交申请，由另一类管理员批准。"))
    new_role = after.role if after is not None else before.role
    if (before.role in ADMIN_ROLES) != (new_role in ADMIN_ROLES):
        raise ValidationError(_("将业务人员设为管理员或将管理员改为业务人员，须在“管理员审批事项”中提交申请，由另一类管理员批准。"))
    if "email" in changed and actor.pk != before.pk:
        raise ValidationError(_("账号的电子邮箱只能由本人在个人信息页修改。"))


def ensure_not_last(user: User, *, message_kind: str = "") -> None:
    """Refuse when ``user`` is the last active account of an administrator kind."""
    if user.role not in ADMIN_ROLES or not user.is_active:
        return
    peers = list(
        User.objects.select_for_update().filter(role=user.role, is_active=True).exclude(pk=user.pk).order_by("pk")
    )
    if not peers:
        raise ValidationError(
            _("%(role)s只剩这一个有效账号，不能停用或改为其他角色：三员每一类至少保留一个有效账号。")
            % {"role": user.get_role_display()}
        )


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
    from office import passwords, services

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
