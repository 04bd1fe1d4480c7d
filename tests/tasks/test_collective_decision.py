"""三重一大: from the threshold on (admin data, 5万元 in the demo, inclusive) a 财务支出 cites a 党组会议's
议定事项, chosen through 办会's selectors and the policy, linked through the core; the request's page
shows it with a link to the decision on its 纪要 page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.minutes.selectors import citable_decisions
from office.links import LinkKind, links_from
from tasks.choices import PayMethod
from tasks.expenses import services as expenses
from tasks.models import AffairRequest, BudgetLine, DecisionThreshold
from tasks.requests import services as engine
from tests.helpers import client_for
from tests.tasks.conftest import pdf

pytestmark = pytest.mark.django_db
CITATION_QUERIES = 6


def _data(amount, decision=None, title="机关会议室音响设备更新") -> expenses.ExpenseData:
    line = BudgetLine.objects.get(year=engine.timezone.localdate().year, code="30201")
    return expenses.ExpenseData(
        title=title, amount=Decimal(amount), budget_line=line, payee="江城市音响设备公司", payee_account="",
        purpose="会议室音响设备", pay_method=PayMethod.TRANSFER, decision=decision,
    )


def _party_decision(user):
    return citable_decisions(user=user, kind_code="dzh").first()


def test_from_the_threshold_on_a_decision_of_the_party_group_is_required(demo):
    from office.models import User

    clerk = User.objects.get(username="zhouting")
    assert DecisionThreshold.objects.get().amount == Decimal("50000")
    below = expenses.expense_create(actor=clerk, data=_data("49999.99"))
    at = expenses.expense_create(actor=clerk, data=_data("50000"))
    for obj in (below, at):
        engine.request_file_add(actor=clerk, request_obj=obj, category="invoice", upload=pdf("发票.pdf"))
    assert not any("三重一大" in p for p in engine.problems(below))
    with pytest.raises(ValidationError, match="三重一大"):
        engine.request_submit(actor=clerk, request_obj=at)
    at.refresh_from_db()
    assert at.state == "draft" and at.expense.reserved == 0
    # A 局长办公会议's decision is not a 党组会议's: refused, named.
    other = citable_decisions(user=clerk, kind_code="jzbg").first()
    with pytest.raises(ValidationError, match="党组会议议定事项"):
        expenses.expense_edit(actor=clerk, request_obj=at, data=_data("50000", decision=other))
    decision = _party_decision(clerk)
    expenses.expense_edit(actor=clerk, request_obj=at, data=_data("50000", decision=decision))
    assert at in [link.other for link in links_from(user=clerk, source=decision, kinds=[LinkKind.DECISION])]
    # The page of a request citing a decision reads it in a fixed number of queries more than one that
    # does not: the core link, the policy on both ends, the decision with its 纪要, meeting and kind.
    client = client_for(clerk)
    counts = []
    for obj in (below, at):
        client.get(obj.get_absolute_url())
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(obj.get_absolute_url()).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[1] == counts[0] + CITATION_QUERIES
    assert engine.request_submit(actor=clerk, request_obj=at).state == "pending"


def test_a_requester_who_cannot_see_the_meeting_cannot_cite_it(demo):
    from office.models import User

    clerk, staff = User.objects.get(username="zhouting"), User.objects.get(username="qianli")
    decision = _party_decision(clerk)
    assert decision is not None and not citable_decisions(user=staff, kind_code="dzh").filter(pk=decision.pk).exists()
    with pytest.raises(ValidationError, match="党组会议议定事项"):
        expenses.expense_create(actor=staff, data=_data("60000", decision=decision))
    assert not AffairRequest.objects.filter(title="机关会议室音响设备更新").exists()


def test_the_request_page_shows_the_decision_with_its_link(demo):
    from office.models import User

    obj = AffairRequest.objects.get(title="机关视频会议系统升级改造")
    decision_id = obj.expense.decision_id
    assert decision_id
    page = client_for(User.objects.get(username="zhouting")).get(obj.get_absolute_url()).content.decode()
    assert "data-decision-link" in page and "党组会议 议定事项1" in page and "#decision-1" in page
    # The decision's page (its 纪要) lists the request citing it, through the same core link.
    url = page.split('data-decision-link')[0].rsplit('href="', 1)[1].split("#")[0]
    minutes = client_for(User.objects.get(username="zhouting")).get(url).content.decode()
    assert "data-cited-by" in minutes and obj.number in minutes
    # The principal sees the request and the meeting; a requester's department head of another department: neither.
    principal = client_for(User.objects.get(username="wangjianguo")).get(obj.get_absolute_url())
    assert "data-decision-link" in principal.content.decode()
    assert client_for(User.objects.get(username="zhoujianhua")).get(obj.get_absolute_url()).status_code == 404
