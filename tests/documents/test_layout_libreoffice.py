"""The issued .docx as LibreOffice lays it out, measured like the project's PDF.

Offices open the issued .docx in a word processor: each layout (文件式 下行文, 上行文 with
签发人, 信函式, 纪要式, a classified multi-page 通知 with 附件) is rendered to .docx and PDF,
the .docx converted by LibreOffice headless (one run for the module) and both PDFs measured
with pdfplumber against GB/T 9704-2012: 28 characters × 22 lines, the margins, the mark 35 mm
into the 版心, the 文号 centred with the red line 4 mm under it, 签发人 on the 文号's line, the
title broken where the PDF breaks it, the 版记 on the foot of the last page, the page numbers'
一字线 7 mm under the 版心. CI installs LibreOffice (.ci/run); without it these tests skip.
"""

from __future__ import annotations

import dataclasses
import functools

import pytest

from documents.layout import FILE, LETTER, MINUTES, Annex, Sheet, spec
from documents.layout.docx import render_docx
from documents.layout.pdf import render_pdf, title_lines
from tests.documents import libreoffice

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(libreoffice.soffice() is None,
                       reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)"),
]

TOL = 1.0  # mm
TOP, BOTTOM, LEFT, RIGHT, CENTRE = 37.0, 262.0, 28.0, 184.0, 106.0
EM3 = 16 * libreoffice.MM
P = spec.LINE_PITCH_MM

PARAGRAPHS = (
    "为深入贯彻落实党中央、国务院关于稳就业的决策部署，进一步做好2026年高校毕业生等青年就业创业工作，"
    "经局党组研究同意，现将有关事项通知如下。",
    "一、提高思想认识",
    "各单位要充分认识做好高校毕业生就业工作的重要意义，把促进青年就业摆在更加突出的位置，主要负责同志"
    "亲自抓、负总责，确保各项政策措施落地见效。",
    "（一）拓宽就业渠道。鼓励中小微企业吸纳高校毕业生就业，对吸纳离校2年内未就业高校毕业生、签订1年以上"
    "劳动合同并按规定缴纳社会保险费的，按每人1500元标准给予一次性吸纳就业补贴。",
    "二、加强服务保障。各县（市、区）人力资源和社会保障部门要于2026年12月15日前将工作开展情况报市局"
    "就业促进科，逾期未报的予以通报。",
)

NOTICE = Sheet(
    form=FILE,
    organ_mark="江城市人力资源和社会保障局文件",
    doc_number="江人社发〔2026〕15号",
    title="江城市人力资源和社会保障局关于做好2026年高校毕业生等青年就业创业工作的通知",
    main_recipients="各县（市、区）人力资源和社会保障局，市局机关各科室、直属各单位",
    body=PARAGRAPHS * 2,
    signatory="江城市人力资源和社会保障局",
    dated="2026年11月22日",
    note="联系人：王芳，电话：0731-12345678",
    cc="市委组织部、市发展改革委、市财政局、市教育局",
    printer="江城市人力资源和社会保障局办公室",
    printed_on="2026年11月23日",
    author="江城市人力资源和社会保障局",
)

SHEETS = {
    "notice": NOTICE,
    "report": dataclasses.replace(
        NOTICE, doc_number="江人社报〔2026〕7号", signers=("王建国",), main_recipients="江城市人民政府",
        title="江城市人力资源和社会保障局关于2026年就业工作情况的报告", body=PARAGRAPHS, note="",
    ),
    "letter": Sheet(
        form=LETTER, organ_mark="江城市人力资源和社会保障局", copy_number="000045", secrecy="秘密★1年",
        doc_number="江人社函〔2026〕88号", title="关于商请提供2026年企业用工情况的函",
        main_recipients="江城市统计局", body=PARAGRAPHS * 3, signatory="江城市人力资源和社会保障局",
        dated="2026年11月22日", cc="市委办公室", author="江城市人力资源和社会保障局",
    ),
    "minutes": Sheet(
        form=MINUTES, organ_mark="江城市人力资源和社会保障局局长办公会议纪要", doc_number="〔2026〕12号",
        body=(PARAGRAPHS[0], PARAGRAPHS[2]),
        attendance=(("出席", "王建国、李明华、周建华、张卫东、刘晓燕、陈志强、赵丽萍、孙国庆、吴海涛、郑秀英"),
                    ("请假", "冯建军"), ("列席", "周婷、钱立")),
        signatory="江城市人力资源和社会保障局办公室", dated="2026年11月20日", with_seal=False,
        cc="市政府办公室", printer="江城市人力资源和社会保障局办公室", printed_on="2026年11月23日",
    ),
    "classified": dataclasses.replace(
        NOTICE, organ_mark="江城市人民政府文件", copy_number="000123", secrecy="机密★10年", urgency="特急",
        doc_number="江政发〔2026〕3号", title="江城市人民政府关于加强安全生产工作的通知",
        attachments=("2026年安全生产重点任务分工", "各县（市、区）安全生产联络员名单"),
        annexes=(
            Annex("2026年安全生产重点任务分工", body=PARAGRAPHS[2:]),
            Annex("各县（市、区）安全生产联络员名单", body=("王芳（江城区）、李强（东湖区）、赵敏（西山县）。",)),
        ),
    ),
    # Text to the foot of page 4: the 版记 on page 6 after a blank page 5, neither numbered (7.5).
    "long": dataclasses.replace(NOTICE, body=PARAGRAPHS * 2 + PARAGRAPHS[:1] * 12),
}


