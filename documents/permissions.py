"""办文's rows of the permission policy (design.md, "Who sees what").

收文: office staff see all; the principal leader all registered ones; a deputy those
routed to him for 批示 and those a department he is in charge of leads or assists;
a department head those his department leads or assists; staff those assigned to
them; anyone those circulated to them (a guardian grant). Always clearance ≥ 密级.
Acting is the workflow's business: :func:`incoming_facts` feeds its table.
"""

from __future__ import annotations

from django.db.models import Q

from documents import workflow
from documents.choices import IncomingState
from office import org
from office.permissions import ScopedPolicy

REGISTERED_ONWARD = [s for s in IncomingState.values if s not in (IncomingState.ARRIVED, IncomingState.SIGNED)]


class IncomingPolicy(ScopedPolicy):
    def can_act(self, user, action, obj) -> bool:
        if action == "view":
            return True
        return workflow.can(action, obj.state, incoming_facts(user, obj))

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
    from documents.choices import RoutingState

    office_head = org.office_head()
    office_head_id = office_head.pk if office_head else None
    current = (
        document.routings.filter(state=RoutingState.PENDING).order_by("order").values_list("leader_id", flat=True).first()
    )
    lead_head = org.unit_head(document.lead_unit_id)
    lead_head_id = lead_head.pk if lead_head else None
    return workflow.Facts(
        user_id=user.pk,
        user_role=user.role,
        user_unit_id=user.unit_id,
        office_head_id=office_head_id,
        current_leader_id=current,
        lead_unit_id=document.lead_unit_id,
        lead_head_id=lead_head_id,
        handler_id=document.handler_id,
        assisting_unit_ids=frozenset(document.assisting_units.values_list("pk", flat=True)),
        assisted_unit_ids=frozenset(document.assists.values_list("unit_id", flat=True)),
        unread_reader_ids=frozenset(
            document.circulations.filter(read_at__isnull=True).values_list("reader_id", flat=True)
        ),
    )


# --- 发文 -------------------------------------------------------------------------------


class OutgoingPolicy(ScopedPolicy):
    """发文's row (design.md): drafts by where they are; issued documents more widely.

    Drafts — office staff: from submission to the office on; the principal leader: from
    the 签发 request on, and every 上行文; a deputy: drafts of the departments in his
    charge, or sent to him to sign; a department head: all of D's drafts and those D
    countersigns; staff: their own. Issued — the office and every leader: all; heads and
    staff: unclassified ones, and classified ones whose distribution list names D.
    """

    def scope(self, user, model):
        from documents.choices import Direction, OutgoingState
        from documents.models import OutgoingCountersign, OutgoingRecipient
        from office.choices import Clearance, Role
        from office.permissions import in_charge_unit_ids

        issued = Q(state__in=[OutgoingState.ISSUED, OutgoingState.ARCHIVED])
        role = user.role
        if role == Role.OFFICE:
            return Q(office_received_at__isnull=False)
        if role == Role.LEADER:
            if user.is_principal:
                return Q(sign_requested_at__isnull=False) | Q(direction=Direction.UP) | issued
            return Q(drafting_unit__in=in_charge_unit_ids(user)) | Q(signer=user) | issued
        if role not in (Role.DEPT_HEAD, Role.STAFF):
            return Q(pk__in=[])
        own = Q(drafter=user)
        issued_open = issued & Q(secret_level__lt=Clearance.SECRET)
        if user.unit_id is None:
            return own | issued_open
        distributed = issued & Q(
            pk__in=OutgoingRecipient.objects.filter(unit_id=user.unit_id).values("document_id")
        )
        if role == Role.DEPT_HEAD:
            countersigned = Q(pk__in=OutgoingCountersign.objects.filter(unit_id=user.unit_id).values("document_id"))
            return Q(drafting_unit_id=user.unit_id) | countersigned | own | issued_open | distributed
        return own | issued_open | distributed

    def can_act(self, user, action, obj) -> bool:
        from documents import workflow_outgoing

        if action == "view":
            return True
        return workflow_outgoing.can(action, obj.state, outgoing_facts(user, obj))

    def action_scope(self, user, action):
        return Q()


def outgoing_policy() -> OutgoingPolicy:
    return OutgoingPolicy(clearance_field="secret_level", grantable=False)


def outgoing_facts(user, document):
    """What the 发文 table needs about this user and this document."""
    from documents import workflow_outgoing
    from documents.choices import CountersignState
    drafting_head = org.unit_head(document.drafting_unit_id)
    drafting_head_id = drafting_head.pk if drafting_head else None
    pending = frozenset(
        document.countersigns.filter(state=CountersignState.PENDING).values_list("unit_id", flat=True)
    )
    return workflow_outgoing.Facts(
        user_id=user.pk,
        user_role=user.role,
        user_unit_id=user.unit_id,
        drafter_id=document.drafter_id,
        drafting_unit_id=document.drafting_unit_id,
        drafting_head_id=drafting_head_id,
        signer_id=document.signer_id,
        pending_countersign_unit_ids=pending,
    )
