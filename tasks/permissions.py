"""办事申请's row of the permission policy (design.md, "affair request").

Clearance first; office staff all; the principal all; a deputy leader the requests that need
his approval (an assignment names him or gave him its to-do) and those of the departments he
is in charge of; a department head the requests of his department; staff their own. Approving
only when it is your turn in the chain (the core's assignments), the rest from the table.
"""

from __future__ import annotations

from django.db.models import Q

from office.choices import BUSINESS_ROLES, Role
from office.permissions import (
    EVERYTHING,
    NOTHING,
    CapabilityPolicy,
    ObjectPolicy,
    ScopedPolicy,
    register_capability,
)
from office.permissions import register as register_policy
from office.workflow.assignments import assigned_q, may_answer
from tasks import workflow

#: The chain's step key (office.workflow assignments on the request).
APPROVE = "tasks.approve"


class RequestPolicy(ScopedPolicy):
    def scope(self, user, model):
        base = super().scope(user, model)
        if user.role == Role.OFFICE or (user.role == Role.LEADER and user.is_principal):
            return base
        return base | assigned_q(user, model)

    def can_act(self, user, action, obj) -> bool:
        if action == "view":
            return True
        return workflow.can(action, obj.state, request_facts(user, obj))

    def action_scope(self, user, action):
        return Q()


def request_policy() -> RequestPolicy:
    return RequestPolicy(
        clearance_field="secret_level",
        department_fields=("unit",),
        personal_fields=("requester",),
        grantable=False,
    )


def request_facts(user, obj) -> workflow.Facts:
    """What the table needs: one query (whose turn it is) while the chain runs, none otherwise."""
    return workflow.Facts(
        kind=obj.kind,
        is_requester=obj.requester_id == user.pk,
        is_office=user.role == Role.OFFICE,
        is_approver=obj.state == workflow.PENDING and may_answer(obj, APPROVE, user),
    )


class BudgetLinePolicy(ObjectPolicy):
    """预算科目: the office and the leaders see every line; a department its own lines and the common ones."""

    def visible(self, user, model):
        if not user.is_active or user.role not in BUSINESS_ROLES:
            return NOTHING
        if user.role in (Role.OFFICE, Role.LEADER):
            return EVERYTHING
        return Q(unit__isnull=True) | Q(unit_id=user.unit_id)


class SealPolicy(ObjectPolicy):
    """印章: every business user may see which seals exist (to ask for one)."""

    def visible(self, user, model):
        if not user.is_active or user.role not in BUSINESS_ROLES:
            return NOTHING
        return Q(is_active=True)


def register() -> None:
    from tasks.models import AffairRequest, BudgetLine, Driver, Seal, Vehicle

    register_policy(AffairRequest, request_policy())
    register_policy(BudgetLine, BudgetLinePolicy())
    register_policy(Seal, SealPolicy())
    # Vehicles and drivers are the office's to keep and to dispatch (用车 requests are AffairRequests).
    register_policy(Vehicle, CapabilityPolicy("tasks.office"))
    register_policy(Driver, CapabilityPolicy("tasks.office"))
    # The ledger of seals, the fleet, the dispatch queue and the all-requests desk are the office's.
    register_capability("tasks.office", {Role.OFFICE})
