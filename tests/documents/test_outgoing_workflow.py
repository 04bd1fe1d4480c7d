"""The 发文 transition table, exhaustively and without the database.

Every action × every :class:`OutgoingState` × every kind of person who may come to a
draft: ``workflow_outgoing.can`` must answer what the rules say (条例 第十八至二十二条,
第二十五条, and the diagram in ``documents/outgoing/workflow.py``), ``available`` must
list exactly those actions in the table's order, and an unknown action is an error.

The expected answers below are written out state by state, independently of the
code: a change to who may act, or from where, fails here until this spec is changed
with it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import replace

import pytest
from django.utils.functional import Promise
from django.utils.translation import override

from documents.choices import OutgoingState as S
from documents.outgoing import workflow as wf
from documents.outgoing.workflow import Facts, TransitionError

# --- the draft and the people around it --------------------------------------------

OFFICE_UNIT, LEADERSHIP, DRAFTING_UNIT, COUNTERSIGN_UNIT, OTHER_UNIT = 1, 2, 10, 20, 30

#: One draft with every party present: its drafter and the drafting unit's head,
#: a designated signer, and unit 20 whose 会签 is awaited.
DRAFT = dict(
    drafter_id=500,
    drafting_unit_id=DRAFTING_UNIT,
    drafting_head_id=300,
    signer_id=200,
    pending_countersign_unit_ids=frozenset({COUNTERSIGN_UNIT}),
)

DRAFTER = "drafter"
COLLEAGUE = "other staff of the drafting unit"
HEAD = "drafting head"
COUNTERSIGNER = "head of a unit with a pending countersign"
COUNTERSIGN_STAFF = "staff of the countersigning unit"
OTHER_HEAD = "head of a unit without a pending countersign"
OFFICE = "office staff"  # holds no duty: the office's steps are not his
DIRECTOR = "office director"  # Duty.DIRECTOR: 核稿
CLERK = "office clerk"  # Duty.CLERK: 复核, 编号, 印发, 归档
SIGNER = "signer"
OTHER_LEADER = "other leader"
PRINCIPAL = "principal (not the signer)"
SYSADMIN = "sysadmin"
SECADMIN = "secadmin"
AUDITOR = "auditor"

#: persona → (user id, role, unit)
ACTORS: dict[str, tuple[int, str, int | None]] = {
    DRAFTER: (500, "staff", DRAFTING_UNIT),
    COLLEAGUE: (501, "staff", DRAFTING_UNIT),
    HEAD: (300, "dept_head", DRAFTING_UNIT),
    COUNTERSIGNER: (320, "dept_head", COUNTERSIGN_UNIT),
    COUNTERSIGN_STAFF: (521, "staff", COUNTERSIGN_UNIT),
    OTHER_HEAD: (330, "dept_head", OTHER_UNIT),
    OFFICE: (100, "office", OFFICE_UNIT),
    DIRECTOR: (101, "office", OFFICE_UNIT),
    CLERK: (102, "office", OFFICE_UNIT),
    SIGNER: (200, "leader", LEADERSHIP),
    OTHER_LEADER: (201, "leader", LEADERSHIP),
    # The principal leader is a leader like any other here: 签发 goes to the designated signer.
    PRINCIPAL: (202, "leader", LEADERSHIP),
    SYSADMIN: (900, "sysadmin", None),
    SECADMIN: (901, "secadmin", None),
    AUDITOR: (902, "auditor", None),
}


#: persona → the office duties held
DUTIES = {DIRECTOR: frozenset({"director"}), CLERK: frozenset({"clerk"})}


def facts(actor: str, **changes) -> Facts:
    user_id, role, unit = ACTORS[actor]
    return replace(
        Facts(user_id=user_id, user_role=role, user_unit_id=unit, duties=DUTIES.get(actor, frozenset()), **DRAFT),
        **changes,
    )


# --- the rules, written out ---------------------------------------------------------

ALL_STATES = tuple(S.values)
NOBODY: frozenset[str] = frozenset()
DRAFTING_SIDE = frozenset({DRAFTER, HEAD})


def only(**who_by_state: frozenset[str]) -> dict[str, frozenset[str]]:
    """A full row: the given states with their people, every other state with nobody."""
    row = {state: NOBODY for state in ALL_STATES}
    for state, who in who_by_state.items():
        assert state in row, state
        row[state] = frozenset(who)
    return row


#: Who edits the text (and its files), and where.
EDITING = only(drafting=DRAFTING_SIDE, dept_review={HEAD}, office_review={DIRECTOR})

#: action → state → the personas who may take it there. Every state appears in every row.
EXPECTED: dict[str, dict[str, frozenset[str]]] = {
    "create": only(),  # never through the table
    "edit": EDITING,
    "attach": EDITING,
    "submit": only(drafting=DRAFTING_SIDE),
    "dept_approve": only(dept_review={HEAD}),
    "office_check": only(office_review={DIRECTOR}),
    "countersign": only(countersigning={COUNTERSIGNER}),
    "sign": only(signing={SIGNER}),
    "return": only(dept_review={HEAD}, office_review={DIRECTOR}, signing={SIGNER}),
    "recheck": only(rechecking={CLERK}),
    "number": only(numbering={CLERK}),
    "issue": only(issuing={CLERK}),
    "archive": only(issued={CLERK}),
    "discard": only(drafting=DRAFTING_SIDE),
}

#: action → the state it leads to; None: it stays, or the service decides.
TARGETS: dict[str, str | None] = {
    "create": S.DRAFTING,
    "edit": None,
    "attach": None,
    "submit": S.DEPT_REVIEW,
    "dept_approve": S.OFFICE_REVIEW,
    "office_check": None,
    "countersign": None,
    "sign": S.RECHECKING,
    "return": S.DRAFTING,
    "recheck": None,
    "number": S.ISSUING,
    "issue": S.ISSUED,
    "archive": S.ARCHIVED,
    "discard": S.CANCELLED,
}

#: Where the service sends the draft when the table's target is None.
SERVICE_DECIDED: dict[str, frozenset[str]] = {
    "edit": frozenset(),  # stays
    "attach": frozenset(),  # stays
    # 核稿: to 会签 when units are asked to countersign, else straight to 签发.
    "office_check": frozenset({S.COUNTERSIGNING, S.SIGNING}),
    # 会签: on to 签发 once every unit has signed; a unit that returns it sends it back to 起草中.
    "countersign": frozenset({S.SIGNING, S.DRAFTING}),
    # 复核: on to 编号, or — a substantive change (第二十五条) — back to the signer.
    "recheck": frozenset({S.NUMBERING, S.SIGNING}),
}

FINAL = (S.ISSUED, S.ARCHIVED, S.CANCELLED)
#: The actions that change the text or move the draft on; only ``archive`` may follow 已印发.
TEXT_CHANGING = tuple(action for action in EXPECTED if action != "archive")


def expected(action: str, state: str, actor: str) -> bool:
    return actor in EXPECTED[action][state]


# --- the shape of the table ---------------------------------------------------------------


def test_the_spec_covers_every_state_and_persona():
    assert len(ALL_STATES) == 11
    for action, row in EXPECTED.items():
        assert set(row) == set(ALL_STATES), action
        for who in row.values():
            assert who <= set(ACTORS), action


def test_the_table_has_exactly_the_documented_actions():
    assert list(wf.TRANSITIONS) == list(EXPECTED), "an action was added or removed: update the spec with it"
    assert set(TARGETS) == set(EXPECTED)


@pytest.mark.parametrize("action", list(EXPECTED))
def test_sources_and_targets(action):
    transition = wf.get(action)
    assert transition.action == action
    assert transition.target == TARGETS[action]
    assert transition.sources <= set(ALL_STATES)
    # The states somebody may take it from are exactly its sources (create has none).
    assert transition.sources == {state for state, who in EXPECTED[action].items() if who}


def test_the_targets_decided_by_the_service_are_exactly_the_listed_ones():
    assert {a for a, t in wf.TRANSITIONS.items() if t.target is None} == set(SERVICE_DECIDED)


@pytest.mark.parametrize("action", list(EXPECTED))
def test_labels_are_lazy_and_chinese(action):
    """The button label and the name of who takes it: lazy, non-empty, Chinese under 简体中文.

    Lazy, so it follows the reader's language (English is offered too, from ``locale/en``).
    """
    transition = wf.get(action)
    for text in (transition.label, transition.who):
        assert isinstance(text, Promise), (action, text)
        with override("zh-hans"):
            rendered = str(text)
        assert rendered.strip(), action
        assert all(not ch.isascii() for ch in rendered.replace(" ", "")), (action, rendered)
        with override("en"):
            assert str(text).strip(), action


# --- can(), cell by cell -----------------------------------------------------------------


@pytest.mark.parametrize("actor", list(ACTORS))
@pytest.mark.parametrize("action", list(EXPECTED))
def test_can_every_state(action, actor):
    """The one cell of the table for (action, persona), across all eleven states."""
    wrong = {
        state: answer
        for state in ALL_STATES
        if (answer := wf.can(action, state, facts(actor))) != expected(action, state, actor)
    }
    assert not wrong, f"{actor} / {action}: can() answered {wrong}"


@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("actor", list(ACTORS))
def test_available_lists_exactly_the_allowed_actions(actor, state):
    got = [t.action for t in wf.available(state, facts(actor))]
    assert got == [action for action in EXPECTED if expected(action, state, actor)]


@pytest.mark.parametrize(
    ("actor", "state", "actions"),
    [
        (DRAFTER, S.DRAFTING, ["edit", "attach", "submit", "discard"]),
        (HEAD, S.DRAFTING, ["edit", "attach", "submit", "discard"]),
        (COLLEAGUE, S.DRAFTING, []),
        (DRAFTER, S.DEPT_REVIEW, []),
        (HEAD, S.DEPT_REVIEW, ["edit", "attach", "dept_approve", "return"]),
        (DIRECTOR, S.OFFICE_REVIEW, ["edit", "attach", "office_check", "return"]),
        (OFFICE, S.OFFICE_REVIEW, []),
        (CLERK, S.OFFICE_REVIEW, []),
        (COUNTERSIGNER, S.COUNTERSIGNING, ["countersign"]),
        (OTHER_HEAD, S.COUNTERSIGNING, []),
        (SIGNER, S.SIGNING, ["sign", "return"]),
        (PRINCIPAL, S.SIGNING, []),
        (CLERK, S.RECHECKING, ["recheck"]),
        (CLERK, S.NUMBERING, ["number"]),
        (CLERK, S.ISSUING, ["issue"]),
        (CLERK, S.ISSUED, ["archive"]),
        (CLERK, S.ARCHIVED, []),
        (OFFICE, S.ISSUED, []),
        (DIRECTOR, S.RECHECKING, []),
        (DRAFTER, S.CANCELLED, []),
    ],
)
def test_available_for_a_few_people(actor, state, actions):
    assert [t.action for t in wf.available(state, facts(actor))] == actions


def test_final_states_allow_nothing_that_changes_the_text():
    for actor in ACTORS:
        for state in FINAL:
            for action in TEXT_CHANGING:
                assert not wf.can(action, state, facts(actor)), (actor, state, action)
        assert [t.action for t in wf.available(S.ARCHIVED, facts(actor))] == []
        assert [t.action for t in wf.available(S.CANCELLED, facts(actor))] == []
        assert {t.action for t in wf.available(S.ISSUED, facts(actor))} <= {"archive"}


def test_three_administrators_can_take_no_action_anywhere():
    for actor in (SYSADMIN, SECADMIN, AUDITOR):
        for state in ALL_STATES:
            assert wf.available(state, facts(actor)) == [], (actor, state)


def test_create_is_never_taken_through_the_table():
    transition = wf.get("create")
    assert transition.sources == frozenset()
    for actor in ACTORS:
        for state in ALL_STATES:
            assert not wf.can("create", state, facts(actor))


def test_editors_are_exactly_the_editing_states():
    assert set(wf.EDITORS) == {state for state, who in EDITING.items() if who}
    for state, allowed in wf.EDITORS.items():
        assert {actor for actor in ACTORS if allowed(facts(actor))} == EDITING[state], state


# --- every state can be reached ------------------------------------------------------------


def test_every_state_is_reachable_from_drafting():
    edges: dict[str, set[str]] = {state: set() for state in ALL_STATES}
    for action, transition in wf.TRANSITIONS.items():
        targets = {transition.target} if transition.target is not None else SERVICE_DECIDED[action]
        for source in transition.sources:
            edges[source] |= targets
    seen, queue = {S.DRAFTING}, deque([S.DRAFTING])
    while queue:
        for nxt in edges[queue.popleft()] - seen:
            seen.add(nxt)
            queue.append(nxt)
    assert seen == set(ALL_STATES), f"unreachable: {set(ALL_STATES) - seen}"
    # …and the final states lead nowhere but 已印发 → 已归档.
    assert edges[S.ISSUED] == {S.ARCHIVED}
    assert edges[S.ARCHIVED] == edges[S.CANCELLED] == set()


# --- the edges of each rule -----------------------------------------------------------------


def test_a_countersigner_is_a_head_whose_unit_is_still_pending():
    head = facts(COUNTERSIGNER)
    assert wf.can("countersign", S.COUNTERSIGNING, head)
    # Once his unit has signed it, nothing is awaited from him.
    assert not wf.can("countersign", S.COUNTERSIGNING, replace(head, pending_countersign_unit_ids=frozenset()))
    # Staff of the pending unit do not countersign; neither does the head of another unit.
    assert not wf.can("countersign", S.COUNTERSIGNING, facts(COUNTERSIGN_STAFF))
    assert not wf.can("countersign", S.COUNTERSIGNING, facts(OTHER_HEAD))
    # Several units at once: each pending head may countersign in parallel.
    both = frozenset({COUNTERSIGN_UNIT, OTHER_UNIT})
    assert wf.can("countersign", S.COUNTERSIGNING, facts(OTHER_HEAD, pending_countersign_unit_ids=both))
    assert wf.can("countersign", S.COUNTERSIGNING, facts(COUNTERSIGNER, pending_countersign_unit_ids=both))


def test_only_the_designated_signer_signs():
    assert not wf.can("sign", S.SIGNING, facts(SIGNER, signer_id=None))
    assert not wf.can("return", S.SIGNING, facts(SIGNER, signer_id=None))
    # The principal signs when — and only when — he is the designated signer.
    assert not wf.can("sign", S.SIGNING, facts(PRINCIPAL))
    assert wf.can("sign", S.SIGNING, facts(PRINCIPAL, signer_id=ACTORS[PRINCIPAL][0]))
    # An id match alone is not enough: the signer's id with another role signs nothing.
    assert not wf.can("sign", S.SIGNING, facts(SIGNER, user_role="office"))


def test_the_drafting_head_is_whoever_heads_the_drafting_unit():
    # The office director approves the office's own drafts as a 处长 approves his department's.
    assert wf.can("dept_approve", S.DEPT_REVIEW, facts(HEAD, user_role="office"))
    assert not wf.can("dept_approve", S.DEPT_REVIEW, facts(HEAD, drafting_head_id=None))
    assert not wf.can("edit", S.DEPT_REVIEW, facts(HEAD, drafting_head_id=None))
    # Another head of the same unit is not the drafting head.
    assert not wf.can("dept_approve", S.DEPT_REVIEW, facts(HEAD, user_id=399))


def test_nobody_is_the_drafter_without_one():
    assert not wf.can("submit", S.DRAFTING, facts(DRAFTER, drafter_id=None))
    assert not wf.can("edit", S.DRAFTING, facts(DRAFTER, drafter_id=None))
    # …while the drafting head still may.
    assert wf.can("submit", S.DRAFTING, facts(HEAD, drafter_id=None))


def test_return_goes_only_to_the_person_at_the_current_step():
    returners = {S.DEPT_REVIEW: HEAD, S.OFFICE_REVIEW: DIRECTOR, S.SIGNING: SIGNER}
    for state in ALL_STATES:
        who = {actor for actor in ACTORS if wf.can("return", state, facts(actor))}
        assert who == ({returners[state]} if state in returners else set()), state


# --- unknown actions ---------------------------------------------------------------------------


def test_unknown_action_is_a_transition_error():
    for action in ("approve", "", "Submit", "sign "):
        with pytest.raises(TransitionError):
            wf.get(action)


def test_unknown_action_is_never_allowed():
    for actor in ACTORS:
        for state in ALL_STATES:
            assert wf.can("approve", state, facts(actor)) is False
            assert wf.can("", state, facts(actor)) is False


def test_an_unknown_state_allows_nothing():
    for action in EXPECTED:
        assert not wf.can(action, "nonsense", facts(CLERK))
