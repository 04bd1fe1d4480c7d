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
form error. The procedure itself (raise, decide, execute) is :mod:`office.proposals`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from office.choices import ADMIN_ROLES
from office.models import User

#: What only a proposal changes on an administrator, and nobody changes on his own account.
CONTROL_FIELDS = frozenset({
    "role", "clearance", "unit", "is_principal", "in_charge_of", "is_active",
    "groups", "user_permissions", "is_staff", "is_superuser",
})



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
