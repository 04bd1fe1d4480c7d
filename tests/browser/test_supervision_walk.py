"""One supervised item from a leader's 批示 on a 收文 to its 评价, in the browser, by five people.

副局长 李明华 gives the 批示 and ticks 转督办; 督查员 孙浩 交办 the item that opened; 处长 周建华 signs
and names 钱莉, who reports twice and asks for an extension; 孙浩 and 李明华 approve it; 钱莉 sends
the 办结报告; 孙浩 reviews, 李明华 reads it (报结), 孙浩 closes it (销号) and rates it (评价). The 收文
page shows the item with its state through the core's link. Screenshots in /tmp/shots-supcore/.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from documents.choices import IncomingState
from supervision.models import SupervisedItem
from tests.browser.conftest import log_in
from tests.documents.conftest import organ, people, units, walk  # noqa: F401  (a 收文 walked to 待批示)

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-supcore")


def _shot(page, n: int, step: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SHOTS / f"walk-{n:02d}-{step}.png"), full_page=True)


def _act(page, action: str) -> None:
    page.click(f"button[data-action='{action}']")
    page.wait_for_load_state("networkidle")


def _where(page) -> str:
    return page.locator(".sb-where .fs-5").inner_text()


def _form(action: str) -> str:
    return f"form[action$='/do/{action}/']"


def test_from_a_批示_on_a_收文_to_the_evaluation(live_server, page, walk):  # noqa: F811
    document = walk(to=IncomingState.INSTRUCTING, leaders=("liminghua",), lead="ZCFG", assisting=("RCKF",))
    doc_url = f"{live_server.url}/documents/incoming/{document.pk}/"

    # 1. 副局长: 批示 with 转督办.
    log_in(page, live_server, "liminghua")
    page.goto(doc_url)
    page.fill(f"{_form('instruct')} #id_text", "请法规处牵头抓紧研究，人才处配合，列入督办，按月报送进展。")
    page.fill(f"{_form('instruct')} #id_workdays", "20")
    page.check(f"{_form('instruct')} #id_supervise")
    _act(page, "instruct")
    assert _where(page) == "承办中"
    _shot(page, 1, "instructed-supervise")
    item = SupervisedItem.objects.get(source_id=str(document.pk))
    item_url = f"{live_server.url}/supervision/items/{item.pk}/"

    # 2. 督查员: the item waits for him (its 批示 already in it): 交办.
    log_in(page, live_server, "sunhao")
    page.goto(f"{live_server.url}/supervision/items/")
    page.click(f"text={document.title}")
    page.wait_for_url(item_url)
    assert _where(page) == "待交办"
    assert "请法规处牵头抓紧研究" in page.content() and item.serial_display in page.content()
    page.fill(f"{_form('assign')} textarea", "请按批示要求抓好落实。")
    _act(page, "assign")
    assert _where(page) == "待签收"
    _shot(page, 2, "assigned")

    # 3. 处长: 签收, then names the 承办人; the assisting head signs for his part.
    log_in(page, live_server, "zhoujianhua")
    page.goto(item_url)
    _act(page, "sign")
    assert _where(page) == "待指派"
    page.select_option(f"{_form('name_handler')} #id_handler", label="钱莉（一级主任科员）")
    _act(page, "name_handler")
    assert _where(page) == "办理中"
    _shot(page, 3, "signed-handler")
    log_in(page, live_server, "fengxiaoyan")
    page.goto(item_url)
    page.select_option(f"{_form('part_sign')} #id_contact", label="陈浩（一级主任科员）")
    _act(page, "part_sign")

    # 4. 承办人: two progress reports, then an extension request.
    log_in(page, live_server, "qianli")
    page.goto(item_url)
    for text, percent in (("已完成调研，形成工作方案。", "30"), ("方案已征求各处室意见，正在修改完善。", "60")):
        page.fill(f"{_form('report')} #id_text", text)
        page.fill(f"{_form('report')} #id_percent", percent)
        _act(page, "report")
    assert "方案已征求各处室意见" in page.locator("[data-card=reports]").inner_text()
    _shot(page, 4, "two-reports")
    old_due = SupervisedItem.objects.get(pk=item.pk).due_on
    new_due = old_due + dt.timedelta(days=15)
    page.fill(f"{_form('extend')} #id_new_due_on", new_due.isoformat())
    page.fill(f"{_form('extend')} #id_reason", "需提请局长办公会审议，申请延期15天。")
    _act(page, "extend")
    _shot(page, 5, "extension-asked")

    # 5. The chain: 督查员, then the leader responsible (who also gave the 批示).
    for username in ("sunhao", "liminghua"):
        log_in(page, live_server, username)
        page.goto(item_url)
        _act(page, "approve_extension")
    assert new_due.isoformat() in page.locator("[data-due]").inner_text()
    assert "已批准" in page.locator("[data-card=extensions]").inner_text()
    _shot(page, 6, "extension-approved")

    # 6. 承办人: 办结报告.
    log_in(page, live_server, "qianli")
    page.goto(item_url)
    page.fill(f"{_form('complete')} #id_report", "方案经局长办公会审议通过并印发，各项任务已落实。")
    _act(page, "complete")
    assert _where(page) == "待审核"

    # 7. 督查员 审核 → 批示领导 阅结 (报结) → 督查员 销号 and 评价.
    log_in(page, live_server, "sunhao")
    page.goto(item_url)
    _act(page, "review")
    assert _where(page) == "待报结"
    log_in(page, live_server, "liminghua")
    page.goto(item_url)
    _act(page, "acknowledge")
    assert _where(page) == "待销号"
    log_in(page, live_server, "sunhao")
    page.goto(item_url)
    _act(page, "close")
    assert _where(page) == "已销号"
    _shot(page, 7, "closed")
    page.check(f"{_form('evaluate')} input[value='good']")
    page.fill(f"{_form('evaluate')} #id_comment", "按期高质量完成。")
    _act(page, "evaluate")
    assert _where(page) == "已评价"
    assert "按期办结" in page.locator("[data-card=evaluation]").inner_text()
    _shot(page, 8, "evaluated")
    timeline = page.locator(".sb-timeline").inner_text()
    order = ["交办", "签收", "指派承办人", "进展反馈", "申请延期", "同意延期", "办结报告", "审核通过", "阅结", "销号", "评价"]
    positions = [timeline.index(step) for step in order]
    assert positions == sorted(positions), timeline

    # 8. The 收文 shows its item through the core's link, one click away.
    log_in(page, live_server, "zhoujianhua")
    page.goto(doc_url)
    card = page.locator("[data-card=supervised]")
    assert item.serial_display in card.inner_text() and "已评价" in card.inner_text()
    _shot(page, 9, "incoming-shows-item")
    card.locator("a").click()
    page.wait_for_url(item_url)
    assert not page.problems, page.problems
