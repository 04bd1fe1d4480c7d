"""财务支出 and budget lines: reserved at submission, released on return or withdrawal, spent at payment;
refused over the remaining budget with the figures; a line of another year refused; never
over-committed under concurrent submissions on PostgreSQL."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tasks.expenses import services as expenses
from tasks.models import AffairRequest, BudgetLine
from tasks.requests import services as engine
from tests.tasks.conftest import approve_all


def line(pk) -> BudgetLine:
    return BudgetLine.objects.get(pk=pk)


@pytest.mark.django_db
def test_reserved_at_submission_released_on_return_and_withdrawal_spent_at_payment(make_expense, budget, people):
    office = budget["office"]
    obj = make_expense(amount="1200")
    assert (line(office.pk).committed, line(office.pk).spent) == (0, 0)
    engine.request_submit(actor=people["qianli"], request_obj=obj)
    assert line(office.pk).committed == Decimal("1200")
    engine.request_return(actor=people["zhoujianhua"], request_obj=obj, reason="请补充比价")
    assert line(office.pk).committed == 0
    engine.request_submit(actor=people["qianli"], request_obj=obj)
    engine.request_withdraw(actor=people["qianli"], request_obj=obj)
    assert line(office.pk).committed == 0
    engine.request_submit(actor=people["qianli"], request_obj=obj)
    approve_all(obj, "zhoujianhua", "liuxiaodong", people=people)
    expenses.expense_pay(actor=people["zhouting"], request_obj=obj, paid_amount=Decimal("1150"))
    current = line(office.pk)
    assert (current.committed, current.spent, current.remaining) == (0, Decimal("1150"), Decimal("98850"))
    assert AffairRequest.objects.get(pk=obj.pk).state == "done"


@pytest.mark.django_db
def test_over_the_remaining_budget_is_refused_with_the_figures(make_expense, budget, people):
    first = make_expense(amount="15000", line="training")
    engine.request_submit(actor=people["qianli"], request_obj=first)
    second = make_expense(amount="6000", line="training")
    with pytest.raises(ValidationError) as refused:
        engine.request_submit(actor=people["qianli"], request_obj=second)
    message = " ".join(refused.value.messages)
    assert "超出预算" in message and "剩余5000.00元" in message and "本次申请6000.00元" in message
    assert line(budget["training"].pk).committed == Decimal("15000")
    assert AffairRequest.objects.get(pk=second.pk).state == "draft"


@pytest.mark.django_db
def test_a_budget_line_of_another_year_is_refused(make_expense):
    with pytest.raises(ValidationError, match="不能用于"):
        make_expense(line="last_year")
    assert not AffairRequest.objects.exists()


@pytest.mark.django_db
def test_a_department_line_is_not_offered_to_another_department(make_expense, budget):
    with pytest.raises(ValidationError, match="本部门可用的预算科目"):
        make_expense(line="training", requester="zhengyan")


@pytest.mark.django_db
def test_payment_above_the_approved_amount_is_refused(make_expense, people):
    obj = make_expense(amount="1000")
    engine.request_submit(actor=people["qianli"], request_obj=obj)
    approve_all(obj, "zhoujianhua", "liuxiaodong", people=people)
    with pytest.raises(ValidationError, match="超过批准金额"):
        expenses.expense_pay(actor=people["zhouting"], request_obj=obj, paid_amount=Decimal("1000.01"))


@pytest.mark.django_db
def test_an_expense_without_an_invoice_is_named(make_expense, people):
    obj = make_expense(invoice=False)
    with pytest.raises(ValidationError, match="缺少发票"):
        engine.request_submit(actor=people["qianli"], request_obj=obj)


THREADS = 12


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_never_over_commit_a_line(make_expense, budget, people):
    """12 requests of 2000 元 on a line with 20000 元 left, submitted at once: 10 go through, 2 are refused."""
    assert connection.vendor == "postgresql"
    training = budget["training"]
    drafts = [make_expense(amount="2000", line="training") for _ in range(THREADS)]
    start = threading.Barrier(THREADS)
    ok, refused, errors = [], [], []

    def submit(obj):
        try:
            start.wait()
            engine.request_submit(actor=people["qianli"], request_obj=obj)
            ok.append(obj.pk)
        except ValidationError:
            refused.append(obj.pk)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    began = time.monotonic()
    threads = [threading.Thread(target=submit, args=(obj,)) for obj in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    assert not errors, errors
    current = line(training.pk)
    assert len(ok) == 10 and len(refused) == 2
    assert current.committed == Decimal("20000") and current.remaining == 0
    assert AffairRequest.objects.filter(state="pending", kind="expense").count() == 10
    print(
        f"budget: {THREADS} concurrent submissions, {len(ok)} reserved, {len(refused)} refused, "
        f"committed {current.committed} of {current.amount}, 0 over, {elapsed:.2f} s"
    )
