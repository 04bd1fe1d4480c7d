"""The 收文 pages: lists per role with filters, a fixed number of queries whatever the rows."""

from __future__ import annotations

import pytest

from documents.choices import IncomingState as S
from tests.helpers import assert_num_queries, client_for

#: Queries of one list page: session, user, the page's rows (1), the filter form's unit choices
#: (lazy until rendered, then 1), the working-day overrides (1), the frame's organ and own unit
#: (1), and one statement for every count (the list's 共 N 条, the box pills, the badges;
#: office.counts); leaders add their 分管 units (1). Before issue 11: 11 / 12 / 11 / 11.
LIST_QUERIES = {"zhouting": 7, "liminghua": 8, "zhoujianhua": 7, "qianli": 7}


@pytest.mark.parametrize("username", list(LIST_QUERIES))
def test_the_list_runs_a_fixed_number_of_queries(walk, people, username):
    client = client_for(people[username])
    walk(to=S.HANDLING, handler="qianli")
    client.get("/documents/incoming/?box=all")  # warm caches (content types)
    with assert_num_queries(LIST_QUERIES[username]):
        assert client.get("/documents/incoming/?box=all").status_code == 200
    for _ in range(6):
        walk(to=S.HANDLING, handler="qianli")
    with assert_num_queries(LIST_QUERIES[username]):
        response = client.get("/documents/incoming/?box=all")
    assert response.content.decode().count('href="/documents/incoming/') >= 7


def test_the_detail_runs_a_fixed_number_of_queries(walk, people):
    """Steps, routings, 传阅 and assists are prefetched: the page does not grow with them."""
    from documents.incoming import services

    client = client_for(people["liuxiaodong"])
    small = walk(to=S.HANDLING, handler="qianli", leaders=("liminghua",))
    client.get(f"/documents/incoming/{small.pk}/")
    with CaptureCount() as first:
        client.get(f"/documents/incoming/{small.pk}/")
    big = walk(to=S.HANDLING, handler="qianli", leaders=("liminghua", "zhaozhigang", "wangjianguo"))
    services.incoming_circulate(
        actor=people["zhouting"], document=big,
        readers=[people[n] for n in ("chenxuemei", "zhoujianhua", "fengxiaoyan", "sunpeng")],
    )
    with assert_num_queries(first.count):
        assert client.get(f"/documents/incoming/{big.pk}/").status_code == 200


class CaptureCount:
    def __enter__(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self._ctx = CaptureQueriesContext(connection)
        self._ctx.__enter__()
        return self

    def __exit__(self, *exc):
        self._ctx.__exit__(*exc)
        self.count = len(self._ctx.captured_queries)


def test_filters_find_by_title_substring_year_and_type(walk, people):
    doc = walk(to=S.HANDLING, handler="qianli", title="关于开展人力资源市场秩序专项整治的通知", doc_type="circular")
    walk(to=S.HANDLING, handler="qianli", title="关于报送统计年报的函", doc_type="letter")
    client = client_for(people["zhouting"])
    page = client.get("/documents/incoming/", {"box": "all", "q": "市场秩序"}).content.decode()
    assert doc.title in page and "统计年报" not in page
    page = client.get("/documents/incoming/", {"box": "all", "doc_type": "letter"}).content.decode()
    assert "统计年报" in page and doc.title not in page
    page = client.get("/documents/incoming/", {"box": "all", "year": "2001"}).content.decode()
    assert "没有符合条件的文件" in page
    # A bad filter value is a message on the form, never a 500.
    assert client.get("/documents/incoming/", {"box": "all", "year": "abc", "urgency": "9"}).status_code == 200


def test_each_role_gets_its_boxes(people):
    assert [b for b in ("待签收", "待登记", "待初审", "待拟办") if b in client_for(people["zhouting"]).get("/documents/incoming/").content.decode()]
    page = client_for(people["qianli"]).get("/documents/incoming/").content.decode()
    assert "待签收" not in page and "承办中" in page


def test_a_leaders_box_holds_what_waits_on_him(walk, people):
    mine = walk(to=S.INSTRUCTING, leaders=("liminghua",))
    other = walk(to=S.INSTRUCTING, leaders=("zhaozhigang",), lead="JYCJ", assisting=())
    page = client_for(people["liminghua"]).get("/documents/incoming/?box=instructing").content.decode()
    assert f"/documents/incoming/{mine.pk}/" in page and f"/documents/incoming/{other.pk}/" not in page
