"""The dashboards (看板) in the browser, on the demo organ: the principal's at desktop (1366) and phone
(390) width, the office's and a 处长's at desktop width, in Chinese. The charts are drawn by the
vendored Chart.js under the project's CSP (no script error, no failed request), a bar opens the list
behind it. Screenshots in /tmp/shots-dash/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-dash")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _charts_drawn(page) -> int:
    return page.evaluate("() => [...document.querySelectorAll('canvas[data-chart]')]"
                         ".filter(c => window.Chart.getChart(c)).length")


def test_the_dashboards_of_the_principal_the_office_and_a_head(live_server, demo, page):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "wangjianguo")
    page.click("a.nav-link:has-text('看板')")
    page.wait_for_url(f"{live_server.url}/board/")
    assert page.locator("h1").inner_text() == "领导看板"
    assert "统计数据截至" in page.locator("[data-staleness]").inner_text()
    for title in ("待我处理", "重点督办事项", "按期办结率", "办理周期", "本周会议与日程", "政务信息采用"):
        assert page.locator(f"section .card-header:text-is('{title}')").count() == 1, title
    assert _charts_drawn(page) == page.locator("canvas[data-chart]").count() > 0
    _shot(page, "leader-desktop")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    _shot(page, "leader-phone")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390

    # The table beside the on-time chart: the organ's rate for this year opens the list behind it.
    page.set_viewport_size({"width": 1366, "height": 900})
    page.reload()
    page.locator("[data-section='supervision.ontime'] table a").last.click()
    page.wait_for_url("**/supervision/items/?*timeliness=counted*")

    log_in(page, live_server, "zhouting")
    page.goto(f"{live_server.url}/board/")
    assert page.locator("h1").inner_text() == "办公室看板"
    for title in ("积压环节与人员", "收发文量", "今日会议室", "办事审批中", "催办"):
        assert page.locator(f"section .card-header:text-is('{title}')").count() == 1, title
    _shot(page, "office-desktop")

    log_in(page, live_server, "zhoujianhua")
    page.goto(f"{live_server.url}/board/")
    assert page.locator("h1").inner_text() == "处室看板"
    assert page.locator("[data-section='supervision.ontime'] tbody th").all_inner_texts() == ["法规处", "全局"]
    _shot(page, "head-desktop")
    assert not page.problems, page.problems
