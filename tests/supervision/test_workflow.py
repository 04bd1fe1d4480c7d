"""The 督办事项 transition table, whole: every action from every state, for every kind of person."""

from __future__ import annotations

import pytest

from supervision.choices import ItemState as S
from supervision.items import workflow
from supervision.items.workflow import Facts

LEAD, OTHER_UNIT, HANDLER, HEAD, STAFF, OFFICE, LEADER, INSTRUCTOR = 10, 20, 1, 2, 3, 4, 5, 6

PEOPLE = {
    "office": Facts(user_id=OFFICE, user_role="office", user_unit_id=99, lead_unit_id=LEAD, handler_id=HANDLER),
    "lead_head": Facts(user_id=HEAD, user_role="dept_head", user_unit_id=LEAD, lead_unit_id=LEAD, handler_id=HANDLER),
    "handler": Facts(user_id=HANDLER, user_role="staff", user_unit_id=LEAD, lead_unit_id=LEAD, handler_id=HANDLER),
    "lead_staff": Facts(user_id=STAFF, user_role="staff", user_unit_id=LEAD, lead_unit_id=LEAD, handler_id=HANDLER),
    "assisting_head": Facts(user_id=7, user_role="dept_head", user_unit_id=OTHER_UNIT, lead_unit_id=LEAD,
                            handler_id=HANDLER, unsigned_unit_ids=frozenset({OTHER_UNIT})),
    "assisting_contact": Facts(user_id=8, user_role="staff", user_unit_id=OTHER_UNIT, lead_unit_id=LEAD,
                               handler_id=HANDLER, signed_unit_ids=frozenset({OTHER_UNIT}), contact_ids=frozenset({8})),
    "responsible_leader": Facts(user_id=LEADER, user_role="leader", user_unit_id=1, lead_unit_id=LEAD,
                                handler_id=HANDLER, responsible_leader_id=LEADER, instructing_leader_id=INSTRUCTOR),
    "instructing_leader": Facts(user_id=INSTRUCTOR, user_role="leader", user_unit_id=1, lead_unit_id=LEAD,
                                handler_id=HANDLER, responsible_leader_id=LEADER, instructing_leader_id=INSTRUCTOR,
                                report_back_leader=True),
    "approver": Facts(user_id=LEADER, user_role="leader", user_unit_id=1, lead_unit_id=LEAD, handler_id=HANDLER,
                      responsible_leader_id=LEADER, extension_pending=True, extension_approver=True),
    "other_head": Facts(user_id=9, user_role="dept_head", user_unit_id=30, lead_unit_id=LEAD, handler_id=HANDLER),
}

#: action → (source states, who may take it, target)
EXPECTED = {
    "edit": ({S.DRAFT}, {"office"}, None),
    "assign": ({S.DRAFT}, {"office"}, S.ASSIGNED),
    "sign": ({S.ASSIGNED}, {"lead_head"}, S.SIGNED),
    "request_adjust": ({S.ASSIGNED}, {"lead_head"}, S.ADJUSTING),
    "decide_adjust": ({S.ADJUSTING}, {"office"}, S.ASSIGNED),
    "name_handler": ({S.SIGNED, S.HANDLING}, {"lead_head"}, S.HANDLING),
    "part_sign": ({S.ASSIGNED, S.SIGNED, S.HANDLING}, {"assisting_head"}, None),
    "report": ({S.HANDLING}, {"lead_head", "handler"}, None),
    "part_report": ({S.HANDLING}, {"assisting_contact"}, None),
    "extend": ({S.HANDLING}, {"lead_head", "handler"}, None),
    "approve_extension": ({S.HANDLING}, {"approver"}, None),
    "refuse_extension": ({S.HANDLING}, {"approver"}, None),
    "complete": ({S.HANDLING}, {"lead_head", "handler"}, S.REPORTED),
    "review": ({S.REPORTED}, {"office"}, None),
    "acknowledge": ({S.REPORTING_BACK}, {"instructing_leader"}, S.ACCEPTED),
    "send_back": ({S.REPORTED, S.REPORTING_BACK, S.ACCEPTED}, {"office"}, S.HANDLING),
    "close": ({S.ACCEPTED}, {"office"}, S.CLOSED),
    "evaluate": ({S.CLOSED}, {"office"}, S.EVALUATED),
    "leader_comment": ({S.CLOSED, S.EVALUATED}, {"responsible_leader", "instructing_leader", "approver"}, None),
    "urge": ({S.ASSIGNED, S.ADJUSTING, S.SIGNED, S.HANDLING}, {"office"}, None),
    "cancel": ({S.DRAFT, S.ASSIGNED, S.ADJUSTING}, {"office"}, S.CANCELLED),
}


def test_the_table_has_exactly_the_expected_actions():
    assert set(workflow.TRANSITIONS) == set(EXPECTED)


def test_every_state_is_reachable_and_named():
    assert workflow.TABLE.states() == set(S.values)


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_each_action_from_every_state_for_every_person(action):
    sources, who, target = EXPECTED[action]
    transition = workflow.get(action)
    assert transition.target == target
    for state in S.values:
        for name, facts in PEOPLE.items():
            expected = state in sources and name in who
            assert workflow.can(action, state, facts) is expected, (action, state, name)


def test_an_extension_pending_stops_a_second_request_and_the_completion_report():
    facts = Facts(user_id=HANDLER, user_role="staff", user_unit_id=LEAD, lead_unit_id=LEAD, handler_id=HANDLER,
                  extension_pending=True)
    assert not workflow.can("extend", S.HANDLING, facts)
    assert not workflow.can("complete", S.HANDLING, facts)
    assert workflow.can("report", S.HANDLING, facts)


def test_an_assisting_unit_signs_once():
    signed = Facts(user_id=7, user_role="dept_head", user_unit_id=OTHER_UNIT, lead_unit_id=LEAD,
                   signed_unit_ids=frozenset({OTHER_UNIT}))
    assert not workflow.can("part_sign", S.HANDLING, signed)
    assert workflow.can("part_report", S.HANDLING, signed)