@functools.cache
def renderings() -> dict[str, tuple[bytes, bytes]]:
    """name → (the .docx converted by LibreOffice, the project's PDF); converted once."""
    converted = libreoffice.convert({name: render_docx(sheet) for name, sheet in SHEETS.items()})
    return {name: (converted[name], render_pdf(sheet)) for name, sheet in SHEETS.items()}


def measured(name: str) -> tuple[dict, dict]:
    sheet = SHEETS[name]
    args = {"doc_number": sheet.doc_number, "mark": sheet.organ_mark, "title_words": sheet.title,
            "letter": sheet.form == LETTER}
    lo, own = renderings()[name]
    return libreoffice.figures(lo, **args), libreoffice.figures(own, **args)


def compare_all() -> dict[str, tuple[dict, dict]]:
    return {name: measured(name) for name in SHEETS}


def near(value, expected, tol=TOL) -> bool:
    return value is not None and abs(value - expected) <= tol


@pytest.mark.parametrize("name", list(SHEETS))
def test_the_page_grid_28_characters_22_lines_and_the_margins(name):
    lo, own = measured(name)
    for figures in (lo, own):
        assert 27 <= figures["chars_per_line"] <= 29, figures["chars_per_line"]
        assert near(figures["left_edge"], LEFT), figures["left_edge"]
        # A full line ends on the 版心's right edge: no closing mark hangs past it (w:overflowPunct,
        # see documents/layout/docx.py), within 1 mm.
        assert near(figures["right_edge"], RIGHT), figures["right_edge"]
        assert near(figures["first_line_top"], TOP + (P - EM3) / 2), figures["first_line_top"]
    if name in ("notice", "letter"):
        assert lo["lines_per_full_page"] == own["lines_per_full_page"] == 22
    assert lo["pages"] == own["pages"], (lo["pages"], own["pages"])


@pytest.mark.parametrize("name", ["notice", "report", "minutes", "classified"])
def test_mark_35mm_into_the_text_block_number_centred_red_line_4mm_under_it(name):
    lo, own = measured(name)
    for figures in (lo, own):
        assert near(figures["mark_top"], TOP + spec.MARK_TOP_MM), figures["mark_top"]
        assert near(figures["mark_centre_x"], CENTRE), figures["mark_centre_x"]
        assert figures["mark_lines"] == 1  # the 纪要标志 too stays on one line
        assert near(figures["rule_below_number"], spec.RULE_BELOW_NUMBER_MM), figures["rule_below_number"]
        assert near(figures["rule_x"][0], LEFT) and near(figures["rule_x"][1], RIGHT), figures["rule_x"]
        if name != "report":
            assert near(figures["number_centre_x"], CENTRE), figures["number_centre_x"]
    assert near(lo["number_top"], own["number_top"]), (lo["number_top"], own["number_top"])


def test_signer_and_name_on_the_number_line():
    lo, own = measured("report")
    for figures in (lo, own):
        assert "签发人：" in figures["number_row"] and "王建国" in figures["number_row"], figures["number_row"]
        assert near(figures["number_x0"], LEFT + spec.CHAR_PITCH_MM)  # 居左空一字


