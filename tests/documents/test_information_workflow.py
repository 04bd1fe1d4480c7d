"""The 政务信息 transition table, exhaustively and without the database: every action × every state ×
every kind of person. The expected answers are written out independently of the code."""

from __future__ import annotations

import pytest

from documents.choices import InfoState as S
from documents.information import workflow
from documents.information.workflow import Facts, TransitionError

UNIT, OTHER = 10, 20
#: actor kind → Facts about the item (author 400 of unit 10, whose head is 300).
ACTORS = {
    "author": Facts(400, "staff", UNIT, 400, UNIT),
    "colleague": Facts(401, "staff", UNIT, 400, UNIT),
    "head (approver)": Facts(300, "dept_head", UNIT, 400, UNIT, approver=True),
    "head": Facts(300, "dept_head", UNIT, 400, UNIT),
    "other head": Facts(301, "dept_head", OTHER, 400, UNIT),
    "office": Facts(100, "office", 1, 400, UNIT),
    "leader (reader)": Facts(200, "leader", 2, 400, UNIT, reader=True),
    "leader": Facts(201, "leader", 2, 400, UNIT),
}
DEPT = {"author", "head (approver)", "head"}
USED = {S.ADOPTED, S.CONDENSED}
#: action → (states it starts from, who may take it)
SPEC = {
    "edit": ({S.DRAFT, S.RETURNED}, DEPT),
    "attach": ({S.DRAFT, S.RETURNED, S.PENDING}, DEPT),
    "detach": ({S.DRAFT, S.RETURNED}, {"author"}),
    "submit": ({S.DRAFT, S.RETURNED}, DEPT),
    "approve": ({S.PENDING}, {"head (approver)"}),
    "return": ({S.PENDING}, {"head (approver)"}),
    "office_edit": ({S.SUBMITTED}, {"office"}),
    "adopt": ({S.SUBMITTED}, {"office"}),
    "condense": ({S.SUBMITTED}, {"office"}),
    "reject": ({S.SUBMITTED}, {"office"}),
    "higher": (USED, {"office"}),
    "instruct": (USED, {"leader (reader)"}),
}
TARGETS = {
    "submit": S.PENDING,
    "approve": S.SUBMITTED,
    "return": S.RETURNED,
    "adopt": S.ADOPTED,
    "condense": S.CONDENSED,
    "reject": S.REJECTED,
}


def test_the_table_has_exactly_the_specified_actions():
    assert set(workflow.TRANSITIONS) == set(SPEC)


@pytest.mark.parametrize("action", sorted(SPEC))
def test_who_may_take_each_action_from_each_state(action):
    states, who = SPEC[action]
    for state in S.values:
        for name, facts in ACTORS.items():
            expected = state in states and name in who
            assert workflow.can(action, state, facts) is expected, (action, state, name)
    assert workflow.get(action).target == TARGETS.get(action)


def test_available_lists_the_actions_in_table_order():
    assert [t.action for t in workflow.available(S.SUBMITTED, ACTORS["office"])] == [
        "office_edit",
        "adopt",
        "condense",
        "reject",
    ]
    assert workflow.available(S.ADOPTED, ACTORS["head"]) == []


def test_an_unknown_action_is_an_error():
    assert not workflow.can("fly", S.DRAFT, ACTORS["author"])
    with pytest.raises(TransitionError):
        workflow.get("fly")
