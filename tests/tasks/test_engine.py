"""The one approval engine: chains from rules (band edges exactly), turns, return, withdraw, to-dos, 催办."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from office.models import AuditEvent, Deadline, Todo
from office.workflow.chains import chain_rows
from tasks.models import AffairRequest
from tasks.permissions import APPROVE
from tasks.requests import services as engine
from tests.tasks.conftest import approve_all

pytestmark = pytest.mark.django_db


def approvers(obj) -> list[str]:
    return [row.user.username if row.user else row.duty for row in chain_rows(obj, APPROVE)]


@pytest.mark.parametrize(
    ("amount", "chain"),
    [
        ("4999.99", ["zhoujianhua", "director"]),
        ("5000.00", ["zhoujianhua", "director", "liminghua"]),
        ("49999.99", ["zhoujianhua", "director", "liminghua"]),
        ("50000.00", ["zhoujianhua", "director", "liminghua", "wangjianguo"]),
    ],
)
def test_the_expense_chain_follows_the_amount_bands_to_the_cent(make_expense, people, amount, chain):
    obj = make_expense(amount=amount)
    engine.request_submit(actor=people["qianli"], request_obj=obj)
    assert approvers(obj) == chain


def test_a_number_per_kind_and_year(make_expense, make_reception):
    first, second, reception = make_expense(), make_expense(), make_reception()
    assert first.number.startswith("支出〔") and first.number.endswith("〕1号")
    assert second.number.endswith("〕2号")
    assert reception.number.startswith("接待〔") and reception.number.endswith("〕1号")


def test_each_approver_gets_a_to_do_in_turn_and_the_last_one_approves(make_expense, people):
    obj = make_expense(amount="6000")
    engine.request_submit(actor=people["qianli"], request_obj=obj)
    head, director = people["zhoujianhua"], people["liuxiaodong"]
    assert Todo.objects.filter(user=head, state="open").count() == 1
    with pytest.raises(ValidationError, match="尚未轮到您办理"):
        engine.request_approve(actor=director, request_obj=obj)
    obj = engine.request_approve(actor=head, request_obj=obj, text="同意购置")
    assert Todo.objects.filter(user=head, state="open").count() == 0
    assert Todo.objects.filter(user=director, state="open").count() == 1
    with pytest.raises(ValidationError, match="不能重复提交"):
        engine.request_approve(actor=head, request_obj=obj)
    obj = approve_all(obj, "liuxiaodong", "liminghua", people=people)
    obj.refresh_from_db()
    assert obj.state == "approved" and obj.approved_at is not None
    assert [s.action for s in obj.steps.all()] == ["create", "submit", "approve", "approve", "approve"]
    assert not Deadline.objects.filter(target_id=str(obj.pk), state="open").exists()
    assert AuditEvent.objects.filter(action="tasks.approve", object_id=str(obj.pk)).count() == 3


def test_return_with_a_reason_then_resubmit(make_expense, people):
    obj = make_expense()
    engine.request_submit(actor=people["qianli"], request_obj=obj)
    with pytest.raises(ValidationError, match="退回理由"):
        engine.request_return(actor=people["zhoujianhua"], request_obj=obj, reason="  ")
    obj = engine.request_return(actor=people["zhoujianhua"], request_obj=obj, reason="请补充报价单")
    assert obj.state == "returned" and obj.returned_reason == "请补充报价单"
    assert not Todo.objects.filter(state="open", target_id=str(obj.pk)).exists()
    obj = engine.request_submit(actor=people["qianli"], request_obj=obj)
    assert obj.state == "pending"


def test_withdraw_only_before_the_first_approval(make_expense, people):
    obj = make_expense(amount="6000")
    engine.request_submit(actor=people["qianli"], request_obj=obj)
    obj = engine.request_withdraw(actor=people["qianli"], request_obj=obj)
    assert obj.state == "withdrawn"
    engine.request_submit(actor=people["qianli"], request_obj=obj)
    engine.request_approve(actor=people["zhoujianhua"], request_obj=obj)
    with pytest.raises(ValidationError, match="已有审批意见"):
        engine.request_withdraw(actor=people["qianli"], request_obj=obj)
    assert AffairRequest.objects.get(pk=obj.pk).state == "pending"


def test_only_the_requester_submits(make_expense, people):
    obj = make_expense()
    with pytest.raises(PermissionDenied):
        engine.request_submit(actor=people["zhoujianhua"], request_obj=obj)


def test_the_office_urges_the_approver_whose_turn_it_is(make_expense, people):
    obj = make_expense()
    engine.request_submit(actor=people["qianli"], request_obj=obj)
    engine.request_urge(actor=people["zhouting"], request_obj=obj, message="请尽快审批")
    deadline = Deadline.objects.get(target_id=str(obj.pk), kind=engine.APPROVAL_DEADLINE, state="open")
    assert deadline.responsible_user == people["zhoujianhua"]
    assert deadline.urges.count() == 1
    assert people["zhoujianhua"].notifications.filter(verb="deadline.urge").exists()


@pytest.mark.parametrize("amount", ["0", "-5", "12.345", "100000000"])
def test_bad_amounts_are_refused_with_the_rule(make_expense, amount):
    with pytest.raises(ValidationError):
        make_expense(amount=amount)
    assert not AffairRequest.objects.exists()


def test_the_amount_check_names_the_rule():
    with pytest.raises(ValidationError, match="两位小数"):
        engine.check_amount(Decimal("1.001"))
    with pytest.raises(ValidationError, match="大于零"):
        engine.check_amount(Decimal("0"))


def test_the_offices_own_request_asks_its_head_who_is_the_director_once(make_expense, people):
    """办公室's head 刘晓东 is also the 办公室主任: one approval, the 主任 step shown as satisfied by it."""
    obj = make_expense(amount="800", requester="wujing")
    engine.request_submit(actor=people["wujing"], request_obj=obj)
    obj = engine.request_approve(actor=people["liuxiaodong"], request_obj=obj, text="同意。")
    obj.refresh_from_db()
    assert obj.state == "approved"
    steps = [(s.action, s.actor.username, s.state_after) for s in obj.steps.all()]
    assert steps[-2:] == [("approve", "liuxiaodong", "pending"), ("approve", "liuxiaodong", "approved")]
    assert "视为同意" in obj.steps.last().text
    assert not Todo.objects.filter(user=people["liuxiaodong"], state="open", target_id=str(obj.pk)).exists()
