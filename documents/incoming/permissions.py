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
    """What the transition table needs about this user and this document (a few small queries)."""
    office_head = org.office_head()
    office_head_id = office_head.pk if office_head else None
    current = routing.current_leader_id(document, user)
    lead_head_id = None
    if document.lead_unit_id:
        lead_head_id = getattr(org.named_head(document.lead_unit_id), "pk", None)
    return workflow.Facts(
        user_id=user.pk,
        user_role=user.role,
        user_unit_id=user.unit_id,
        # 拟办: the 主任 (Duty.DIRECTOR, whose desk it reaches), or the office unit's head as before.
        office_head_id=user.pk if holds_duty(user, Duty.DIRECTOR) else office_head_id,
        current_leader_id=current,
        proxy=document.state == IncomingState.INSTRUCTING and holds_duty(user, Duty.SECRETARY),
        lead_unit_id=document.lead_unit_id,
        lead_head_id=lead_head_id,
        handler_id=document.handler_id,
        assisting_unit_ids=frozenset(document.assisting_units.values_list("pk", flat=True)),
        assisted_unit_ids=frozenset(document.assists.values_list("unit_id", flat=True)),
        unread_reader_ids=frozenset(
            document.circulations.filter(read_at__isnull=True).values_list("reader_id", flat=True)
        ),
    )
