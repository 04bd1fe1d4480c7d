"""The query budget of every list page and of the workbench (issue 11): at most 10 statements for
every role, on the demo organ — whatever the user's history, since nothing on them counts it."""

from __future__ import annotations

import pytest

from office.models import User
from tests.conftest import DEMO_ROLES
from tests.helpers import assert_num_queries, client_for

BUSINESS = ("principal", "deputy", "office", "dept_head", "staff")
#: Every list page (收文 and 发文 desks in their default and 全部 boxes, the archive catalogue,
#: 我的时限) and every workbench tab.
PAGES = (
    "/", "/?tab=todo", "/?tab=done", "/?tab=toread", "/?tab=notifications",
    "/documents/incoming/", "/documents/incoming/?box=all", "/documents/incoming/?box=done",
    "/documents/outgoing/", "/documents/outgoing/?box=all", "/documents/outgoing/?box=issued",
    "/documents/archive/", "/deadlines/", "/deadlines/?window=open",
    "/tasks/", "/tasks/expense/?box=all", "/tasks/seal/?box=mine", "/tasks/loan/?box=waiting", "/tasks/budget/",
    "/tasks/vehicle/?box=mine",
    "/documents/information/", "/documents/information/?box=all", "/documents/information/requests/",
    "/documents/information/issues/", "/exports/",
)
BUDGET = 10


@pytest.mark.parametrize("role", BUSINESS)
def test_every_list_and_the_workbench_within_ten_queries(demo, role):
    client = client_for(User.objects.get(username=DEMO_ROLES[role]))
    over = {}
    for page in PAGES:
        assert client.get(page).status_code == 200  # warm caches (content types)
        with _count() as ctx:
            assert client.get(page).status_code == 200
        if ctx.n > BUDGET:
            over[page] = ctx.n
    assert not over, f"over {BUDGET} queries for {role}: {over}"


class _count:
    """How many statements ran (assert_num_queries would need the exact number per page × role)."""

    def __enter__(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self._ctx = CaptureQueriesContext(connection)
        self._ctx.__enter__()
        return self

    def __exit__(self, *exc):
        self._ctx.__exit__(*exc)
        self.n = len(self._ctx.captured_queries)


def test_the_badges_and_every_count_of_a_page_are_one_statement(demo):
    """The office's workbench: the badges, 已办, the time-limit, 收文 and 发文 panels — one SELECT."""
    client = client_for(User.objects.get(username=DEMO_ROLES["office"]))
    client.get("/")
    with assert_num_queries(7) as ctx:
        assert client.get("/?tab=toread").status_code == 200
    counting = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counting) == 1 and counting[0].count("SELECT COUNT(*)") >= 10
    assert "office_todo" in counting[0] and "documents_incomingdocument" in counting[0]
    assert "documents_outgoingdocument" in counting[0] and "office_deadline" in counting[0]


#: The dashboards (看板, issue 17): each within the budget, whatever the organ's size (the figures are
#: summary rows read in one query; the live lists are bounded). Pinned per board and scope.
BOARDS = {
    ("principal", "/board/"): 9, ("deputy", "/board/"): 10, ("deputy", "/board/?scope=organ"): 9,
    ("office", "/board/"): 9, ("dept_head", "/board/"): 8,
}


@pytest.mark.parametrize(("role", "url"), list(BOARDS))
def test_every_dashboard_within_ten_queries(demo, role, url):
    client = client_for(User.objects.get(username=DEMO_ROLES[role]))
    assert client.get(url).status_code == 200
    with assert_num_queries(BOARDS[(role, url)]):
        assert client.get(url).status_code == 200
    assert BOARDS[(role, url)] <= BUDGET
