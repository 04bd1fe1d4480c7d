"""The workflow core on its own (no ``documents``): the transition table, the step engine,
the step record base, the step-posting view and the partials."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from office.audit import flush_denials
from office.models import ApprovalRule, ApprovalRuleStep, AuditEvent
from office.workflow.chains import rule_confirm
from office.workflow.choices import Post
from office.workflow.engine import actor_title
from office.workflow.table import Table, Transition, TransitionError, anybody, nobody
from tests.office.workflow_org import make_request, org_fixture  # noqa: F401  (the org fixture)
from tests.policy_app import services as rs
from tests.policy_app import workflow as wf
from tests.policy_app.models import RequestState, RequestStep

# --- the table, exhaustively -----------------------------------------------------------

STATES = ["a", "b", "c", "d"]


def by_flag(flag):
    return lambda facts: facts[flag]


TABLE = Table((
    Transition("go", "前进", frozenset({"a", "b"}), "c", "甲", by_flag("x")),
    Transition("stay", "停留", frozenset({"c"}), None, "乙", by_flag("y")),
    Transition("never", "不行", frozenset({"a", "b", "c", "d"}), "a", "无人", nobody),
    Transition("always", "总行", frozenset({"d"}), "a", "任何人", anybody),
    Transition("split", "分流", frozenset({"a", "c"}), "d", "看状态", nobody,
               by_state={"a": by_flag("x"), "c": by_flag("y")}),
))
EXPECTED = {
    # action → state → facts (x, y) → permitted?
    "go": lambda s, x, y: s in ("a", "b") and x,
    "stay": lambda s, x, y: s == "c" and y,
    "never": lambda s, x, y: False,
    "always": lambda s, x, y: s == "d",
    "split": lambda s, x, y: (s == "a" and x) or (s == "c" and y),
}


@pytest.mark.parametrize(("action", "state", "x", "y"), list(itertools.product(EXPECTED, STATES, [True, False], [True, False])))
def test_every_action_in_every_state_for_every_kind_of_person(action, state, x, y):
    facts = {"x": x, "y": y}
    expected = EXPECTED[action](state, x, y)
    assert TABLE.can(action, state, facts) is expected
    assert TABLE.get(action).permits(state, facts) is expected
    assert (action in [t.action for t in TABLE.available(state, facts)]) is expected


def test_available_keeps_the_tables_order():
    assert [t.action for t in TABLE.available("a", {"x": True, "y": True})] == ["go", "split"]
    assert [t.action for t in TABLE.available("d", {"x": False, "y": False})] == ["always"]


def test_unknown_actions_are_refused_but_never_raise_where_asked():
    with pytest.raises(TransitionError):
        TABLE.get("fly")
    assert TABLE.can("fly", "a", {"x": True, "y": True}) is False
    assert "fly" not in TABLE and "go" in TABLE
    assert TABLE.label("go") == "前进" and TABLE.label("fly") == "fly"
    assert TABLE.states() == {"a", "b", "c", "d"}


def test_a_table_refuses_duplicates_and_by_state_that_misses_a_source():
    go = Transition("go", "前进", frozenset({"a"}), "b", "甲", anybody)
    with pytest.raises(ValueError, match="duplicate"):
        Table((go, go))
    with pytest.raises(ValueError, match="by_state"):
        Table((Transition("x", "x", frozenset({"a", "b"}), None, "", nobody, by_state={"a": anybody}),))


def test_the_request_table_whole():
    who = {"is_requester": True, "is_approver": False}
    assert {t.action for t in wf.TABLE.available("draft", who)} == {"submit", "note"}
    assert {t.action for t in wf.TABLE.available("pending", who)} == {"withdraw", "note"}
    assert {t.action for t in wf.TABLE.available("pending", {"is_approver": True})} == {"approve", "return", "note"}
    assert {t.action for t in wf.TABLE.available("approved", {"is_requester": True, "is_approver": True})} == set()
    for state in ("returned", "withdrawn"):
        assert {t.action for t in wf.TABLE.available(state, who)} == {"submit"}


# --- the engine ------------------------------------------------------------------------


@pytest.fixture
def chain(org):
    row = ApprovalRule.objects.create(kind="expense", name="全部", effective_from="2020-01-01")
    ApprovalRuleStep.objects.create(rule=row, order=1, post=Post.HEAD)
    rule_confirm(actor=org["people"]["director"], rule=row)
    return row


def test_a_step_in_the_wrong_state_names_the_kind_of_object_and_its_state(org, chain):
    p = org["people"]
    req = make_request(org)
    with pytest.raises(ValidationError) as refused:
        rs.request_approve(actor=p["head_a"], request_obj=req)
    assert refused.value.messages == ["该申请当前状态为“草稿”，不能办理“审批”。"]
    req.refresh_from_db()
    assert req.state == RequestState.DRAFT and not req.steps.exists()


def test_out_of_scope_is_404_even_in_the_wrong_state_and_the_denial_is_audited(org, chain):
    p = org["people"]
    req = make_request(org)
    for action in (rs.request_approve, rs.request_submit):
        with pytest.raises(Http404):
            action(actor=p["staff_b"], request_obj=req)
    flush_denials()  # written once the refused transaction is over, as at a request's end
    assert AuditEvent.objects.filter(action="denied", actor=p["staff_b"]).count() == 2


def test_in_scope_but_not_his_role_is_refused(org, chain):
    p = org["people"]
    req = make_request(org)
    rs.request_submit(actor=p["staff_a"], request_obj=req)
    with pytest.raises(PermissionDenied, match="当前环节不由您办理"):
        rs.request_approve(actor=p["staff_a"], request_obj=req)
    flush_denials()
    denial = AuditEvent.objects.get(action="denied", actor=p["staff_a"])
    assert denial.detail == {"action": "approve", "reason": "role"}


def test_finish_records_moves_versions_and_audits(org, chain):
    p = org["people"]
    req = make_request(org)
    rs.request_submit(actor=p["staff_a"], request_obj=req)
    req.refresh_from_db()
    assert req.state == RequestState.PENDING and req.state_since is not None
    step = req.steps.get()
    assert (step.action, step.actor, step.actor_title, step.state_after) == ("submit", p["staff_a"], "甲处科员", "pending")
    assert (step.action_label, step.state_after_label) == ("提交", "审批中")
    version = req.history.first()
    assert (version.history_change_reason, version.history_user) == ("提交", p["staff_a"])
    event = AuditEvent.objects.get(action="request.submit")
    assert (event.actor, event.object_type, event.object_id, event.detail) == (
        p["staff_a"], "policy_app.Request", str(req.pk), {},
    )


def test_a_step_that_moves_nothing_saves_nothing_but_is_recorded(org):
    p = org["people"]
    req = make_request(org)
    versions = req.history.count()
    locked = rs.STEPS.begin(p["staff_a"], req, "note")
    step = rs.STEPS.finish(p["staff_a"], locked, "note", text="已电话联系。")
    assert req.history.count() == versions
    assert (step.text, step.state_after) == ("已电话联系。", "draft")


def test_a_step_record_of_an_action_gone_from_the_table_shows_its_key(org):
    p = org["people"]
    req = make_request(org)
    step = RequestStep.objects.create(request=req, action="retired", actor=p["staff_a"], state_after="gone")
    assert (step.action_label, step.state_after_label) == ("retired", "gone")


@pytest.mark.parametrize(
    ("who", "expected"),
    [("principal", "局长"), ("head_a", "甲处处长"), ("staff_a", "甲处科员"), ("director", "办公室主任")],
)
def test_actor_title(org, who, expected):
    assert actor_title(org["people"][who]) == expected


# --- the step-posting view and the partials --------------------------------------------


pytestmark_urls = pytest.mark.urls("tests.policy_app.site_urls")


@pytestmark_urls
def test_the_page_shows_the_steps_one_may_take_and_the_timeline(org, chain, client):
    p = org["people"]
    req = make_request(org, amount=Decimal(10))
    client.force_login(p["staff_a"])
    page = client.get(f"/requests/{req.pk}/").content.decode()
    assert f'action="/requests/{req.pk}/submit/"' in page and "/approve/" not in page
    response = client.post(f"/requests/{req.pk}/submit/")
    assert response.status_code == 302 and response["Location"] == f"/requests/{req.pk}/"
    page = client.get(f"/requests/{req.pk}/").content.decode()
    assert "已办理：提交" in page and "甲处科员" in page and "→ 审批中" in page
    assert f'action="/requests/{req.pk}/withdraw/"' in page
    assert "甲处长" in page  # the chain: who approves next


@pytestmark_urls
def test_an_invalid_step_renders_the_page_again_with_400_and_changes_nothing(org, chain, client):
    p = org["people"]
    req = make_request(org)
    rs.request_submit(actor=p["staff_a"], request_obj=req)
    client.force_login(p["head_a"])
    response = client.post(f"/requests/{req.pk}/return/", {"reason": ""})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode() or "This field is required" in response.content.decode()
    response = client.post(f"/requests/{req.pk}/return/", {"reason": "依据不足"})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.state == RequestState.RETURNED


@pytestmark_urls
def test_a_refused_plain_step_says_why_and_changes_nothing(org, chain, client):
    p = org["people"]
    req = make_request(org)
    rs.request_submit(actor=p["staff_a"], request_obj=req)
    rs.request_approve(actor=p["head_a"], request_obj=req)
    client.force_login(p["staff_a"])
    response = client.post(f"/requests/{req.pk}/withdraw/", follow=True)
    assert "该申请当前状态为“已批准”，不能办理“撤回”。" in response.content.decode()
    req.refresh_from_db()
    assert req.state == RequestState.APPROVED


@pytestmark_urls
def test_out_of_scope_and_unknown_actions_are_404(org, chain, client):
    p = org["people"]
    req = make_request(org)
    client.force_login(p["staff_b"])
    assert client.post(f"/requests/{req.pk}/submit/").status_code == 404
    client.force_login(p["staff_a"])
    assert client.post(f"/requests/{req.pk}/fly/").status_code == 404
    client.force_login(p["sysadmin"])
    assert client.post(f"/requests/{req.pk}/submit/").status_code == 404
    req.refresh_from_db()
    assert req.state == RequestState.DRAFT
