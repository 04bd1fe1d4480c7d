"""办事 pages: query counts pinned (the same for 3 or 12 requests), the export is what the list shows,
bad input answered on the page with nothing changed, a double-submitted approval named."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tasks.models import AffairRequest
from tasks.requests import services as engine
from tests.helpers import assert_num_queries, client_for

pytestmark = pytest.mark.django_db


LIST_QUERIES, DETAIL_QUERIES = 6, 10


@pytest.mark.parametrize("url", ["/tasks/expense/", "/tasks/expense/?box=mine&state=pending", "/tasks/budget/"])
def test_a_list_takes_the_same_queries_for_3_or_12_requests(make_expense, people, url):
    office = client_for(people["zhouting"])
    for n in (3, 9):
        for _ in range(n):
            engine.request_submit(actor=people["qianli"], request_obj=make_expense())
        office.get(url)
        with assert_num_queries(LIST_QUERIES):
            assert office.get(url).status_code == 200


def test_waiting_for_me_lists_what_waits_for_me_in_a_fixed_number_of_queries(make_expense, people):
    head, director = client_for(people["zhoujianhua"]), client_for(people["liuxiaodong"])
    mine = make_expense(title="待处长审批的支出")
    engine.request_submit(actor=people["qianli"], request_obj=mine)
    head.get("/tasks/expense/?box=waiting")
    with assert_num_queries(LIST_QUERIES):
        page = head.get("/tasks/expense/?box=waiting").content.decode()
    assert "待处长审批的支出" in page
    assert "待处长审批的支出" not in director.get("/tasks/expense/?box=waiting").content.decode()


def test_the_detail_page_in_a_fixed_number_of_queries(make_expense, people):
    head = client_for(people["zhoujianhua"])
    for _n in (1, 3):
        obj = make_expense()
        engine.request_submit(actor=people["qianli"], request_obj=obj)
        head.get(f"/tasks/{obj.pk}/")
        with assert_num_queries(DETAIL_QUERIES):
            page = head.get(f"/tasks/{obj.pk}/").content.decode()
        assert 'data-action="approve"' in page and 'data-action="return"' in page


def test_the_export_is_what_the_list_shows(make_expense, people):
    for title in ("购置打印纸", "购置硒鼓", "会议场地租赁"):
        make_expense(title=title)
    office = client_for(people["zhouting"])
    response = office.get("/tasks/expense/export.xlsx?box=all&q=购置")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [c.value for c in sheet[2]][:7] == ["编号", "事由", "申请部门", "申请人", "金额（元）", "状态", "申请时间"]
    titles = [row[1].value for row in sheet.iter_rows(min_row=3)]
    assert sorted(titles) == ["购置打印纸", "购置硒鼓"]


def test_a_reception_with_too_many_companions_is_answered_on_the_form(people, rules):
    staff = client_for(people["qianli"])
    data = {
        "title": "接待调研组",
        "visitor_organ": "省人社厅",
        "visitor_names": "张明等5人",
        "visitor_rank": "处级",
        "visitors": "5",
        "companions": "4",
        "activity": "调研",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-02",
        "places": "局机关",
        "meals": "1",
        "meal_cost": "500",
        "amount": "12.345",
        "pay_method": "cash",
        "lodging_by_visitors": "on",
    }
    page = staff.post("/tasks/reception/new/", data)
    assert page.status_code == 400
    text = page.content.decode()
    assert "金额最多保留两位小数" in text and "选择一个有效的选项" in text or "不得使用现金" in text
    data.update(amount="1200", pay_method="card")
    page = staff.post("/tasks/reception/new/", data)
    assert page.status_code == 400 and "陪餐人数超过规定" in page.content.decode()
    data.update(companions="3", ends_on="2026-11-30")
    page = staff.post("/tasks/reception/new/", data)
    assert page.status_code == 400 and "结束日期不能早于开始日期" in page.content.decode()
    assert not AffairRequest.objects.exists()
    data.update(ends_on="2026-12-02")
    assert staff.post("/tasks/reception/new/", data).status_code == 302
    assert AffairRequest.objects.get().reception.companions == 3


def test_a_double_submitted_approval_is_named_and_changes_nothing(make_expense, people):
    obj = make_expense(amount="6000")
    engine.request_submit(actor=people["qianli"], request_obj=obj)
    head = client_for(people["zhoujianhua"])
    assert head.post(f"/tasks/{obj.pk}/approve/", {"text": "同意"}).status_code == 302
    again = head.post(f"/tasks/{obj.pk}/approve/", {"text": "同意"})
    assert again.status_code == 400
    assert "不能重复提交" in again.content.decode()
    assert obj.steps.filter(action="approve").count() == 1


def test_over_budget_is_shown_with_the_figures_before_submission(make_expense, people, budget):
    obj = make_expense(amount="25000", line="training")
    page = client_for(people["qianli"]).get(f"/tasks/{obj.pk}/").content.decode()
    assert "超出预算" in page and "剩余20000.00元" in page


def test_the_workbench_panel_counts_what_waits(make_expense, people):
    engine.request_submit(actor=people["qianli"], request_obj=make_expense())
    page = client_for(people["zhoujianhua"]).get("/").content.decode()
    assert 'data-kind="expense"' in page and "待我审批" in page


def test_the_system_administrator_keeps_seals_and_budget_lines_in_admin(people, budget):
    from office.models import User

    sysadmin = client_for(User.objects.get(username="sysadmin"))
    assert sysadmin.get("/admin/tasks/seal/add/").status_code == 200
    line = budget["office"]
    page = sysadmin.post(
        f"/admin/tasks/budgetline/{line.pk}/change/",
        {"year": line.year, "code": line.code, "name": line.name, "amount": "-5"},
    )
    assert page.status_code == 200 and "预算不能低于已占用与已支出之和" in page.content.decode()
    assert client_for(people["qianli"]).get("/admin/tasks/seal/").status_code in (302, 403, 404)
