"""政务信息 workflow: the transition table of an item. No ORM here.

草稿 ─送审→ 待处室审核 ─审核报送（保密审查）→ 待采编 ─采用→ 采用
  ↑                └─退回修改→ 已退回 ─送审→ …        ├─择要采用→ 择要采用
  修改（撰稿人、处室负责人）; 删除附件（撰稿人）                             └─不采用（理由）→ 不采用
待采编: 编辑 (the office; every edit a version).  采用 / 择要采用: 上级采用↺ (the office),
领导批示↺ (a leader the item was sent to in a 信息专报).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from documents.choices import InfoState as S
from office.workflow.table import Table, Transition, TransitionError

OFFICE, LEADER, DEPT_HEAD, STAFF = "office", "leader", "dept_head", "staff"


@dataclass(frozen=True)
class Facts:
    """What the table needs to know about one item and one user."""

    user_id: int
    user_role: str
    user_unit_id: int | None
    author_id: int
    unit_id: int
    #: Whether the user holds the open 处室审核 of this item (its unit's head, or his delegate).
    approver: bool = False
    #: Whether the item was sent to this leader in a 信息专报.
    reader: bool = False


def _office(f: Facts) -> bool:
    return f.user_role == OFFICE


def _department(f: Facts) -> bool:
    """The author, or the head of the item's department."""
    return f.user_id == f.author_id or (f.user_role == DEPT_HEAD and f.user_unit_id == f.unit_id)


def _author(f: Facts) -> bool:
    return f.user_id == f.author_id


def _approver(f: Facts) -> bool:
    return f.approver


def _reader(f: Facts) -> bool:
    return f.user_role == LEADER and f.reader


EDITABLE = frozenset({S.DRAFT, S.RETURNED})
USED = frozenset({S.ADOPTED, S.CONDENSED})

TABLE = Table(
    (
        Transition("edit", _("修改"), EDITABLE, None, _("撰稿人或处室负责人"), _department),
        Transition("attach", _("上传附件"), EDITABLE | {S.PENDING}, None, _("撰稿人或处室负责人"), _department),
        Transition("detach", _("删除附件"), EDITABLE, None, _("撰稿人"), _author),
        Transition("submit", _("送审"), EDITABLE, S.PENDING, _("撰稿人或处室负责人"), _department),
        Transition("approve", _("审核报送"), frozenset({S.PENDING}), S.SUBMITTED, _("处室负责人"), _approver),
        Transition("return", _("退回修改"), frozenset({S.PENDING}), S.RETURNED, _("处室负责人"), _approver),
        Transition("office_edit", _("编辑"), frozenset({S.SUBMITTED}), None, _("办公室"), _office),
        Transition("adopt", _("采用"), frozenset({S.SUBMITTED}), S.ADOPTED, _("办公室"), _office),
        Transition("condense", _("择要采用"), frozenset({S.SUBMITTED}), S.CONDENSED, _("办公室"), _office),
        Transition("reject", _("不采用"), frozenset({S.SUBMITTED}), S.REJECTED, _("办公室"), _office),
        Transition("higher", _("上级采用"), USED, None, _("办公室"), _office),
        Transition("instruct", _("领导批示"), USED, None, _("阅件领导"), _reader),
    )
)
TRANSITIONS = TABLE.transitions
get, can, available = TABLE.get, TABLE.can, TABLE.available
__all__ = ["TABLE", "TRANSITIONS", "Facts", "Transition", "TransitionError", "available", "can", "get"]
