"""委托: a leader or head hands his steps to a named person for a period.

While a delegation runs, the engine gives the delegate the to-dos of new and open
assignments of the person who delegated (:func:`delegates_now`); whoever acts, both
names go on the step (``delegated_from``). At its end (or an early end) what is still
open goes back. :func:`delegations_sweep` (a periodic job) starts and ends the
delegations whose time has come; creating or ending one at once does it at once.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from office.audit import audit_record
from office.choices import BUSINESS_ROLES, Role
from office.models import Delegation, User
from office.workflow.assignments import assignments_resync
from office.workflow.holders import _running, delegates_now, delegators_now  # noqa: F401  (the reads)


def _history(row: Delegation, actor: User, reason: str) -> None:
    row._change_reason, row._history_user = reason, actor


@transaction.atomic
def delegation_create(
    *, actor: User, from_user: User, to_user: User, starts_at: dt.datetime, ends_at: dt.datetime, reason: str,
    request=None,
) -> Delegation:
    """Record a 委托, by the person himself or by the office; it routes at once when it has begun."""
    if actor.pk != from_user.pk and actor.role != Role.OFFICE:
        raise PermissionDenied(_("委托只能由本人或办公室登记。"))
    if from_user.role not in (Role.LEADER, Role.DEPT_HEAD):
        raise ValidationError({"from_user": _("只有局领导和处室负责人可以委托他人办理。")})
    if to_user.pk == from_user.pk:
        raise ValidationError({"to_user": _("不能委托给本人。")})
    if not to_user.is_active or to_user.role not in BUSINESS_ROLES:
        raise ValidationError({"to_user": _("受托人必须是在岗的业务人员。")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("结束时间必须晚于开始时间。")})
    if ends_at <= timezone.now():
        raise ValidationError({"ends_at": _("结束时间已过。")})
    if not reason.strip():
        raise ValidationError({"reason": _("请填写委托事由。")})
    list(User.objects.select_for_update().filter(pk=from_user.pk).order_by().values_list("pk", flat=True))  # one at a time
    overlapping = Delegation.objects.filter(
        from_user=from_user, ended_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if overlapping.exists():
        raise ValidationError(_("该时段内已有委托。"))
    row = Delegation(
        from_user=from_user, to_user=to_user, starts_at=starts_at, ends_at=ends_at, reason=reason.strip(),
        created_by=actor,
    )
    row.full_clean()
    _history(row, actor, _("登记委托"))
    row.save()
    audit_record(
        actor=actor, action="delegation.create", obj=row, request=request,
        detail={"from": from_user.pk, "to": to_user.pk},
    )
    delegations_sweep()
    return row


@transaction.atomic
def delegation_end(*, actor: User, delegation: Delegation, request=None) -> Delegation:
    """End a 委托 early (the person himself, the delegate's principal back, or the office)."""
    row = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if actor.pk != row.from_user_id and actor.role != Role.OFFICE:
        raise PermissionDenied(_("委托只能由本人或办公室结束。"))
    if row.ended_at is not None or row.ends_at <= timezone.now():
        raise ValidationError(_("该委托已结束。"))
    row.ended_at = timezone.now()
    _history(row, actor, _("提前结束委托"))
    row.save(update_fields=["ended_at"])
    audit_record(actor=actor, action="delegation.end", obj=row, request=request, detail={})
    delegations_sweep()
    return row


@transaction.atomic
def delegations_sweep(now: dt.datetime | None = None) -> int:
    """Route the open steps of delegations that began to the delegate, and back from those that ended."""

    now = now or timezone.now()
    started = list(
        Delegation.objects.select_for_update(of=("self",)).filter(_running(now), routed=False)
        .select_related("from_user", "to_user")
    )
    ended = list(
        Delegation.objects.select_for_update(of=("self",)).filter(routed=True, returned=False)
        .filter(Q(ends_at__lte=now) | Q(ended_at__isnull=False)).select_related("from_user", "to_user")
    )
    for row in started:
        row.routed = True
        row.save(update_fields=["routed"])
    for row in ended:
        row.returned = True
        row.save(update_fields=["returned"])
    count = 0
    for row in started + ended:
        count += assignments_resync(users=[row.from_user, row.to_user], at=now)
    return count
