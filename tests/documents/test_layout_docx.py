"""The .docx renderer of 公文 (GB/T 9704-2012): every file is rendered, opened again with
python-docx and measured — page, grid, fonts, the 版头's offsets, the 版记, the footers."""

from __future__ import annotations

import dataclasses
import io
import math
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import RGBColor

from documents.layout import FILE, LETTER, MINUTES, Sheet, spec
from documents.layout.docx import render_docx

TW_PER_MM = 1440 / 25.4
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

BODY = (
    "为深入贯彻落实党中央、国务院关于稳就业的决策部署，进一步做好高校毕业生等青年就业工作，现将有关事项通知如下。",
    "一、总体要求",
    "（一）压实工作责任。各区人社部门要把高校毕业生就业作为重中之重，主要负责同志亲自部署、推动落实。",
    "1.开展岗位募集。在5月底前集中募集一批适合高校毕业生的岗位。",
    "请各单位于2026年12月10日前将落实情况报送市局就业促进处。",
)

BASE = Sheet(
    form=FILE,
    organ_mark="江城市人民政府文件",
    doc_number="江政发〔2026〕15号",
    title="江城市人民政府关于做好2026年高校毕业生就业工作的通知",
    main_recipients="各区人民政府，市政府各部门",
    body=BODY,
    attachments=("2026年高校毕业生就业工作任务分解表", "各区联系人名单"),
    signatory="江城市人民政府",
    dated="2026年11月22日",
    with_seal=True,
    note="联系人：王芳，电话：0731-12345678",
    cc="市委办公室，市人大常委会办公室，市政协办公室",
    printer="江城市人民政府办公室",
    printed_on="2026年11月23日",
    author="王芳",
)


def sheet(**changes) -> Sheet:
    return dataclasses.replace(BASE, **changes)


def render(**changes):
    return Document(io.BytesIO(render_docx(sheet(**changes))))


# -- reading helpers (independent of the renderer) ------------------------------------------


def width(text: str) -> float:
    """Characters of the grid a text takes: CJK one, half-width half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


def mm(length) -> float:
    return length / 36000


def grid(doc) -> dict:
    """The line grid and the character pitch (Normal's size plus its character spacing) in twips."""
    el = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    normal = doc.styles["Normal"]
    spacing = normal.element.rPr.find(qn("w:spacing"))
    return {
        "type": el.get(qn("w:type")),
        "line": int(el.get(qn("w:linePitch"))),
        "char": normal.font.size.pt * 20 + (int(spacing.get(qn("w:val"))) if spacing is not None else 0),
    }


def text_width_tw(doc) -> int:
    s = doc.sections[0]
    return s.page_width.twips - s.left_margin.twips - s.right_margin.twips


def para(paragraphs, text: str):
    """The one paragraph reading ``text`` (a title's line breaks aside)."""
    found = [p for p in paragraphs if p.text.replace("\n", "") == text]
    assert len(found) == 1, f"{text!r}: {[p.text for p in paragraphs]}"
    return found[0]


def para_starting(paragraphs, text: str):
    found = [p for p in paragraphs if p.text.startswith(text)]
    assert found, f"no paragraph starts with {text!r}"
    return found[0]


def index(doc, p) -> int:
    return [q._p for q in doc.paragraphs].index(p._p)


def exact_line(p) -> int:
    pf = p.paragraph_format
    assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY, p.text
    return pf.line_spacing.twips


def before(p) -> int:
    return p.paragraph_format.space_before.twips if p.paragraph_format.space_before else 0


def after(p) -> int:
    return p.paragraph_format.space_after.twips if p.paragraph_format.space_after else 0


def height(p) -> int:
    """The vertical room of a one-line paragraph: before + exact line + after (+ bottom border)."""
    total = before(p) + exact_line(p) + after(p)
    border = p._p.pPr.find(qn("w:pBdr"))
    if border is not None and border.find(qn("w:bottom")) is not None:
        bottom = border.find(qn("w:bottom"))
        total += (int(bottom.get(qn("w:sz"))) / 8 + int(bottom.get(qn("w:space")))) * 20
    return total


def em_top(doc, p, size: float) -> float:
    """Where the characters of the one-line paragraph ``p`` begin, in mm from the page top: the
    paragraphs above summed up, their characters centred in ``p``'s exact line."""
    top = sum(height(q) for q in doc.paragraphs[: index(doc, p)]) + before(p)
    return spec.TOP_MM + (top + (exact_line(p) - size * 20) / 2) / TW_PER_MM


def pdf_cell_em_top(cell: int, size: float = spec.SIZE_3) -> float:
    """The PDF's place for characters of ``size`` in grid line ``cell``: centred in it."""
    return spec.TOP_MM + cell * spec.LINE_PITCH_MM + (spec.LINE_PITCH_MM - size * spec.MM_PER_PT) / 2


def ind(p) -> dict:
    el = p._p.pPr.find(qn("w:ind")) if p._p.pPr is not None else None
    return {} if el is None else {k.split("}")[1]: int(v) for k, v in el.attrib.items()}


def first_line_start(p, char_tw: float) -> float:
    """Where the first line starts, in characters (twips values, as every reader has them)."""
    i = ind(p)
    return (i.get("left", 0) + i.get("firstLine", 0) - i.get("hanging", 0)) / char_tw


def fonts(run) -> dict:
    el = run._r.rPr.find(qn("w:rFonts"))
    return {k: el.get(qn(f"w:{k}")) for k in ("ascii", "hAnsi", "eastAsia")}


def assert_font(run, role: str, size: float) -> None:
    name = spec.FONT_NAMES[role]
    assert fonts(run) == {"ascii": name, "hAnsi": name, "eastAsia": name}, run.text
    assert run.font.size.pt == size, run.text


def borders(p) -> dict:
    el = p._p.pPr.find(qn("w:pBdr")) if p._p.pPr is not None else None
    if el is None:
        return {}
    return {child.tag.split("}")[1]: {k.split("}")[1]: v for k, v in child.attrib.items()} for child in el}


def xml_parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}


