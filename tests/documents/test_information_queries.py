"""Query counts of the 政务信息 pages, pinned on the demo organ (a year of items, 24 issues): the
count does not grow with the rows (the lists page and count capped, the detail prefetches)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import InformationIssue, InformationItem
from office.models import User
from tests.conftest import DEMO_ROLES
from tests.documents.test_information_roles import IN_ISSUE, QUEUED
from tests.helpers import client_for

BASE = "/documents/information/"


def _pages():
    """(role, page): the desk in its default and 全部 boxes, an item, an issue, the statistics."""
    item = InformationItem.objects.get(title=IN_ISSUE).pk
    queued = InformationItem.objects.get(title=QUEUED).pk
    issue = InformationIssue.objects.get(entries__item_id=item).pk
    year = InformationIssue.objects.get(pk=issue).year
    return {
        ("office", BASE): None,
        ("office", f"{BASE}?box=all"): None,
        ("staff", BASE): None,
        ("principal", f"{BASE}?box=used"): None,
        ("office", f"{BASE}{item}/"): None,
        ("office", f"{BASE}{queued}/"): None,
        ("staff", f"{BASE}{item}/"): None,
        ("principal", f"{BASE}{item}/"): None,
        ("office", f"{BASE}issues/{issue}/"): None,
        ("principal", f"{BASE}issues/{issue}/"): None,
        ("office", f"{BASE}scores/?period=year&year={year}"): None,
        ("office", f"{BASE}scores/items/?period=year&year={year}&figure=points"): None,
    }


#: (role, page) → statements, in the order of _pages().
PINNED = [6, 6, 6, 6, 13, 13, 12, 14, 7, 7, 9, 7]


def test_the_pages_query_counts_are_pinned(demo):
    seen = []
    for role, url in _pages():
        client = client_for(User.objects.get(username=DEMO_ROLES[role]))
        assert client.get(url).status_code == 200  # warm the caches

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        seen.append(len(ctx.captured_queries))
    assert seen == PINNED, seen
