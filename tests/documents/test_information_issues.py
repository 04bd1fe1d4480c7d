"""信息专报: compiled, ordered, numbered at 报送 (no repeats, no gaps, even under threads), sent to
the leaders as 待阅, printed as an A4 bulletin; a leader's 批示 fed back and 转督办 through the
core's event; the scores and the ranking against an independent count."""

from __future__ import annotations

import datetime as dt
import shutil
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.utils import timezone

from documents.choices import IssueState
from documents.information import instructions, issue_selectors, issues, scoring, selectors, stats
from documents.models import InformationIssue, IssueEntry, Score
from office.models import Link, Notification, Todo
from supervision.choices import SourceKind
from supervision.models import SupervisedItem
from tests.documents.info_helpers import S, item, people, sent_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def p(demo_people):
    return people()


def test_an_issue_is_numbered_when_sent_and_reaches_the_leaders_as_待阅(p):
    a, b = item(S.ADOPTED), item(S.CONDENSED)
    issue = issues.issue_create(actor=p["wujing"])
    assert issue.number is None
    issues.issue_add(actor=p["wujing"], issue=issue, items=[a, b])
    issues.issue_move(actor=p["wujing"], issue=issue, item_id=b.pk, up=True)
    assert list(issue.entries.values_list("item_id", flat=True)) == [b.pk, a.pk]
    issue = issues.issue_send(actor=p["wujing"], issue=issue, leaders=[p["wangjianguo"], p["liminghua"]])
    year = timezone.localdate().year
    assert issue.display_number == f"信息专报 {year}年第1期"
    assert Todo.objects.filter(user=p["liminghua"], step="info.read", kind="read", state="open").exists()
    # The leader sees the issue and its items, not other issues' items.
    assert selectors.items_visible(p["liminghua"]).filter(pk=a.pk).exists()
    assert not selectors.items_visible(p["chenxuemei"]).filter(pk=a.pk).exists()
    issues.issue_mark_read(actor=p["liminghua"], issue=issue)
    assert not Todo.objects.filter(user=p["liminghua"], step="info.read", state="open").exists()
    second = sent_issue(item(S.ADOPTED))
    assert second.number == 2


def test_an_issue_without_items_or_leaders_is_not_sent(p):
    issue = issues.issue_create(actor=p["wujing"])
    with pytest.raises(ValidationError) as err:
        issues.issue_send(actor=p["wujing"], issue=issue, leaders=[p["wangjianguo"]])
    assert "还没有编入信息" in str(err.value)
    issues.issue_add(actor=p["wujing"], issue=issue, items=[item(S.ADOPTED)])
    with pytest.raises(ValidationError):
        issues.issue_send(actor=p["wujing"], issue=issue, leaders=[])
    with pytest.raises(ValidationError):  # not a leader
        issues.issue_send(actor=p["wujing"], issue=issue, leaders=[p["zhoujianhua"]])
    with pytest.raises(ValidationError):  # a rejected item cannot go in
        issues.issue_add(actor=p["wujing"], issue=issue, items=[item(S.REJECTED)])
    issue.refresh_from_db()
    assert (issue.state, issue.number) == (IssueState.DRAFT, None)
    with pytest.raises(PermissionDenied):
        issues.issue_create(actor=p["zhoujianhua"])


