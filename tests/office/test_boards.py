"""The dashboards (看板, issue 17): their figures against counts made here, over the demo organ;
the figures after writes (stale until the job recounts, right after it); a deputy's scope; who
opens which board."""

from __future__ import annotations

import datetime as dt
import math
import re
import statistics

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from documents.models import IncomingDocument
from office import figures
from office.models import Deadline, Figure, OrgUnit, User
from office.permissions import restrict
from office.workdays import WorkCalendar
from supervision.models import SupervisedItem
from tests.conftest import DEMO_ROLES
from tests.helpers import client_for

OPEN = ("assigned", "adjusting", "signed", "handling", "reported", "reporting_back", "accepted")
FINISHED = ("closed", "evaluated")


def _user(role: str) -> User:
    return User.objects.get(username=DEMO_ROLES[role])


def _stored(key: str, dim: str = "", period: str = "") -> dict:
    return {f.unit_id: f.value for f in Figure.objects.filter(key=key, dim=dim, period=period)}


def _periods(today: dt.date) -> dict[str, tuple[dt.date, dt.date]]:
    first = today.replace(day=1)
    next_first = (first + dt.timedelta(days=32)).replace(day=1)
    last_end = first - dt.timedelta(days=1)
    return {
        f"{today:%Y-%m}": (first, next_first - dt.timedelta(days=1)),
        f"{last_end:%Y-%m}": (last_end.replace(day=1), last_end),
        str(today.year): (dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)),
    }


def test_the_figures_equal_a_count_made_here(demo):
    today = timezone.localdate()
    items = list(SupervisedItem.objects.all())
    # 按期办结率: for each period, the items due in it (no draft, no cancelled) and those finished on time.
    for period, (start, end) in _periods(today).items():
        due, on_time = {}, {}
        for item in items:
            if item.state in ("draft", "cancelled") or not start <= item.due_on <= end:
                continue
            for unit in (None, item.lead_unit_id):
                due[unit] = due.get(unit, 0) + 1
                if item.state in FINISHED and item.completed_on <= item.due_on:
                    on_time[unit] = on_time.get(unit, 0) + 1
        assert _stored("supervision.ontime", "due", period) == {u: float(n) for u, n in due.items()}, period
        assert {u: v for u, v in _stored("supervision.ontime", "on_time", period).items() if v} == {
            u: float(n) for u, n in on_time.items()}, period
    # Overdue: open, past the limit, no 办结报告 within it.
    overdue = {None: 0}
    for item in items:
        if item.state in OPEN and item.due_on < today and (item.completed_on is None or item.completed_on > item.due_on):
            overdue[None] += 1
            overdue[item.lead_unit_id] = overdue.get(item.lead_unit_id, 0) + 1
    assert overdue[None] > 0
    assert _stored("supervision.overdue") == {u: float(n) for u, n in overdue.items()}
    # 办理周期 of 收文 done this year: median (the lower one) and the 90th percentile (nearest rank).
    cal = WorkCalendar()
    days = [
        cal.workdays_between(timezone.localtime(d.registered_at).date(), timezone.localtime(d.done_at).date())
        for d in IncomingDocument.objects.filter(done_at__year=today.year, registered_at__isnull=False)
    ]
    assert days
    year = str(today.year)
    assert _stored("incoming.cycle", "p50", year)[None] == statistics.median_low(days)
    assert _stored("incoming.cycle", "p90", year)[None] == sorted(days)[math.ceil(0.9 * len(days)) - 1]
    assert _stored("incoming.cycle", "n", year)[None] == len(days)

    # The principal's board shows the organ's rate for this year and its overdue count.
    due = _stored("supervision.ontime", "due", year)[None]
    rate = round(100 * _stored("supervision.ontime", "on_time", year).get(None, 0) / due, 1)
    page = client_for(_user("principal")).get("/board/").content.decode()
    ontime = page[page.index('data-section="supervision.ontime"'):]
    assert re.search(rf">全局</th>.*?>{rate:g}%</a></td>\s*</tr>", ontime, re.S)
    assert f">{overdue[None]}</a>" in page[page.index('data-section="supervision.overdue"'):]

    # The rate links to the list behind it: the items due this year, through the policy.
    link = re.search(r'href="([^"]*timeliness=counted[^"]*)">' + re.escape(f"{rate:g}%"), ontime).group(1)
    listed = client_for(_user("principal")).get(link.replace("&amp;", "&")).content.decode()
    assert f"共 {int(due)} 条" in listed


def test_after_writes_the_figures_are_stale_until_the_job_recounts_them(demo):
    call_command("recount_figures", "--compare")  # the demo's figures are current
    office = _user("office")
    deadline = Deadline.objects.filter(state="open", secret_level=0).order_by("id").first()
    before = _stored("urges", "manual", f"{timezone.localdate():%Y-%m}").get(None, 0)
    response = client_for(office).post(f"/deadlines/{deadline.pk}/urge/", {"message": "请抓紧办理。", "confirm": "1"})
    assert response.status_code == 302
    from supervision.items.services import item_close

    accepted = SupervisedItem.objects.filter(state="accepted").order_by("id").first()
    item_close(actor=office, item=accepted, opinion="同意销号。")

    with pytest.raises(CommandError, match="differ from a recount"):
        call_command("recount_figures", "--compare")
    page = client_for(office).get("/board/").content.decode()
    assert "统计数据截至" in page

    from office.jobs import refresh_figures

    refresh_figures()  # what the beat runs
    call_command("recount_figures", "--compare")
    assert _stored("urges", "manual", f"{timezone.localdate():%Y-%m}")[None] == before + 1


def test_a_deputy_sees_his_departments_or_the_organ_totals_never_another_department(demo):
    deputy = _user("deputy")
    mine = set(deputy.in_charge_of.values_list("pk", flat=True))
    names = {u.pk: u.short_name or u.name for u in OrgUnit.objects.filter(kind="department")}
    others = [name for pk, name in names.items() if pk not in mine]
    client = client_for(deputy)

    response = client.get("/board/")
    board = response.context["board"]
    assert {c.unit_id for c in board.columns} == mine
    assert board.figures.units() <= mine
    page = response.content.decode()
    assert "全局合计" in page and not any(f">{name}</th>" in page for name in others)
    # His departments' overdue figures equal a count of what the policy lets him see.
    today = timezone.localdate()
    for unit_id in mine:
        seen = restrict(SupervisedItem.objects.all(), deputy).filter(
            lead_unit_id=unit_id, state__in=OPEN, due_on__lt=today).exclude(completed_on__lte=F("due_on"))
        assert board.figures.count("supervision.overdue", unit_id) == seen.count()

    organ = client.get("/board/?scope=organ")
    assert {c.unit_id for c in organ.context["board"].columns} == {None}
    assert organ.context["board"].figures.units() == {None}
    assert not any(f">{name}</th>" in organ.content.decode() for name in names.values())


@pytest.mark.parametrize(("role", "board"), [
    ("principal", "领导看板"), ("deputy", "领导看板"), ("office", "办公室看板"), ("dept_head", "处室看板"),
    ("staff", None), ("sysadmin", None), ("secadmin", None), ("auditor", None),
])
def test_who_opens_which_board(demo_people, role, board):
    figures.refresh()
    response = client_for(_user(role)).get("/board/")
    if board is None:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert f"<h1 class=\"h4 mb-1\">{board}</h1>" in response.content.decode()
