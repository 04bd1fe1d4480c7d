"""The test request's transition table (no ORM)."""

from office.workflow.table import Table, Transition, anybody

DRAFT, PENDING, APPROVED, RETURNED, WITHDRAWN = "draft", "pending", "approved", "returned", "withdrawn"


def requester(facts) -> bool:
    return facts.get("is_requester", False)


def approver(facts) -> bool:
    return facts.get("is_approver", False)


TABLE = Table((
    Transition("submit", "提交", frozenset({DRAFT, RETURNED, WITHDRAWN}), PENDING, "申请人", requester),
    Transition("approve", "审批", frozenset({PENDING}), None, "当前审批人", approver),
    Transition("return", "退回", frozenset({PENDING}), RETURNED, "当前审批人", approver),
    Transition("withdraw", "撤回", frozenset({PENDING}), WITHDRAWN, "申请人", requester),
    Transition("note", "备注", frozenset({DRAFT, PENDING}), None, "任何人", anybody),
))
