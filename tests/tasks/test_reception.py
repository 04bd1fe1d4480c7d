"""公务接待's rules, each with a case: 公函 before submission, 陪餐, meals within the standard, no 香烟 or
高档酒水, no cash, payment blocked until 公函, approval and 接待清单 are complete (each missing piece named)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tasks.choices import LineCategory
from tasks.models import AffairRequest
from tasks.reception import services as reception
from tasks.reception.services import LineData, companion_limit
from tasks.requests import services as engine
from tests.tasks.conftest import approve_all, reception_data

pytestmark = pytest.mark.django_db


def test_no_reception_without_the_公函(make_reception, people):
    obj = make_reception(letter=False)
    with pytest.raises(ValidationError, match="缺少来访单位公函"):
        engine.request_submit(actor=people["qianli"], request_obj=obj)
    assert AffairRequest.objects.get(pk=obj.pk).state == "draft"
    assert any("公函" in p for p in engine.problems(obj))


@pytest.mark.parametrize(("visitors", "limit"), [(1, 3), (10, 3), (11, 3), (12, 4), (30, 10), (31, 10)])
def test_the_陪餐_limit(visitors, limit):
    assert companion_limit(visitors) == limit


@pytest.mark.parametrize(
    ("visitors", "companions", "ok"), [(10, 3, True), (10, 4, False), (12, 4, True), (12, 5, False)]
)
def test_陪餐_over_the_limit_is_refused_and_nothing_saved(make_reception, visitors, companions, ok):
    meal = Decimal(10 * (visitors + companions))
    if ok:
        assert (
            make_reception(visitors=visitors, companions=companions, meal_cost=meal).reception.companions == companions
        )
        return
    with pytest.raises(ValidationError, match="陪餐人数超过规定"):
        make_reception(visitors=visitors, companions=companions, meal_cost=meal)
    assert not AffairRequest.objects.exists()


def test_meals_over_the_standard_are_named_before_submission(make_reception, people):
    # 6 visitors + 3 companions, 2 meals at 100 元 = 1800 元 at most.
    obj = make_reception(meal_cost=Decimal("1900"), amount=Decimal("2800"))
    with pytest.raises(ValidationError, match="超过标准上限1800"):
        engine.request_submit(actor=people["qianli"], request_obj=obj)


def test_reversed_dates_and_cash_are_refused(make_reception):
    today = dt.date.today()
    with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
        make_reception(starts_on=today, ends_on=today - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="不得使用现金"):
        make_reception(pay_method="cash")
    assert not AffairRequest.objects.exists()


def _approved(make_reception, people):
    obj = make_reception()
    engine.request_submit(actor=people["qianli"], request_obj=obj)
    return approve_all(obj, "zhoujianhua", "liuxiaodong", people=people)


def _lines(obj, *rows):
    day = obj.reception.starts_on
    return [LineData(category, item, day, "局机关食堂", Decimal(amount), 9) for category, item, amount in rows]


def test_no_香烟_or_高档酒水_in_the_接待清单(make_reception, people):
    obj = _approved(make_reception, people)
    with pytest.raises(ValidationError, match="不得提供香烟、高档酒水"):
        reception.reception_list_fill(
            actor=people["qianli"],
            request_obj=obj,
            lines=_lines(obj, (LineCategory.MEAL, "工作餐", "900"), (LineCategory.OTHER, "茅台酒两瓶", "600")),
        )
    obj.refresh_from_db()
    assert obj.reception.list_done_at is None and not obj.reception.lines.exists()


def test_payment_is_blocked_until_everything_is_complete_each_piece_named(make_reception, people):
    obj = make_reception(letter=False)
    office = people["zhouting"]
    # Before approval, payment is not even a step.
    with pytest.raises(ValidationError, match="不能办理“支付”"):
        reception.reception_pay(actor=office, request_obj=obj)
    obj = _approved(make_reception, people)
    with pytest.raises(ValidationError, match="接待清单尚未填写"):
        reception.reception_pay(actor=office, request_obj=obj)
    reception.reception_list_fill(
        actor=people["qianli"],
        request_obj=obj,
        lines=_lines(obj, (LineCategory.MEAL, "工作餐", "1500"), (LineCategory.VENUE, "会议室", "1500")),
    )
    with pytest.raises(ValidationError, match="实际费用3000.00元超过批准金额2800.00元"):
        reception.reception_pay(actor=office, request_obj=obj)
    reception.reception_list_fill(
        actor=people["qianli"],
        request_obj=obj,
        lines=_lines(obj, (LineCategory.MEAL, "工作餐", "1500"), (LineCategory.VENUE, "会议室", "800")),
    )
    obj = reception.reception_pay(actor=office, request_obj=obj)
    assert obj.state == "done" and obj.reception.paid_at is not None and obj.reception.actual_cost == Decimal("2300")


def test_only_the_office_pays(make_reception, people):
    obj = _approved(make_reception, people)
    reception.reception_list_fill(
        actor=people["qianli"], request_obj=obj, lines=_lines(obj, (LineCategory.MEAL, "工作餐", "1000"))
    )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        reception.reception_pay(actor=people["qianli"], request_obj=obj)


def test_the_reception_data_checks_the_budget_amount():
    with pytest.raises(ValidationError):
        reception._check(reception_data(amount=Decimal("-1")))