# -- page and grid ---------------------------------------------------------------------------


def test_page_is_a4_with_the_9704_margins_and_text_block():
    doc = render()
    assert len(doc.sections) == 1
    s = doc.sections[0]
    measured = {
        "width": mm(s.page_width), "height": mm(s.page_height), "top": mm(s.top_margin),
        "left": mm(s.left_margin), "right": mm(s.right_margin), "bottom": mm(s.bottom_margin),
        "text_w": mm(s.page_width - s.left_margin - s.right_margin),
        "text_h": mm(s.page_height - s.top_margin - s.bottom_margin),
    }
    expected = {"width": 210, "height": 297, "top": 37, "left": 28, "right": 26, "bottom": 35,
                "text_w": 156, "text_h": 225}
    for key, value in expected.items():
        assert measured[key] == pytest.approx(value, abs=0.5), key
    assert not s.gutter


def test_document_grid_holds_22_lines_of_28_characters():
    doc = render()
    g = grid(doc)
    s = doc.sections[0]
    text_h = s.page_height.twips - s.top_margin.twips - s.bottom_margin.twips
    # A line grid only: LibreOffice gives a 3号 character two cells of a 15.79 pt character grid.
    assert g["type"] == "lines"
    assert doc.sections[0]._sectPr.find(qn("w:docGrid")).get(qn("w:charSpace")) is None
    assert math.floor(text_h / g["line"]) == 22
    assert g["line"] / TW_PER_MM == pytest.approx(spec.LINE_PITCH_MM, abs=0.05)
    # Normal is 3号, condensed so that 28 characters (and not 29) fill the 版心.
    assert doc.styles["Normal"].font.size.pt == 16
    assert math.floor(text_width_tw(doc) / g["char"]) == 28
    assert 28 * g["char"] / TW_PER_MM == pytest.approx(156, abs=0.5)


def test_body_paragraphs_are_fangsong_3hao_on_exact_grid_lines_indented_two_characters():
    doc = render()
    g = grid(doc)
    s = doc.sections[0]
    text_h = s.page_height.twips - s.top_margin.twips - s.bottom_margin.twips
    for text in (BODY[0], BODY[3], BODY[4]):
        p = para(doc.paragraphs, text)
        assert exact_line(p) == g["line"]
        assert 22 * exact_line(p) <= text_h < 23 * exact_line(p)
        assert after(p) == 0 and before(p) == 0
        assert ind(p)["firstLineChars"] == 200
        assert ind(p)["firstLine"] / TW_PER_MM == pytest.approx(2 * spec.CHAR_PITCH_MM, abs=0.5)
        for run in p.runs:
            assert_font(run, "fangsong", 16)
    # Every paragraph of the text runs on the grid's exact line (the mark, the red line and
    # the 版记's anchor have their own heights).
    mark = para(doc.paragraphs, BASE.organ_mark)
    special = {mark._p, doc.paragraphs[index(doc, mark) + 2]._p, doc.paragraphs[-1]._p}
    for p in doc.paragraphs:
        if p._p not in special:
            assert exact_line(p) == g["line"], p.text


def test_headings_take_their_fonts_from_the_numbering():
    doc = render()
    level1 = para(doc.paragraphs, "一、总体要求")
    assert [fonts(r)["eastAsia"] for r in level1.runs] == [spec.FONT_NAMES["heiti"]]
    level2 = para(doc.paragraphs, BODY[2])
    assert [(r.text, fonts(r)["eastAsia"]) for r in level2.runs] == [
        ("（一）压实工作责任。", spec.FONT_NAMES["kaiti"]),
        (BODY[2].split("。", 1)[1], spec.FONT_NAMES["fangsong"]),
    ]
    level3 = para(doc.paragraphs, BODY[3])
    assert {fonts(r)["eastAsia"] for r in level3.runs} == {spec.FONT_NAMES["fangsong"]}
    for p in (level1, level2, level3):
        assert ind(p)["firstLineChars"] == 200


