"""A 专项督查 with two findings rectified, in the browser (issue 13, point 6).

督查员 孙浩 creates the 专项督查, records two findings with photographs as evidence and turns each
into a 整改 item; for each, the department's 处长 signs and names a 承办人, who reports progress
(with the material attached) and sends the 办结报告; 孙浩 reviews and closes it (销号). The
inspection then shows 已整改 2 / 2. Screenshots at desktop (1366) and phone (390) width, in Chinese
and English, in /tmp/shots-suplft/.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from supervision.models import Finding, Inspection, SupervisedItem
from tests.browser.conftest import log_in
from tests.documents.conftest import organ, people, units  # noqa: F401

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-suplft")
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde" + b"\x00" * 32
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _where(page) -> str:
    return page.locator(".sb-where .fs-5").inner_text()


def _act(page, action: str) -> None:
    page.click(f"button[data-action='{action}']")
    page.wait_for_load_state("networkidle")


def _form(action: str) -> str:
    return f"form[action$='/do/{action}/']"


def _rectify(page, live_server, item: SupervisedItem, n: int) -> None:
    """交办 → 签收 → 指派 → 进展反馈 (with material) → 办结报告 → 审核 → 销号, each by whose step it is."""
    url = f"{live_server.url}/supervision/items/{item.pk}/"
    log_in(page, live_server, "sunhao")
    page.goto(url)
    assert _where(page) == "待交办"
    page.fill(f"{_form('assign')} textarea", "请按督查组要求限期整改。")
    _act(page, "assign")
    head = item.lead_unit.head.username
    log_in(page, live_server, head)
    page.goto(url)
    _act(page, "sign")
    page.select_option(f"{_form('name_handler')} #id_handler", index=1)
    _act(page, "name_handler")
    assert _where(page) == "办理中"
    handler = SupervisedItem.objects.get(pk=item.pk).handler.username
    log_in(page, live_server, handler)
    page.goto(url)
    page.fill(f"{_form('report')} #id_text", "已逐项排查，整改方案已印发。")
    page.fill(f"{_form('report')} #id_percent", "60")
    page.set_input_files(
        f"{_form('report')} input[type=file]",
        files=[{"name": f"整改方案{n}.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    _act(page, "report")
    assert f"整改方案{n}.pdf" in page.content()
    if n == 1:
        _shot(page, "item-reported-desktop-zh")
    page.fill(f"{_form('complete')} textarea", "问题已整改到位，相关制度已建立。")
    _act(page, "complete")
    assert _where(page) == "待审核"
    log_in(page, live_server, "sunhao")
    page.goto(url)
    _act(page, "review")
    assert _where(page) == "待销号"
    _act(page, "close")
    assert _where(page) == "已销号"


def test_a_special_inspection_with_two_findings_rectified(live_server, page, people, units):  # noqa: F811
    today = timezone.localdate()
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "sunhao")
    page.goto(f"{live_server.url}/supervision/inspections/new/")
    page.select_option("#id_kind", "special")
    page.fill("#id_topic", "工程建设领域欠薪治理专项督查")
    for code in ("JCZD", "LDGX"):
        page.check(f"input[name=scope_units][value='{units[code].pk}']")
    page.fill("#id_starts_on", today.isoformat())
    page.fill("#id_ends_on", (today + dt.timedelta(days=5)).isoformat())
    page.fill("#id_method", "实地检查、随机抽查")
    page.click("main form button.btn-sb[type=submit]")
    page.wait_for_load_state("networkidle")
    inspection = Inspection.objects.get()
    url = f"{live_server.url}/supervision/inspections/{inspection.pk}/"
    assert page.url == url
    due = (today + dt.timedelta(days=30)).isoformat()
    for n, (text, code) in enumerate(
        (("部分项目未设立农民工工资专用账户", "JCZD"), ("维权信息公示牌内容不全", "LDGX")), 1
    ):
        page.fill("#id_description", text)
        page.select_option("#id_unit", str(units[code].pk))
        page.fill("#id_requirement", "限期整改到位，举一反三。")
        page.fill("#id_due_on", due)
        page.set_input_files(
            "input[name=files]", files=[{"name": f"现场照片{n}.png", "mimeType": "image/png", "buffer": PNG}]
        )
        page.click("form[action$='/findings/new/'] button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert text in page.content() and f"现场照片{n}.png" in page.content()
    assert "已整改 0 / 2" in page.locator("[data-rectified-summary]").inner_text()
    _shot(page, "inspection-findings-desktop-zh")
    for number in (1, 2):
        page.goto(url)
        page.locator(f"[data-finding='{number}'] button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        assert _where(page) == "待交办"
    findings = list(
        Finding.objects.filter(inspection=inspection).select_related("item__lead_unit__head").order_by("number")
    )
    assert [f.item.lead_unit.code for f in findings] == ["JCZD", "LDGX"]
    for n, finding in enumerate(findings, 1):
        _rectify(page, live_server, finding.item, n)
        log_in(page, live_server, "sunhao")
        page.goto(url)
        assert f"已整改 {n} / 2" in page.locator("[data-rectified-summary]").inner_text()
    assert set(Finding.objects.values_list("state", flat=True)) == {"rectified"}
    # The 整改 item is one click from its inspection and back.
    page.goto(f"{live_server.url}{findings[0].item.get_absolute_url()}")
    page.click("[data-inspection-link]")
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(url)
    _shot(page, "inspection-rectified-desktop-zh")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url)
    _shot(page, "inspection-rectified-phone-zh")
    # The page fits the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(url)
    assert "2 / 2" in page.locator("[data-rectified-summary]").inner_text()
    _shot(page, "inspection-rectified-phone-en")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(url)
    _shot(page, "inspection-rectified-desktop-en")
    listing = page.goto(f"{live_server.url}/supervision/inspections/")
    assert listing.status == 200
    assert not [p for p in page.problems if "favicon" not in p], page.problems
