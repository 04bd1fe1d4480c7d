"""The workbench: 待办 / 已办 / 待阅 / 通知 of the logged-in user, and only theirs.

Rows are made through the services (``todo_open``, ``todo_close``, ``notification_send``)
by the factories; what is checked is what the person sees: the rows of each tab, the
badges of the navigation bar, the pages, and a fixed number of queries per page.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from office import services
from office.choices import Role, TodoKind
from office.models import Notification
from tests.factories import NotificationFactory, TodoFactory, UnitFactory, UserFactory
from tests.helpers import assert_num_queries, client_for

TABS = ("todo", "done", "toread", "notifications")
#: Queries for one workbench page, whatever the number of rows: session, user, the
#: tab's count and page, the panels, the navigation badges, the organ's name; the
#: 待办 tab also reads the working-day calendar for its deadline lights; the 发文 panel
#: counts its boxes in one query. Each tab then asks the policy which of its page's targets
#: the user may still see: one query per kind of target on the page (here one: the rows
#: point at users; the notifications here point at nothing, so that tab needs none).
PINNED_QUERIES = {"todo": 16, "done": 15, "toread": 15, "notifications": 14}  # +2: the 督查督办 panel (calendar, lights)


@pytest.fixture
def people(db):
    unit = UnitFactory(name="政策法规处")
    me = UserFactory(role=Role.STAFF, unit=unit, full_name="钱莉", username="qianli")
    colleague = UserFactory(role=Role.STAFF, unit=unit, full_name="孙鹏", username="sunpeng")
    return me, colleague




def make_rows(user, tab: str, count: int, start: int = 0) -> list[str]:
    """``count`` rows on ``user``'s ``tab``, through the services; returns their titles."""
    titles = []
    for i in range(start, start + count):
        title = f"{tab}-行{i:03d}"
        if tab == "todo":
            TodoFactory(user=user, title=title, due_at=timezone.now() + timedelta(days=i % 5 - 2), is_urgent=i % 7 == 0)
        elif tab == "toread":
            TodoFactory(user=user, title=title, kind=TodoKind.READ)
        elif tab == "done":
            todo = TodoFactory(user=user, title=title)
            services.todo_close(target=todo.target, step=todo.step, user=user)
        else:
            NotificationFactory(recipient=user, title=title)
        titles.append(title)
    return titles


def badges(html: str) -> dict[str, int]:
    """The navigation bar's counters."""
    return {key: int(value) for key, value in re.findall(r'data-count="(\w+)">(\d+)<', html)}


def test_each_tab_shows_its_own_rows_and_nobody_elses(people):
    me, colleague = people
    mine = {tab: make_rows(me, tab, 2) for tab in TABS}
    theirs = [title for tab in TABS for title in make_rows(colleague, tab, 1, start=90)]
    client = client_for(me)
    for tab in TABS:
        html = client.get(f"/?tab={tab}").content.decode()
        for other_tab in TABS:
            for title in mine[other_tab]:
                assert (title in html) == (other_tab == tab), f"{title} on the {tab} tab"
        for title in theirs:
            assert title not in html, f"the colleague's {title} on my {tab} tab"


def test_navigation_badges_count_open_items(people):
    me, colleague = people
    make_rows(me, "todo", 3)
    make_rows(me, "toread", 2)
    make_rows(me, "done", 4)
    make_rows(me, "notifications", 5)
    make_rows(colleague, "todo", 7)
    make_rows(colleague, "notifications", 7)
    html = client_for(me).get("/").content.decode()
    assert badges(html) == {"todo": 3, "toread": 2, "notifications": 5}
    # The four stat cards at the top say the same, and count what is done.
    assert re.findall(r'class="sb-stat-num">(\d+)<', html) == ["3", "2", "5", "4"]


