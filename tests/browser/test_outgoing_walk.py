"""One outgoing document (发文) walked from 起草 to 印发 in the browser, by five people.

科员 钱莉 drafts a 通知 (first without the organ name in the title, so the compliance
panel objects), uploads the attachment the 附件说明 names, corrects the title and a word
of the body in a second version (compared with the first on the comparison page) and
sends it for review; 处长 周建华 approves it; 办公室主任 刘晓东 checks it, keeps the default
signer 李明华 and asks 人才开发和市场处 to countersign; its head 冯晓燕 agrees; deputy
director 李明华 signs; 文书 周婷 rechecks, numbers and issues it. The issued Word and PDF
files are downloaded through the page's links and opened. Each step is a screenshot in
``tests/artifacts/outgoing-<nn>-<step>.png``.
"""

from __future__ import annotations

import io
import re
import shutil

import pytest
from django.utils import timezone

from documents.models import OutgoingDocument
from tests.browser.conftest import SCREENSHOTS, UPDATE_DOCS
from tests.browser.conftest import log_in as _log_in

pytestmark = pytest.mark.browser

ORGAN = "江城市人力资源和社会保障局"
TITLE_WITHOUT_ORGAN = "关于做好2027年元旦春节期间人社服务保障工作的通知"
TITLE = ORGAN + TITLE_WITHOUT_ORGAN
MAIN = "各区县人力资源和社会保障局、局属各单位"
ATTACHMENT = "节日期间值班安排表"
BODY_V1 = "\n".join([
    "为切实做好2027年元旦春节期间人力资源和社会保障服务保障工作，确保群众度过欢乐祥和的节日，现就有关事项通知如下。",
    "一、高度重视节日期间服务保障工作",
    "元旦春节期间群众办事需求集中，各单位要认真落实首问负责、限时办结等制度，确保服务不断档。",
    "二、扎实做好重点工作",
    "（一）保障农民工工资支付。开展根治欠薪冬季专项行动，畅通投诉举报渠道，及时处置欠薪问题。",
    "（二）按时发放社会保险待遇。确保养老保险、失业保险等待遇按时足额发放到位。",
    "三、加强值班值守",
    "各单位要严格执行领导带班和24小时值班制度，值班安排请于12月25日前报局办公室。",
])
#: The second version changes one word of the body.
BODY_V2 = BODY_V1.replace("各单位要认真落实", "各单位要严格落实")
DOC_NUMBER = re.compile(r"人社发〔\d{4}〕[1-9]\d*号")


def _shot(page, artifacts, n: int, step: str):
    page.wait_for_load_state("networkidle")
    path = artifacts / f"outgoing-{n:02d}-{step}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _act(page, action: str) -> None:
    page.click(f"button[data-action='{action}']")
    page.wait_for_load_state("networkidle")


def _form(page, action: str):
    return page.locator(f"form[action$='/do/{action}/']")


def _where(page) -> str:
    return page.locator(".sb-where .fs-5").inner_text()


def _messages(page) -> str:
    return " ".join(page.locator("main .alert[role=alert]").all_inner_texts())


def _problems(page) -> list[str]:
    return page.locator("#compliance li[data-problem]").evaluate_all("els => els.map(e => e.dataset.problem)")


def _attachment_pdf(path) -> None:
    """A one-page PDF standing in for the attachment (as documents/outgoing/demo.py makes one)."""
    from reportlab.pdfgen import canvas

    from documents.layout.fonts import register_font

    pdf = canvas.Canvas(str(path))
    pdf.setFont(register_font(), 16)
    pdf.drawString(72, 760, ATTACHMENT)
    pdf.showPage()
    pdf.save()