# -- 版头 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "elements",
    [{}, {"secrecy": "秘密★1年"}, {"copy_number": "000001", "secrecy": "秘密★1年", "urgency": "特急"}],
    ids=["plain", "secret", "copy-secret-urgent"],
)
def test_mark_is_red_xiaobiaosong_35mm_below_the_text_top(elements):
    doc = render(**elements)
    mark = para(doc.paragraphs, BASE.organ_mark)
    above = doc.paragraphs[: index(doc, mark)]
    assert [p.text for p in above] == [v for k in ("copy_number", "secrecy", "urgency") if (v := elements.get(k))]
    (run,) = mark.runs
    assert em_top(doc, mark, run.font.size.pt) - spec.TOP_MM == pytest.approx(spec.MARK_TOP_MM, abs=0.5)
    assert run.font.color.rgb == RGBColor.from_string(spec.RED_HEX)
    assert_font(run, "xiaobiaosong", spec.SIZE_MARK)
    # The characters are centred in a line half as high again (a line exactly as high as its
    # characters is drawn about 0.18 em too high by LibreOffice).
    assert exact_line(mark) == round(run.font.size.twips * 1.5)
    assert mark.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_elements_above_the_mark_are_flush_left_in_heiti():
    doc = render(copy_number="000001", secrecy="秘密★1年", urgency="特急")
    copy, secret, urgent = doc.paragraphs[:3]
    assert (copy.text, secret.text, urgent.text) == ("000001", "秘密★1年", "特急")
    assert_font(secret.runs[0], "heiti", 16)
    assert_font(urgent.runs[0], "heiti", 16)
    for p in (copy, secret, urgent):
        assert p.alignment == WD_ALIGN_PARAGRAPH.LEFT
        assert not ind(p).get("left") and not ind(p).get("firstLine")


def test_a_long_mark_shrinks_to_the_text_width():
    mark_text = "江城市人力资源和社会保障局文件"
    doc = render(organ_mark=mark_text)
    mark = para(doc.paragraphs, mark_text)
    (run,) = mark.runs
    size = run.font.size.pt
    # As the PDF: narrowed first (字符缩放, w:w), kept at its size while 75 % will do.
    scale = int(run._r.rPr.find(qn("w:w")).get(qn("w:val"))) / 100
    assert size == spec.SIZE_MARK and 0.75 <= scale < 1
    assert width(mark_text) * size * scale * spec.MM_PER_PT <= 156
    assert width(mark_text) * size * (scale + 0.01) * spec.MM_PER_PT > 156  # not narrowed more than needed
    # Still 35 mm: the mark's top does not depend on its size.
    assert em_top(doc, mark, size) - spec.TOP_MM == pytest.approx(35, abs=0.5)
    longer = "江城市人力资源和社会保障局局长办公会议纪要"
    doc = render(organ_mark=longer)
    (run,) = para(doc.paragraphs, longer).runs
    assert run.font.size.pt < spec.SIZE_MARK and run._r.rPr.find(qn("w:w")).get(qn("w:val")) == "75"
    assert width(longer) * run.font.size.pt * 0.75 * spec.MM_PER_PT <= 156


def test_doc_number_is_centred_two_lines_below_the_mark():
    doc = render()
    mark = para(doc.paragraphs, BASE.organ_mark)
    number = doc.paragraphs[index(doc, mark) + 1]
    assert number.text == "江政发〔2026〕15号"
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    # Two blank grid lines under the mark, on the PDF's grid line.
    mark_bottom = em_top(doc, mark, spec.SIZE_MARK) + spec.SIZE_MARK * spec.MM_PER_PT
    cell = math.floor((mark_bottom - spec.TOP_MM) / spec.LINE_PITCH_MM) + 3
    assert em_top(doc, number, 16) == pytest.approx(pdf_cell_em_top(cell), abs=0.3)
    assert exact_line(number) == grid(doc)["line"]
    assert_font(number.runs[0], "fangsong", 16)


def test_red_separator_is_as_wide_as_the_text_block_4mm_below_the_number():
    doc = render()
    number = para(doc.paragraphs, BASE.doc_number)
    rule = doc.paragraphs[index(doc, number) + 1]
    assert rule.text == ""
    bottom = borders(rule)["bottom"]
    assert bottom["color"] == spec.RED_HEX and bottom["val"] == "single"
    # No indents: the border runs from margin to margin, the 版心's 156 mm.
    i = ind(rule)
    assert i.get("left", 0) == i.get("right", 0) == 0
    assert (text_width_tw(doc) - i.get("left", 0) - i.get("right", 0)) / TW_PER_MM == pytest.approx(156, abs=0.5)
    # From the bottom of the 文号's characters (centred in their line) to the line.
    line_bottom = em_top(doc, number, 16) + (exact_line(number) + 16 * 20) / 2 / TW_PER_MM
    distance = line_bottom - em_top(doc, number, 16) - 16 * spec.MM_PER_PT
    distance += (after(number) + before(rule) + exact_line(rule) + int(bottom["space"]) * 20) / TW_PER_MM
    assert distance == pytest.approx(spec.RULE_BELOW_NUMBER_MM, abs=0.3)


def test_without_number_the_line_and_the_separator_stay():
    doc = render(doc_number="", draft=True)
    mark = para(doc.paragraphs, BASE.organ_mark)
    number, rule = doc.paragraphs[index(doc, mark) + 1 : index(doc, mark) + 3]
    assert number.text == ""
    assert before(number) > grid(doc)["line"] and exact_line(number) == grid(doc)["line"]
    assert borders(rule)["bottom"]["color"] == spec.RED_HEX


