"""The 议题's transition table, exhaustively: each action from each state, for each kind of person."""

from __future__ import annotations

import pytest

from meetings.agenda import workflow
from meetings.agenda.workflow import Facts
from meetings.choices import AgendaState as S

SUBMITTER, HEAD, LEADER, CLERK, CHAIR, STRANGER_ID, UNIT, OTHER_UNIT = 1, 2, 3, 4, 5, 6, 10, 11


def facts(who: int, role: str, unit: int | None) -> Facts:
    return Facts(
        user_id=who,
        user_role=role,
        user_unit_id=unit,
        unit_id=UNIT,
        submitted_by_id=SUBMITTER,
        leader_id=LEADER,
        chair_id=CHAIR,
    )


PEOPLE = {
    "submitter": facts(SUBMITTER, "staff", UNIT),
    "head": facts(HEAD, "dept_head", UNIT),
    "leader": facts(LEADER, "leader", None),
    "office": facts(CLERK, "office", 99),
    "chair": facts(CHAIR, "leader", None),
    "other_head": facts(STRANGER_ID, "dept_head", OTHER_UNIT),
}
DEPARTMENT = {"submitter", "head"}
EDITABLE = {S.DRAFT, S.RETURNED}

EXPECTED = {
    "edit": ({s: s for s in EDITABLE}, DEPARTMENT),
    "submit": ({s: S.LEADER_REVIEW for s in EDITABLE}, DEPARTMENT),
    "admit_late": ({s: s for s in EDITABLE}, {"office"}),
    "withdraw": ({s: S.WITHDRAWN for s in (S.DRAFT, S.LEADER_REVIEW, S.OFFICE_REVIEW, S.RETURNED)}, DEPARTMENT),
    "leader_approve": ({S.LEADER_REVIEW: S.OFFICE_REVIEW}, {"leader"}),
    "leader_return": ({S.LEADER_REVIEW: S.RETURNED}, {"leader"}),
    "accept": ({S.OFFICE_REVIEW: S.ACCEPTED}, {"office"}),
    "office_return": ({S.OFFICE_REVIEW: S.RETURNED, S.ACCEPTED: S.RETURNED}, {"office"}),
    "approve": ({S.ACCEPTED: S.APPROVED}, {"chair"}),
    "discuss": ({S.APPROVED: S.DISCUSSED}, {"office"}),
    "carry": ({S.ACCEPTED: S.CARRIED, S.APPROVED: S.CARRIED}, {"office"}),
}


def test_the_table_has_exactly_these_actions():
    assert set(workflow.TABLE.transitions) == set(EXPECTED)


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("state", [s.value for s in S])
def test_each_action_from_each_state_for_each_person(action, state):
    moves, allowed = EXPECTED[action]
    transition = workflow.get(action)
    for name, f in PEOPLE.items():
        expected = state in moves and name in allowed
        assert workflow.can(action, state, f) is expected, (action, state, name)
    if state in moves:
        assert (transition.target or state) == moves[state]


def test_an_unknown_action_is_refused():
    with pytest.raises(workflow.TransitionError):
        workflow.get("fly")
    assert not workflow.can("fly", S.DRAFT, PEOPLE["office"])
