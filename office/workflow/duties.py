"""Office duties (文书, 秘书, 督查员, 主任): who holds them, and setting them.

A step addressed to the office goes to the holders of the duty that acts on it
(:func:`office.workflow.assignments.Assignee.duty`), not to every office member.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from office.audit import audit_record
from office.models import OfficeDuty, User
from office.permissions import require
from office.workflow.assignments import assignments_resync
from office.workflow.choices import Duty
from office.workflow.holders import duty_holders, holds_duty, user_duties  # noqa: F401  (the duties' reads)


@transaction.atomic
def duty_grant(*, actor: User | None, user: User, duty: str, request=None) -> OfficeDuty:
    """Give an office member a duty (the security administrator's right); open steps of it reach them."""
    if actor is not None:
        require(actor, "admin.security", request=request)
    if duty not in Duty.values:
        raise ValidationError({"duty": _("未知的办公室岗位。")})
    row = OfficeDuty.objects.filter(user=user, duty=duty).first()
    if row is not None:
        return row
    row = OfficeDuty(user=user, duty=duty)
    row.full_clean()
    row._change_reason = _("设定办公室岗位")
    if actor is not None:
        row._history_user = actor
    row.save()
    user._duties = None
    audit_record(actor=actor, action="duty.grant", obj=user, detail={"duty": duty}, request=request)
    duty_sync(duty=duty)
    return row


@transaction.atomic
def duty_revoke(*, actor: User | None, user: User, duty: str, request=None) -> int:
    """Take a duty away; the open steps of it leave the person's workbench (已撤回)."""
    if actor is not None:
        require(actor, "admin.security", request=request)
    rows = list(OfficeDuty.objects.select_for_update().filter(user=user, duty=duty))
    for row in rows:
        row._change_reason = _("取消办公室岗位")
        if actor is not None:
            row._history_user = actor
        row.delete()
    user._duties = None
    if rows:
        audit_record(actor=actor, action="duty.revoke", obj=user, detail={"duty": duty}, request=request)
        duty_sync(duty=duty)
    return len(rows)


def duty_sync(*, duty: str) -> None:
    """Bring the open steps addressed to ``duty`` in line with who holds it now."""

    assignments_resync(duty=duty)