def test_one_outgoing_document_from_draft_to_issue(live_server, demo, page, artifacts, tmp_path):
    today = timezone.localdate()
    full_date = f"{today.year}年{today.month}月{today.day}日"

    # 1. 科员 起草: the guide note, the directions a 通知 may take, a title without the organ.
    _log_in(page, live_server, "qianli")
    page.goto(f"{live_server.url}/documents/outgoing/new/")
    page.select_option("#id_doc_type", label="通知")
    assert page.locator("#doc-type-note").inner_text().strip(), "no guide note for 通知"
    assert "批转、转发公文" in page.locator("#doc-type-note").inner_text()
    assert page.eval_on_selector("#id_direction option[value='up']", "o => o.disabled"), "上行文 offered for a 通知"
    assert not page.eval_on_selector("#id_direction option[value='down']", "o => o.disabled")
    assert page.input_value("#id_direction") == "down"
    assert page.locator("#id_prefix option:checked").inner_text() == "人社发"  # the first prefix, preselected
    page.fill("#id_title", TITLE_WITHOUT_ORGAN)
    page.fill("#id_main_recipients", MAIN)
    page.fill("#id_body", BODY_V1)
    page.fill("#id_attachment_notes", ATTACHMENT)
    _shot(page, artifacts, 1, "draft-form")
    page.click("button[type=submit]:has-text('保存稿件')")
    page.wait_for_url(re.compile(r"/documents/outgoing/\d+/$"))
    url = page.url
    assert _where(page) == "起草中"
    assert "草稿已保存（第1稿）" in _messages(page)
    problems = _problems(page)
    assert "title_organ" in problems and "attachment_file_missing" in problems, problems
    assert ORGAN in page.locator("#compliance li[data-problem='title_organ']").inner_text()
    assert ATTACHMENT in page.locator("#compliance li[data-problem='attachment_file_missing']").inner_text()
    # The body is shown a paragraph a line, under the 主送.
    paper = page.locator(".sb-paper")
    assert paper.locator("p.sb-paper-main").inner_text() == MAIN + "："
    assert paper.locator("p", has_text="（一）保障农民工工资支付").count() == 1
    assert paper.locator(".sb-paper-attach").text_content().strip() == "附件：" + ATTACHMENT
    _shot(page, artifacts, 2, "drafted")

    # 2. The attachment, then the second version with the organ name and one word changed.
    pdf_path = tmp_path / f"{ATTACHMENT}.pdf"
    _attachment_pdf(pdf_path)
    page.set_input_files("#attachments input[type=file][name=file]", str(pdf_path))
    page.click("#attachments button[type=submit]:has-text('上传')")
    page.wait_for_url(url + "#attachments")
    assert f"已上传附件：{ATTACHMENT}.pdf" in _messages(page)
    assert f"{ATTACHMENT}.pdf" in page.locator("#attachments").inner_text()
    assert "attachment_file_missing" not in _problems(page)
    page.click("a:has-text('修改稿件')")
    page.wait_for_url(url + "edit/")
    assert page.input_value("#id_title") == TITLE_WITHOUT_ORGAN
    page.fill("#id_title", TITLE)
    page.fill("#id_body", BODY_V2)
    page.fill("#id_version_note", "标题补充发文机关名称；“认真落实”改为“严格落实”")
    _shot(page, artifacts, 3, "edit-form")
    page.click("button[type=submit]:has-text('保存稿件')")
    page.wait_for_url(url)
    assert "稿件已保存" in _messages(page)
    assert page.locator("h1").inner_text().endswith(TITLE)
    assert page.locator("#compliance li[data-problem] .text-bg-danger").count() == 0, _problems(page)
    assert "须改正" not in page.locator("#compliance .card-header").inner_text()
    versions = page.locator("#versions li").all_inner_texts()
    assert len(versions) == 2 and versions[0].startswith("第1稿") and versions[1].startswith("第2稿"), versions
    assert "严格落实" in versions[1]
    _shot(page, artifacts, 4, "second-version")
    page.click("#versions button[type=submit]:has-text('比对')")
    page.wait_for_url(re.compile(r"/compare/\?a=1&b=2$"))
    assert page.locator("h1").inner_text() == "第1稿 → 第2稿"
    deleted = " ".join(page.locator(".sb-diff del").all_inner_texts())
    inserted = " ".join(page.locator(".sb-diff ins").all_inner_texts())
    assert "认真" in deleted, deleted
    assert "严格" in inserted and ORGAN in inserted, inserted
    assert "严格" not in deleted and "认真" not in inserted
    _shot(page, artifacts, 5, "compare")

    # 3. 送审.
    page.goto(url)
    _form(page, "submit").locator("textarea").fill("请处长审核。")
    _act(page, "submit")
    assert _where(page) == "待部门审核"
    assert "已办理：送审" in _messages(page)
    _shot(page, artifacts, 6, "submitted")

    # 4. 处长: 部门审核.
    _log_in(page, live_server, "zhoujianhua")
    page.goto(url)
    _form(page, "dept_approve").locator("textarea").fill("同意，请办公室核稿。")
    _act(page, "dept_approve")
    assert _where(page) == "待核稿"
    _shot(page, artifacts, 7, "dept-approved")

    # 5. 办公室主任: 核稿 — the default signer, and 人才开发和市场处 asked to countersign.
    _log_in(page, live_server, "liuxiaodong")
    page.goto(url)
    check = _form(page, "office_check")
    assert check.locator("select[name=signer] option:checked").inner_text().startswith("李明华")
    check.locator("label", has_text="人才开发和市场处").locator("input[type=checkbox]").check()
    check.locator("textarea[name=opinion]").fill("格式规范，请人才处会签。")
    _shot(page, artifacts, 8, "office-check-form")
    _act(page, "office_check")
    assert _where(page) == "会签中"
    assert "人才开发和市场处" in page.locator(".card", has_text="会签情况").inner_text()
    _shot(page, artifacts, 9, "countersigning")

    # 6. 会签处室负责人: 同意.
    _log_in(page, live_server, "fengxiaoyan")
    page.goto(url)
    countersign = _form(page, "countersign")
    assert countersign.locator("input[value=agree]").is_checked()
    countersign.locator("textarea[name=opinion]").fill("无意见，同意。")
    _shot(page, artifacts, 10, "countersign-form")
    _act(page, "countersign")
    assert _where(page) == "待签发"
    panel = page.locator(".card", has_text="会签情况").inner_text()
    assert "已会签" in panel and "无意见，同意。" in panel and "冯晓燕" in panel, panel
    _shot(page, artifacts, 11, "countersigned")

    # 7. 签发领导: 签发.
    _log_in(page, live_server, "liminghua")
    assert TITLE in page.content()  # on his workbench as a 待办
    page.goto(url)
    assert "待 李明华 签发" in page.content()
    _form(page, "sign").locator("textarea[name=opinion]").fill("同意印发。")
    _shot(page, artifacts, 12, "sign-form")
    _act(page, "sign")
    assert _where(page) == "待复核"
    signed = page.locator("dd:has(.sb-sign)").inner_text()
    assert "同意印发。" in signed and "李明华" in signed and full_date in signed, signed
    _shot(page, artifacts, 13, "signed")

    # 8. 文书: 复核 (no change), 编号, 印发.
    _log_in(page, live_server, "zhouting")
    page.goto(url)
    recheck = _form(page, "recheck")
    assert recheck.locator("input[name=title]").input_value() == TITLE
    assert recheck.locator("textarea[name=body]").input_value() == BODY_V2
    _shot(page, artifacts, 14, "recheck-form")
    _act(page, "recheck")
    assert _where(page) == "待编号"
    _act(page, "number")
    assert _where(page) == "待印发"
    number = DOC_NUMBER.search(page.locator("h1 + div").inner_text())
    assert number, page.locator("h1 + div").inner_text()
    doc_number = number.group()
    assert not doc_number.endswith("〕1号"), "the demo's 人社发 documents come first"
    assert doc_number == OutgoingDocument.objects.get(title=TITLE).doc_number
    assert doc_number in page.locator("nav .breadcrumb").inner_text()
    issue = _form(page, "issue")
    assert int(issue.locator("input[name=copies]").input_value()) >= 3
    _shot(page, artifacts, 15, "numbered")
    # An <input type=date> takes only YYYY-MM-DD: anything else the browser shows blank.
    assert issue.locator("input[name=printed_on]").input_value() == today.isoformat()
    _act(page, "issue")
    assert _where(page) == "已印发"
    assert "已办理：印发" in _messages(page)
    distribution = page.locator(".card", has=page.locator(".card-header", has_text="分送")).inner_text()
    for line in ("主送 各区县人力资源和社会保障局", "主送 局属各单位", "内部分送 政策法规处"):
        assert line in distribution, distribution
    files = page.locator(".card", has=page.locator(".card-header", has_text="版式文件")).inner_text()
    assert "Word 版式文件" in files and "PDF 版式文件" in files, files
    # The timeline holds every step, in order, with who did it.
    steps = page.locator(".sb-timeline li strong").all_inner_texts()
    assert steps == ["起草", "上传附件", "修改稿件", "送审", "部门审核", "核稿", "会签", "签发", "复核", "编号",
                     "印发"], steps
    timeline = page.locator(".sb-timeline").inner_text()
    assert doc_number in timeline and "同意印发。" in timeline
    for name in ("钱莉", "周建华", "刘晓东", "周婷", "冯晓燕", "李明华"):
        assert name in timeline, name

    # 9. The issued files, through the page's links.
    with page.expect_download() as download:
        page.click("a[data-file=docx]")
    docx_path = artifacts / "outgoing-issued.docx"
    download.value.save_as(docx_path)
    assert download.value.suggested_filename == f"{doc_number}.docx"
    # The PDF link opens a new tab (target=_blank); the attachment response still comes as a download.
    with page.expect_download() as download:
        page.click("a[data-file=pdf]")
    pdf_out = artifacts / "outgoing-issued.pdf"
    download.value.save_as(pdf_out)
    assert download.value.suggested_filename == f"{doc_number}.pdf"
    assert pdf_out.read_bytes().startswith(b"%PDF-")

    import docx
    import pdfplumber

    word = docx.Document(str(docx_path))
    text = "\n".join(p.text for p in word.paragraphs)
    text += "\n".join(cell.text for table in word.tables for row in table.rows for cell in row.cells)
    assert TITLE in text.replace("\n", ""), text[:500]
    assert doc_number in text, text[:500]
    for section in word.sections:
        assert abs(section.top_margin.mm - 37) <= 0.5, section.top_margin.mm
    with pdfplumber.open(io.BytesIO(pdf_out.read_bytes())) as pdf:
        first = pdf.pages[0].extract_text() or ""
    squashed = re.sub(r"\s+", "", first)
    assert doc_number in squashed, first
    assert "元旦春节期间人社服务保障" in squashed, first

    page.goto(url)
    issued = _shot(page, artifacts, 16, "issued")
    page.goto(f"{live_server.url}/documents/outgoing/?box=issued")
    assert TITLE in page.content() and doc_number in page.content()
    desk = _shot(page, artifacts, 17, "desk")
    if UPDATE_DOCS:
        import pypdfium2

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(desk, SCREENSHOTS / "outgoing-desk.png")
        shutil.copyfile(issued, SCREENSHOTS / "outgoing-issued.png")
        first_page = pypdfium2.PdfDocument(str(pdf_out))[0]
        first_page.render(scale=1.0).to_pil().save(SCREENSHOTS / "outgoing-pdf.png")
    assert not page.problems, page.problems


