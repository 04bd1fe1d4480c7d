"""收文处理笺: the printable page and the PDF, through the policy, with a fixed query count."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from documents.choices import Urgency
from documents.incoming import services
from documents.incoming.slip import Signed, cn_date, slip_build, slip_pdf, slip_queryset
from documents.models import IncomingDocument
from office import fonts as fonts_module
from office.choices import Clearance
from office.models import AuditEvent
from tests.documents.conftest import registration
from tests.documents.faces import face
from tests.helpers import assert_num_queries

#: The 批示 given in turn when a document goes round the leaders (李明华 and 王建国 alternately).
INSTRUCTIONS = (
    "请政策法规处会同就业处研究提出落实意见，报局党组审定。",
    "同意李明华同志意见。此项工作事关高校毕业生就业大局，请抓紧办理。",
    "请法规处于本周内拿出初步方案。",
    "方案要与省厅文件精神相衔接，注意政策连续性。",
    "请周建华处长牵头，按期办结后报我。",
)
PROPOSAL = "拟请李明华副局长阅示，政策法规处主办，就业促进和失业保险处协办。"


def route(people, units, *, instructions: int, secret_level: int = Clearance.PUBLIC, urgency: int = Urgency.NORMAL,
          title: str = "关于做好2026年高校毕业生就业创业工作的通知", sender_ref: str = "鄂人社函〔2026〕118号") -> IncomingDocument:
    """A document registered, proposed, and instructed ``instructions`` times (the leaders passing it on)."""
    office = people["zhouting"]
    document = services.incoming_receive(
        actor=office, sender_org="湖北省人力资源和社会保障厅", title=title, sender_ref=sender_ref,
        secret_level=secret_level, urgency=urgency,
    )
    document = services.incoming_sign(actor=office, document=document)
    data = registration(
        sender_org=document.sender_org, sender_ref=document.sender_ref, title=document.title,
        secret_level=secret_level, urgency=urgency, copies=2,
        **({"secrecy_period": "1年", "copy_numbers": "000031、000032"} if secret_level > Clearance.INTERNAL else {}),
    )
    document = services.incoming_register(actor=office, document=document, data=data)
    document = services.incoming_review(actor=office, document=document, opinion="来文要素齐全。")
    document = services.incoming_propose(
        actor=people["liuxiaodong"], document=document, proposal=PROPOSAL, leaders=[people["liminghua"]],
        lead_unit=units["ZCFG"], assisting_units=[units["JYCJ"]],
    )
    leaders = [people["liminghua"], people["wangjianguo"]]
    for n in range(instructions):
        last = n == instructions - 1
        document = services.incoming_instruct(
            actor=leaders[n % 2], document=document, text=INSTRUCTIONS[n % len(INSTRUCTIONS)],
            next_leader=None if last else leaders[(n + 1) % 2], workdays=10 if last else None,
        )
    return document


def finish(people, document) -> IncomingDocument:
    """承办 to 归档: assigned, assisted, reported with a reply, confirmed, archived."""
    head = people["zhoujianhua"]
    document = services.incoming_assign(actor=head, document=document, handler=people["qianli"],
                                        opinion="请钱莉同志抓紧起草落实方案。")
    services.incoming_assist(actor=people["wuguoqiang"], document=document, text="同意方案，就业处负责做好政策解读。")
    document = services.incoming_report(
        actor=people["qianli"], document=document, result="已起草《落实方案》并经局党组会审议通过，印发各县区执行。",
        reply="已于11月20日书面答复省厅。",
    )
    document = services.incoming_confirm(actor=head, document=document, opinion="同意办结。")
    return services.incoming_archive(actor=people["zhouting"], document=document, retention="D30")


def slip_url(document, pdf: bool = False) -> str:
    return reverse("documents:incoming_slip_pdf" if pdf else "documents:incoming_slip", args=[document.pk])


# --- the page -------------------------------------------------------------------------------


def test_the_page_shows_the_proposal_and_each_instruction_in_order(people, units, login):
    document = route(people, units, instructions=3)
    response = login(people["zhouting"]).get(slip_url(document))
    assert response.status_code == 200
    html = response.content.decode()
    assert "江城市人力资源和社会保障局收文处理笺" in html
    assert document.serial_display in html and "收〔" in document.serial_display
    assert "鄂人社函〔2026〕118号" in html and "湖北省人力资源和社会保障厅" in html
    assert PROPOSAL in html and "刘晓东" in html
    positions = [html.index(text) for text in INSTRUCTIONS[:3]]
    assert positions == sorted(positions), "批示 out of order"
    instructions = html[html.index('data-section="instructions"'):html.index('data-section="handling"')]
    assert re.findall(r"(李明华|王建国)\u3000\d{4}年\d{1,2}月\d{1,2}日", instructions) == ["李明华", "王建国", "李明华"]
    assert "主办：政策法规处" in html and "协办：就业促进和失业保险处" in html
    # 打印 is wired by static/js/slip.js and styled by static/css/slip.css (the CSP forbids inline).
    assert "<button class=\"slip-btn slip-btn-primary\" type=\"button\" data-slip-print>" in html
    assert "/static/js/slip.js" in html and "/static/css/slip.css" in html
    css = (Path(settings.BASE_DIR) / "static" / "css" / "slip.css").read_text()
    print_css = css[css.index("@media print"):]
    assert ".slip-toolbar { display: none" in print_css, "the toolbar must not print"
    assert "size: A4" in css
    assert reverse("documents:incoming_slip_pdf", args=[document.pk]) in html


def test_the_page_of_a_finished_document_shows_handling_result_reply_and_the_archive_code(people, units, login):
    document = finish(people, route(people, units, instructions=1))
    html = login(people["zhoujianhua"]).get(slip_url(document)).content.decode()
    assert "请钱莉同志抓紧起草落实方案。" in html and "承办人：钱莉" in html
    assert "就业促进和失业保险处：同意方案，就业处负责做好政策解读。" in html and "吴国强" in html
    assert "已起草《落实方案》并经局党组会审议通过" in html
    assert "答复来文单位：已于11月20日书面答复省厅。" in html
    assert "同意办结。" in html
    document.refresh_from_db()
    assert cn_date(document.done_at) in html
    assert document.archive_code in html and "30年" in html


def test_a_classified_urgent_document_carries_its_marks(people, units, login):
    document = route(people, units, instructions=1, secret_level=Clearance.SECRET, urgency=Urgency.EXTRA_URGENT)
    html = login(people["zhouting"]).get(slip_url(document)).content.decode()
    assert '<span class="slip-mark">秘密★1年</span>' in html
    assert '<span class="slip-mark">特急</span>' in html
    assert "2份（份号：000031、000032）" in html


def test_the_page_takes_the_same_number_of_queries_for_one_and_five_instructions(people, units, login):
    one = route(people, units, instructions=1)
    five = finish(people, route(people, units, instructions=5, title="关于开展2026年度劳动保障监察专项行动的通知",
                                  sender_ref="鄂人社发〔2026〕7号"))
    client = login(people["zhouting"])
    client.get(slip_url(one))  # warm the session
    # 8: the organ's name is read once per request (office.org), for the slip and the page frame,
    # and every count on the frame is one statement (office.counts).
    with assert_num_queries(8):
        assert client.get(slip_url(one)).status_code == 200
    with assert_num_queries(8):
        response = client.get(slip_url(five))
    html = response.content.decode()
    assert all(text in html for text in INSTRUCTIONS)


@pytest.mark.parametrize("pdf", [False, True], ids=["page", "pdf"])
def test_out_of_scope_and_the_auditor_get_404(people, units, login, pdf):
    document = route(people, units, instructions=1)  # 政策法规处 leads, 就业处 assists
    # Another department's head and staff, the deputy in charge of neither unit, the 三员.
    for username in ("fengxiaoyan", "chenhao", "chenxuemei", "auditor", "sysadmin", "secadmin"):
        assert login(people[username]).get(slip_url(document, pdf)).status_code == 404, username
    # The office, the principal, the deputy it was routed to, the heads of the lead and the assisting unit,
    # and the deputy in charge of the assisting unit.
    for username in ("zhouting", "wangjianguo", "liminghua", "zhoujianhua", "wuguoqiang", "zhaozhigang"):
        assert login(people[username]).get(slip_url(document, pdf)).status_code == 200, username
    assert not AuditEvent.objects.filter(action="export", actor__username="auditor").exists()


# --- the PDF --------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def embedded_fonts(data: bytes) -> dict[str, bool]:
    """BaseFont → whether its program is embedded, for the fonts the pages use."""
    fonts = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def test_the_pdf_has_the_chinese_text_extractable_and_the_font_embedded(people, units, login):
    document = finish(people, route(people, units, instructions=2))
    response = login(people["zhouting"]).get(slip_url(document, pdf=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    data = response.content
    assert data.startswith(b"%PDF")
    text = re.sub(r"\s+", "", pdf_text(data))
    for expected in ("江城市人力资源和社会保障局收文处理笺", document.serial_display, "鄂人社函〔2026〕118号",
                     "拟办意见", re.sub(r"\s+", "", PROPOSAL), "领导批示", INSTRUCTIONS[0], INSTRUCTIONS[1],
                     "李明华", "王建国", "办理结果", "答复来文单位", "档号"):
        assert expected in text, expected
    assert text.index(INSTRUCTIONS[0]) < text.index(INSTRUCTIONS[1])
    fonts = embedded_fonts(data)
    assert fonts and all(face("slip") in name for name in fonts), fonts  # no unembedded Helvetica either
    assert all(fonts.values()), fonts
    event = AuditEvent.objects.get(action="export")
    assert event.detail["kind"] == "incoming_slip_pdf" and event.object_id == str(document.pk)


def test_a_very_long_instruction_wraps_and_runs_onto_a_second_page(people, units):
    document = route(people, units, instructions=1)
    long_text = "请认真研究落实。" * 900  # about 7,200 characters in one paragraph
    slip = slip_build(document=slip_queryset().get(pk=document.pk), organ_name="江城市人力资源和社会保障局")
    section = slip.section("instructions")
    slip.sections[slip.sections.index(section)] = dataclasses.replace(
        section, items=(Signed(text=long_text, name="王建国", on="2026年11月22日"),)
    )
    data = slip_pdf(slip)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    text = re.sub(r"第 \d+ 页|\s+", "", pdf_text(data))  # without the page numbers, which come first on each page
    assert text.count("请认真研究落实。") == 900
    assert "王建国2026年11月22日" in text


def test_the_font_file_and_face_are_settings(people, units, settings):
    if fonts_module.resolve("slip").source != fonts_module.SYSTEM:
        pytest.skip("Debian's fonts-arphic-uming is not installed: no uming.ttc to pick a face of")
    settings.DOCUMENTS_PDF_FONT_INDEX = 2  # uming.ttc's third face: AR PL UMing TW
    document = route(people, units, instructions=1)
    slip = slip_build(document=slip_queryset().get(pk=document.pk), organ_name="江城市人力资源和社会保障局")
    fonts = embedded_fonts(slip_pdf(slip))
    assert any("UMingTW" in name for name in fonts) and not any("UMingCN" in name for name in fonts)


def test_a_missing_font_says_which_package_to_install(people, units, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.DOCUMENTS_PDF_FONT = "/nonexistent/font.ttc"
    document = route(people, units, instructions=1)
    slip = slip_build(document=slip_queryset().get(pk=document.pk), organ_name="")
    with pytest.raises(ImproperlyConfigured, match="fonts-arphic-uming"):
        slip_pdf(slip)
