"""代录 (a 秘书 records a leader's paper opinion) and 委托 (a leader or head hands his steps on for a period)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from office.choices import TodoState
from office.models import ApprovalRule, ApprovalRuleStep, AuditEvent, Delegation, Todo
from office.workflow.assignments import Assignee, Notice, answer, assign
from office.workflow.chains import chain_rows, rule_confirm
from office.workflow.choices import Post
from office.workflow.delegation import delegation_create, delegation_end, delegations_sweep
from tests.office.workflow_org import make_request, org_fixture  # noqa: F401  (the org fixture)
from tests.policy_app import services as rs
from tests.policy_app.models import RequestState

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def chain(org):
    """Every expense: the department head, then the principal."""
    row = ApprovalRule.objects.create(kind="expense", name="全部", effective_from=dt.date(2020, 1, 1))
    ApprovalRuleStep.objects.create(rule=row, order=1, post=Post.HEAD)
    ApprovalRuleStep.objects.create(rule=row, order=2, post=Post.PRINCIPAL)
    rule_confirm(actor=org["people"]["director"], rule=row)
    return row


def open_holders():
    return sorted(Todo.objects.filter(state=TodoState.OPEN).values_list("user__full_name", flat=True))


# --- 代录 ------------------------------------------------------------------------------


def test_a_secretary_records_a_leaders_paper_approval_with_both_names(org, chain):
    p = org["people"]
    req = make_request(org, amount=Decimal(100))
    rs.request_submit(actor=p["staff_a"], request_obj=req)
    rs.request_approve(actor=p["head_a"], request_obj=req)
    rs.request_approve(actor=p["secretary"], request_obj=req, text="同意。（纸质批示）", on_behalf_of=p["principal"])
    req.refresh_from_db()
    assert req.state == RequestState.APPROVED
    step = req.steps.last()
    assert (step.actor, step.on_behalf_of, step.text) == (p["secretary"], p["principal"], "同意。（纸质批示）")
    row = chain_rows(req, rs.APPROVE)[1]
    assert (row.acted_by, row.on_behalf_of, row.user) == (p["secretary"], p["principal"], p["principal"])
    event = AuditEvent.objects.get(action="request.approve", actor=p["secretary"])
    assert event.detail == {"on_behalf_of": p["principal"].pk}
    assert req.history.first().history_change_reason == "审批（秘书甲代录）"
    html = render_to_string("office/workflow/_timeline.html", {"steps": req.steps.select_related("actor", "on_behalf_of")})
    assert "王局长" in html and "秘书甲代录" in html
    assert Todo.objects.get(user=p["principal"]).state == TodoState.DONE


def test_only_a_secretary_records_and_only_for_the_leader_whose_turn_it_is(org, chain):
    p = org["people"]
    req = make_request(org, amount=Decimal(100))
    rs.request_submit(actor=p["staff_a"], request_obj=req)
    with pytest.raises(PermissionDenied, match="只有办公室秘书可以代录"):
        rs.request_approve(actor=p["clerk1"], request_obj=req, on_behalf_of=p["principal"])
    with pytest.raises(ValidationError, match="尚未轮到您办理"):
        rs.request_approve(actor=p["secretary"], request_obj=req, on_behalf_of=p["principal"])
    with pytest.raises(ValidationError, match="只能代录局领导的意见"):
        rs.request_approve(actor=p["secretary"], request_obj=req, on_behalf_of=p["head_a"])
    assert chain_rows(req, rs.APPROVE)[0].state == "open"


def test_a_secretary_cannot_record_what_he_may_not_see(org, chain):
    p = org["people"]
    req = make_request(org, amount=Decimal(100), level=3)  # 机密; the 秘书 is cleared for it, 甲处长 is not
    with pytest.raises(Http404):
        rs.request_approve(actor=p["staff_b"], request_obj=req)
    assert req.state == RequestState.DRAFT


# --- 委托 ------------------------------------------------------------------------------


def test_a_delegation_routes_open_and_new_steps_and_both_names_go_on_the_step(org, chain):
    p = org["people"]
    now = timezone.now()
    open_one = make_request(org, amount=Decimal(100), title="已在办")
    rs.request_submit(actor=p["staff_a"], request_obj=open_one)
    assert open_holders() == ["甲处长"]
    delegation = delegation_create(
        actor=p["head_a"], from_user=p["head_a"], to_user=p["deputy_head_a"], starts_at=now - HOUR,
        ends_at=now + 24 * HOUR, reason="外出学习",
    )
    assert open_holders() == ["甲副处长"]
    assert Todo.objects.get(user=p["head_a"]).state == TodoState.WITHDRAWN
    new_one = make_request(org, amount=Decimal(100), title="新提交")
    rs.request_submit(actor=p["staff_a"], request_obj=new_one)
    assert open_holders() == ["甲副处长", "甲副处长"]
    rs.request_approve(actor=p["deputy_head_a"], request_obj=new_one, text="同意")
    step = new_one.steps.last()
    assert (step.actor, step.delegated_from) == (p["deputy_head_a"], p["head_a"])
    row = chain_rows(new_one, rs.APPROVE)[0]
    assert (row.user, row.acted_by, row.delegated_from) == (p["head_a"], p["deputy_head_a"], p["head_a"])
    event = AuditEvent.objects.get(action="request.approve", actor=p["deputy_head_a"])
    assert event.detail == {"delegated_from": p["head_a"].pk}
    html = render_to_string("office/workflow/_timeline.html", {"steps": new_one.steps.all()})
    assert "受甲处长委托" in html
    assert AuditEvent.objects.filter(action="delegation.create", actor=p["head_a"], object_id=str(delegation.pk)).exists()
    # Ended early: what is still open goes back.
    delegation_end(actor=p["head_a"], delegation=delegation)
    assert sorted(Todo.objects.filter(state=TodoState.OPEN).values_list("user__full_name", "stage", "title")) == [
        ("王局长", "待审批", "新提交"), ("甲处长", "待审批", "已在办"),
    ]


def test_the_person_himself_may_still_act_while_delegated(org, chain):
    p = org["people"]
    now = timezone.now()
    delegation_create(actor=p["head_a"], from_user=p["head_a"], to_user=p["deputy_head_a"], starts_at=now - HOUR,
                      ends_at=now + HOUR, reason="会议")
    req = make_request(org, amount=Decimal(100))
    rs.request_submit(actor=p["staff_a"], request_obj=req)
    rs.request_approve(actor=p["head_a"], request_obj=req)
    assert req.steps.last().delegated_from is None
    assert Todo.objects.get(user=p["deputy_head_a"]).state == TodoState.DONE


def test_a_leader_delegates_to_a_staff_member_who_may_then_act(org):
    """The delegate's own role would not let him act: the delegation does, for that time only."""
    p = org["people"]
    req = make_request(org)
    now = timezone.now()
    assign(target=req, step="test.step", assignees=[Assignee.person(p["head_a"])],
           notice=Notice(title="【待办理】x", url="/"))
    delegation_create(actor=p["director"], from_user=p["head_a"], to_user=p["staff_a"], starts_at=now - HOUR,
                      ends_at=now + HOUR, reason="出差")
    rs.STEPS.authorize(p["staff_a"], "approve", req)  # no exception
    result = answer(target=req, step="test.step", actor=p["staff_a"], text="同意")
    assert result.delegated_from == p["head_a"]


