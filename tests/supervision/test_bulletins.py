"""督查通报 from the demo data: every figure equals a count made here independently, each figure opens
the list behind it, the bulletin becomes a draft 通报 in the 发文 pipeline."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from office.models import Link, User
from supervision.bulletins import figures
from supervision.models import Bulletin, SupervisedItem
from tests.helpers import client_for

OPEN = {"assigned", "adjusting", "signed", "handling", "reported", "reporting_back", "accepted"}
DONE = {"closed", "evaluated"}


def _expected(start: dt.date, end: dt.date, as_of: dt.date) -> dict[int, Counter]:
    """The figures counted item by item in plain Python, without supervision.ontime."""
    found: dict[int, Counter] = {}
    for item in SupervisedItem.objects.select_related("evaluation").order_by("id"):
        counted = item.state not in ("draft", "cancelled")
        assigned = timezone.localtime(item.assigned_at).date() if item.assigned_at else None
        done = item.state in DONE and item.completed_on is not None and start <= item.completed_on <= end
        c = found.setdefault(item.lead_unit_id, Counter())
        c["assigned"] += counted and assigned is not None and start <= assigned <= end
        c["finished"] += done
        c["on_time"] += done and item.completed_on <= item.due_on
        c["late"] += done and item.completed_on > item.due_on
        c["overdue"] += (item.state in OPEN and item.due_on < as_of
                         and (item.completed_on is None or item.completed_on > item.due_on))
        c["missed"] += (counted and item.missed_reports > 0 and assigned is not None and assigned <= end
                        and (item.completed_on is None or item.completed_on >= start))
        due = counted and start <= item.due_on <= end
        c["due"] += due
        c["due_on_time"] += (due and item.state in DONE and item.completed_on is not None
                             and item.completed_on <= item.due_on)
    return found


@pytest.fixture
def office(demo):
    return client_for(User.objects.get(username="sunhao"))


@pytest.mark.parametrize("period", ["year", "month", "quarter"])
def test_the_figures_equal_an_independent_count_of_the_demo(office, period):
    today = timezone.localdate()
    index = {"year": 0, "month": today.month, "quarter": (today.month - 1) // 3 + 1}[period]
    response = office.post("/supervision/bulletins/", {"period": period, "year": today.year, "index": index})
    assert response.status_code == 302
    bulletin = Bulletin.objects.get(period=period, year=today.year, index=index)
    expected = _expected(bulletin.starts_on, bulletin.ends_on, dt.date.fromisoformat(bulletin.figures["as_of"]))
    keys = [*figures.FIGURES, "due", "due_on_time"]
    nonzero = 0
    for row in bulletin.figures["rows"]:
        want = expected.get(row["unit_id"], Counter())
        assert {k: row[k] for k in keys} == {k: int(want[k]) for k in keys}, row["unit"]
        nonzero += sum(row[k] for k in keys)
        if want["due"]:
            assert row["rate"] == round(100 * want["due_on_time"] / want["due"], 1)
    assert nonzero > 0, "the demo gives the bulletin something to count"
    rated = [r for r in bulletin.figures["rows"] if r["rank"] is not None]
    assert [r["rate"] for r in rated] == sorted((r["rate"] for r in rated), reverse=True)
    # Each figure opens the list behind it: as many rows as the figure says.
    page = office.get(f"/supervision/bulletins/{bulletin.pk}/").content.decode()
    for row in bulletin.figures["rows"]:
        for key in figures.FIGURES:
            if row[key]:
                url = f"/supervision/bulletins/{bulletin.pk}/items/{key}/?unit={row['unit_id']}"
                assert url.replace("&", "&amp;") in page or url in page
                listing = office.get(url).content.decode()
                assert listing.count('<tr data-item="') == row[key], (row["unit"], key)


def test_the_overdue_items_carry_their_reasons_and_the_good_ones_are_listed(office):
    bulletin = Bulletin.objects.get(period="year")  # the demo's
    overdue = {i["id"]: i for i in bulletin.figures["overdue"]}
    assert overdue and all(i["reason"] for i in overdue.values())
    late = SupervisedItem.objects.filter(state__in=DONE, completed_on__gt=dt.date.today() - dt.timedelta(days=400))
    for item in late:
        if item.completed_on > item.due_on and item.completed_on.year == bulletin.year:
            assert "逾期" in overdue[item.pk]["reason"]
    good = {i["id"] for i in bulletin.figures["good"]}
    assert good == set(SupervisedItem.objects.filter(
        state__in=DONE, evaluation__rating="good", completed_on__year=bulletin.year).values_list("pk", flat=True))


def test_the_bulletin_becomes_a_draft_通报_in_the_发文_pipeline(office):
    from documents.models import OutgoingDocument

    bulletin = Bulletin.objects.get(period="month")  # the demo's: last month
    before = OutgoingDocument.objects.count()
    response = office.post(f"/supervision/bulletins/{bulletin.pk}/outgoing/")
    assert response.status_code == 302
    document = OutgoingDocument.objects.order_by("-id").first()
    assert OutgoingDocument.objects.count() == before + 1
    assert response["Location"] == f"/documents/outgoing/{document.pk}/"
    assert (document.doc_type, document.state, document.direction) == ("bulletin", "drafting", "down")
    assert document.title == bulletin.title and "一、总体情况" in document.body and document.doc_number == ""
    link = Link.objects.get(source_id=str(bulletin.pk), target_id=str(document.pk))
    assert (link.kind, link.get_kind_display()) == ("draft", "形成发文")
    bulletin.refresh_from_db()
    assert bulletin.state == "sent"
    page = office.get(f"/supervision/bulletins/{bulletin.pk}/").content.decode()
    assert f"/documents/outgoing/{document.pk}/" in page
    assert f"/supervision/bulletins/{bulletin.pk}/outgoing/" not in page  # no second draft offered
    # Once sent it is not counted again, nor sent twice.
    office.post(f"/supervision/bulletins/{bulletin.pk}/outgoing/")
    office.post(f"/supervision/bulletins/{bulletin.pk}/regenerate/")
    assert OutgoingDocument.objects.count() == before + 1


@pytest.mark.parametrize(("data", "message"), [
    ({"period": "month", "year": 2026, "index": 13}, "12"),
    ({"period": "quarter", "year": 2026, "index": 5}, "请选择正确的月份或季度"),
    ({"period": "year", "year": 2099, "index": ""}, "尚未开始"),
])
def test_a_bad_period_is_refused_on_the_page(office, data, message):
    before = Bulletin.objects.count()
    response = office.post("/supervision/bulletins/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert Bulletin.objects.count() == before
