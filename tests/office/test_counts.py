"""Counts a user notices — the badges, the workbench's cards, "共 N 条" — cost the same whatever
the user's history: counted up to a bound ("999+", "1000+"), all of a page's in one statement,
and never counting what the user may no longer open."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from office import deadlines, services
from office.choices import Clearance, Role, TodoKind
from office.counts import Tally
from office.models import Todo
from tests.factories import NotificationFactory, TodoFactory, UnitFactory, UserFactory
from tests.helpers import assert_num_queries, client_for


@pytest.fixture
def me(db):
    return UserFactory(role=Role.STAFF, unit=UnitFactory(name="综合处"), full_name="钱莉", username="qianli",
                       clearance=Clearance.SECRET)


def badges(html: str) -> dict[str, str]:
    """The navigation bar's counters as shown ("3", "999+")."""
    return dict(re.findall(r'data-count="(\w+)">([\d+]+)<', html))


def cards(html: str) -> list[str]:
    """The workbench's four cards: 待办, 待阅, 未读通知, 已办."""
    return re.findall(r'class="sb-stat-num">([\d+]+)<', html)


def test_tallies_count_up_to_their_bound_all_in_one_statement(me):
    TodoFactory.bulk(1000, user=me)
    TodoFactory.bulk(3, user=me, kind=TodoKind.READ)
    rows = Todo.objects.filter(user=me)
    with assert_num_queries(1) as ctx:
        action, read, small = Tally(rows.filter(kind=TodoKind.ACTION)), Tally(rows.filter(kind=TodoKind.READ)), \
            Tally(rows, cap=1500)
        assert str(action) == "999+" and action.capped and int(action) == 999
        assert read == 3 and str(read) == "3" and not read.capped
        assert small == 1003
    assert "LIMIT 1000" in ctx.captured_queries[0]["sql"]  # never more than the bound is read
    assert Tally(rows.none()) == 0 and not Tally(rows.none())


def test_the_badge_reads_999_plus_with_a_thousand_open_to_dos(me):
    TodoFactory.bulk(1200, user=me)
    TodoFactory.bulk(5, user=me, kind=TodoKind.READ)
    NotificationFactory.bulk(3, recipient=me)
    html = client_for(me).get("/").content.decode()
    assert badges(html) == {"todo": "999+", "toread": "5", "notifications": "3"}
    assert cards(html) == ["999+", "5", "3", "0"]


def test_the_workbench_counts_no_history(me):
    """已办 is no badge; on the workbench's card it is capped like the others."""
    done = TodoFactory.bulk(1001, user=me)
    Todo.objects.filter(pk__in=[t.pk for t in done]).update(state="done", done_at=timezone.now())
    TodoFactory.bulk(2, user=me)
    html = client_for(me).get("/").content.decode()
    assert badges(html) == {"todo": "2", "toread": "0", "notifications": "0"}
    assert cards(html) == ["2", "0", "0", "999+"]


def test_a_long_list_offers_its_first_thousand_and_says_so(me):
    TodoFactory.bulk(1001, user=me, kind=TodoKind.READ)
    client = client_for(me)
    first = client.get("/?tab=toread").content.decode()
    assert "第 1 页，共 1000+ 条" in first and "?tab=toread&page=2" in first
    last = client.get("/?tab=toread&page=50").content.decode()
    assert "第 50 页，共 1000+ 条" in last and "下一页" not in last and "只列出前 1000 条" in last
    beyond = client.get("/?tab=toread&page=400").content.decode()
    assert "第 50 页，共 1000+ 条" in beyond  # past what is offered: the last page offered


def test_a_short_list_says_exactly(me):
    TodoFactory.bulk(1000, user=me, kind=TodoKind.READ)
    html = client_for(me).get("/?tab=toread&page=50").content.decode()
    assert "第 50 / 50 页，共 1000 条" in html and "只列出" not in html


@pytest.mark.parametrize("tab", ["todo", "done", "toread", "notifications"])
def test_the_workbench_costs_the_same_for_n_and_3n_rows(me, tab):
    client = client_for(me)

    def add(n):
        if tab == "notifications":
            NotificationFactory.bulk(n, recipient=me)
            return
        rows = TodoFactory.bulk(n, user=me, kind=TodoKind.READ if tab == "toread" else TodoKind.ACTION,
                                due_at=timezone.now() + dt.timedelta(days=2))
        if tab == "done":
            Todo.objects.filter(pk__in=[t.pk for t in rows]).update(state="done", done_at=timezone.now())

    add(25)
    client.get(f"/?tab={tab}")  # warm caches (content types)
    with assert_num_queries(9 if tab != "notifications" else 8) as small:
        assert client.get(f"/?tab={tab}").status_code == 200
    add(50)
    with assert_num_queries(len(small.captured_queries)):
        response = client.get(f"/?tab={tab}")
    assert "共 75 条" in response.content.decode()


def _secret_deadline(me, title, level):
    return deadlines.deadline_set(actor=None, title=title, responsible_unit=me.unit, responsible_user=me,
                                  due_at=timezone.now() + dt.timedelta(days=3), secret_level=level)


def test_the_badge_drops_when_clearance_is_lowered(me):
    """What the user may no longer open leaves the counts in the transaction that lowers the
    clearance: the to-dos are withdrawn, the notifications about it marked read."""
    secret = [_secret_deadline(me, f"秘密事项{i}", Clearance.SECRET) for i in range(2)]
    internal = _secret_deadline(me, "内部事项", Clearance.INTERNAL)
    for item in [*secret, internal]:
        TodoFactory(user=me, target=item, title=f"办理：{item.title}")
        NotificationFactory(recipient=me, title=f"提醒：{item.title}", target=item)
    client = client_for(me)
    before = client.get("/").content.decode()
    assert badges(before)["todo"] == "3" and badges(before)["notifications"] == "3"

    services.user_save(actor=None, username=me.username, full_name=me.full_name, unit=me.unit, role=me.role,
                       clearance=Clearance.INTERNAL, email=me.email)

    after = client.get("/").content.decode()
    assert badges(after) == {"todo": "1", "toread": "0", "notifications": "1"}
    assert "办理：内部事项" in after and "秘密事项" not in after