def test_a_draft_is_not_shown_outside_its_scope(live_server, demo, page, artifacts):
    from documents.outgoing import services as svc
    from office.models import IssuingPrefix

    data = svc.DraftData(doc_type="circular", direction="down", form="file",
                         prefix=IssuingPrefix.objects.get(code="人社发"), title=TITLE, body=BODY_V1,
                         main_recipients=MAIN)
    draft = svc.outgoing_create(actor=demo["staff"], data=data)
    _log_in(page, live_server, "qinzhiyong")  # 养老保险处 head
    response = page.goto(f"{live_server.url}/documents/outgoing/{draft.pk}/")
    assert response.status == 404
    assert "页面不存在" in page.locator("main").inner_text()
    assert TITLE not in page.content()
    _shot(page, artifacts, 18, "out-of-scope-404")
    # Nor its previews, its comparison page or its edit form.
    for tail in ("file.pdf", "file.docx", "compare/?a=1&b=1", "edit/"):
        assert page.context.request.get(f"{live_server.url}/documents/outgoing/{draft.pk}/{tail}").status == 404, tail
    # The page's own 404, reported twice (the response and the console); nothing else failed.
    unexpected = [p for p in page.problems
                  if p != f"404 {live_server.url}/documents/outgoing/{draft.pk}/" and "status of 404" not in p]
    assert not unexpected, unexpected
