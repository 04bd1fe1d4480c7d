"""收文's row of the permission policy (design.md, "Who sees what").

收文: office staff see all; the principal leader all registered ones; a deputy those
routed to him for 批示 and those a department he is in charge of leads or assists;
a department head those his department leads or assists; staff those assigned to
them; anyone those circulated to them (a guardian grant). Always clearance ≥ 密级.
Acting is the workflow's business: :func:`incoming_facts` feeds its table.
"""

from __future__ import annotations

from django.db.models import Q

from documents.choices import IncomingState
from documents.incoming import routing, workflow
from office import org
from office.choices import Role
from office.permissions import ScopedPolicy
from office.workflow.assignments import assigned_q
from office.workflow.choices import Duty
from office.workflow.holders import holds_duty

REGISTERED_ONWARD = [s for s in IncomingState.values if s not in (IncomingState.ARRIVED, IncomingState.SIGNED)]


class IncomingPolicy(ScopedPolicy):
    def can_act(self, user, action, obj) -> bool:
        if action == "view":
            return True
        return workflow.can(action, obj.state, incoming_facts(user, obj))

    def scope(self, user, model):
        """Besides the rows of design.md: whatever an assignment names him for or gave him the to-do
        of (a delegate's 批示 while a 委托 runs)."""
        base = super().scope(user, model)
        if user.role == Role.OFFICE or (user.role == Role.LEADER and user.is_principal):
            return base
        return base | assigned_q(user, model)

    def action_scope(self, user, action):
        return Q()  # lists of "what may I act on" are the selectors' boxes


def incoming_policy() -> IncomingPolicy:
    return IncomingPolicy(
        clearance_field="secret_level",
        department_fields=("lead_unit", "assisting_units"),
        personal_fields=("handler",),
        leader_fields=("routings__leader",),
        principal=lambda user: Q(state__in=REGISTERED_ONWARD),
    )


def incoming_facts(user, document) -> workflow.Facts:
    """What the transition table needs about this user and this document.

    It reads what a detail page has already fetched (the 主办 unit and its head through
    ``select_related``, 协办 units, assists, 传阅 and routings through ``prefetch_related``) and
    asks the database only what a state needs: the 主任 only in 待拟办 (only 拟办 asks who he
    is), the 秘书 duty and the open 批示 (for a leader) only in 待批示.
    """
    state = document.state
    office_head_id = None
    if state == IncomingState.PROPOSING and user.role == Role.OFFICE:
        # 拟办: the 主任 (Duty.DIRECTOR, whose desk it reaches), or the office unit's head as before.
        office_head = org.office_head()
        office_head_id = user.pk if holds_duty(user, Duty.DIRECTOR) else getattr(office_head, "pk", None)
    return workflow.Facts(
        user_id=user.pk,
        user_role=user.role,
        user_unit_id=user.unit_id,
        office_head_id=office_head_id,
        # Only a leader can be the one whose 批示 is awaited (the table asks no one else).
        current_leader_id=routing.current_leader_id(document, user) if user.role == Role.LEADER else None,
        proxy=state == IncomingState.INSTRUCTING and holds_duty(user, Duty.SECRETARY),
        lead_unit_id=document.lead_unit_id,
        lead_head_id=_lead_head_id(document),
        handler_id=document.handler_id,
        assisting_unit_ids=frozenset(u.pk for u in document.assisting_units.all()),
        assisted_unit_ids=frozenset(a.unit_id for a in document.assists.all()),
        unread_reader_ids=frozenset(c.reader_id for c in document.circulations.all() if c.read_at is None),
    )


def _lead_head_id(document) -> int | None:
    """The 主办 unit's named head if active (``org.named_head``), from ``select_related`` when fetched so."""
    if not document.lead_unit_id:
        return None
    unit_field, head_field = type(document).lead_unit.field, type(document).lead_unit.field.related_model.head.field
    if unit_field.is_cached(document) and head_field.is_cached(document.lead_unit):
        head = document.lead_unit.head
        return head.pk if head is not None and head.is_active else None
    return getattr(org.named_head(document.lead_unit_id), "pk", None)
