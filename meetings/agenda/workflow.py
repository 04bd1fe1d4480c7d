"""议题 workflow: the transition table. No ORM here.

    草稿 ─提交→ 待分管领导审核 ─分管领导同意→ 待办公室审核 ─列入议程→ 已列入议程 ─(议程审定)→ 已审定上会 ─上会→ 已上会
      ↑          └─分管领导退回→ 已退回 ←─办公室退回─┘            │                    │
      └──────────── 修改 / 再次提交 ←──────┘                        └──顺延下次会议──────┴→ 顺延下次会议
    撤回: 草稿 / 待审核 / 已退回 → 已撤回.   同意逾期提交: the office admits a draft after the cut-off.

A department without a leader in charge goes straight to the office (the service picks the target).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from meetings.choices import AgendaState as S
from office.workflow.table import Table, Transition, TransitionError

OFFICE, LEADER, DEPT_HEAD, STAFF = "office", "leader", "dept_head", "staff"


@dataclass(frozen=True)
class Facts:
    """What the table needs to know about one 议题 and one user."""

    user_id: int
    user_role: str
    user_unit_id: int | None
    unit_id: int | None = None
    submitted_by_id: int | None = None
    leader_id: int | None = None
    #: The chair of the meeting the 议题 is on (审定议程 is his).
    chair_id: int | None = None


def _office(f: Facts) -> bool:
    return f.user_role == OFFICE


def _department(f: Facts) -> bool:
    """The submitter, or the head of the submitting department."""
    head = f.user_role == DEPT_HEAD and f.user_unit_id is not None and f.user_unit_id == f.unit_id
    return head or (f.submitted_by_id is not None and f.user_id == f.submitted_by_id)


def _leader(f: Facts) -> bool:
    return f.user_role == LEADER and f.leader_id is not None and f.user_id == f.leader_id


def _chair(f: Facts) -> bool:
    return f.chair_id is not None and f.user_id == f.chair_id


EDITABLE = frozenset({S.DRAFT, S.RETURNED})
WITHDRAWABLE = frozenset({S.DRAFT, S.LEADER_REVIEW, S.OFFICE_REVIEW, S.RETURNED})

TABLE = Table(
    (
        Transition("edit", _("修改"), EDITABLE, None, _("提交部门"), _department),
        Transition("submit", _("提交"), EDITABLE, S.LEADER_REVIEW, _("提交部门"), _department),
        Transition("admit_late", _("同意逾期提交"), EDITABLE, None, _("办公室"), _office),
        Transition("withdraw", _("撤回"), WITHDRAWABLE, S.WITHDRAWN, _("提交部门"), _department),
        Transition(
            "leader_approve", _("分管领导同意"), frozenset({S.LEADER_REVIEW}), S.OFFICE_REVIEW, _("分管领导"), _leader
        ),
        Transition(
            "leader_return", _("分管领导退回"), frozenset({S.LEADER_REVIEW}), S.RETURNED, _("分管领导"), _leader
        ),
        Transition("accept", _("列入议程"), frozenset({S.OFFICE_REVIEW}), S.ACCEPTED, _("办公室"), _office),
        Transition(
            "office_return", _("办公室退回"), frozenset({S.OFFICE_REVIEW, S.ACCEPTED}), S.RETURNED, _("办公室"), _office
        ),
        Transition("approve", _("审定上会"), frozenset({S.ACCEPTED}), S.APPROVED, _("会议主持人"), _chair),
        Transition("discuss", _("已上会"), frozenset({S.APPROVED}), S.DISCUSSED, _("办公室"), _office),
        Transition("carry", _("顺延下次会议"), frozenset({S.ACCEPTED, S.APPROVED}), S.CARRIED, _("办公室"), _office),
    )
)
TRANSITIONS = TABLE.transitions
get, can, available = TABLE.get, TABLE.can, TABLE.available
__all__ = ["TABLE", "TRANSITIONS", "Facts", "Transition", "TransitionError", "available", "can", "get"]
