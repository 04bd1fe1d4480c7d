"""The desks' pills: how many wait in each box, counted up to 999 ("999+") through the policy;
boxes of history (已办结, 已归档, 已印发, 全部) show no count — theirs would only grow."""

from __future__ import annotations

import re

from documents.choices import IncomingState as S
from documents.choices import OutgoingState as O
from documents.incoming import selectors
from tests.helpers import assert_num_queries, client_for


def pills(html: str) -> dict[str, str | None]:
    """Each box of the desk → the count on its pill (None: no count shown)."""
    found = re.findall(r'href="\?box=(\w+)">[^<]*(?:<span class="badge[^"]*">([\d+]+)</span>)?</a>', html)
    return {key: count or None for key, count in found}


def test_the_incoming_desk_counts_what_waits_and_not_its_history(walk, people):
    for _ in range(2):
        walk(to=S.ARRIVED)
    walk(to=S.HANDLING, handler="qianli")
    walk(to=S.DONE, handler="qianli")
    office = pills(client_for(people["zhouting"]).get("/documents/incoming/").content.decode())
    assert office["arrived"] == "2" and office["handling"] == "1"
    assert office["done"] is None and office["all"] is None and office["archived"] is None
    staff = pills(client_for(people["qianli"]).get("/documents/incoming/").content.decode())
    assert staff == {"handling": "1", "done": None, "archived": None, "all": None}


def test_the_outgoing_desk_counts_what_waits_and_not_its_history(outgoing_walk, people):
    outgoing_walk(to=O.OFFICE_REVIEW)
    outgoing_walk(to=O.ISSUED)
    office = pills(client_for(people["zhouting"]).get("/documents/outgoing/").content.decode())
    assert office["office_review"] == "1" and office["issued"] is None and office["all"] is None


def test_box_counts_through_the_policy_in_one_statement(walk, people):
    walk(to=S.HANDLING, handler="qianli")
    walk(to=S.HANDLING, lead="RCKF", assisting=())
    with assert_num_queries(1):
        counts = selectors.box_counts(user=people["zhoujianhua"])  # head of ZCFG: only his department's
        assert counts == {"handling": 1}
    with assert_num_queries(1):
        assert selectors.box_counts(user=people["zhouting"])["handling"] == 2