def test_a_delegation_that_starts_later_routes_when_the_sweep_reaches_it(org, chain):
    p = org["people"]
    now = timezone.now()
    req = make_request(org, amount=Decimal(100))
    rs.request_submit(actor=p["staff_a"], request_obj=req)
    row = delegation_create(actor=p["director"], from_user=p["head_a"], to_user=p["deputy_head_a"],
                            starts_at=now + HOUR, ends_at=now + 3 * HOUR, reason="休假")
    assert open_holders() == ["甲处长"]
    delegations_sweep(now + 2 * HOUR)
    assert open_holders() == ["甲副处长"]
    delegations_sweep(now + 4 * HOUR)
    assert open_holders() == ["甲处长"]
    row.refresh_from_db()
    assert row.routed and row.returned


@pytest.mark.parametrize(
    ("actor", "from_user", "to_user", "start", "end", "reason", "message"),
    [
        ("staff_b", "head_a", "deputy_head_a", -1, 1, "事由", "只能由本人或办公室登记"),
        ("staff_a", "staff_a", "staff_b", -1, 1, "事由", "只有局领导和处室负责人可以委托"),
        ("head_a", "head_a", "head_a", -1, 1, "事由", "不能委托给本人"),
        ("head_a", "head_a", "sysadmin", -1, 1, "事由", "在岗的业务人员"),
        ("head_a", "head_a", "deputy_head_a", 1, 1, "事由", "结束时间必须晚于开始时间"),
        ("head_a", "head_a", "deputy_head_a", -3, -2, "事由", "结束时间已过"),
        ("head_a", "head_a", "deputy_head_a", -1, 1, "  ", "请填写委托事由"),
    ],
)
def test_bad_delegations_are_refused(org, actor, from_user, to_user, start, end, reason, message):
    p = org["people"]
    now = timezone.now()
    with pytest.raises((PermissionDenied, ValidationError), match=message):
        delegation_create(actor=p[actor], from_user=p[from_user], to_user=p[to_user], starts_at=now + start * HOUR,
                          ends_at=now + end * HOUR, reason=reason)
    assert not Delegation.objects.exists()


def test_overlapping_delegations_and_ending_twice_are_refused(org):
    p = org["people"]
    now = timezone.now()
    row = delegation_create(actor=p["principal"], from_user=p["principal"], to_user=p["deputy_a"],
                            starts_at=now - HOUR, ends_at=now + 5 * HOUR, reason="出访")
    with pytest.raises(ValidationError, match="该时段内已有委托"):
        delegation_create(actor=p["principal"], from_user=p["principal"], to_user=p["deputy_b"],
                          starts_at=now + HOUR, ends_at=now + 2 * HOUR, reason="出访")
    with pytest.raises(PermissionDenied):
        delegation_end(actor=p["deputy_a"], delegation=row)
    delegation_end(actor=p["director"], delegation=row)
    with pytest.raises(ValidationError, match="该委托已结束"):
        delegation_end(actor=p["principal"], delegation=row)


def test_the_periodic_job_starts_and_ends_delegations(org, chain):
    import time_machine

    from office.jobs import sweep_delegations

    p = org["people"]
    now = timezone.now()
    req = make_request(org, amount=Decimal(100))
    rs.request_submit(actor=p["staff_a"], request_obj=req)
    delegation_create(actor=p["director"], from_user=p["head_a"], to_user=p["deputy_head_a"],
                      starts_at=now + HOUR, ends_at=now + 3 * HOUR, reason="休假")
    with time_machine.travel(now + 2 * HOUR, tick=False):
        assert sweep_delegations.apply().get() == 1
        assert open_holders() == ["甲副处长"]
    with time_machine.travel(now + 4 * HOUR, tick=False):
        assert sweep_delegations.apply().get() == 1
        assert open_holders() == ["甲处长"]
