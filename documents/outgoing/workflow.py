"""发文 workflow: the transition table (条例 第十八至二十二条, 第二十五条). No ORM here.

    起草中 ─送审→ 待部门审核 ─部门审核→ 待核稿 ─核稿→ 会签中 ─会签(各处室并行)→ 待签发
                                          └──────(无会签)──────────────→ 待签发
    待签发 ─签发→ 待复核 ─复核→ 待编号 ─编号→ 待印发 ─印发→ 已印发 ─归档→ 已归档
                      └─复核有实质性修改→ 待签发 (第二十五条)
    退回 (with a reason) from 待部门审核, 待核稿, 待签发, and a 会签 that returns: back to 起草中.
    起草中 ─作废→ 已作废.

Who acts is decided from :class:`Facts`, plain values the services read. The office's
steps go by duty (:class:`office.workflow.choices.Duty`): 核稿 — and editing or returning
the draft while it waits for 核稿 — is the 主任's; 复核, 编号, 印发 and 归档 are the 文书's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from documents.choices import OutgoingState as S
from office.workflow.choices import Duty
from office.workflow.table import Table, Transition, TransitionError, nobody

OFFICE, LEADER, DEPT_HEAD, STAFF = "office", "leader", "dept_head", "staff"


@dataclass(frozen=True)
class Facts:
    user_id: int
    user_role: str
    user_unit_id: int | None
    drafter_id: int | None = None
    drafting_unit_id: int | None = None
    drafting_head_id: int | None = None
    signer_id: int | None = None
    #: Units whose 会签 is awaited now.
    pending_countersign_unit_ids: frozenset[int] = field(default_factory=frozenset)
    #: The office duties the user holds (``Duty`` values).
    duties: frozenset[str] = field(default_factory=frozenset)


def _director(f: Facts) -> bool:
    """办公室核稿: the holder of the 主任 duty."""
    return f.user_role == OFFICE and Duty.DIRECTOR in f.duties


def _clerk(f: Facts) -> bool:
    """复核, 编号, 印发, 归档: the holders of the 文书 duty."""
    return f.user_role == OFFICE and Duty.CLERK in f.duties


def _drafter(f: Facts) -> bool:
    return f.drafter_id is not None and f.user_id == f.drafter_id


def _drafting_head(f: Facts) -> bool:
    """The head of the drafting unit — a 处长, or the office director for the office's own drafts."""
    return f.drafting_head_id is not None and f.user_id == f.drafting_head_id


def _drafting_side(f: Facts) -> bool:
    return _drafter(f) or _drafting_head(f)


def _signer(f: Facts) -> bool:
    return f.user_role == LEADER and f.signer_id is not None and f.user_id == f.signer_id


def _countersigner(f: Facts) -> bool:
    return f.user_role == DEPT_HEAD and f.user_unit_id in f.pending_countersign_unit_ids


#: Who may send the draft back depends on where it is (a 会签 returns through its own action).
RETURNERS: dict[str, Callable[[Facts], bool]] = {
    S.DEPT_REVIEW: _drafting_head,
    S.OFFICE_REVIEW: _director,
    S.SIGNING: _signer,
}


#: Who edits the text where: the drafting side while drafting, the head at 部门审核, the office at 核稿.
EDITORS: dict[str, Callable[[Facts], bool]] = {
    S.DRAFTING: _drafting_side,
    S.DEPT_REVIEW: _drafting_head,
    S.OFFICE_REVIEW: _director,
}


EDITABLE = frozenset(EDITORS)
RETURNABLE = frozenset(RETURNERS)

TABLE = Table((
    # The first version: no state to start from, nobody takes it through the table.
    Transition("create", _("起草"), frozenset(), S.DRAFTING, _("拟稿人"), nobody),
    Transition("edit", _("修改稿件"), EDITABLE, None, _("拟稿人、部门负责人或办公室主任"), nobody, EDITORS),
    Transition("attach", _("上传附件"), EDITABLE, None, _("拟稿人、部门负责人或办公室主任"), nobody, EDITORS),
    Transition("submit", _("送审"), frozenset({S.DRAFTING}), S.DEPT_REVIEW, _("拟稿人"), _drafting_side),
    Transition("dept_approve", _("部门审核"), frozenset({S.DEPT_REVIEW}), S.OFFICE_REVIEW, _("拟稿处室负责人"), _drafting_head),
    # 核稿: to 会签 when departments are asked to countersign, else straight to 签发.
    Transition("office_check", _("核稿"), frozenset({S.OFFICE_REVIEW}), None, _("办公室主任"), _director),
    Transition("countersign", _("会签"), frozenset({S.COUNTERSIGNING}), None, _("会签处室负责人"), _countersigner),
    Transition("sign", _("签发"), frozenset({S.SIGNING}), S.RECHECKING, _("签发领导"), _signer),
    Transition("return", _("退回"), RETURNABLE, S.DRAFTING, _("当前环节办理人"), nobody, RETURNERS),
    # 复核: on to 编号, or — a substantive change — back to the signer.
    Transition("recheck", _("复核"), frozenset({S.RECHECKING}), None, _("办公室文书"), _clerk),
    Transition("number", _("编号"), frozenset({S.NUMBERING}), S.ISSUING, _("办公室文书"), _clerk),
    Transition("issue", _("印发"), frozenset({S.ISSUING}), S.ISSUED, _("办公室文书"), _clerk),
    Transition("archive", _("归档"), frozenset({S.ISSUED}), S.ARCHIVED, _("办公室文书"), _clerk),
    Transition("discard", _("作废"), frozenset({S.DRAFTING}), S.CANCELLED, _("拟稿人"), _drafting_side),
))
TRANSITIONS = TABLE.transitions
get, can, available = TABLE.get, TABLE.can, TABLE.available
__all__ = ["TABLE", "TRANSITIONS", "Facts", "Transition", "TransitionError", "available", "can", "get"]
