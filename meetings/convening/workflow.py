"""The meeting's way: the transition table. No ORM here.

筹备中 ─open_call→ 征集议题 ─submit_agenda→ 议程待审定 ─approve_agenda→ 议程已审定 ─notify→ 已通知
                       ↑────────return_agenda────────┘
筹备中 ─notify→ 已通知                       (kinds that collect no 议题)
已通知 ─hold→ 已召开 ─draft_minutes→ 纪要办理中 ─close→ 已办结
cancel: any open state → 已取消.   edit, urge (催办答复), mark (签到登记) leave the state.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from meetings.choices import MeetingState as S
from office.workflow.table import Table, Transition, TransitionError

OFFICE = "office"


@dataclass(frozen=True)
class Facts:
    """What the table needs to know about one meeting and one user."""

    user_id: int
    user_role: str
    chair_id: int | None = None
    secretary_id: int | None = None
    collects_agenda: bool = True


def _office(f: Facts) -> bool:
    return f.user_role == OFFICE


def _chair(f: Facts) -> bool:
    return f.chair_id is not None and f.user_id == f.chair_id


def _secretary(f: Facts) -> bool:
    return f.secretary_id is not None and f.user_id == f.secretary_id


def _office_or_secretary(f: Facts) -> bool:
    return _office(f) or _secretary(f)


def _office_without_agenda(f: Facts) -> bool:
    return _office(f) and not f.collects_agenda


def _office_with_agenda(f: Facts) -> bool:
    return _office(f) and f.collects_agenda


#: The states before the meeting is held: it may still change, or be called off.
OPEN_STATES = frozenset({S.DRAFT, S.COLLECTING, S.AGENDA_REVIEW, S.AGENDA_APPROVED, S.NOTIFIED})
#: The states in which the meeting is on the calendar (booked, notified or held).
LIVE_STATES = frozenset(OPEN_STATES | {S.HELD, S.MINUTES, S.CLOSED})

TABLE = Table(
    (
        Transition(
            "open_call", _("发起议题征集"), frozenset({S.DRAFT}), S.COLLECTING, _("办公室"), _office_with_agenda
        ),
        Transition("submit_agenda", _("报送议程"), frozenset({S.COLLECTING}), S.AGENDA_REVIEW, _("办公室"), _office),
        Transition(
            "approve_agenda", _("审定议程"), frozenset({S.AGENDA_REVIEW}), S.AGENDA_APPROVED, _("主持人"), _chair
        ),
        Transition("return_agenda", _("退回议程"), frozenset({S.AGENDA_REVIEW}), S.COLLECTING, _("主持人"), _chair),
        Transition(
            "notify",
            _("发布会议通知"),
            frozenset({S.DRAFT, S.AGENDA_APPROVED}),
            S.NOTIFIED,
            _("办公室"),
            _office,
            by_state={S.DRAFT: _office_without_agenda, S.AGENDA_APPROVED: _office},
        ),
        Transition("hold", _("召开会议"), frozenset({S.NOTIFIED}), S.HELD, _("办公室或记录人"), _office_or_secretary),
        Transition(
            "draft_minutes", _("起草纪要"), frozenset({S.HELD}), S.MINUTES, _("记录人或办公室"), _office_or_secretary
        ),
        Transition("close", _("办结"), frozenset({S.MINUTES}), S.CLOSED, _("办公室"), _office),
        Transition("cancel", _("取消会议"), OPEN_STATES, S.CANCELLED, _("办公室"), _office),
        Transition("edit", _("修改会议"), OPEN_STATES, None, _("办公室"), _office),
        Transition("urge", _("催办答复"), frozenset({S.NOTIFIED}), None, _("办公室"), _office),
        Transition(
            "mark", _("登记签到"), frozenset({S.NOTIFIED, S.HELD}), None, _("记录人或办公室"), _office_or_secretary
        ),
    )
)
TRANSITIONS = TABLE.transitions
get, can, available = TABLE.get, TABLE.can, TABLE.available
__all__ = [
    "LIVE_STATES",
    "OPEN_STATES",
    "TABLE",
    "TRANSITIONS",
    "Facts",
    "Transition",
    "TransitionError",
    "available",
    "can",
    "get",
]