def test_signers_right_and_doc_number_left_on_the_last_signer_line():
    doc = render(signers=("张三", "李四", "王五"))
    g = grid(doc)
    mark = para(doc.paragraphs, BASE.organ_mark)
    first, last, rule = doc.paragraphs[index(doc, mark) + 1 : index(doc, mark) + 4]
    assert first.text == "\t签发人：张三　李四"
    assert last.text == "江政发〔2026〕15号\t王五"
    assert before(first) > g["line"] and before(last) <= 1  # the next grid line (whole twips)
    assert borders(rule)["bottom"]["color"] == spec.RED_HEX
    # 文号 居左空一字.
    assert ind(last)["left"] / g["char"] == pytest.approx(1, abs=0.05)
    assert last.runs[0].text == BASE.doc_number
    # "签发人：" 仿宋, names 楷体, the block ends one character before the right edge.
    label = next(r for r in first.runs if r.text == "签发人：")
    names = next(r for r in first.runs if "张三" in r.text)
    assert_font(label, "fangsong", 16)
    assert_font(names, "kaiti", 16)
    (tab,) = first.paragraph_format.tab_stops
    assert tab.alignment == WD_TAB_ALIGNMENT.LEFT
    right_edge = tab.position.twips / g["char"] + width("签发人：张三　李四")
    assert right_edge == pytest.approx(27, abs=0.05)
    # The names of the second line start under the first name.
    (tab2,) = last.paragraph_format.tab_stops
    assert tab2.position.twips / g["char"] == pytest.approx(tab.position.twips / g["char"] + width("签发人："), abs=0.05)
    assert_font(last.runs[-1], "kaiti", 16)


# -- 主体 -------------------------------------------------------------------------------------


def test_title_is_22pt_xiaobiaosong_centred_two_lines_below_the_separator():
    doc = render()
    title = para(doc.paragraphs, BASE.title)
    previous = doc.paragraphs[index(doc, title) - 1]
    assert borders(previous)["bottom"]["color"] == spec.RED_HEX
    # Two grid lines under the red line, on the PDF's grid line (its first flow line).
    rule_bottom = em_top(doc, previous, 0) + exact_line(previous) / 2 / TW_PER_MM
    cell = math.floor((rule_bottom + 0.5 - spec.TOP_MM) / spec.LINE_PITCH_MM) + 3
    assert em_top(doc, title, 22) == pytest.approx(pdf_cell_em_top(cell, 22), abs=0.5)
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert_font(title.runs[0], "xiaobiaosong", 22)


def test_main_recipients_flush_left_with_a_colon_one_line_below_the_title():
    doc = render()
    title = para(doc.paragraphs, BASE.title)
    recipients = doc.paragraphs[index(doc, title) + 1]
    assert recipients.text == "各区人民政府，市政府各部门："
    assert recipients.text.endswith("：")
    assert recipients.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert first_line_start(recipients, grid(doc)["char"]) == 0
    assert before(recipients) == grid(doc)["line"]
    assert doc.paragraphs[index(doc, recipients) + 1].text == BODY[0]


def test_attachments_numbered_and_aligned():
    doc = render()
    c = grid(doc)["char"]
    first = para_starting(doc.paragraphs, "附件：")
    second = doc.paragraphs[index(doc, first) + 1]
    assert first.text == "附件：1.\t2026年高校毕业生就业工作任务分解表"
    assert second.text == "2.\t各区联系人名单"
    assert doc.paragraphs[index(doc, first) - 1].text == BODY[-1]
    assert before(first) == grid(doc)["line"] and before(second) == 0
    # "附件" 空二字; "2." under "1."; names (and their wrapped lines) at one position.
    assert first_line_start(first, c) == pytest.approx(2, abs=0.05)
    assert first_line_start(second, c) == pytest.approx(2 + width("附件："), abs=0.05)
    assert ind(first)["left"] == ind(second)["left"]
    assert ind(first)["leftChars"] == ind(second)["leftChars"]
    assert {t.position.twips for t in first.paragraph_format.tab_stops} == {ind(first)["left"]}
    assert first.runs[0].text.endswith("表") and not first.text.endswith(("。", "；", "，"))


def test_one_attachment_has_no_number():
    doc = render(attachments=("任务分解表",))
    c = grid(doc)["char"]
    p = para_starting(doc.paragraphs, "附件：")
    assert p.text == "附件：任务分解表"
    assert first_line_start(p, c) == pytest.approx(2, abs=0.05)
    assert ind(p)["left"] / c == pytest.approx(2 + width("附件："), abs=0.05)


def right_start(p, c: float, text_tw: int) -> float:
    """Where a right-aligned line starts, in characters from the left margin."""
    return (text_tw - ind(p).get("right", 0)) / c - width(p.text)


def test_with_seal_the_signatory_is_centred_over_the_date_right_indented_four():
    doc = render(with_seal=True)
    c, text_tw = grid(doc)["char"], text_width_tw(doc)
    signatory = para(doc.paragraphs, BASE.signatory)
    date = doc.paragraphs[index(doc, signatory) + 1]
    assert date.text == BASE.dated
    assert signatory.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert ind(date)["right"] / c == pytest.approx(4, abs=0.05)
    assert ind(date)["rightChars"] == 400
    centre_date = right_start(date, c, text_tw) + width(date.text) / 2
    centre_signatory = right_start(signatory, c, text_tw) + width(signatory.text) / 2
    assert centre_signatory == pytest.approx(centre_date, abs=0.05)
    # Room for the seal: two lines between the attachments and the 署名.
    assert doc.paragraphs[index(doc, signatory) - 1].text.startswith("2.")
    assert before(signatory) == 2 * grid(doc)["line"]