@pytest.mark.parametrize("tab", TABS)
def test_query_count_does_not_grow_with_rows(people, tab):
    me, _colleague = people
    client = client_for(me)
    make_rows(me, tab, 1)
    with assert_num_queries(PINNED_QUERIES[tab]):
        response = client.get(f"/?tab={tab}")
    assert response.status_code == 200
    make_rows(me, tab, 49, start=1)
    with assert_num_queries(PINNED_QUERIES[tab]):
        response = client.get(f"/?tab={tab}")
    assert response.status_code == 200
    assert "共 50 条" in response.content.decode()


@pytest.mark.parametrize("tab", TABS)
def test_htmx_tab_request_returns_the_partial(people, tab):
    me, _colleague = people
    titles = make_rows(me, tab, 2)
    response = client_for(me).get(f"/?tab={tab}", headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "sb-header" not in html
    assert all(title in html for title in titles)


def test_pages_of_twenty(people):
    me, _colleague = people
    titles = make_rows(me, "toread", 50)  # newest first on this tab
    client = client_for(me)
    first = client.get("/?tab=toread").content.decode()
    assert "第 1 / 3 页，共 50 条" in first
    assert sum(title in first for title in titles) == 20
    assert titles[-1] in first and titles[0] not in first
    assert "?tab=toread&page=2" in first and "上一页" not in first
    last = client.get("/?tab=toread&page=3").content.decode()
    assert "第 3 / 3 页，共 50 条" in last
    assert sum(title in last for title in titles) == 10
    assert titles[0] in last and "下一页" not in last


def test_urgent_and_soonest_come_first(people):
    me, _colleague = people
    now = timezone.now()
    TodoFactory(user=me, title="普通而晚", due_at=now + timedelta(days=9))
    TodoFactory(user=me, title="普通而早", due_at=now + timedelta(days=1))
    TodoFactory(user=me, title="紧急事项", is_urgent=True, due_at=now + timedelta(days=20))
    html = client_for(me).get("/?tab=todo").content.decode()
    assert html.index("紧急事项") < html.index("普通而早") < html.index("普通而晚")
    assert "急</span>" in html


def test_opening_a_notification_marks_it_read(people):
    me, _colleague = people
    note = NotificationFactory(recipient=me, title="请参加周一局务会", url="/profile/")
    NotificationFactory(recipient=me, title="另一条")
    client = client_for(me)
    assert badges(client.get("/").content.decode())["notifications"] == 2
    response = client.post(f"/notifications/{note.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/profile/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert badges(client.get("/").content.decode())["notifications"] == 1
    # Opening it again keeps the first reading time.
    read_at = note.read_at
    client.post(f"/notifications/{note.pk}/open/")
    note.refresh_from_db()
    assert note.read_at == read_at


def test_a_notification_link_to_another_site_is_not_followed(people):
    me, _colleague = people
    note = NotificationFactory(recipient=me, url="https://evil.example.com/phish")
    response = client_for(me).post(f"/notifications/{note.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == "/?tab=notifications"


def test_mark_all_read(people):
    me, colleague = people
    make_rows(me, "notifications", 3)
    make_rows(colleague, "notifications", 2)
    client = client_for(me)
    html = client.get("/?tab=notifications").content.decode()
    assert "全部标为已读" in html
    response = client.post("/notifications/read-all/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [("/?tab=notifications", 302)]
    assert "已将 3 条通知标为已读。" in html
    assert badges(html)["notifications"] == 0
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=colleague, read_at__isnull=True).count() == 2


def test_empty_tabs_say_so(people):
    me, _colleague = people
    client = client_for(me)
    assert "没有待办事项" in client.get("/?tab=todo").content.decode()
    assert "暂无已办事项" in client.get("/?tab=done").content.decode()
    assert "没有待阅文件" in client.get("/?tab=toread").content.decode()
    html = client.get("/?tab=notifications").content.decode()
    assert "暂无通知" in html and "全部标为已读" not in html


def test_administrators_have_only_the_notifications_tab(db):
    admin = UserFactory(role=Role.SYSADMIN)
    NotificationFactory(recipient=admin, title="系统维护通知")
    html = client_for(admin).get("/?tab=todo").content.decode()
    assert 'data-tab="notifications"' in html and 'data-tab="todo"' not in html
    assert "系统维护通知" in html
