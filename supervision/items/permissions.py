"""督办事项's row of the permission policy (design.md, "supervised item").

Clearance first; office staff all; the principal all handed over; a deputy leader the items he is
responsible for (责任领导, 批示领导) and those of the departments he is in charge of (lead or
assisting); a department head the items his department leads or assists; staff the items
assigned to them (承办人, an assisting unit's contact, or whatever an assignment gave them).
Nobody but the office sees a draft (立项, not yet 交办). Acting is the table's business.
"""

from __future__ import annotations

from django.db.models import OuterRef, Q

from office.choices import Role
from office.permissions import ObjectPolicy, ScopedPolicy, exists, restrict
from office.workflow.assignments import assigned_q, may_answer
from supervision.choices import ExtensionState, ItemState, PartState
from supervision.items import workflow

#: Assignment steps of an item (office.workflow.assignments), by what they wait for.
SIGN, ADJUST, NAME, PART, HANDLE = (
    "supervision.sign", "supervision.adjust", "supervision.name_handler", "supervision.part", "supervision.handle",
)
EXTENSION, REVIEW, REPORT_BACK, CLOSE, EVALUATE, OPEN = (
    "supervision.extension", "supervision.review", "supervision.report_back", "supervision.close",
    "supervision.evaluate", "supervision.assign",
)


class ItemPolicy(ScopedPolicy):
    def scope(self, user, model):
        base = super().scope(user, model)
        if user.role == Role.OFFICE:
            return base
        if not (user.role == Role.LEADER and user.is_principal):
            base |= assigned_q(user, model)
        return base & ~Q(state=ItemState.DRAFT)

    def can_act(self, user, action, obj) -> bool:
        if action == "view":
            return True
        return workflow.can(action, obj.state, item_facts(user, obj))

    def action_scope(self, user, action):
        return Q()


def item_policy() -> ItemPolicy:
    return ItemPolicy(
        clearance_field="secret_level",
        department_fields=("lead_unit", "parts__unit"),
        personal_fields=("handler", "parts__contact"),
        leader_fields=("responsible_leader", "instructing_leader"),
    )


class ItemChildPolicy(ObjectPolicy):
    """A milestone, report, extension …: seen with its item (the deadline of a milestone points at it)."""

    clearance_field = None

    def visible(self, user, model):
        from supervision.models import SupervisedItem

        return exists(restrict(SupervisedItem.objects.filter(pk=OuterRef("item")), user))


def part_exists(**lookup) -> Q:
    """Items with a part (协办) matching ``lookup``: a correlated EXISTS driven from the item's row
    (through the part's item index), never ``pk IN`` every item a unit ever assisted."""
    from supervision.models import ItemPart

    return exists(ItemPart.objects.filter(item=OuterRef("pk"), **lookup))


def item_facts(user, item, extensions: list | None = None) -> workflow.Facts:
    """What the transition table needs about this user and this item.

    It reads the parts the detail page prefetched (else one query) and ``extensions`` when the
    page has read them (else asks whether one is pending, only while the item is being handled).
    """
    parts = [(p.unit_id, p.state, p.contact_id) for p in item.parts.all()]
    handling = item.state == ItemState.HANDLING
    if extensions is not None:
        pending = handling and any(e.state == ExtensionState.PENDING for e in extensions)
    else:
        pending = handling and item.extension_requests.filter(state=ExtensionState.PENDING).exists()
    return workflow.Facts(
        user_id=user.pk,
        user_role=user.role,
        user_unit_id=user.unit_id,
        lead_unit_id=item.lead_unit_id,
        handler_id=item.handler_id,
        responsible_leader_id=item.responsible_leader_id,
        instructing_leader_id=item.instructing_leader_id,
        unsigned_unit_ids=frozenset(u for u, s, _c in parts if s == PartState.PENDING),
        signed_unit_ids=frozenset(u for u, s, _c in parts if s == PartState.SIGNED),
        contact_ids=frozenset(c for _u, s, c in parts if c and s == PartState.SIGNED),
        extension_pending=pending,
        extension_approver=pending and may_answer(item, EXTENSION, user),
        report_back_leader=item.state == ItemState.REPORTING_BACK and may_answer(item, REPORT_BACK, user),
    )
