"""Approval chains: rules kept as data, confirmed by the 办公室主任, fixed at submission."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from office import services
from office.choices import TodoState
from office.models import ApprovalRule, ApprovalRuleStep, AuditEvent, Todo
from office.workflow.chains import chain_rows, rule_confirm, rule_for, rules_awaiting_confirmation
from office.workflow.choices import AssignmentState as A
from office.workflow.choices import Duty, Outcome, Post
from tests.office.workflow_org import make_request, org_fixture  # noqa: F401  (the org fixture)
from tests.policy_app import services as rs
from tests.policy_app.models import RequestState

TODAY = dt.date(2026, 1, 1)


def rule(org, *, name, steps, amount_min=None, amount_max=None, unit=None, kind="expense", effective_from=TODAY,
         effective_to=None, confirm=True) -> ApprovalRule:
    row = ApprovalRule.objects.create(
        kind=kind, name=name, amount_min=amount_min, amount_max=amount_max, unit=unit,
        effective_from=effective_from, effective_to=effective_to,
    )
    for order, step in enumerate(steps, start=1):
        post, value = step if isinstance(step, tuple) else (step, None)
        ApprovalRuleStep.objects.create(
            rule=row, order=order, post=post, duty=value if post == Post.DUTY else "",
            person=value if post == Post.PERSON else None,
        )
    if confirm:
        rule_confirm(actor=org["people"]["director"], rule=row)
    return row


@pytest.fixture
def bands(org):
    """< 5,000: head; [5,000, 50,000): head → leader in charge; ≥ 50,000: head → in charge → principal."""
    return [
        rule(org, name="小额", amount_max=Decimal(5000), steps=[Post.HEAD]),
        rule(org, name="中额", amount_min=Decimal(5000), amount_max=Decimal(50000), steps=[Post.HEAD, Post.IN_CHARGE]),
        rule(org, name="大额", amount_min=Decimal(50000), steps=[Post.HEAD, Post.IN_CHARGE, Post.PRINCIPAL]),
    ]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("0", "小额"), ("4999.99", "小额"), ("5000", "中额"), ("5000.01", "中额"), ("49999.99", "中额"),
     ("50000", "大额"), ("99999999", "大额")],
)
def test_band_edges_include_the_minimum_and_exclude_the_maximum(org, bands, amount, expected):
    found = rule_for(kind="expense", amount=Decimal(amount), unit=org["units"]["a"], on=TODAY)
    assert found.name == expected


def test_a_rule_for_the_department_wins_and_other_kinds_never_match(org, bands):
    u = org["units"]
    special = rule(org, name="甲处专项", unit=u["a"], amount_max=Decimal(5000), steps=[Post.PRINCIPAL])
    assert rule_for(kind="expense", amount=100, unit=u["a"], on=TODAY) == special
    assert rule_for(kind="expense", amount=100, unit=u["b"], on=TODAY).name == "小额"
    with pytest.raises(ValidationError, match="没有适用的审批规则"):
        rule_for(kind="vehicle", amount=100, unit=u["a"], on=TODAY)


def test_effective_dates_from_inclusive_to_exclusive(org):
    u = org["units"]
    old = rule(org, name="旧规则", steps=[Post.HEAD], effective_to=dt.date(2026, 7, 1))
    new = rule(org, name="新规则", steps=[Post.PRINCIPAL], effective_from=dt.date(2026, 7, 1))
    assert rule_for(kind="expense", amount=1, unit=u["a"], on=dt.date(2026, 6, 30)) == old
    assert rule_for(kind="expense", amount=1, unit=u["a"], on=dt.date(2026, 7, 1)) == new
    with pytest.raises(ValidationError):
        rule_for(kind="expense", amount=1, unit=u["a"], on=dt.date(2025, 12, 31))


def test_an_unconfirmed_rule_is_never_used(org):
    u = org["units"]
    draft = rule(org, name="未确认", steps=[Post.HEAD], confirm=False)
    assert list(rules_awaiting_confirmation()) == [draft]
    with pytest.raises(ValidationError, match="没有适用的审批规则"):
        rule_for(kind="expense", amount=1, unit=u["a"], on=TODAY)
    req = make_request(org)
    with pytest.raises(ValidationError, match="没有适用的审批规则"):
        rs.request_submit(actor=org["people"]["staff_a"], request_obj=req)
    req.refresh_from_db()
    assert req.state == RequestState.DRAFT and not Todo.objects.exists()


def test_only_the_office_director_confirms_a_rule(org):
    p = org["people"]
    draft = rule(org, name="待确认", steps=[Post.HEAD], confirm=False)
    for someone in ("clerk1", "principal", "sysadmin"):
        with pytest.raises(PermissionDenied, match="办公室主任确认"):
            rule_confirm(actor=p[someone], rule=draft)
    rule_confirm(actor=p["director"], rule=draft)
    draft.refresh_from_db()
    assert draft.confirmed_by == p["director"] and draft.confirmed_at is not None
    assert AuditEvent.objects.filter(action="approval_rule.confirm", actor=p["director"]).exists()
    with pytest.raises(ValidationError, match="已确认"):
        rule_confirm(actor=p["director"], rule=draft)
    empty = ApprovalRule.objects.create(kind="expense", name="空规则", effective_from=TODAY)
    with pytest.raises(ValidationError, match="尚无审批环节"):
        rule_confirm(actor=p["director"], rule=empty)


def test_the_system_administrator_edits_rules_in_admin_and_a_change_needs_confirming_again(org, client):
    p = org["people"]
    confirmed = rule(org, name="小额", amount_max=Decimal(5000), steps=[Post.HEAD])
    client.force_login(p["secadmin"])
    assert client.get("/admin/office/approvalrule/").status_code == 403
    client.force_login(p["sysadmin"])
    assert client.get("/admin/office/approvalrule/").status_code == 200
    step = confirmed.steps.get()
    form = {
        "kind": "expense", "name": "小额", "amount_min": "", "amount_max": "8000", "unit": "",
        "effective_from": "2026-01-01", "effective_to": "",
        "steps-TOTAL_FORMS": "1", "steps-INITIAL_FORMS": "1", "steps-MIN_NUM_FORMS": "0", "steps-MAX_NUM_FORMS": "1000",
        "steps-0-id": step.pk, "steps-0-rule": confirmed.pk, "steps-0-order": "1", "steps-0-post": "head",
        "steps-0-duty": "", "steps-0-person": "",
    }
    response = client.post(f"/admin/office/approvalrule/{confirmed.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[-2000:]
    confirmed.refresh_from_db()
    assert confirmed.amount_max == Decimal(8000) and confirmed.confirmed_at is None
    with pytest.raises(ValidationError):
        rule_for(kind="expense", amount=100, unit=org["units"]["a"], on=TODAY)
    assert AuditEvent.objects.filter(action="admin.change", actor=p["sysadmin"], object_type="office.ApprovalRule").exists()
    # Only the approvers changed: unconfirmed too.
    rule_confirm(actor=p["director"], rule=confirmed)
    form.update({"amount_max": "8000.00", "steps-0-post": "principal"})
    assert client.post(f"/admin/office/approvalrule/{confirmed.pk}/change/", form).status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.steps.get().post == "principal" and confirmed.confirmed_at is None


# --- a request through its chain -------------------------------------------------------


def test_a_request_goes_through_its_chain_and_is_approved(org, bands):
    p = org["people"]
    req = make_request(org, amount=Decimal(60000))
    rs.request_submit(actor=p["staff_a"], request_obj=req)
    rows = chain_rows(req, rs.APPROVE)
    assert [(r.user, r.state) for r in rows] == [(p["head_a"], A.OPEN), (p["deputy_a"], A.WAITING), (p["principal"], A.WAITING)]
    assert rows[0].rule.name == "大额"
    with pytest.raises(ValidationError, match="尚未轮到您办理"):
        rs.request_approve(actor=p["principal"], request_obj=req, text="同意")
    rs.request_approve(actor=p["head_a"], request_obj=req, text="情况属实，同意。")
    with pytest.raises(ValidationError, match="不能重复提交"):
        rs.request_approve(actor=p["head_a"], request_obj=req, text="同意")
    rs.request_approve(actor=p["deputy_a"], request_obj=req, text="")
    req.refresh_from_db()
    assert req.state == RequestState.PENDING
    rs.request_approve(actor=p["principal"], request_obj=req, text="同意。")
    req.refresh_from_db()
    assert req.state == RequestState.APPROVED
    rows = chain_rows(req, rs.APPROVE)
    assert [(r.acted_by, r.text, r.outcome) for r in rows] == [
        (p["head_a"], "情况属实，同意。", Outcome.APPROVED), (p["deputy_a"], "同意", Outcome.APPROVED),
        (p["principal"], "同意。", Outcome.APPROVED),
    ]
    assert all(r.done_at for r in rows)
    assert [(s.action, s.actor, s.state_after) for s in req.steps.all()] == [
        ("submit", p["staff_a"], "pending"), ("approve", p["head_a"], "pending"), ("approve", p["deputy_a"], "pending"),
        ("approve", p["principal"], "approved"),
    ]
    assert not Todo.objects.filter(state=TodoState.OPEN).exists()
    events = AuditEvent.objects.filter(action="request.approve").order_by("id")
    assert [e.actor for e in events] == [p["head_a"], p["deputy_a"], p["principal"]]
    assert all("同意" not in str(e.detail) for e in events)  # no business text in the audit log


def test_a_requester_who_is_an_approver_is_left_out_of_his_own_chain(org, bands):
    p = org["people"]
    req = make_request(org, amount=Decimal(6000), requester="head_a")
    rs.request_submit(actor=p["head_a"], request_obj=req)
    assert [r.user for r in chain_rows(req, rs.APPROVE)] == [p["deputy_a"]]


def test_the_chain_is_fixed_at_submission(org, bands):
    p = org["people"]
    req = make_request(org, amount=Decimal(6000))
    rs.request_submit(actor=p["staff_a"], request_obj=req)
    middle = bands[1]
    # The rule changes after submission (and is even confirmed again): the submitted chain stays.
    middle.steps.all().delete()
    ApprovalRuleStep.objects.create(rule=middle, order=1, post=Post.PRINCIPAL)
    middle.confirmed_at = None
    middle.save()
    rule_confirm(actor=p["director"], rule=middle)
    assert [r.user for r in chain_rows(req, rs.APPROVE)] == [p["head_a"], p["deputy_a"]]
    rs.request_approve(actor=p["head_a"], request_obj=req)
    rs.request_approve(actor=p["deputy_a"], request_obj=req)
    req.refresh_from_db()
    assert req.state == RequestState.APPROVED
    # A new request takes the new rule.
    later = make_request(org, amount=Decimal(6000))
    rs.request_submit(actor=p["staff_a"], request_obj=later)
    assert [r.user for r in chain_rows(later, rs.APPROVE)] == [p["principal"]]


def test_a_post_fallen_vacant_is_resolved_again_when_its_turn_comes(org, bands):
    p, u = org["people"], org["units"]
    req = make_request(org, amount=Decimal(6000))
    rs.request_submit(actor=p["staff_a"], request_obj=req)
    # 分管 of 甲处 moves from 李 to 赵 before the chain reaches the leader in charge.
    services.user_save(actor=None, username=p["deputy_a"].username, full_name="李副局长", unit=u["leaders"],
                       role="leader", in_charge_of=[], clearance=3)
    services.user_save(actor=None, username=p["deputy_b"].username, full_name="赵副局长", unit=u["leaders"],
                       role="leader", in_charge_of=[u["a"], u["b"]], clearance=3)
    rs.request_approve(actor=p["head_a"], request_obj=req)
    rows = chain_rows(req, rs.APPROVE)
    assert rows[1].user == p["deputy_b"] and rows[1].state == A.OPEN
    assert Todo.objects.filter(state=TodoState.OPEN).get().user == p["deputy_b"]
    # A post not vacant is not re-resolved: the head who approved stays on record.
    assert rows[0].user == p["head_a"]


def test_an_open_step_whose_approver_left_goes_to_his_successor(org, bands):
    p, u = org["people"], org["units"]
    req = make_request(org, amount=Decimal(100))
    rs.request_submit(actor=p["staff_a"], request_obj=req)
    services.unit_set_head(actor=None, unit=u["a"], head=p["deputy_head_a"])
    with pytest.raises(PermissionDenied):
        rs.request_approve(actor=p["head_a"], request_obj=req)
    rs.request_approve(actor=p["deputy_head_a"], request_obj=req, text="同意")
    req.refresh_from_db()
    assert req.state == RequestState.APPROVED
    assert Todo.objects.get(user=p["head_a"]).state == TodoState.WITHDRAWN


def test_any_approver_in_turn_returns_with_a_reason_and_the_rest_is_cancelled(org, bands):
    p = org["people"]
    req = make_request(org, amount=Decimal(60000))
    rs.request_submit(actor=p["staff_a"], request_obj=req)
    rs.request_approve(actor=p["head_a"], request_obj=req)
    with pytest.raises(ValidationError, match="请填写退回理由"):
        rs.request_return(actor=p["deputy_a"], request_obj=req, reason="  ")
    with pytest.raises(ValidationError, match="尚未轮到您办理"):
        rs.request_return(actor=p["principal"], request_obj=req, reason="不同意")
    rs.request_return(actor=p["deputy_a"], request_obj=req, reason="预算依据不足，请补充。")
    req.refresh_from_db()
    assert req.state == RequestState.RETURNED
    assert [(r.state, r.outcome) for r in chain_rows(req, rs.APPROVE)] == [
        (A.DONE, Outcome.APPROVED), (A.DONE, Outcome.RETURNED), (A.CANCELLED, ""),
    ]
    assert req.steps.last().text == "预算依据不足，请补充。"
    assert not Todo.objects.filter(state=TodoState.OPEN).exists()
    # Submitted again: a new chain from the start.
    rs.request_submit(actor=p["staff_a"], request_obj=req)
    assert [(r.round, r.user, r.state) for r in chain_rows(req, rs.APPROVE)] == [
        (2, p["head_a"], A.OPEN), (2, p["deputy_a"], A.WAITING), (2, p["principal"], A.WAITING),
    ]


def test_the_requester_withdraws_before_the_first_approval_only(org, bands):
    p = org["people"]
    req = make_request(org, amount=Decimal(6000))
    rs.request_submit(actor=p["staff_a"], request_obj=req)
    with pytest.raises(PermissionDenied):
        rs.request_withdraw(actor=p["head_a"], request_obj=req)
    rs.request_withdraw(actor=p["staff_a"], request_obj=req)
    req.refresh_from_db()
    assert req.state == RequestState.WITHDRAWN
    assert Todo.objects.get(user=p["head_a"]).state == TodoState.WITHDRAWN
    rs.request_submit(actor=p["staff_a"], request_obj=req)
    rs.request_approve(actor=p["head_a"], request_obj=req)
    with pytest.raises(ValidationError, match="已有审批意见，不能撤回"):
        rs.request_withdraw(actor=p["staff_a"], request_obj=req)
    req.refresh_from_db()
    assert req.state == RequestState.PENDING


def test_office_duty_and_named_person_steps(org):
    p = org["people"]
    rule(org, name="用印", kind="seal", steps=[(Post.DUTY, Duty.DIRECTOR), (Post.PERSON, p["deputy_b"])])
    req = make_request(org, kind="seal")
    rs.request_submit(actor=p["staff_a"], request_obj=req)
    first, second = chain_rows(req, rs.APPROVE)
    assert (first.duty, second.user) == (Duty.DIRECTOR, p["deputy_b"])
    assert [t.user for t in Todo.objects.filter(state=TodoState.OPEN)] == [p["director"]]
    rs.request_approve(actor=p["director"], request_obj=req)
    rs.request_approve(actor=p["deputy_b"], request_obj=req)
    req.refresh_from_db()
    assert req.state == RequestState.APPROVED


def test_a_vacant_post_at_submission_is_refused(org, bands):
    p, u = org["people"], org["units"]
    services.unit_set_head(actor=None, unit=u["a"], head=None)
    req = make_request(org)
    with pytest.raises(ValidationError, match="部门负责人空缺"):
        rs.request_submit(actor=p["staff_a"], request_obj=req)
    req.refresh_from_db()
    assert req.state == RequestState.DRAFT
    assert timezone.now()


def test_the_director_confirms_rules_on_his_page_and_nobody_else_sees_it(org, client):
    p = org["people"]
    draft = rule(org, name="待确认规则", steps=[Post.HEAD], confirm=False)
    for someone in ("clerk1", "principal", "sysadmin"):
        client.force_login(p[someone])
        assert client.get("/workflow/rules/").status_code == 404
        assert client.post("/workflow/rules/", {"rule": draft.pk}).status_code == 404
    client.force_login(p["director"])
    page = client.get("/workflow/rules/").content.decode()
    assert "待确认规则" in page and "部门负责人" in page
    response = client.post("/workflow/rules/", {"rule": draft.pk}, follow=True)
    assert "已确认审批规则：待确认规则" in response.content.decode()
    draft.refresh_from_db()
    assert draft.confirmed_by == p["director"]
    response = client.post("/workflow/rules/", {"rule": draft.pk}, follow=True)
    assert "该审批规则已确认" in response.content.decode()
    assert client.post("/workflow/rules/", {"rule": "x"}).status_code == 404


def test_nobody_is_asked_twice_in_a_row_a_duty_step_of_the_approver_just_before_is_carried(org):
    """The office's head is also the 办公室主任: a request of the office asks him once, the 主任 step
    is recorded as answered by that approval (never opened, no to-do) and the chain moves on."""
    p = org["people"]
    rule(org, name="办公室用印", kind="seal", steps=[Post.HEAD, (Post.DUTY, Duty.DIRECTOR), Post.PRINCIPAL])
    req = make_request(org, kind="seal", requester="clerk2", unit="office")
    rs.request_submit(actor=p["clerk2"], request_obj=req)
    rs.request_approve(actor=p["director"], request_obj=req, text="同意。")
    head, duty, principal = chain_rows(req, rs.APPROVE)
    assert (head.state, duty.state, principal.state) == (A.DONE, A.DONE, A.OPEN)
    assert duty.acted_by == p["director"] and duty.outcome == Outcome.APPROVED and duty.opened_at is None
    assert "周主任已在上一环节审批同意" in duty.text and "办公室主任" in duty.text
    assert [t.user for t in Todo.objects.filter(state=TodoState.OPEN)] == [p["principal"]]
    assert Todo.objects.filter(user=p["director"]).count() == 1  # his one to-do, for the head's step
    with pytest.raises(ValidationError, match="不能重复提交"):
        rs.request_approve(actor=p["director"], request_obj=req)
    rs.request_approve(actor=p["principal"], request_obj=req)
    req.refresh_from_db()
    assert req.state == RequestState.APPROVED


def test_a_carried_last_step_completes_the_chain_and_a_different_approver_is_still_asked(org):
    p = org["people"]
    rule(org, name="办公室用印", kind="seal", steps=[Post.HEAD, (Post.DUTY, Duty.DIRECTOR)])
    own = make_request(org, kind="seal", requester="clerk2", unit="office")
    rs.request_submit(actor=p["clerk2"], request_obj=own)
    rs.request_approve(actor=p["director"], request_obj=own)
    own.refresh_from_db()
    assert own.state == RequestState.APPROVED
    # 甲处: its head is not the 主任, so the 主任 is asked.
    other = make_request(org, kind="seal")
    rs.request_submit(actor=p["staff_a"], request_obj=other)
    rs.request_approve(actor=p["head_a"], request_obj=other)
    assert [r.state for r in chain_rows(other, rs.APPROVE)] == [A.DONE, A.OPEN]
    assert Todo.objects.filter(user=p["director"], state=TodoState.OPEN).count() == 1
