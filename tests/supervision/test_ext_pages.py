"""Pinned query counts of the plan, inspection and bulletin pages: the same for few rows or many."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from supervision.bulletins import services as bulletins
from supervision.inspections import services as inspections
from supervision.plans import services as plans
from supervision.plans import sheet
from tests.helpers import client_for

#: Each page also reads the session, the user and the nav's counters.
#: The inspection: it, its scope and team, its findings with their units and items, their evidence, the
#: calendar (the lights), the 处室 and 责任领导 choices (read once, whatever the number of open findings).
#: Before issue 13's point 5: 16 (the report draft read the findings again; a leader list per open finding).
PAGES = {"plan": 11, "inspections": 5, "inspection": 12, "bulletins": 5, "bulletin": 7, "figure": 8}


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def _add_plan_rows(people, tasks: int, per_task: int, start: int) -> None:
    today = timezone.localdate()
    header = [c.header for c in sheet.COLUMNS]
    rows = [["", f"重点任务{start + t}", f"事项{start + t}-{n}", "按要求落实。", "法规处", "人事处", "", today + dt.timedelta(days=40),
             "", "每月", ""] for t in range(tasks) for n in range(per_task)]
    parsed = sheet._parse_rows(iter([header, *rows]), today)
    assert parsed.ok
    plans.plan_import(actor=people["sunhao"], year=today.year, rows=parsed.rows)


def _add_inspection(people, units, findings: int) -> None:
    today = timezone.localdate()
    inspection = inspections.inspection_create(
        actor=people["sunhao"], kind="special", topic="专项督查", team_leader=people["liuxiaodong"], starts_on=today,
        ends_on=today + dt.timedelta(days=3), scope_units=[units["ZCFG"], units["RSC"]], members=[people["sunhao"]])
    for n in range(findings):
        finding = inspections.finding_record(actor=people["sunhao"], inspection=inspection, description=f"问题{n}",
                                             unit=units["ZCFG"], due_on=today + dt.timedelta(days=30))
        if n == 0:  # the others stay open: each shows the 责任领导 choice
            inspections.finding_rectify(actor=people["sunhao"], finding=finding)


def _pages(client, inspection_pk, bulletin_pk, year) -> dict[str, int]:
    return {
        "plan": _count(client, f"/supervision/plans/{year}/"),
        "inspections": _count(client, "/supervision/inspections/"),
        "inspection": _count(client, f"/supervision/inspections/{inspection_pk}/"),
        "bulletins": _count(client, "/supervision/bulletins/"),
        "bulletin": _count(client, f"/supervision/bulletins/{bulletin_pk}/"),
        "figure": _count(client, f"/supervision/bulletins/{bulletin_pk}/items/due/"),
    }


def test_the_pages_take_the_same_queries_for_few_or_many_rows(people, units, make):
    from supervision.models import Bulletin, Inspection

    year = timezone.localdate().year
    office = client_for(people["sunhao"])
    _add_plan_rows(people, tasks=2, per_task=1, start=0)
    _add_inspection(people, units, findings=2)  # one turned into an item, one not (its form lists leaders)
    make(days=5)
    bulletin = bulletins.bulletin_generate(actor=people["sunhao"], period="year", year=year)
    inspection = Inspection.objects.get()
    _pages(office, inspection.pk, bulletin.pk, year)  # content types and the like cached, as on a running server
    few = _pages(office, inspection.pk, bulletin.pk, year)
    _add_plan_rows(people, tasks=4, per_task=3, start=10)
    for _ in range(3):
        _add_inspection(people, units, findings=3)
    for _ in range(4):
        make(days=6, assisting=("RCKF", "RSC"))
    bulletins.bulletin_generate(actor=people["sunhao"], period="month", year=year, index=timezone.localdate().month)
    bulletin = bulletins.bulletin_generate(actor=people["sunhao"], period="year", year=year)
    assert Bulletin.objects.count() == 2
    inspection = Inspection.objects.order_by("-id").first()
    many = _pages(office, inspection.pk, bulletin.pk, year)
    assert few == many == PAGES, (few, many)


def test_the_inspection_page_with_its_report_and_its_draft(people, units):
    """Once there is a report, the core's links are read for its draft (the links, the policy: +2); once the
    draft exists, the draft itself too (+3)."""
    from supervision.models import Inspection

    office = client_for(people["sunhao"])
    _add_inspection(people, units, findings=3)
    inspection = Inspection.objects.get()
    url = f"/supervision/inspections/{inspection.pk}/"
    _count(office, url)
    assert _count(office, url) == PAGES["inspection"]
    inspections.inspection_report_save(actor=people["sunhao"], inspection=inspection, report="一、基本情况")
    _count(office, url)
    assert _count(office, url) == PAGES["inspection"] + 2
    inspections.inspection_report_to_outgoing(actor=people["sunhao"], inspection=Inspection.objects.get())
    _count(office, url)
    assert _count(office, url) == PAGES["inspection"] + 3
