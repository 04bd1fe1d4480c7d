"""The meeting's transition table, exhaustively: each action from each state, for each kind of person."""

from __future__ import annotations

import pytest

from meetings.choices import MeetingState as S
from meetings.convening import workflow
from meetings.convening.workflow import Facts

CHAIR, SECRETARY, CLERK, OTHER = 1, 2, 3, 4


def facts(who: int, role: str, *, collects=True) -> Facts:
    return Facts(user_id=who, user_role=role, chair_id=CHAIR, secretary_id=SECRETARY, collects_agenda=collects)


OFFICE = facts(CLERK, "office")
CHAIR_F = facts(CHAIR, "leader")
SECRETARY_F = facts(SECRETARY, "staff")
STRANGER = facts(OTHER, "dept_head")

EXPECTED = {
    # action: {state: target}, and who may take it
    "open_call": ({S.DRAFT: S.COLLECTING}, {OFFICE}),
    "submit_agenda": ({S.COLLECTING: S.AGENDA_REVIEW}, {OFFICE}),
    "approve_agenda": ({S.AGENDA_REVIEW: S.AGENDA_APPROVED}, {CHAIR_F}),
    "return_agenda": ({S.AGENDA_REVIEW: S.COLLECTING}, {CHAIR_F}),
    "notify": ({S.AGENDA_APPROVED: S.NOTIFIED}, {OFFICE}),
    "hold": ({S.NOTIFIED: S.HELD}, {OFFICE, SECRETARY_F}),
    "draft_minutes": ({S.HELD: S.MINUTES}, {OFFICE, SECRETARY_F}),
    "close": ({S.MINUTES: S.CLOSED}, {OFFICE}),
}


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("state", [s.value for s in S])
def test_each_action_from_each_state(action, state):
    moves, allowed = EXPECTED[action]
    for who in (OFFICE, CHAIR_F, SECRETARY_F, STRANGER):
        expected = state in moves and who in allowed
        assert workflow.can(action, state, who) is expected, (action, state, who)
    if state in moves:
        assert workflow.get(action).target == moves[state]


def test_notify_straight_from_draft_only_for_kinds_without_agenda():
    assert not workflow.can("notify", S.DRAFT, OFFICE)
    assert workflow.can("notify", S.DRAFT, facts(CLERK, "office", collects=False))
    assert not workflow.can("open_call", S.DRAFT, facts(CLERK, "office", collects=False))


@pytest.mark.parametrize("state", [s.value for s in S])
def test_cancel_from_every_open_state_by_the_office_only(state):
    open_ = state in (S.DRAFT, S.COLLECTING, S.AGENDA_REVIEW, S.AGENDA_APPROVED, S.NOTIFIED)
    assert workflow.can("cancel", state, OFFICE) is open_
    assert not workflow.can("cancel", state, CHAIR_F)
    assert not workflow.can("cancel", state, SECRETARY_F)
    if open_:
        assert workflow.get("cancel").target == S.CANCELLED


def test_every_state_is_reached():
    assert workflow.TABLE.states() == {s.value for s in S}
