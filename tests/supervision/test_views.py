"""督办 pages: a fixed number of queries whatever the number of rows, bad input answered on the page."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from supervision.choices import ItemState
from supervision.items import progress
from supervision.models import SupervisedItem
from tests.helpers import client_for

S = ItemState
#: Pinned query counts (the same with 3 rows or 12 on the list; 1 report or 6 on the detail). Each page
#: also reads the session, the user, the nav's counters and the page's own rows.
PAGES = {("office", "list"): 11, ("office", "mine"): 9, ("head", "mine"): 11, ("leader", "mine"): 10}
DETAIL = {"sunhao": 18, "qianli": 18, "liminghua": 19}


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def test_the_list_and_my_items_take_the_same_queries_for_3_or_12_items(make, people):
    for _ in range(3):
        make(S.HANDLING)
    office, head, leader = (client_for(people[u]) for u in ("sunhao", "zhoujianhua", "liminghua"))
    urls = {"list": "/supervision/items/?light=green&q=督办", "mine": "/supervision/items/mine/"}
    few = {("office", k): _count(office, u) for k, u in urls.items()}
    few[("head", "mine")] = _count(head, urls["mine"])
    few[("leader", "mine")] = _count(leader, urls["mine"])
    for _ in range(9):
        make(S.HANDLING, assisting=("RCKF", "RSC"))
    many = {("office", k): _count(office, u) for k, u in urls.items()}
    many[("head", "mine")] = _count(head, urls["mine"])
    many[("leader", "mine")] = _count(leader, urls["mine"])
    assert few == many == PAGES


def test_the_detail_takes_the_same_queries_for_1_or_6_reports(make, people):
    one = make(S.HANDLING)
    progress.report_submit(actor=people["qianli"], item=one, text="一", percent=10)
    six = make(S.HANDLING, assisting=("RCKF", "RSC"))
    for n in range(6):
        progress.report_submit(actor=people["qianli"], item=SupervisedItem.objects.get(pk=six.pk), text=f"第{n}次",
                               percent=10 * (n + 1))
    for username in ("sunhao", "qianli", "liminghua"):
        client = client_for(people[username])
        a, b = _count(client, f"/supervision/items/{one.pk}/"), _count(client, f"/supervision/items/{six.pk}/")
        assert a == b == DETAIL[username], (username, a, b)


def test_a_bad_report_is_answered_on_the_page_and_changes_nothing(make, people):
    item = make(S.HANDLING)
    client = client_for(people["qianli"])
    response = client.post(f"/supervision/items/{item.pk}/do/report/", {"text": "进展", "percent": "101"})
    assert response.status_code == 400
    assert "完成进度须在 0 到 100 之间。" in response.content.decode()
    response = client.post(f"/supervision/items/{item.pk}/do/report/", {"text": "", "percent": "10"})
    assert response.status_code == 400
    assert not item.reports.exists()
    response = client.post(f"/supervision/items/{item.pk}/do/extend/",
                           {"new_due_on": item.due_on.isoformat(), "reason": "忙"})
    assert response.status_code == 400 and "须晚于当前办理时限" in response.content.decode()


def test_立项_from_the_form(people, units):
    client = client_for(people["sunhao"])
    due = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    data = {"title": "做好2027年元旦春节期间根治欠薪工作", "requirement": "节前完成专项检查。", "lead_unit": units["JCZD"].pk,
            "assisting_units": [units["LDGX"].pk], "due_on": due, "importance": "key", "secret_level": "0",
            "report_cycle": "weekly", "milestone_1": "完成摸底排查", "milestone_1_on": due}
    response = client.post("/supervision/items/new/", data)
    assert response.status_code == 302
    item = SupervisedItem.objects.get(title=data["title"])
    assert item.milestones.count() == 1 and item.parts.get().unit.code == "LDGX"
    response = client.post("/supervision/items/new/", {**data, "due_on": "2020-01-01", "title": "过期"})
    assert response.status_code == 400 and "办理时限不能早于今天。" in response.content.decode()
    assert not SupervisedItem.objects.filter(title="过期").exists()
    assert client_for(people["zhoujianhua"]).get("/supervision/items/new/").status_code == 404