@pytest.mark.parametrize("name", ["notice", "report", "classified", "letter"])
def test_titles_break_where_the_pdf_breaks_them(name):
    lo, own = measured(name)
    assert lo["title_lines"] == own["title_lines"] == title_lines(SHEETS[name].title)


@pytest.mark.parametrize("name", [name for name in SHEETS if name != "long"])
def test_imprint_on_the_foot_of_the_last_page_and_page_numbers_7mm_under_the_text_block(name):
    lo, own = measured(name)
    for figures in (lo, own):
        assert figures["imprint_pages"] == [figures["pages"]], figures["imprint_pages"]  # never split
        if SHEETS[name].form != LETTER:
            assert near(figures["imprint_last_rule"], BOTTOM), figures["imprint_last_rule"]
        for number, (dash, x0, x1) in figures["page_numbers"].items():
            assert near(dash, BOTTOM + spec.PAGE_NUMBER_BELOW_MM), (number, dash)
            if number % 2:
                assert near(x1, RIGHT - 14 * libreoffice.MM), (number, x1)
            else:
                assert near(x0, LEFT + 14 * libreoffice.MM), (number, x0)
        first = 2 if SHEETS[name].form == LETTER else 1
        assert sorted(figures["page_numbers"]) == list(range(first, figures["pages"] + 1))


def test_letter_head_as_the_standard_draws_it():
    lo, own = measured("letter")
    for figures in (lo, own):
        assert near(figures["mark_top"], spec.LETTER_MARK_TOP_MM), figures["mark_top"]
        assert near(figures["letter_rules_x"][0], 20) and near(figures["letter_rules_x"][1], 190)
        top_rules = [y for y in figures["letter_rules_y"] if y < 100]
        bottom_rules = [y for y in figures["letter_rules_y"] if y > 200]
        assert len(top_rules) == len(bottom_rules) == 2
        assert near(max(bottom_rules), spec.PAGE_H_MM - spec.LETTER_BOTTOM_RULE_MM)
        assert near(figures["number_x1"], RIGHT), figures["number_x1"]  # 文号 flush right
        # The first line 7/8 of a character (4.9 mm) under the double line.
        assert near(figures["number_top"] - max(top_rules), 16 * 7 / 8 * libreoffice.MM + 0.2), figures["number_top"]


def test_minutes_attendance_lines_in_both():
    lo_pdf, own_pdf = renderings()["minutes"]
    for data in (lo_pdf, own_pdf):
        pages = libreoffice.read(data)
        for label in ("出席：", "请假：", "列席："):
            row = next(r for p in pages for r in p.rows if r.text.startswith(label))
            assert near(row.x0, LEFT + 2 * spec.CHAR_PITCH_MM), (label, row.x0)


def test_annex_pages_after_the_signature_before_the_imprint():
    lo_pdf, own_pdf = renderings()["classified"]
    for data in (lo_pdf, own_pdf):
        pages = libreoffice.read(data)
        signed = next(p.number for p in pages if p.has("2026年11月22日"))
        for k, annex in enumerate(SHEETS["classified"].annexes, 1):
            page = next(p for p in pages if p.rows and p.rows[0].text == f"附件{k}")
            assert page.number > signed
            label = page.rows[0]
            assert near(label.x0, LEFT) and near(label.top, TOP + (P - EM3) / 2)
            title = page.row(annex.title[:8])
            assert near((title.x0 + title.x1) / 2, CENTRE) and near(title.top, TOP + 2 * P + (P - 22 * libreoffice.MM) / 2)
        assert pages[-1].has("抄送：")


def test_imprint_alone_on_an_even_page_after_a_blank_unnumbered_page():
    lo, own = measured("long")
    lo_pdf, own_pdf = renderings()["long"]
    for figures, data in ((lo, lo_pdf), (own, own_pdf)):
        assert figures["pages"] == 6 and figures["imprint_pages"] == [6], (figures["pages"], figures["imprint_pages"])
        assert near(figures["imprint_last_rule"], BOTTOM), figures["imprint_last_rule"]
        assert sorted(figures["page_numbers"]) == [1, 2, 3, 4]  # the blank page and the 版记 page: none
        pages = libreoffice.read(data)
        assert pages[4].rows == [] and pages[3].has("2026年11月22日")  # page 5 blank, the text ends on 4
