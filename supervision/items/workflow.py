"""督办事项 workflow: the transition table. No ORM here.

    待交办 ─交办→ 待签收 ─签收→ 待指派 ─指派承办人→ 办理中 ─办结报告→ 待审核 ─审核→ 待报结 ─阅结→ 待销号 ─销号→ 已销号 ─评价→ 已评价
                  └─申请调整→ 申请调整 ─调整决定→ 待签收           (no 批示领导: 审核 → 待销号)
    办理中: 进展反馈↺ 协办签收↺ 协办反馈↺ 申请延期↺ 延期审批↺ 催办↺;  待审核/待报结/待销号 ─退回→ 办理中
    撤销: 待交办/待签收/申请调整 → 已撤销.   领导点评 on 已销号/已评价.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from office.workflow.table import Table, Transition, TransitionError
from supervision.choices import ItemState as S

OFFICE, LEADER, DEPT_HEAD, STAFF = "office", "leader", "dept_head", "staff"


@dataclass(frozen=True)
class Facts:
    """What the table needs to know about one item and one user."""

    user_id: int
    user_role: str
    user_unit_id: int | None
    lead_unit_id: int | None = None
    handler_id: int | None = None
    responsible_leader_id: int | None = None
    instructing_leader_id: int | None = None
    #: Assisting units that have not signed for their part yet / that have.
    unsigned_unit_ids: frozenset[int] = field(default_factory=frozenset)
    signed_unit_ids: frozenset[int] = field(default_factory=frozenset)
    contact_ids: frozenset[int] = field(default_factory=frozenset)
    extension_pending: bool = False
    #: The approver whose turn it is on the pending extension (or his delegate).
    extension_approver: bool = False
    #: The leader the result is reported back to (报结), or his delegate.
    report_back_leader: bool = False


def _office(f: Facts) -> bool:
    return f.user_role == OFFICE


def _lead_head(f: Facts) -> bool:
    return f.user_role == DEPT_HEAD and f.user_unit_id is not None and f.user_unit_id == f.lead_unit_id


def _handler(f: Facts) -> bool:
    return f.handler_id is not None and f.user_id == f.handler_id


def _handler_or_head(f: Facts) -> bool:
    return _handler(f) or _lead_head(f)


def _assisting_head_unsigned(f: Facts) -> bool:
    return f.user_role == DEPT_HEAD and f.user_unit_id in f.unsigned_unit_ids


def _assisting_signed(f: Facts) -> bool:
    in_unit = f.user_role == DEPT_HEAD and f.user_unit_id in f.signed_unit_ids
    return in_unit or f.user_id in f.contact_ids


def _may_extend(f: Facts) -> bool:
    return _handler_or_head(f) and not f.extension_pending


def _approver(f: Facts) -> bool:
    return f.extension_pending and f.extension_approver


def _report_back_leader(f: Facts) -> bool:
    return f.report_back_leader


def _leaders(f: Facts) -> bool:
    return f.user_role == LEADER and f.user_id in (f.responsible_leader_id, f.instructing_leader_id)


URGEABLE = frozenset({S.ASSIGNED, S.ADJUSTING, S.SIGNED, S.HANDLING})
RETURNABLE = frozenset({S.REPORTED, S.REPORTING_BACK, S.ACCEPTED})

TABLE = Table((
    Transition("edit", _("修改"), frozenset({S.DRAFT}), None, _("督查员"), _office),
    Transition("assign", _("交办"), frozenset({S.DRAFT}), S.ASSIGNED, _("督查员"), _office),
    Transition("sign", _("签收"), frozenset({S.ASSIGNED}), S.SIGNED, _("牵头处室负责人"), _lead_head),
    Transition("request_adjust", _("申请调整"), frozenset({S.ASSIGNED}), S.ADJUSTING, _("牵头处室负责人"), _lead_head),
    Transition("decide_adjust", _("调整决定"), frozenset({S.ADJUSTING}), S.ASSIGNED, _("督查员"), _office),
    Transition("name_handler", _("指派承办人"), frozenset({S.SIGNED, S.HANDLING}), S.HANDLING, _("牵头处室负责人"), _lead_head),
    Transition("part_sign", _("协办签收"), frozenset({S.ASSIGNED, S.SIGNED, S.HANDLING}), None, _("协办处室负责人"),
               _assisting_head_unsigned),
    Transition("report", _("进展反馈"), frozenset({S.HANDLING}), None, _("承办人或牵头处室负责人"), _handler_or_head),
    Transition("part_report", _("协办反馈"), frozenset({S.HANDLING}), None, _("协办处室"), _assisting_signed),
    Transition("extend", _("申请延期"), frozenset({S.HANDLING}), None, _("承办人或牵头处室负责人"), _may_extend),
    Transition("approve_extension", _("同意延期"), frozenset({S.HANDLING}), None, _("延期审批人"), _approver),
    Transition("refuse_extension", _("不同意延期"), frozenset({S.HANDLING}), None, _("延期审批人"), _approver),
    Transition("complete", _("办结报告"), frozenset({S.HANDLING}), S.REPORTED, _("承办人或牵头处室负责人"),
               lambda f: _handler_or_head(f) and not f.extension_pending),
    # 审核: reported back to the 批示领导 first when there is one (the service picks the target).
    Transition("review", _("审核通过"), frozenset({S.REPORTED}), None, _("督查员"), _office),
    Transition("acknowledge", _("阅结"), frozenset({S.REPORTING_BACK}), S.ACCEPTED, _("批示领导"), _report_back_leader),
    Transition("send_back", _("退回"), RETURNABLE, S.HANDLING, _("督查员"), _office),
    Transition("close", _("销号"), frozenset({S.ACCEPTED}), S.CLOSED, _("督查员"), _office),
    Transition("evaluate", _("评价"), frozenset({S.CLOSED}), S.EVALUATED, _("督查员"), _office),
    Transition("leader_comment", _("领导点评"), frozenset({S.CLOSED, S.EVALUATED}), None, _("责任领导或批示领导"), _leaders),
    Transition("urge", _("催办"), URGEABLE, None, _("督查员"), _office),
    Transition("cancel", _("撤销"), frozenset({S.DRAFT, S.ASSIGNED, S.ADJUSTING}), S.CANCELLED, _("督查员"), _office),
))
TRANSITIONS = TABLE.transitions
get, can, available = TABLE.get, TABLE.can, TABLE.available
__all__ = ["TABLE", "TRANSITIONS", "Facts", "Transition", "TransitionError", "available", "can", "get"]