@pytest.mark.parametrize(
    "signatory, dated",
    [("江城市人力资源和社会保障局", "2026年11月22日"), ("江城市政府", "2026年11月22日")],
    ids=["signatory-longer", "date-longer"],
)
def test_without_seal_signatory_right_two_and_date_two_characters_further_right(signatory, dated):
    doc = render(with_seal=False, signatory=signatory, dated=dated, attachments=())
    c, text_tw = grid(doc)["char"], text_width_tw(doc)
    p_signatory = para(doc.paragraphs, signatory)
    p_date = doc.paragraphs[index(doc, p_signatory) + 1]
    assert p_date.text == dated
    assert before(p_signatory) == grid(doc)["line"]
    assert doc.paragraphs[index(doc, p_signatory) - 1].text == BODY[-1]
    assert right_start(p_date, c, text_tw) - right_start(p_signatory, c, text_tw) == pytest.approx(2, abs=0.05)
    right_signatory, right_date = ind(p_signatory)["right"] / c, ind(p_date)["right"] / c
    assert min(right_signatory, right_date) == pytest.approx(2, abs=0.05)
    if width(signatory) - width(dated) >= 2:
        assert right_signatory == pytest.approx(2, abs=0.05)
    else:
        assert right_date == pytest.approx(2, abs=0.05)


def test_note_in_parentheses_below_the_date_indented_two():
    doc = render()
    note = para(doc.paragraphs, "（联系人：王芳，电话：0731-12345678）")
    assert doc.paragraphs[index(doc, note) - 1].text == BASE.dated
    assert before(note) == 0
    assert first_line_start(note, grid(doc)["char"]) == pytest.approx(2, abs=0.05)


# -- 版记 -------------------------------------------------------------------------------------


def imprint(doc):
    (table,) = doc.tables
    return table


def test_imprint_is_a_floating_table_at_the_bottom_of_the_text_block():
    doc = render()
    table = imprint(doc)
    position = table._tbl.tblPr.find(qn("w:tblpPr"))
    assert position.get(qn("w:vertAnchor")) == "margin"
    assert position.get(qn("w:tblpYSpec")) == "bottom"
    # From the page's left edge, at the 订口 (LibreOffice keeps it floating only so).
    assert position.get(qn("w:horzAnchor")) == "page"
    assert int(position.get(qn("w:tblpX"))) / TW_PER_MM == pytest.approx(spec.LEFT_MM, abs=0.1)
    assert int(position.get(qn("w:bottomFromText") or "0")) == 0
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    assert tbl_w.get(qn("w:type")) == "dxa"
    assert int(tbl_w.get(qn("w:w"))) / TW_PER_MM == pytest.approx(156, abs=0.5)
    assert table.columns[0].width.twips / TW_PER_MM == pytest.approx(156, abs=0.5)
    margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
    assert {int(m.get(qn("w:w"))) for m in margins} == {0}
    # The table is the last block but the anchoring paragraph.
    body = doc.element.body
    assert body.index(table._tbl) == len(body) - 3  # tbl, anchor paragraph, sectPr


def test_imprint_lines_thick_thin_thick():
    doc = render()
    lines = {b.tag.split("}")[1]: b for b in imprint(doc)._tbl.tblPr.find(qn("w:tblBorders"))}
    for side, rule_mm in (("top", spec.THICK_RULE_MM), ("bottom", spec.THICK_RULE_MM), ("insideH", spec.THIN_RULE_MM)):
        assert lines[side].get(qn("w:val")) == "single"
        assert int(lines[side].get(qn("w:sz"))) / 8 * spec.MM_PER_PT == pytest.approx(rule_mm, abs=0.03), side
    for side in ("left", "right", "insideV"):
        assert lines[side].get(qn("w:val")) == "nil"


def test_imprint_contents_cc_and_printer():
    doc = render()
    cc_row, printer_row = imprint(doc).rows
    cc = cc_row.cells[0].paragraphs[0]
    printer = printer_row.cells[0].paragraphs[0]
    assert cc.text == "抄送：市委办公室，市人大常委会办公室，市政协办公室。"
    assert printer.text == "江城市人民政府办公室\t2026年11月23日印发"
    char4 = 14 * 20
    # 左右各空一字 (4号 characters); wrapped 抄送 lines align after the colon.
    assert ind(cc)["left"] - ind(cc)["hanging"] == char4
    assert ind(cc)["left"] == char4 * (1 + width("抄送："))
    assert ind(cc)["right"] == char4 == ind(printer)["left"] == ind(printer)["right"]
    (tab,) = printer.paragraph_format.tab_stops
    assert tab.alignment == WD_TAB_ALIGNMENT.RIGHT
    assert tab.position.twips == text_width_tw(doc) - char4
    for p in (cc, printer):
        for run in p.runs:
            assert_font(run, "fangsong", 14)


def test_imprint_absent_without_cc_and_printer():
    doc = render(cc="", printer="", printed_on="")
    assert doc.tables == []


def test_cc_ending_in_a_full_stop_gets_only_one():
    doc = render(cc="市委办公室。")
    assert imprint(doc).rows[0].cells[0].paragraphs[0].text == "抄送：市委办公室。"


# -- page numbers -----------------------------------------------------------------------------


def page_number_paragraph(footer):
    (p,) = [p for p in footer.paragraphs if "PAGE" in p._p.xml]
    return p