def _send_in_thread(issue_id: int, actor, start: threading.Barrier, out: list, errors: list) -> None:
    try:
        start.wait()
        leader = type(actor).objects.get(username="wangjianguo")
        sent = issues.issue_send(actor=actor, issue=InformationIssue.objects.get(pk=issue_id), leaders=[leader])
        out.append(sent.number)
    except BaseException as exc:  # noqa: BLE001
        errors.append(exc)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_issue_numbers_under_concurrent_sending_have_no_repeats_and_no_gaps(demo_people):
    p = people()
    drafts = []
    for _n in range(8):
        issue = issues.issue_create(actor=p["wujing"])
        issues.issue_add(actor=p["wujing"], issue=issue, items=[item(S.ADOPTED)])
        drafts.append(issue.pk)
    start, out, errors = threading.Barrier(len(drafts)), [], []
    threads = [threading.Thread(target=_send_in_thread, args=(pk, p["wujing"], start, out, errors)) for pk in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert sorted(out) == list(range(1, len(drafts) + 1))
    assert sorted(InformationIssue.objects.values_list("number", flat=True)) == list(range(1, len(drafts) + 1))


def test_the_bulletin_pdf_has_the_masthead_items_and_the_报送_list(p, tmp_path):
    import subprocess

    issue = sent_issue(item(S.ADOPTED, title="法规处开展行政复议案件质量评查"), item(S.CONDENSED))
    data = __import__("documents.information.bulletin", fromlist=["x"]).bulletin_pdf(
        issue_selectors.issue_get(user=p["wujing"], pk=issue.pk)
    )
    assert data.startswith(b"%PDF")
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(data)
    pdftotext = shutil.which("pdftotext") or pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "信息专报" in text and f"{issue.year}年第{issue.number}期" in text
    assert "法规处开展行政复议案件质量评查" in text and "政策法规处报送" in text
    assert "报送：王建国、李明华" in text


def test_a_leaders_批示_is_fed_back_and_转督办_opens_a_supervised_item(p, django_capture_on_commit_callbacks):
    it = item(S.ADOPTED)
    sent_issue(it)
    with pytest.raises(PermissionDenied):  # not a leader
        instructions.instruction_give(actor=p["zhoujianhua"], item=it, text="阅。")
    with pytest.raises(ValidationError):  # empty
        instructions.instruction_give(actor=p["liminghua"], item=it, text=" ")
    with django_capture_on_commit_callbacks(execute=True):
        instructions.instruction_give(
            actor=p["liminghua"], item=it, text="经验可推广，请法规处抓好落实。", supervise=True
        )
    note = Notification.objects.get(recipient=p["qianli"], title__contains="批示")
    assert note.body == "经验可推广，请法规处抓好落实。"
    supervised = SupervisedItem.objects.get(source_kind=SourceKind.INFORMATION)
    assert supervised.lead_unit.code == "ZCFG" and supervised.instructing_leader == p["liminghua"]
    assert str(supervised.source_id) == str(it.pk)
    assert Link.objects.filter(source_id=str(it.pk), target_id=str(supervised.pk)).exists()
    assert Score.objects.filter(item=it, outcome="instruction").count() == 1


def test_the_scores_equal_an_independent_count(p):
    today = timezone.localdate()
    scoring.rule_save(
        actor=p["wujing"],
        effective_from=today - dt.timedelta(days=400),
        points={"adopted": 3, "condensed": 2, "province": 5, "committee": 8, "government": 8, "instruction": 10},
    )
    adopted = [item(S.ADOPTED) for _ in range(3)]
    condensed = item(S.CONDENSED)
    item(S.REJECTED)
    item(S.SUBMITTED)
    other = item(S.ADOPTED, author="chenhao", head="fengxiaoyan")
    from documents.information import services

    services.higher_record(
        actor=p["wujing"], item=adopted[0], level="committee", publication="《市委信息》第9期", adopted_on=today
    )
    sent_issue(adopted[1])
    instructions.instruction_give(actor=p["wangjianguo"], item=adopted[1], text="很好。")
    span = stats.span_of("year", today.year)
    rows = {r["unit_id"]: r for r in stats.compute(selectors.items_visible(p["wujing"]), span)}
    zcfg, rckf = rows[adopted[0].unit_id], rows[other.unit_id]
    # Counted by hand: 法规处 sent 6 (3 采用, 1 择要, 1 不采用, 1 待采编), 4 used;
    # points 3×3 + 2 + 8 (市委) + 10 (批示) = 29. 人才处: 1 sent, 1 used, 3 points.
    assert (zcfg["submitted"], zcfg["adopted"], zcfg["rate"], zcfg["points"]) == (6, 4, 66.7, 29)
    assert (rckf["submitted"], rckf["adopted"], rckf["points"]) == (1, 1, 3)
    assert (zcfg["rank"], rckf["rank"]) == (1, 2)
    behind = stats.items_behind(selectors.items_visible(p["wujing"]), span, "adopted", zcfg["unit_id"])
    assert set(behind.values_list("pk", flat=True)) == {*(a.pk for a in adopted), condensed.pk}


def test_the_ranking_becomes_a_draft_通报(p):
    item(S.ADOPTED)
    today = timezone.localdate()
    document = scoring.ranking_to_outgoing(actor=p["wujing"], span=stats.span_of("month", today.year, today.month))
    assert document.state == "drafting" and document.doc_type == "bulletin"
    assert "第1名：政策法规处，报送1条，采用1条，采用率100.0%" in document.body
    assert IssueEntry.objects.count() == 0
