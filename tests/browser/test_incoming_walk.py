"""One incoming document walked from 到件 to 归档 in the browser, by five people.

文书 周婷 records and signs it and registers it (typing the 来文字号 with ASCII
brackets and accepting the suggested 六角括号), the office director 刘晓东 proposes,
deputy director 李明华 instructs, 处长 周建华 assigns it to 钱莉, who reports the
result, 周建华 confirms, and 周婷 files it with a 档号. Each step is a screenshot in
``tests/artifacts/incoming-<n>-<step>.png``.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from documents.models import IncomingDocument
from tests.browser.conftest import log_in as _log_in

pytestmark = pytest.mark.browser

TITLE = "关于开展2027年度企业薪酬调查工作的通知"


def _shot(page, artifacts, n: int, step: str) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(artifacts / f"incoming-{n:02d}-{step}.png"), full_page=True)


def _act(page, action: str) -> None:
    page.click(f"button[data-action='{action}']")
    page.wait_for_load_state("networkidle")


def _where(page) -> str:
    return page.locator(".sb-where .fs-5").inner_text()


def test_one_document_from_arrival_to_the_archive(live_server, demo, page, artifacts):
    # 1. 文书: 到件, 签收, 登记, 初审.
    _log_in(page, live_server, "zhouting")
    page.goto(f"{live_server.url}/documents/incoming/new/")
    page.fill("#id_sender_org", "省人力资源和社会保障厅")
    page.fill("#id_sender_ref", "湘人社函[2026]118号")
    page.fill("#id_title", TITLE)
    page.select_option("#id_urgency", "1")
    page.click("form button.btn-sb")
    page.wait_for_url(re.compile(r"/documents/incoming/\d+/$"))
    url = page.url
    assert _where(page) == "待签收"
    _shot(page, artifacts, 1, "arrived")
    _act(page, "sign")
    assert _where(page) == "待登记"
    page.click("text=逐项登记")
    page.select_option("#id_doc_type", "circular")
    page.fill("#id_received_on", timezone.localdate().isoformat())
    page.fill("#id_workdays", "10")
    page.click("form button.btn-sb")
    # The ASCII brackets are caught, and a fix offered …
    assert "建议改为“湘人社函〔2026〕118号”" in page.content()
    _shot(page, artifacts, 2, "register-fix-offered")
    page.check("#id_accept_ref_fix")
    page.click("form button.btn-sb")
    page.wait_for_url(url)
    assert "湘人社函〔2026〕118号" in page.content()
    serial = IncomingDocument.objects.get(title=TITLE).serial_display
    assert serial and serial in page.content()
    page.fill("form[action$='/do/review/'] textarea", "来文要素齐全，请主任拟办。")
    _act(page, "review")
    assert _where(page) == "待拟办"
    _shot(page, artifacts, 3, "reviewed")

    # 2. 办公室主任: 拟办.
    _log_in(page, live_server, "liuxiaodong")
    page.goto(url)
    page.fill("#id_proposal", "拟请政策法规处牵头办理，呈李明华副局长阅示。")
    page.select_option("form[action$='/do/propose/'] #id_lead_unit", label="政策法规处")
    page.check(f"#id_leaders input[value='{demo['deputy'].pk}']")
    _act(page, "propose")
    assert _where(page) == "待批示"
    _shot(page, artifacts, 4, "proposed")

    # 3. 副局长: 批示 — the document goes to the lead department.
    _log_in(page, live_server, "liminghua")
    assert TITLE in page.content()  # on his workbench as a 待办
    page.goto(url)
    page.fill("form[action$='/do/instruct/'] #id_text", "请法规处认真研究，按时反馈。")
    _act(page, "instruct")
    assert _where(page) == "承办中"
    _shot(page, artifacts, 5, "instructed")

    # 4. 处长: 指定承办人.
    _log_in(page, live_server, "zhoujianhua")
    page.goto(url)
    page.select_option("#id_handler", label="钱莉（一级主任科员）")
    _act(page, "assign")
    assert "钱莉" in page.locator(".sb-where").inner_text()
    _shot(page, artifacts, 6, "assigned")

    # 5. 科员: 报办理结果.
    _log_in(page, live_server, "qianli")
    page.goto(url)
    page.fill("#id_result", "已组织调查，形成调查报告，报省厅。")
    page.fill("#id_reply", "已函复省厅。")
    _act(page, "report")
    assert _where(page) == "待确认办结"
    _shot(page, artifacts, 7, "reported")

    # 6. 处长: 确认办结.
    _log_in(page, live_server, "zhoujianhua")
    page.goto(url)
    _act(page, "confirm")
    assert _where(page) == "已办结"

    # 7. 文书: 归档 with a 档号.
    _log_in(page, live_server, "zhouting")
    page.goto(url)
    page.select_option("#id_retention", "D30")
    _act(page, "archive")
    assert _where(page) == "已归档"
    document = IncomingDocument.objects.get(title=TITLE)
    assert re.fullmatch(r"J012-\d{4}-D30-ZCFG-\d{4}", document.archive_code)
    assert document.archive_code in page.content()
    _shot(page, artifacts, 8, "archived")
    # The timeline holds every step, in order, with who did it.
    timeline = page.locator(".sb-timeline").inner_text()
    order = ["签收", "登记", "初审", "拟办", "批示", "指定承办人", "报办理结果", "确认办结", "归档"]
    positions = [timeline.index(step) for step in order]
    assert positions == sorted(positions), timeline
    page.goto(f"{live_server.url}/documents/archive/?q=企业薪酬")
    assert document.archive_code in page.content()
    _shot(page, artifacts, 9, "catalogue")
    # The one 400 is the registration sent back for its brackets, on purpose.
    unexpected = [p for p in page.problems if "/register/" not in p and "status of 400" not in p]
    assert not unexpected, unexpected
