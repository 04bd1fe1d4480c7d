"""Detail pages (收文, 发文, 时限) run a fixed number of queries for each role — the office's 文书,
a 处长 and a 副局长 — whatever the number of steps, routings, 传阅, 协办, versions, 会签,
recipients, moves or 催办: a small and a big object give the same count, pinned here.

Each count is the page's own reads plus the frame every page pays (session, user, the
user's unit, the two inbox badges, the organ's name: 6) and the choices of the step forms
shown. The page's own reads: the object with its joins, one query per collection it shows
(prefetched), the policy's 分管 units for a leader, the calendar for the traffic light, and
only what the user's next step needs (the open 批示 in 待批示, the office duties).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from documents.choices import IncomingState as S
from documents.choices import OutgoingState as O
from documents.incoming import services
from documents.models import OutgoingDocument
from documents.outgoing import issue
from documents.outgoing import services as svc
from office import deadlines
from tests.documents.conftest import draft_data
from tests.helpers import assert_num_queries, client_for

pytestmark = pytest.mark.django_db

ROLES = ("zhouting", "zhoujianhua", "liminghua")  # 文书, 政策法规处处长, 分管副局长
#: (page, state) → role → queries. Frame 6 + the page's own reads + the step forms' choices.
PINNED = {
    ("incoming", S.INSTRUCTING): {"zhouting": 15, "zhoujianhua": 13, "liminghua": 18},
    ("incoming", S.HANDLING): {"zhouting": 15, "zhoujianhua": 15, "liminghua": 15},
    # 发文: + the core's links (用印, 借阅 — as the 收文 page reads them): the links and the policy on the document.
    ("outgoing", O.ISSUED): {"zhouting": 15, "zhoujianhua": 14, "liminghua": 15},
    ("deadline", "open"): {"zhouting": 9, "zhoujianhua": 9, "liminghua": 10},
}


def statements(client, url: str) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def same_count(role: str, key: tuple, small_url: str, big_url: str, people) -> None:
    client = client_for(people[role])
    client.get(small_url)  # warm: content types, the first visit's 待阅
    client.get(big_url)
    small, big = statements(client, small_url), statements(client, big_url)
    assert len(small) == len(big), "\n".join(["small:", *small, "big:", *big])
    with assert_num_queries(PINNED[key][role]):
        client.get(big_url)


def _incoming_pair(walk, people, state):
    small = walk(to=state, leaders=("liminghua",), assisting=("RCKF",), handler="qianli" if state == S.HANDLING else None)
    big = walk(to=state, leaders=("liminghua", "zhaozhigang", "wangjianguo") if state == S.HANDLING else ("liminghua", "zhaozhigang"),
               assisting=("RCKF", "JYCJ", "ZJRY"), handler="qianli" if state == S.HANDLING else None)
    services.incoming_circulate(
        actor=people["zhouting"], document=big,
        readers=[people[n] for n in ("chenxuemei", "fengxiaoyan", "sunpeng", "weiping")], note="请阅。",
    )
    if state == S.HANDLING:
        services.incoming_assist(actor=people["fengxiaoyan"], document=big, text="同意，配合办理。")
    return small, big


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", [S.INSTRUCTING, S.HANDLING])
def test_incoming_detail(walk, people, role, state):
    small, big = _incoming_pair(walk, people, state)
    assert big.steps.count() > small.steps.count()
    same_count(role, ("incoming", state), small.get_absolute_url(), big.get_absolute_url(), people)


@pytest.mark.parametrize("role", ROLES)
def test_outgoing_detail(outgoing_walk, people, role):
    small = outgoing_walk(to=O.ISSUED)
    big = outgoing_walk(to=O.DRAFTING)
    for n in range(3):
        svc.outgoing_update(actor=people["qianli"], document=big, data=draft_data(
            title=big.title, body=big.body + f"\n第{n}次补充。"))
    big = svc.outgoing_submit(actor=people["qianli"], document=big)
    big = svc.outgoing_dept_approve(actor=people["zhoujianhua"], document=big)
    big = svc.outgoing_office_check(actor=people["liuxiaodong"], document=big, signer=people["liminghua"],
                                    countersign_units=[people["fengxiaoyan"].unit, people["weiping"].unit])
    for head in ("fengxiaoyan", "weiping"):
        svc.outgoing_countersign(actor=people[head], document=big, agree=True)
    big = OutgoingDocument.objects.get(pk=big.pk)
    big = svc.outgoing_sign(actor=people["liminghua"], document=big, opinion="同意。")
    big = svc.outgoing_recheck(actor=people["zhouting"], document=big)
    big = svc.outgoing_number(actor=people["zhouting"], document=big)
    big = issue.outgoing_issue(actor=people["zhouting"], document=big, copies=9,
                               internal_units=[people["weiping"].unit, people["fengxiaoyan"].unit,
                                               people["zhoujianhua"].unit])
    same_count(role, ("outgoing", O.ISSUED), small.get_absolute_url(), big.get_absolute_url(), people)


@pytest.mark.parametrize("role", ROLES)
def test_deadline_detail(people, role):
    unit = people["zhoujianhua"].unit
    due = timezone.now() + dt.timedelta(days=20)
    small = deadlines.deadline_set(actor=people["liuxiaodong"], title="报送年度总结", responsible_unit=unit,
                                   responsible_user=people["qianli"], due_at=due)
    big = deadlines.deadline_set(actor=people["liuxiaodong"], title="报送政策评估报告", responsible_unit=unit,
                                 responsible_user=people["qianli"], due_at=due)
    for n in range(3):
        big = deadlines.deadline_move(actor=people["liuxiaodong"], deadline=big, due_at=due + dt.timedelta(days=n + 1),
                                      reason=f"第{n + 1}次调整")
        deadlines.deadline_urge(actor=people["zhouting"], deadline=big, message=f"请抓紧办理（{n + 1}）")
    same_count(role, ("deadline", "open"), f"/deadlines/{small.pk}/", f"/deadlines/{big.pk}/", people)
