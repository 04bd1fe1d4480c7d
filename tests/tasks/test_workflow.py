"""The 办事 transition table, exhaustively: every action × state × kind × who the user is."""

from __future__ import annotations

import itertools

import pytest

from tasks import workflow as wf
from tasks.choices import Kind, State

KINDS = Kind.values
WHO = list(itertools.product([False, True], repeat=3))  # requester, approver, office

#: action → (states it starts from, kinds, who: (requester, approver, office) → allowed)
EXPECTED = {
    "create": (set(), KINDS, lambda r, a, o: False),
    "edit": ({"draft", "returned", "withdrawn"}, KINDS, lambda r, a, o: r),
    "attach": ({"draft", "returned", "withdrawn", "pending", "approved"}, KINDS, lambda r, a, o: r or o),
    "submit": ({"draft", "returned", "withdrawn"}, KINDS, lambda r, a, o: r),
    "approve": ({"pending"}, KINDS, lambda r, a, o: a),
    "return": ({"pending"}, KINDS, lambda r, a, o: a),
    "withdraw": ({"pending"}, KINDS, lambda r, a, o: r),
    "urge": ({"pending"}, KINDS, lambda r, a, o: o),
    "fill_list": ({"approved"}, ["reception"], lambda r, a, o: r or o),
    "pay": ({"approved"}, ["reception", "expense"], lambda r, a, o: o),
    "stamp": ({"approved"}, ["seal"], lambda r, a, o: o),
    "lend": ({"approved"}, ["loan"], lambda r, a, o: o),
    "take_back": ({"lent"}, ["loan"], lambda r, a, o: o),
    "dispatch": ({"approved"}, ["vehicle"], lambda r, a, o: o),
    "check_in": ({"dispatched"}, ["vehicle"], lambda r, a, o: o),
}


def test_the_table_has_exactly_these_actions():
    assert set(wf.TABLE.transitions) == set(EXPECTED)
    assert wf.TABLE.states() <= set(State.values)


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_each_action_for_every_state_kind_and_person(action):
    sources, kinds, who = EXPECTED[action]
    for state, kind, (r, a, o) in itertools.product(State.values, KINDS, WHO):
        facts = wf.Facts(kind=kind, is_requester=r, is_approver=a, is_office=o)
        expected = state in sources and kind in kinds and who(r, a, o)
        assert wf.can(action, state, facts) == expected, (action, state, kind, r, a, o)


def test_targets():
    targets = {a: t.target for a, t in wf.TABLE.transitions.items()}
    assert targets == {
        "create": "draft",
        "edit": None,
        "attach": None,
        "submit": "pending",
        "approve": None,
        "return": "returned",
        "withdraw": "withdrawn",
        "urge": None,
        "fill_list": None,
        "pay": "done",
        "stamp": "done",
        "lend": "lent",
        "take_back": "done",
        "dispatch": "dispatched",
        "check_in": "done",
    }
