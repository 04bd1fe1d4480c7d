"""The 收文 transition table, exhaustively and without the database.

Every action × every state × every kind of person who may come to a document:
``workflow.can`` must answer what the table documents (the diagram in
``documents/incoming/workflow.py`` and the design's 收文 line), ``available`` must list
exactly those actions in the table's order, and an unknown action is an error.

The expected answers below are written out independently of the code: a change
to who may act, or from where, fails here until this spec is changed with it.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from documents.choices import IncomingState as S
from documents.incoming import workflow
from documents.incoming.workflow import Facts, TransitionError

# --- the document and the people around it ---------------------------------------

OFFICE_UNIT, LEADERSHIP, LEAD_UNIT, ASSIST_UNIT, ASSISTED_UNIT, OTHER_UNIT = 1, 2, 10, 20, 21, 30

#: One document with every party present: the office director, a leader whose 批示
#: is awaited, a lead department with its head and a handler, two assisting
#: departments (one has already given its input), and two circulation readers.
DOCUMENT = dict(
    office_head_id=101,
    current_leader_id=200,
    lead_unit_id=LEAD_UNIT,
    lead_head_id=300,
    handler_id=400,
    assisting_unit_ids=frozenset({ASSIST_UNIT, ASSISTED_UNIT}),
    assisted_unit_ids=frozenset({ASSISTED_UNIT}),
    unread_reader_ids=frozenset({210}),
)

#: actor kind → (user id, role, unit)
ACTORS: dict[str, tuple[int, str, int | None]] = {
    "office staff": (100, "office", OFFICE_UNIT),
    "office head": (101, "office", OFFICE_UNIT),
    "current leader": (200, "leader", LEADERSHIP),
    "other leader": (201, "leader", LEADERSHIP),
    "lead head": (300, "dept_head", LEAD_UNIT),
    "other head": (301, "dept_head", OTHER_UNIT),
    "assisting head (before input)": (302, "dept_head", ASSIST_UNIT),
    "assisting head (after input)": (303, "dept_head", ASSISTED_UNIT),
    "handler": (400, "staff", LEAD_UNIT),
    "other staff of the lead unit": (401, "staff", LEAD_UNIT),
    "staff of an assisting unit": (402, "staff", ASSIST_UNIT),
    "staff of another unit": (403, "staff", OTHER_UNIT),
    "reader (unread)": (210, "leader", LEADERSHIP),
    "reader (read)": (211, "leader", LEADERSHIP),
    "sysadmin": (900, "sysadmin", None),
    "secadmin": (901, "secadmin", None),
    "auditor": (902, "auditor", None),
}


def facts(actor: str, **changes) -> Facts:
    user_id, role, unit = ACTORS[actor]
    return replace(Facts(user_id=user_id, user_role=role, user_unit_id=unit, **DOCUMENT), **changes)


# --- the table as documented --------------------------------------------------------

ALL_STATES = frozenset(S.values)
OFFICE = frozenset({"office staff", "office head"})
#: 传阅 runs beside the main line from 待初审 to 已归档.
CIRCULATING = frozenset({S.REGISTERED, S.PROPOSING, S.INSTRUCTING, S.HANDLING, S.CONFIRMING, S.DONE, S.ARCHIVED})

#: action → (states it may start from, state it leads to (None: stays), who may take it)
SPEC: dict[str, tuple[frozenset[str], str | None, frozenset[str]]] = {
    "sign": (frozenset({S.ARRIVED}), S.SIGNED, OFFICE),
    "register": (frozenset({S.SIGNED}), S.REGISTERED, OFFICE),
    # 作废: a document never registered (a duplicate arrival) — by the office, before 登记.
    "withdraw": (frozenset({S.ARRIVED, S.SIGNED}), S.WITHDRAWN, OFFICE),
    "review": (frozenset({S.REGISTERED}), S.PROPOSING, OFFICE),
    "return": (frozenset({S.REGISTERED}), S.RETURNED, OFFICE),
    "propose": (frozenset({S.PROPOSING}), S.INSTRUCTING, frozenset({"office head"})),
    # 转批 keeps it 待批示; 交办 moves it to 承办中 — the service picks the target.
    "instruct": (frozenset({S.INSTRUCTING}), None, frozenset({"current leader"})),
    "assign": (frozenset({S.HANDLING}), None, frozenset({"lead head"})),
    "assist": (frozenset({S.HANDLING}), None, frozenset({"assisting head (before input)"})),
    "report": (frozenset({S.HANDLING}), S.CONFIRMING, frozenset({"handler", "lead head"})),
    "confirm": (frozenset({S.CONFIRMING}), S.DONE, frozenset({"lead head"})),
    "send_back": (frozenset({S.CONFIRMING}), S.HANDLING, frozenset({"lead head"})),
    "archive": (frozenset({S.DONE}), S.ARCHIVED, OFFICE),
    "circulate": (CIRCULATING, None, OFFICE),
    # Files: the office while it registers and routes; the lead department while it handles.
    "attach": (
        frozenset({S.ARRIVED, S.SIGNED, S.REGISTERED, S.PROPOSING, S.INSTRUCTING, S.HANDLING, S.CONFIRMING}),
        None, OFFICE | {"handler", "lead head"},
    ),
    "mark_read": (CIRCULATING, None, frozenset({"reader (unread)"})),
}


def expected(action: str, state: str, actor: str) -> bool:
    sources, _target, who = SPEC[action]
    return state in sources and actor in who


def test_the_table_has_exactly_the_documented_actions():
    assert list(workflow.TRANSITIONS) == list(SPEC), "an action was added or removed: update the spec with it"
    assert len(S.values) == 11  # 已作废 (withdrawn) is the eleventh


@pytest.mark.parametrize("action", list(SPEC))
def test_sources_and_targets(action):
    transition = workflow.get(action)
    sources, target, _who = SPEC[action]
    assert transition.action == action
    assert transition.sources == sources
    assert transition.target == target
    assert transition.sources <= ALL_STATES
    # Each has a Chinese label for its button and a Chinese name for who takes it.
    assert str(transition.label) and not str(transition.label).isascii()
    assert str(transition.who) and not str(transition.who).isascii()


@pytest.mark.parametrize("actor", list(ACTORS))
@pytest.mark.parametrize("action", list(SPEC))
def test_can_every_state(action, actor):
    """The one cell of the table for (action, actor), across all ten states."""
    wrong = {
        state: workflow.can(action, state, facts(actor))
        for state in S.values
        if workflow.can(action, state, facts(actor)) != expected(action, state, actor)
    }
    assert not wrong, f"{actor} / {action}: can() answered {wrong}"


@pytest.mark.parametrize("state", S.values)
@pytest.mark.parametrize("actor", list(ACTORS))
def test_available_lists_exactly_the_allowed_actions(actor, state):
    got = [t.action for t in workflow.available(state, facts(actor))]
    assert got == [action for action in SPEC if expected(action, state, actor)]


def test_nobody_acts_on_a_returned_document():
    for actor in ACTORS:
        assert workflow.available(S.RETURNED, facts(actor)) == []


def test_an_archived_document_can_still_be_circulated_and_read_and_nothing_else():
    assert [t.action for t in workflow.available(S.ARCHIVED, facts("office staff"))] == ["circulate"]
    assert [t.action for t in workflow.available(S.ARCHIVED, facts("reader (unread)"))] == ["mark_read"]


def test_three_administrators_can_take_no_action_anywhere():
    for actor in ("sysadmin", "secadmin", "auditor"):
        for state in S.values:
            assert workflow.available(state, facts(actor)) == [], (actor, state)


# --- the edges of each rule --------------------------------------------------------


def test_no_leader_is_current_when_nobody_awaits_an_instruction():
    assert not workflow.can("instruct", S.INSTRUCTING, facts("current leader", current_leader_id=None))


def test_current_leader_must_be_a_leader():
    """An id match alone is not enough: a leader who became office staff no longer instructs."""
    assert not workflow.can("instruct", S.INSTRUCTING, facts("current leader", user_role="office"))


def test_only_the_office_director_proposes():
    assert not workflow.can("propose", S.PROPOSING, facts("office staff", office_head_id=None))
    assert not workflow.can("propose", S.PROPOSING, facts("office head", office_head_id=None))
    # The id of the director with another role (e.g. moved to a department) proposes nothing.
    assert not workflow.can("propose", S.PROPOSING, facts("office head", user_role="dept_head"))


def test_lead_head_must_be_a_department_head():
    assert not workflow.can("assign", S.HANDLING, facts("lead head", user_role="staff"))
    assert not workflow.can("confirm", S.CONFIRMING, facts("lead head", lead_head_id=None))


def test_nobody_is_the_handler_before_one_is_assigned():
    assert not workflow.can("report", S.HANDLING, facts("handler", handler_id=None))
    # …while the lead head may report the result himself.
    assert workflow.can("report", S.HANDLING, facts("lead head", handler_id=None))


def test_assisting_head_gives_input_once():
    before = facts("assisting head (before input)")
    assert workflow.can("assist", S.HANDLING, before)
    after = replace(before, assisted_unit_ids=before.assisted_unit_ids | {ASSIST_UNIT})
    assert not workflow.can("assist", S.HANDLING, after)


def test_a_reader_reads_once():
    reader = facts("reader (unread)")
    assert workflow.can("mark_read", S.HANDLING, reader)
    assert not workflow.can("mark_read", S.HANDLING, replace(reader, unread_reader_ids=frozenset()))


def test_a_handler_who_is_not_the_lead_head_cannot_confirm_his_own_result():
    handler = facts("handler")
    assert workflow.can("report", S.HANDLING, handler)
    assert not workflow.can("confirm", S.CONFIRMING, handler)
    assert not workflow.can("send_back", S.CONFIRMING, handler)


# --- unknown actions ------------------------------------------------------------------


def test_unknown_action_is_a_transition_error():
    with pytest.raises(TransitionError):
        workflow.get("approve")
    with pytest.raises(TransitionError):
        workflow.get("")


def test_unknown_action_is_never_allowed():
    for state in S.values:
        assert workflow.can("approve", state, facts("office head")) is False
