"""发文's row of the permission policy (design.md, "Who sees what"); acting is the workflow's business:
:func:`outgoing_facts` feeds its table."""

from __future__ import annotations

from django.db.models import OuterRef, Q

from office import org
from office.permissions import NOTHING, ScopedPolicy, exists


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
            return NOTHING
        own = Q(drafter=user)
        issued_open = issued & Q(secret_level__lt=Clearance.SECRET)
        if user.unit_id is None:
            return own | issued_open
        # Correlated EXISTS: one document's rows come through the (document, …) indexes.
        distributed = issued & exists(OutgoingRecipient.objects.filter(document=OuterRef("pk"), unit_id=user.unit_id))
        if role == Role.DEPT_HEAD:
            countersigned = exists(OutgoingCountersign.objects.filter(document=OuterRef("pk"), unit_id=user.unit_id))
            return Q(drafting_unit_id=user.unit_id) | countersigned | own | issued_open | distributed
        return own | issued_open | distributed

    def can_act(self, user, action, obj) -> bool:
        from documents.outgoing import workflow

        if action == "view":
            return True
        return workflow.can(action, obj.state, outgoing_facts(user, obj))

    def action_scope(self, user, action):
        return Q()


def outgoing_policy() -> OutgoingPolicy:
    return OutgoingPolicy(clearance_field="secret_level", grantable=False)


def outgoing_facts(user, document):
    """What the 发文 table needs about this user and this document."""
    from documents.choices import CountersignState
    from documents.outgoing import workflow
    from office.workflow.choices import Duty
    from office.workflow.holders import holds_duty

    # From what a detail page fetched (select_related / prefetch_related) when it did.
    drafting_head_id = _drafting_head_id(document)
    pending = frozenset(c.unit_id for c in document.countersigns.all() if c.state == CountersignState.PENDING)
    return workflow.Facts(
        user_id=user.pk,
        user_role=user.role,
        user_unit_id=user.unit_id,
        drafter_id=document.drafter_id,
        drafting_unit_id=document.drafting_unit_id,
        drafting_head_id=drafting_head_id,
        signer_id=document.signer_id,
        pending_countersign_unit_ids=pending,
        duties=frozenset(d for d in (Duty.CLERK, Duty.DIRECTOR) if holds_duty(user, d)),
    )


def _drafting_head_id(document) -> int | None:
    """The drafting unit's named head if active (``org.named_head``), from ``select_related`` when fetched so."""
    if not document.drafting_unit_id:
        return None
    unit_field = type(document).drafting_unit.field
    if unit_field.is_cached(document) and type(document.drafting_unit).head.field.is_cached(document.drafting_unit):
        head = document.drafting_unit.head
        return head.pk if head is not None and head.is_active else None
    return getattr(org.named_head(document.drafting_unit_id), "pk", None)