def assert_page_number(doc, p) -> None:
    runs = p._p.findall(qn("w:r"))
    texts = ["".join(t.text for t in r.iter(qn("w:t"))) for r in runs]
    instr = [r.find(qn("w:instrText")) for r in runs]
    fld = [r.find(qn("w:fldChar")) for r in runs]
    assert texts[0] == "— " and texts[-1] == " —"
    assert [f.get(qn("w:fldCharType")) for f in fld if f is not None] == ["begin", "separate", "end"]
    assert [i.text.strip() for i in instr if i is not None] == ["PAGE"]
    for run in p.runs:
        assert_font(run, "songti", 14)
    # The dashes sit in the middle of the exact line (half as high again as 4号): 7 mm below the 版心.
    s = doc.sections[0]
    line = exact_line(p)
    middle = s.page_height.twips - s.footer_distance.twips - after(p) - line / 2
    text_bottom = s.page_height.twips - s.bottom_margin.twips
    assert (middle - text_bottom) / TW_PER_MM == pytest.approx(spec.PAGE_NUMBER_BELOW_MM, abs=0.5)
    assert line == 14 * 20 * 1.5


def test_page_numbers_odd_right_even_left():
    doc = render()
    assert doc.settings.odd_and_even_pages_header_footer
    s = doc.sections[0]
    assert not s.different_first_page_header_footer
    odd, even = page_number_paragraph(s.footer), page_number_paragraph(s.even_page_footer)
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and ind(odd)["right"] == 14 * 20
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT and ind(even)["left"] == 14 * 20
    assert_page_number(doc, odd)
    assert_page_number(doc, even)


# -- 信函式 ------------------------------------------------------------------------------------


LETTER_SHEET = {
    "form": LETTER,
    "organ_mark": "江城市人力资源和社会保障局",
    "doc_number": "江人社函〔2026〕8号",
    "secrecy": "秘密★1年",
    "urgency": "特急",
}


def assert_letter_rule_span(doc, p) -> None:
    """A paragraph border 170 mm long, centred on the page (its indents reach into the margins)."""
    s, i = doc.sections[0], ind(p)
    start = (s.left_margin.twips + i["left"]) / TW_PER_MM
    end = (s.page_width.twips - s.right_margin.twips - i["right"]) / TW_PER_MM
    assert end - start == pytest.approx(spec.LETTER_RULE_LEN_MM, abs=0.5)
    assert start == pytest.approx(spec.PAGE_W_MM - end, abs=0.5)


def test_letter_mark_30mm_from_the_page_top_with_a_red_double_line_4mm_below():
    doc = render(**LETTER_SHEET)
    s = doc.sections[0]
    assert s.different_first_page_header_footer
    assert mm(s.header_distance) == pytest.approx(spec.LETTER_MARK_TOP_MM, abs=0.5)
    mark, rule, anchor = s.first_page_header.paragraphs
    assert mark.text == LETTER_SHEET["organ_mark"] and before(mark) == 0
    assert mark.alignment == WD_ALIGN_PARAGRAPH.CENTER
    (run,) = mark.runs
    assert run.font.color.rgb == RGBColor.from_string(spec.RED_HEX)
    assert fonts(run)["eastAsia"] == spec.FONT_NAMES["xiaobiaosong"]
    # Mark and double line are frames placed from the page's top edge; the header's own flow
    # (the anchor, one twip) stays above the top margin, so the body starts at the margin.
    frame = mark._p.pPr.find(qn("w:framePr"))
    assert frame.get(qn("w:vAnchor")) == "page" and frame.get(qn("w:hAnchor")) == "page"
    mark_top = int(frame.get(qn("w:y"))) + (exact_line(mark) - run.font.size.twips) / 2
    assert mark_top / TW_PER_MM == pytest.approx(spec.LETTER_MARK_TOP_MM, abs=0.3)
    rule_frame = rule._p.pPr.find(qn("w:framePr"))
    assert rule_frame.get(qn("w:vAnchor")) == "page"
    rule_top = int(rule_frame.get(qn("w:y"))) / TW_PER_MM
    mark_bottom = mark_top / TW_PER_MM + run.font.size.pt * spec.MM_PER_PT
    assert rule_top - mark_bottom == pytest.approx(spec.LETTER_RULE_BELOW_MARK_MM, abs=0.3)
    assert int(rule_frame.get(qn("w:w"))) / TW_PER_MM == pytest.approx(spec.LETTER_RULE_LEN_MM, abs=0.3)
    assert int(rule_frame.get(qn("w:x"))) / TW_PER_MM == pytest.approx(20, abs=0.3)  # centred on the page
    assert anchor.text == "" and exact_line(anchor) <= 20
    # Thick above, thin below, red, 170 mm centred on the page, 4 mm under the mark.
    lines = borders(rule)
    assert lines["top"]["color"] == lines["bottom"]["color"] == spec.RED_HEX
    assert int(lines["top"]["sz"]) > int(lines["bottom"]["sz"])
    # The mark is not in the body, and the body has no single red separator.
    assert all(p.text != LETTER_SHEET["organ_mark"] for p in doc.paragraphs)
    assert all(not borders(p) for p in doc.paragraphs)


