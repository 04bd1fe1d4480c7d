"""政务信息's rows of the permission policy.

- An item: its department (staff their own, the head all of the department's), the office
  from 报送 on, and leaders the items of the 信息专报 sent to them. Always clearance ≥ 密级.
- A 约稿 and its parts: the office, and the departments asked.
- A 信息专报: the office, and the leaders it was sent to.
Acting is the workflow's business: :func:`item_facts` feeds its table.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from documents.choices import InfoState
from documents.information import workflow
from office.choices import Role
from office.permissions import EVERYTHING, NOTHING, ObjectPolicy, exists
from office.workflow.assignments import may_answer

#: What the office sees of items: from 报送 on (a department's drafts are its own).
OFFICE_STATES = (InfoState.SUBMITTED, InfoState.ADOPTED, InfoState.CONDENSED, InfoState.REJECTED)
APPROVE_STEP = "info.approve"


class ItemPolicy(ObjectPolicy):
    clearance_field = "secret_level"

    def scope(self, user, model):
        if user.role == Role.OFFICE:
            return Q(state__in=OFFICE_STATES)
        if user.role == Role.DEPT_HEAD and user.unit_id:
            return Q(unit_id=user.unit_id) | Q(author=user)
        if user.role == Role.STAFF:
            return Q(author=user)
        if user.role == Role.LEADER:
            return _read_by(user)
        return NOTHING

    def can_act(self, user, action, obj) -> bool:
        if action == "view":
            return True
        return workflow.can(action, obj.state, item_facts(user, obj))

    def action_scope(self, user, action):
        return Q()


def _read_by(user) -> Q:
    """Items in a 信息专报 sent to this leader."""
    from documents.models import IssueEntry, IssueReader

    readers = IssueReader.objects.filter(leader=user, issue_id=OuterRef("issue_id"))
    return exists(IssueEntry.objects.filter(item_id=OuterRef("pk")).filter(Exists(readers)))


class UnitAskedPolicy(ObjectPolicy):
    """约稿 (``unit_path`` "parts__unit") and a 约稿's part ("unit"): the office, and the asked department."""

    clearance_field = None

    def __init__(self, unit_field: str):
        self.unit_field = unit_field

    def scope(self, user, model):
        if user.role == Role.OFFICE:
            return EVERYTHING
        if user.role in (Role.DEPT_HEAD, Role.STAFF) and user.unit_id:
            if self.unit_field == "unit":
                return Q(unit_id=user.unit_id)
            from documents.models import InformationRequestPart

            return exists(InformationRequestPart.objects.filter(request_id=OuterRef("pk"), unit_id=user.unit_id))
        return NOTHING


def item_facts(user, item) -> workflow.Facts:
    """What the table needs about this user and this item (the open 审核 and 专报 only where they matter)."""
    approver = item.state == InfoState.PENDING and may_answer(item, APPROVE_STEP, user)
    reader = False
    if user.role == Role.LEADER and item.state in workflow.USED:
        from documents.models import IssueReader

        reader = IssueReader.objects.filter(leader=user, issue__entries__item=item).exists()
    return workflow.Facts(
        user_id=user.pk,
        user_role=user.role,
        user_unit_id=user.unit_id,
        author_id=item.author_id,
        unit_id=item.unit_id,
        approver=approver,
        reader=reader,
    )


class IssuePolicy(ObjectPolicy):
    """信息专报: the office; a leader those sent to him."""

    clearance_field = "secret_level"

    def scope(self, user, model):
        if user.role == Role.OFFICE:
            return EVERYTHING
        if user.role == Role.LEADER:
            from documents.models import IssueReader

            return exists(IssueReader.objects.filter(issue_id=OuterRef("pk"), leader=user))
        return NOTHING
