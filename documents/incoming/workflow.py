"""收文 workflow: the transition table (条例 第二十四条). No ORM here.

Each action names the states it may start from, the state it leads to, and the one
kind of person who may take it. Who that is for a given document is decided from
:class:`Facts` — plain values the services read from the database — so the whole
table is testable without one.

    到件 ─签收→ 待登记 ─登记→ 待初审 ─初审通过→ 待拟办 ─拟办→ 待批示 ─批示(转批)↺
                                    └─退回→ 已退回               └─批示(交办)→ 承办中
    承办中 ─指定承办人↺ ─协办意见↺ ─报办理结果→ 待确认办结 ─确认办结→ 已办结 ─归档→ 已归档
                                              └─退回重办→ 承办中
    传阅 runs beside the main line from 待初审 to 已归档.
    到件 and 待登记 ─作废→ 已作废 (a duplicate arrival, or one recorded by mistake; never registered).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from documents.choices import IncomingState as S
from office.workflow.table import Table, Transition, TransitionError

OFFICE, LEADER, DEPT_HEAD, STAFF = "office", "leader", "dept_head", "staff"


@dataclass(frozen=True)
class Facts:
    """What the table needs to know about one document and one user."""

    user_id: int
    user_role: str
    user_unit_id: int | None
    office_head_id: int | None = None  # 办公室主任
    current_leader_id: int | None = None  # the leader whose 批示 is awaited now
    proxy: bool = False  # a 秘书 while a 批示 is awaited: may record it for the leader (代录)
    lead_unit_id: int | None = None
    lead_head_id: int | None = None  # the head of the 主办 unit
    handler_id: int | None = None
    assisting_unit_ids: frozenset[int] = field(default_factory=frozenset)
    assisted_unit_ids: frozenset[int] = field(default_factory=frozenset)  # those that already gave input
    unread_reader_ids: frozenset[int] = field(default_factory=frozenset)


def _office(f: Facts) -> bool:
    return f.user_role == OFFICE


def _office_head(f: Facts) -> bool:
    return f.user_role == OFFICE and f.user_id == f.office_head_id


def _current_leader(f: Facts) -> bool:
    return f.user_role == LEADER and f.user_id == f.current_leader_id


def _current_leader_or_proxy(f: Facts) -> bool:
    return _current_leader(f) or f.proxy


def _lead_head(f: Facts) -> bool:
    return f.user_role == DEPT_HEAD and f.user_id == f.lead_head_id


def _handler(f: Facts) -> bool:
    return f.handler_id is not None and f.user_id == f.handler_id


def _assisting_head(f: Facts) -> bool:
    return (
        f.user_role == DEPT_HEAD
        and f.user_unit_id in f.assisting_unit_ids
        and f.user_unit_id not in f.assisted_unit_ids
    )


def _unread_reader(f: Facts) -> bool:
    return f.user_id in f.unread_reader_ids


ATTACHABLE = frozenset({S.ARRIVED, S.SIGNED, S.REGISTERED, S.PROPOSING, S.INSTRUCTING, S.HANDLING, S.CONFIRMING})
CIRCULATING = frozenset({S.REGISTERED, S.PROPOSING, S.INSTRUCTING, S.HANDLING, S.CONFIRMING, S.DONE, S.ARCHIVED})

TABLE = Table((
    Transition("sign", _("签收"), frozenset({S.ARRIVED}), S.SIGNED, _("办公室"), _office),
    Transition("register", _("登记"), frozenset({S.SIGNED}), S.REGISTERED, _("办公室"), _office),
    Transition("withdraw", _("作废"), frozenset({S.ARRIVED, S.SIGNED}), S.WITHDRAWN, _("办公室"), _office),
    Transition("review", _("初审"), frozenset({S.REGISTERED}), S.PROPOSING, _("办公室"), _office),
    Transition("return", _("退回"), frozenset({S.REGISTERED}), S.RETURNED, _("办公室"), _office),
    Transition("propose", _("拟办"), frozenset({S.PROPOSING}), S.INSTRUCTING, _("办公室主任"), _office_head),
    # 批示: passed on to another leader (stays 待批示) or handed to the departments (承办中).
    Transition("instruct", _("批示"), frozenset({S.INSTRUCTING}), None, _("呈批领导"), _current_leader_or_proxy),
    Transition("assign", _("指定承办人"), frozenset({S.HANDLING}), None, _("主办处室负责人"), _lead_head),
    Transition("assist", _("协办意见"), frozenset({S.HANDLING}), None, _("协办处室负责人"), _assisting_head),
    Transition("report", _("报办理结果"), frozenset({S.HANDLING}), S.CONFIRMING, _("承办人"), lambda f: _handler(f) or _lead_head(f)),
    Transition("confirm", _("确认办结"), frozenset({S.CONFIRMING}), S.DONE, _("主办处室负责人"), _lead_head),
    Transition("send_back", _("退回重办"), frozenset({S.CONFIRMING}), S.HANDLING, _("主办处室负责人"), _lead_head),
    Transition("archive", _("归档"), frozenset({S.DONE}), S.ARCHIVED, _("办公室"), _office),
    Transition("circulate", _("传阅"), CIRCULATING, None, _("办公室"), _office),
    # Files: the office while it registers and routes; the lead department while it handles.
    Transition(
        "attach", _("上传附件"), ATTACHABLE, None, _("办公室或承办人"),
        lambda f: _office(f) or _handler(f) or _lead_head(f),
    ),
    Transition("mark_read", _("已阅"), CIRCULATING, None, _("传阅对象"), _unread_reader),
))
TRANSITIONS = TABLE.transitions
get, can, available = TABLE.get, TABLE.can, TABLE.available
__all__ = ["TABLE", "TRANSITIONS", "Facts", "Transition", "TransitionError", "available", "can", "get"]