def test_letter_bottom_double_line_20mm_above_the_page_edge_and_no_number_on_page_one():
    doc = render(**LETTER_SHEET)
    s = doc.sections[0]
    (line,) = s.first_page_footer.paragraphs
    lines = borders(line)
    assert lines["top"]["color"] == lines["bottom"]["color"] == spec.RED_HEX
    assert int(lines["top"]["sz"]) < int(lines["bottom"]["sz"])  # thin above, thick below
    assert (mm(s.footer_distance) + after(line) / TW_PER_MM) == pytest.approx(spec.LETTER_BOTTOM_RULE_MM, abs=0.5)
    assert_letter_rule_span(doc, line)
    assert "PAGE" not in s.first_page_footer._element.xml
    # Later pages still carry the number, 7 mm under the 版心.
    assert_page_number(doc, page_number_paragraph(s.footer))
    assert_page_number(doc, page_number_paragraph(s.even_page_footer))


def test_letter_elements_left_and_number_flush_right_under_the_double_line():
    doc = render(**LETTER_SHEET)
    first, second = doc.paragraphs[:2]
    assert first.text == "秘密★1年\t江人社函〔2026〕8号"
    assert second.text == "特急"
    (tab,) = first.paragraph_format.tab_stops
    assert tab.alignment == WD_TAB_ALIGNMENT.RIGHT and tab.position.twips == text_width_tw(doc)
    assert not ind(first).get("right")
    assert_font(first.runs[0], "heiti", 16)
    # 7/8 of a character under the double line (thick 1 mm, gap 0.6 mm, thin 0.35 mm).
    header = doc.sections[0].first_page_header.paragraphs[1]
    rules_bottom = int(header._p.pPr.find(qn("w:framePr")).get(qn("w:y"))) / TW_PER_MM + 1.95
    assert em_top(doc, first, 16) - rules_bottom == pytest.approx(16 * 7 / 8 * spec.MM_PER_PT, abs=0.3)
    assert em_top(doc, second, 16) - em_top(doc, first, 16) == pytest.approx(spec.LINE_PITCH_MM, abs=0.1)
    title = doc.paragraphs[2]
    assert title.text.replace("\n", "") == BASE.title and before(title) > grid(doc)["line"]


def test_letter_without_elements_puts_the_number_alone_on_the_right():
    doc = render(form=LETTER, organ_mark="江城市人力资源和社会保障局", doc_number="江人社函〔2026〕8号")
    first = doc.paragraphs[0]
    assert first.text == "\t江人社函〔2026〕8号"
    assert first.paragraph_format.tab_stops[0].alignment == WD_TAB_ALIGNMENT.RIGHT


def test_letter_imprint_has_only_cc_and_no_lines():
    doc = render(**LETTER_SHEET)
    (row,) = imprint(doc).rows
    assert row.cells[0].paragraphs[0].text.startswith("抄送：")
    lines = imprint(doc)._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in lines} == {"nil"}
    assert "印发" not in "".join(c.text for r in imprint(doc).rows for c in r.cells)


# -- 纪要式 ------------------------------------------------------------------------------------


MINUTES_SHEET = {
    "form": MINUTES,
    "organ_mark": "江城市人力资源和社会保障局局长办公会议纪要",
    "doc_number": "〔2026〕3号",
    "attendance": (("出席", "王建国、李明华、张三、李四、王五、赵六、钱七、孙八、周九、吴十、郑十一、冯十二"), ("请假", "陈十三")),
    "signatory": "江城市人力资源和社会保障局办公室",
    "with_seal": True,
    "attachments": (),
}


def test_minutes_mark_35mm_and_attendance_lines():
    doc = render(**MINUTES_SHEET)
    c = grid(doc)["char"]
    mark = para(doc.paragraphs, MINUTES_SHEET["organ_mark"])
    size = mark.runs[0].font.size.pt
    assert em_top(doc, mark, size) - spec.TOP_MM == pytest.approx(spec.MARK_TOP_MM, abs=0.5)
    assert mark.runs[0].font.color.rgb == RGBColor.from_string(spec.RED_HEX)
    assert width(mark.text) * size * 0.75 * spec.MM_PER_PT <= 156
    present = para_starting(doc.paragraphs, "出席：")
    leave = doc.paragraphs[index(doc, present) + 1]
    assert leave.text == "请假：陈十三"
    assert doc.paragraphs[index(doc, present) - 1].text == BODY[-1]
    assert before(present) == grid(doc)["line"] and before(leave) == 0
    label, names = present.runs
    assert (label.text, names.text) == ("出席：", MINUTES_SHEET["attendance"][0][1])
    assert_font(label, "heiti", 16)
    assert_font(names, "fangsong", 16)
    assert first_line_start(present, c) == pytest.approx(2, abs=0.05)
    assert ind(present)["left"] / c == pytest.approx(2 + width("出席："), abs=0.05)


def test_minutes_have_no_seal_layout_and_no_signers():
    doc = render(**MINUTES_SHEET, signers=("张三",))
    c, text_tw = grid(doc)["char"], text_width_tw(doc)
    assert not any("签发人" in p.text for p in doc.paragraphs)
    signatory = para(doc.paragraphs, MINUTES_SHEET["signatory"])
    date = doc.paragraphs[index(doc, signatory) + 1]
    # Even with with_seal=True: 署名 右空二字, one blank line above.
    assert ind(signatory)["right"] / c == pytest.approx(2, abs=0.05)
    assert right_start(date, c, text_tw) - right_start(signatory, c, text_tw) == pytest.approx(2, abs=0.05)
    assert before(signatory) == grid(doc)["line"]


def test_the_three_forms_differ_where_9704_says():
    file_doc, letter, minutes = (render(form=f, organ_mark="江城市人民政府") for f in (FILE, LETTER, MINUTES))
    assert mm(letter.sections[0].header_distance) == pytest.approx(30, abs=0.5)
    for doc in (file_doc, minutes):
        assert not doc.sections[0].different_first_page_header_footer
        assert doc.paragraphs[0].text == "江城市人民政府"
        assert borders(doc.paragraphs[2])["bottom"]["color"] == spec.RED_HEX
    assert letter.sections[0].different_first_page_header_footer
    assert letter.paragraphs[0].text != "江城市人民政府"


# -- preview and properties -------------------------------------------------------------------


def watermarks(data: bytes) -> dict[str, str]:
    return {n: x for n, x in xml_parts(data).items() if "预览" in x}


@pytest.mark.parametrize("form", [FILE, LETTER, MINUTES])
def test_preview_has_the_grey_watermark_on_every_page_and_the_final_none(form):
    draft = render_docx(sheet(form=form, draft=True))
    final = render_docx(sheet(form=form, draft=False))
    assert watermarks(final) == {}
    marked = watermarks(draft)
    doc = Document(io.BytesIO(draft))
    s = doc.sections[0]
    headers = [s.header, s.even_page_header] + ([s.first_page_header] if form == LETTER else [])
    assert {h.part.partname.lstrip("/") for h in headers} == set(marked)
    for header in headers:
        shapes = list(header._element.iter("{urn:schemas-microsoft-com:vml}shape"))
        (shape,) = shapes
        path = shape.find("{urn:schemas-microsoft-com:vml}textpath")
        assert path.get("string") == "预览"
        grey = shape.get("fillcolor").lstrip("#")
        assert len({grey[0:2], grey[2:4], grey[4:6]}) == 1 and int(grey[:2], 16) >= 0x80
        assert "position:absolute" in shape.get("style")
    # The watermark changes nothing else: same body text.
    assert [p.text for p in doc.paragraphs] == [p.text for p in Document(io.BytesIO(final)).paragraphs]


def test_core_properties_title_and_author():
    doc = render()
    assert doc.core_properties.title == BASE.title
    assert doc.core_properties.author == "王芳"


# -- a realistic document for the eyes ----------------------------------------------------------


def test_sample_document_is_written_for_inspection():
    sample = Sheet(
        form=FILE,
        organ_mark="江城市人力资源和社会保障局文件",
        secrecy="",
        urgency="加急",
        doc_number="江人社发〔2026〕15号",
        title="江城市人力资源和社会保障局关于做好2026年度企业职工养老保险待遇调整工作的通知",
        main_recipients="各区（县）人力资源和社会保障局，局机关各处室、局属各单位",
        body=(
            "根据人力资源社会保障部、财政部《关于2026年调整退休人员基本养老金的通知》和省人力资源社会保障厅有关文件精神，"
            "经市人民政府同意，现就做好我市2026年度企业职工基本养老保险待遇调整工作通知如下。",
            "一、调整范围",
            "（一）调整对象。2025年12月31日前已按规定办理退休手续并按月领取基本养老金的企业退休人员，纳入本次调整范围。",
            "（二）调整办法。本次调整采取定额调整、挂钩调整与适当倾斜相结合的办法，具体标准按附件执行。各区要严格按照规定的范围和标准执行，"
            "不得擅自扩大范围、提高标准。",
            "二、工作要求。各单位要高度重视，精心组织，确保调整后的基本养老金于2026年12月31日前足额发放到位。"
            "工作中遇到的问题，请及时报告市局养老保险处。",
        ),
        attachments=("2026年度企业退休人员基本养老金调整标准", "2026年度基本养老金调整情况统计表"),
        signatory="江城市人力资源和社会保障局",
        dated="2026年11月22日",
        with_seal=True,
        note="联系人：王芳，电话：0731-12345678",
        cc="市委办公室，市人大常委会办公室，市政府办公室，市政协办公室",
        printer="江城市人力资源和社会保障局办公室",
        printed_on="2026年11月22日",
        author="王芳",
    )
    data = render_docx(sample)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "gbt9704-sample.docx"
    path.write_bytes(data)
    doc = Document(str(path))
    assert doc.core_properties.title == sample.title
    assert [p.text for p in doc.paragraphs if p.text in sample.body] == list(sample.body)
    assert len([p for p in doc.paragraphs if p.text.startswith(("附件：", "2.\t"))]) == 2


def test_a_long_title_breaks_between_words_where_the_pdf_does():
    """Word would break anywhere; the .docx carries the PDF's breaks, which keep words whole."""
    from documents.layout.pdf import title_lines

    title = "江城市人力资源和社会保障局关于进一步做好高校毕业生就业服务工作的通知"
    doc = render(title=title)
    paragraph = para(doc.paragraphs, title)
    lines = paragraph.text.split("\n")
    assert len(lines) == 2 and lines == title_lines(title)
    assert not any(a.endswith("进一") or a.endswith("毕业") for a in lines[:-1]), lines
    assert all(len(line) <= 20 for line in lines)  # 20 characters of 22 pt fit the 156 mm 版心
