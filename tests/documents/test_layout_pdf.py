"""The GB/T 9704-2012 PDF preview, measured: each Sheet is rendered, read back with
pdfplumber, and the places of its parts compared with the standard within 1 mm.

No database: the renderer takes a :class:`~documents.layout.Sheet` and nothing else. All
positions below are in millimetres from the page's left and top edges; a character's box is
its em box as pdfplumber reports it (x0/x1 from the advance, top/bottom from the font's
descent and size).
"""

from __future__ import annotations

import dataclasses
import functools
import io
from pathlib import Path

import pdfplumber
import pytest
from django.core.exceptions import ImproperlyConfigured
from pypdf import PdfReader

from documents.layout import FILE, LETTER, MINUTES, Sheet, spec
from documents.layout.pdf import render_pdf
from tests.documents.faces import face

MM = 25.4 / 72  # mm per pt
TOL = 1.0  # mm
P, C = spec.LINE_PITCH_MM, spec.CHAR_PITCH_MM
LEFT, RIGHT, TOP, BOTTOM = 28.0, 184.0, 37.0, 262.0
CENTRE = 106.0
EM3, EM4, EM2 = 16 * MM, 14 * MM, 22 * MM  # 3号, 4号, 2号 em in mm
RED = tuple(v / 255 for v in spec.RED)
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

# --- the documents ------------------------------------------------------------------------

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
    body=PARAGRAPHS,
    attachments=("2026年高校毕业生就业创业政策清单", "江城市高校毕业生就业见习基地申报表"),
    signatory="江城市人力资源和社会保障局",
    dated="2026年11月22日",
    with_seal=True,
    note="联系人：王芳，电话：0731-12345678",
    cc="市委组织部、市发展改革委、市财政局、市教育局",
    printer="江城市人力资源和社会保障局办公室",
    printed_on="2026年11月23日",
    author="江城市人力资源和社会保障局",
)

SHEETS: dict[str, Sheet] = {
    "notice": NOTICE,
    "preview": dataclasses.replace(NOTICE, draft=True),
    "no_seal": dataclasses.replace(NOTICE, with_seal=False, attachments=("江城市高校毕业生就业见习基地申报表",)),
    "classified": dataclasses.replace(
        NOTICE, organ_mark="江城市人民政府文件", copy_number="000123", secrecy="秘密★1年", urgency="特急",
        doc_number="江政发〔2026〕3号", title="江城市人民政府关于加强安全生产工作的通知",
    ),
    "signed": dataclasses.replace(
        NOTICE, organ_mark="江城市人力资源和社会保障局文件", doc_number="江人社报〔2026〕7号",
        signers=("王建国", "李明华", "周建华"), title="江城市人力资源和社会保障局关于2026年就业工作情况的报告",
        main_recipients="市人民政府", attachments=(), note="",
    ),
    "unnumbered": dataclasses.replace(NOTICE, doc_number="", draft=True),
    "long": dataclasses.replace(
        NOTICE, title="关于开展2026年度人力资源市场秩序专项整治的通知", attachments=(),
        body=tuple(f"{'一二三四五六七八九十'[k]}、{PARAGRAPHS[0]}{PARAGRAPHS[2]}" if k % 3 == 0 else PARAGRAPHS[3]
                   for k in range(10)),
    ),
    "letter": Sheet(
        form=LETTER,
        organ_mark="江城市人力资源和社会保障局",
        copy_number="000045", secrecy="秘密★1年",
        doc_number="江人社函〔2026〕88号",
        title="关于商请提供2026年企业用工情况的函",
        main_recipients="江城市统计局",
        body=PARAGRAPHS * 4,
        signatory="江城市人力资源和社会保障局",
        dated="2026年11月22日",
        cc="市委办公室",
        printer="江城市人力资源和社会保障局办公室",  # not printed on a letter
        printed_on="2026年11月23日",
        author="江城市人力资源和社会保障局",
    ),
    "minutes": Sheet(
        form=MINUTES,
        organ_mark="江城市人力资源和社会保障局局长办公会议纪要",
        doc_number="〔2026〕12号",
        title="",
        body=(PARAGRAPHS[0], PARAGRAPHS[2]),
        attendance=(
            ("出席", "王建国、李明华、周建华、张卫东、刘晓燕、陈志强、赵丽萍、孙国庆、吴海涛、郑秀英、冯建军、"
                     "褚明亮、卫红梅、蒋志华"),
            ("列席", "周婷、钱立"),
        ),
        with_seal=True,  # ignored: a 纪要 bears no seal
        cc="市政府办公室",
        printer="江城市人力资源和社会保障局办公室",
        printed_on="2026年11月23日",
    ),
}


# --- reading the PDF back -------------------------------------------------------------------


@dataclasses.dataclass
class Span:
    """Characters side by side at one height (a line, or part of one)."""

    chars: list[dict]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return min(c["x0"] for c in self.chars) * MM

    @property
    def x1(self) -> float:
        return max(c["x1"] for c in self.chars) * MM

    @property
    def top(self) -> float:
        return min(c["top"] for c in self.chars) * MM

    @property
    def bottom(self) -> float:
        return max(c["bottom"] for c in self.chars) * MM

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def sizes(self) -> set[float]:
        return {round(c["size"], 1) for c in self.chars}

    @property
    def fonts(self) -> set[str]:
        return {c["fontname"].split("+", 1)[-1].rsplit("-", 1)[0] for c in self.chars}

    def part(self, needle: str) -> Span:
        at = self.text.index(needle)
        return Span(self.chars[at:at + len(needle)])


@dataclasses.dataclass
class Page:
    number: int
    width: float
    height: float
    rows: list[Span]  # by height, top to bottom (the 预览 mark left out)
    watermark: list[dict]
    rects: list[dict]  # x0, top, width, height in mm; colour

    def find(self, needle: str) -> Span:
        for row in self.rows:
            if needle in row.text:
                return row.part(needle)
        raise AssertionError(f"{needle!r} not on page {self.number}: {[r.text for r in self.rows]}")

    def has(self, needle: str) -> bool:
        return any(needle in row.text for row in self.rows)

    def row_of(self, needle: str) -> Span:
        return next(row for row in self.rows if needle in row.text)

    def red_rects(self) -> list[dict]:
        return [r for r in self.rects if _is_red(r["colour"])]


def _is_red(colour) -> bool:
    return colour is not None and len(colour) == 3 and all(abs(a - b) < 0.02 for a, b in zip(colour, RED, strict=False))


def read(data: bytes) -> list[Page]:
    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            text = [c for c in page.chars if c["size"] < 60]
            watermark = [c for c in page.chars if c["size"] >= 60]
            rows: list[list[dict]] = []
            for char in sorted(text, key=lambda c: (c["top"], c["x0"])):
                if rows and abs(char["top"] - rows[-1][0]["top"]) < 0.5:
                    rows[-1].append(char)
                else:
                    rows.append([char])
            rects = [{"x0": r["x0"] * MM, "top": r["top"] * MM, "width": r["width"] * MM,
                      "height": r["height"] * MM, "colour": r["non_stroking_color"]} for r in page.rects]
            pages.append(Page(number, float(page.width) * MM, float(page.height) * MM,
                              [Span(sorted(row, key=lambda c: c["x0"])) for row in rows], watermark, rects))
    return pages


@functools.cache
def rendered(name: str) -> bytes:
    return render_pdf(SHEETS[name])


@functools.cache
def pages_of(name: str) -> list[Page]:
    return read(rendered(name))


def near(measured: float, expected: float, tol: float = TOL) -> bool:
    return abs(measured - expected) <= tol


def cell_top(cell: int, em: float = EM3) -> float:
    """The top of a line's em box in grid line ``cell`` of the 版心 (centred in the line)."""
    return TOP + cell * P + (P - em) / 2


def on_grid(top: float, em: float = EM3) -> bool:
    offset = (top - cell_top(0, em)) / P
    return abs(offset - round(offset)) * P <= TOL


def body_rows(page: Page) -> list[Span]:
    """3号 仿宋/黑体/楷体 lines inside the 版心 (neither page numbers nor 版记)."""
    return [row for row in page.rows if row.sizes == {16.0} and TOP - TOL <= row.top <= BOTTOM]


# --- page, metadata, fonts ------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SHEETS))
def test_a4_pages(name):
    for page in pages_of(name):
        assert near(page.width, 210) and near(page.height, 297), (page.width, page.height)


def test_metadata_title_and_author():
    reader = PdfReader(io.BytesIO(rendered("notice")))
    assert reader.metadata.title == NOTICE.title
    assert reader.metadata.author == "江城市人力资源和社会保障局"


def test_fonts_are_embedded_subsets():
    reader = PdfReader(io.BytesIO(rendered("minutes")))
    seen = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            seen[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    names = {name.split("+", 1)[1].rsplit("-", 1)[0] for name in seen}
    assert {face("fangsong"), face("heiti")} <= names, seen
    assert all(seen.values()), seen
    assert all(name[1:7].isupper() and name[7] == "+" for name in seen), seen
    used = {font for page in pages_of("signed") for row in page.rows for font in row.fonts}
    assert {face("fangsong"), face("kaiti"), face("heiti")} <= used


def test_missing_font_file_is_improperly_configured(settings):
    settings.DOCUMENTS_GBT9704_FONTS = {"kaiti": "/nonexistent/fonts/kai.ttf"}
    with pytest.raises(ImproperlyConfigured, match="DOCUMENTS_GBT9704_FONTS"):
        render_pdf(NOTICE)


def test_cff_font_is_improperly_configured(settings, tmp_path):
    not_truetype = tmp_path / "NotoSansCJK-Regular.ttc"
    not_truetype.write_bytes(b"OTTO" + b"\0" * 64)
    settings.DOCUMENTS_GBT9704_FONTS = {"heiti": (str(not_truetype), 0)}
    with pytest.raises(ImproperlyConfigured, match="TrueType"):
        render_pdf(NOTICE)


# --- 版头 --------------------------------------------------------------------------------------


def test_mark_red_centred_35mm_below_the_text_block():
    for name in ("notice", "classified", "minutes"):
        page = pages_of(name)[0]
        mark = page.find(SHEETS[name].organ_mark)
        assert near(mark.top, TOP + 35), (name, mark.top)  # 72 mm
        assert near(mark.centre, CENTRE), (name, mark.centre)
        assert mark.x0 >= LEFT - TOL and mark.x1 <= RIGHT + TOL, (name, mark.x0, mark.x1)
        assert all(_is_red(c["non_stroking_color"]) for c in mark.chars), mark.chars[0]["non_stroking_color"]
    # 15 characters at 36 pt would be 190 mm: narrowed into the 156 mm of the 版心.
    long = pages_of("notice")[0].find(NOTICE.organ_mark)
    assert near(long.x1 - long.x0, 156), long.x1 - long.x0
    # A short mark keeps its size: 9 characters of 36 pt.
    short = pages_of("classified")[0].find("江城市人民政府文件")
    assert near(short.x1 - short.x0, 9 * 36 * MM), short.x1 - short.x0
    assert short.sizes == {36.0}


def test_number_two_lines_below_the_mark_and_red_separator_4mm_below_it():
    page = pages_of("notice")[0]
    mark = page.find(NOTICE.organ_mark)
    number = page.find("江人社发〔2026〕15号")
    assert near(number.centre, CENTRE), number.centre
    assert number.sizes == {16.0} and number.fonts == {face("fangsong")}
    assert 2 * P - TOL <= number.top - mark.bottom <= 3 * P + TOL, number.top - mark.bottom
    assert on_grid(number.top), number.top
    separators = [r for r in page.red_rects() if r["width"] > 100]
    assert len(separators) == 1, page.rects
    rule = separators[0]
    assert near(rule["width"], 156) and near(rule["x0"], LEFT), rule
    assert near(rule["top"], number.bottom + 4), (rule["top"], number.bottom)


def test_unnumbered_preview_keeps_the_number_line_and_the_separator():
    numbered, unnumbered = pages_of("preview")[0], pages_of("unnumbered")[0]
    assert not unnumbered.has("〔2026〕")
    rule = next(r for r in unnumbered.red_rects() if r["width"] > 100)
    expected = next(r for r in numbered.red_rects() if r["width"] > 100)
    assert near(rule["top"], expected["top"]), (rule["top"], expected["top"])
    assert near(unnumbered.find("关于做好").top, numbered.find("关于做好").top)


def test_copy_number_secrecy_urgency_on_the_first_lines_at_the_left():
    page = pages_of("classified")[0]
    for cell, (text, font) in enumerate((("000123", face("fangsong")), ("秘密★1年", face("heiti")),
                                         ("特急", face("heiti")))):
        span = page.find(text)
        assert near(span.x0, LEFT), (text, span.x0)
        assert near(span.top, cell_top(cell)), (text, span.top, cell_top(cell))
        assert span.fonts == {font}, (text, span.fonts)


def test_signers_right_and_number_left_on_the_last_signer_line():
    page = pages_of("signed")[0]
    first = page.row_of("签发人：")
    assert first.text == "签发人：王建国李明华"  # two names a line (the full-width space between is not a glyph)
    assert near(first.x1, RIGHT - C), first.x1  # 居右空一字: 178.43 mm
    assert first.part("王建国").fonts == {face("kaiti")} and first.part("签发人：").fonts == {face("fangsong")}
    mark = page.find(SHEETS["signed"].organ_mark)
    assert 2 * P - TOL <= first.top - mark.bottom <= 3 * P + TOL
    # The third signer goes on the next line, aligned with the first name; the 文号 on that line.
    last = page.row_of("周建华")
    assert near(last.top, first.top + P), (last.top, first.top)
    assert near(last.part("周建华").x0, first.part("王建国").x0)
    number = last.part("江人社报〔2026〕7号")
    assert near(number.x0, LEFT + C), number.x0  # 左空一字
    rule = next(r for r in page.red_rects() if r["width"] > 100)
    assert near(rule["top"], number.bottom + 4)
    assert not page.has("签发人：周建华")


# --- 主体 --------------------------------------------------------------------------------------


def test_title_two_lines_below_the_separator_22pt_centred():
    page = pages_of("notice")[0]
    rule = next(r for r in page.red_rects() if r["width"] > 100)
    rows = [row for row in page.rows if row.sizes == {22.0}]
    assert "".join(row.text for row in rows) == NOTICE.title
    assert len(rows) >= 2  # 37 characters do not fit one line of 20
    for row in rows:
        assert near(row.centre, CENTRE), (row.text, row.centre)
        assert row.x0 >= LEFT - TOL and row.x1 <= RIGHT + TOL
        # 小标宋: the prepared heavy serif (manage.py prepare_fonts), else its TrueType stand-in.
        assert row.fonts == {face("xiaobiaosong")}, row.fonts
    # "2026年" is not split between lines.
    assert not any(row.text.endswith("2026") for row in rows)
    # Two blank lines between the separator and the title's first line.
    gap = rows[0].top - (rule["top"] + rule["height"])
    assert 2 * P - TOL <= gap <= 3 * P + TOL, gap
    assert on_grid(rows[0].top, EM2) and near(rows[1].top - rows[0].top, P)


def test_recipients_and_body_on_the_22_line_grid():
    page = pages_of("notice")[0]
    title_last = [row for row in page.rows if row.sizes == {22.0}][-1]
    recipients = page.row_of("各县（市、区）人力资源和社会保障局")
    assert recipients.text.startswith("各县") and near(recipients.x0, LEFT)
    # One blank line below the title: two line pitches from line to line.
    assert near(recipients.top - cell_top(0), title_last.top - cell_top(0, EM2) + 2 * P)
    continuation = page.rows[page.rows.index(recipients) + 1]
    assert continuation.text.endswith("：") and near(continuation.x0, LEFT)
    first_body = page.rows[page.rows.index(continuation) + 1]
    assert first_body.text.startswith("为深入贯彻落实")
    assert near(first_body.top, continuation.top + P)  # the first body line: right under 主送
    assert near(first_body.x0, LEFT + 2 * C), first_body.x0  # 39.14 mm: 空二字
    rows = body_rows(page)
    start = rows.index(recipients)
    for k, row in enumerate(rows[start:]):
        assert on_grid(row.top), (row.text, row.top)
        assert near(row.top, recipients.top + k * P), (k, row.text, row.top)  # 10.23 mm apart
    assert rows[-1].bottom <= BOTTOM  # the last line inside the 版心


def test_body_lines_start_at_the_left_edge_and_stop_at_the_right_edge():
    for name in ("notice", "long", "letter", "no_seal"):
        for page in pages_of(name):
            for row in body_rows(page):
                assert row.x1 <= RIGHT + 0.1, (name, row.text, row.x1)  # CJK glyph box 5.64 mm on a 5.57 mm pitch
                assert row.text[0] not in "，。、；：？！）》”", (name, row.text)
                assert row.text[-1] not in "（《“", (name, row.text)
    page = pages_of("long")[1]
    rows = body_rows(page)
    assert len(rows) == 22, [r.text for r in rows]  # a full page: 22 lines
    assert near(rows[0].top, cell_top(0)), rows[0].top  # 39.29 mm
    assert near(rows[-1].top, cell_top(21)), rows[-1].top
    starts = {round(row.x0, 1) for row in rows}
    assert starts <= {round(LEFT, 1), round(LEFT + 2 * C, 1)}, starts
    full = [row for row, nxt in zip(rows, rows[1:], strict=False) if near(nxt.x0, LEFT)]  # lines followed by a continuation
    assert full and all(near(row.x1, RIGHT, 0.2) for row in full), [(r.text, r.x1) for r in full]
    # CJK characters on the 28-character grid: 28 to a full line of Chinese, 5.57 mm apart.
    chinese = [row for row in full if near(row.x0, LEFT, 0.1) and all(ord(c["text"]) > 0x2E80 for c in row.chars)]
    grid_lines = [row for row in chinese if len(row.chars) == 28]
    assert grid_lines, [row.text for row in chinese]
    for row in grid_lines:
        for k, char in enumerate(row.chars):
            assert near(char["x0"] * MM, LEFT + k * C, 0.1), (k, char["text"], char["x0"] * MM)


def test_headings_by_numbering():
    page = pages_of("notice")[0]
    heading = page.row_of("一、提高思想认识")
    assert heading.fonts == {face("heiti")} and near(heading.x0, LEFT + 2 * C)
    page2 = pages_of("notice")[1]
    second = page2.row_of("（一）拓宽就业渠道。")
    assert second.part("（一）拓宽就业渠道。").fonts == {face("kaiti")}
    assert second.part("鼓励").fonts == {face("fangsong")}
    third = page2.row_of("二、加强服务保障。")
    assert third.part("二、加强服务保障。").fonts == {face("heiti")} and third.part("各县").fonts == {face("fangsong")}


def test_attachments_one_blank_line_below_the_body_numbers_aligned():
    page = pages_of("notice")[1]
    first, second = page.row_of("附件：1."), page.row_of("2.江城市")
    last_body = page.rows[page.rows.index(first) - 1]
    assert last_body.text.endswith("予以通报。")
    assert near(first.top - last_body.top, 2 * P)
    assert near(first.x0, LEFT + 2 * C)
    assert near(second.top - first.top, P)
    assert near(second.x0, first.part("1.").x0), (second.x0, first.part("1.").x0)
    # A single attachment: no number.
    single = pages_of("no_seal")[1].row_of("附件：")
    assert single.text == "附件：江城市高校毕业生就业见习基地申报表"


def test_signature_with_seal_centred_over_the_date_four_characters_in():
    page = pages_of("notice")[1]
    name, date = page.row_of(NOTICE.signatory), page.row_of("2026年11月22日")
    assert name.text == NOTICE.signatory and date.text == "2026年11月22日"
    assert near(date.x1, RIGHT - 4 * C), date.x1  # 右空四字: 161.71 mm
    assert near(name.centre, date.centre), (name.centre, date.centre)
    assert near(date.top - name.top, P)
    # Room for the seal: two blank lines between the 附件说明 and the 署名.
    attachment = page.row_of("2.江城市")
    assert near(name.top - attachment.top, 3 * P), name.top - attachment.top
    note = page.row_of("（联系人：王芳")
    assert note.text == "（联系人：王芳，电话：0731-12345678）"
    assert near(note.top - date.top, P) and near(note.x0, LEFT + 2 * C)
    # Nothing drawn for the seal: no red on that page.
    assert not page.red_rects() and not [c for r in page.rows for c in r.chars if _is_red(c["non_stroking_color"])]


def test_signature_without_seal_two_characters_in_date_shifted_two():
    page = pages_of("no_seal")[1]
    name, date = page.row_of(NOTICE.signatory), page.row_of("2026年11月22日")
    attachment = page.row_of("附件：")
    assert near(name.top - attachment.top, 2 * P)  # one blank line
    assert near(date.top - name.top, P)
    assert near(name.x1, RIGHT - 2 * C) or near(date.x1, RIGHT - 2 * C), (name.x1, date.x1)
    assert date.x1 <= RIGHT - 2 * C + TOL and name.x1 <= RIGHT - 2 * C + TOL
    assert near(date.x0, name.x0 + 2 * C), (date.x0, name.x0)


# --- 版记 and page numbers ------------------------------------------------------------------------


def test_imprint_at_the_bottom_of_the_last_page():
    page = pages_of("notice")[-1]
    rules = sorted((r for r in page.rects if near(r["width"], 156) and not _is_red(r["colour"])),
                   key=lambda r: r["top"])
    assert len(rules) == 3, page.rects
    first, middle, last = rules
    assert near(last["top"] + last["height"], BOTTOM, 0.05), last  # coincides with the 版心's bottom edge: 262 mm
    assert near(first["height"], 0.35, 0.02) and near(last["height"], 0.35, 0.02)
    assert near(middle["height"], 0.25, 0.02)
    assert all(near(r["x0"], LEFT) for r in rules)
    cc = page.row_of("抄送：")
    assert cc.text == "抄送：市委组织部、市发展改革委、市财政局、市教育局。"
    assert cc.sizes == {14.0}
    assert near(cc.x0, LEFT + EM4), cc.x0  # 左空一字 (4号)
    assert first["top"] + first["height"] <= cc.top <= middle["top"]
    printed = page.row_of("印发")
    assert printed.sizes == {14.0}
    assert near(printed.part("江城市人力资源和社会保障局办公室").x0, LEFT + EM4)
    assert near(printed.part("2026年11月23日印发").x1, RIGHT - EM4)
    assert middle["top"] + middle["height"] <= printed.top and printed.bottom <= last["top"]
    assert near(printed.top, cell_top(21, EM4)) and near(cc.top, cell_top(20, EM4))


def test_page_numbers_7mm_below_the_text_block_odd_right_even_left():
    pages = pages_of("long")
    assert len(pages) >= 3
    for page in pages:
        number = page.row_of(f"— {page.number} —".replace(" ", ""))
        assert number.text == f"—{page.number}—"
        assert number.sizes == {14.0}
        # the 一字线 (the em box's middle, where the dashes are drawn) 7 mm below the 版心: 269 mm
        dash = number.part("—")
        assert near((dash.top + dash.bottom) / 2, BOTTOM + 7, 0.5), dash.top
        if page.number % 2:
            assert near(number.x1, RIGHT - EM4), (page.number, number.x1)  # 右空一字
        else:
            assert near(number.x0, LEFT + EM4), (page.number, number.x0)  # 左空一字


def test_long_body_flows_over_pages_and_the_imprint_takes_a_new_page_when_full():
    base = dataclasses.replace(NOTICE, title="关于开展专项检查的通知", attachments=(), note="",
                               main_recipients="各科室")
    line = "各单位要按照要求认真组织开展自查自纠工作。"  # one line with its indent
    outcomes = []
    for count in range(20, 40):
        pages = read(render_pdf(dataclasses.replace(base, body=(line,) * count)))
        imprint = next(p for p in pages if p.has("抄送："))
        signature = next(p for p in pages if any(row.text == "2026年11月22日" for row in p.rows))
        # The seal and 署名 never stand alone: a line of the body is on their page.
        assert any(row.text == line for row in signature.rows), count
        alone = not any(row.text == line for row in imprint.rows)
        outcomes.append((count, len(pages), alone, imprint.number == len(pages)))
        assert imprint.number == len(pages)
        if alone:
            # A 版记 of its own goes on the back of a sheet (an even page); a blank page before it
            # when needed, and then neither carries a page number (7.5).
            assert imprint.number % 2 == 0, count
            blank = pages[imprint.number - 2]
            if not blank.rows:
                assert not any(row.text.startswith("—") for row in imprint.rows), count
    # Some body lengths fill the last page: the 版记 then goes on a page of its own.
    assert any(alone for _c, _n, alone, _l in outcomes), outcomes
    assert any(alone and n % 2 == 0 and not read(render_pdf(dataclasses.replace(base, body=(line,) * c)))[n - 2].rows
               for c, n, alone, _l in outcomes), "no blank page before the 版记 in any length"
    assert any(not alone for _c, _n, alone, _l in outcomes), outcomes


def test_a_title_that_fits_two_lines_is_set_in_two_balanced_lines():
    from documents.layout.pdf import title_lines

    title = "江城市人力资源和社会保障局关于进一步加强人力资源市场监督管理工作的通知"  # 34 characters
    lines = title_lines(title)
    assert len(lines) == 2, lines  # never 13 / 10 / 11
    assert "".join(lines) == title
    assert abs(len(lines[0]) - len(lines[1])) <= 4, lines  # a 梯形 or 菱形, not 20 / 14
    # When two lines would split "2026年", three whole-word lines are taken.
    lines = title_lines(NOTICE.title)
    assert len(lines) == 3 and not any(line.endswith("2026") for line in lines), lines


# --- 信函式 and 纪要式 ---------------------------------------------------------------------------


def test_letter_mark_and_double_lines():
    page = pages_of("letter")[0]
    sheet = SHEETS["letter"]
    mark = page.find(sheet.organ_mark)
    assert near(mark.top, 30) and near(mark.centre, CENTRE)
    assert all(_is_red(c["non_stroking_color"]) for c in mark.chars)
    lines = sorted(page.red_rects(), key=lambda r: r["top"])
    assert len(lines) == 4, page.rects
    for rule in lines:
        assert near(rule["width"], 170) and near(rule["x0"], 20), rule  # 170 mm, centred
    upper_thick, upper_thin, lower_thin, lower_thick = lines
    assert near(upper_thick["top"], mark.bottom + 4), (upper_thick["top"], mark.bottom)
    assert upper_thick["height"] > upper_thin["height"] and lower_thick["height"] > lower_thin["height"]
    assert upper_thin["top"] - upper_thick["top"] < 3 and lower_thick["top"] - lower_thin["top"] < 3
    assert near(lower_thick["top"] + lower_thick["height"], 297 - 20), lower_thick  # 20 mm above the bottom edge
    # 份号 flush left and 文号 flush right, 7/8 of a 3号 character under the double line.
    copy, number = page.find("000045"), page.find("江人社函〔2026〕88号")
    below = upper_thin["top"] + upper_thin["height"] + 7 / 8 * EM3
    assert near(copy.top, below) and near(number.top, below), (copy.top, number.top, below)
    assert near(copy.x0, LEFT) and near(number.x1, RIGHT, 0.2), (copy.x0, number.x1)
    assert near(page.find("秘密★1年").top, copy.top + P)
    title = next(row for row in page.rows if row.sizes == {22.0})
    assert near(title.centre, CENTRE) and 2 * P - TOL <= title.top - page.find("秘密★1年").bottom <= 3 * P + TOL


def test_letter_page_numbers_and_imprint():
    pages = pages_of("letter")
    assert len(pages) >= 2
    assert not any(row.text.startswith("—") for row in pages[0].rows)  # no number on the first page
    assert pages[1].has("—2—")
    assert not pages[1].red_rects()  # the letterhead's lines are on the first page only
    last = pages[-1]
    cc = last.row_of("抄送：")
    assert near(cc.top, cell_top(21, EM4))
    assert not last.has("印发") and not [r for r in last.rects if near(r["width"], 156)]


def test_minutes_attendance_and_no_seal():
    pages = pages_of("minutes")
    first = pages[0]
    mark = first.find(SHEETS["minutes"].organ_mark)
    assert near(mark.top, 72) and near(mark.centre, CENTRE)
    assert near(first.find("〔2026〕12号").centre, CENTRE)
    page = next(p for p in pages if p.has("出席："))
    present = page.row_of("出席：")
    assert present.part("出席：").fonts == {face("heiti")} and present.part("王建国").fonts == {face("fangsong")}
    assert near(present.x0, LEFT + 2 * C)
    body_end = page.rows[page.rows.index(present) - 1]
    assert body_end.text.endswith("落地见效。") and near(present.top - body_end.top, 2 * P)
    wrapped = page.rows[page.rows.index(present) + 1]
    assert near(wrapped.x0, present.part("王建国").x0)  # aligned after the colon
    assert wrapped.text.startswith("陈志强、")  # names are not split between lines
    absent = page.row_of("列席：")
    assert near(absent.x0, LEFT + 2 * C)
    assert near(absent.top, page.rows[page.rows.index(absent) - 1].top + P)
    assert page.rows[page.rows.index(absent) - 1].text.endswith("蒋志华")
    assert not any(p.has("2026年11月22日") for p in pages)


def test_preview_mark_only_in_previews():
    preview, final = pages_of("preview"), pages_of("notice")
    assert len(preview) == len(final)
    for page in preview:
        texts = {c["text"] for c in page.watermark}
        assert texts == {"预", "览"}, texts
        grey = page.watermark[0]["non_stroking_color"]
        assert all(0.7 < v < 0.95 for v in grey), grey
        a, b = page.watermark[0]["matrix"][:2]
        assert near(abs(a), abs(b), 0.1 * abs(a)), (a, b)  # diagonal: turned 45°
    for page in final:
        assert not page.watermark
        assert "预" not in "".join(row.text for row in page.rows)


# --- the sample --------------------------------------------------------------------------------


def test_sample_saved_and_rendered_to_png():
    pdfium = pytest.importorskip("pypdfium2")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    data = rendered("notice")
    (ARTIFACTS / "gbt9704-sample.pdf").write_bytes(data)
    document = pdfium.PdfDocument(data)
    try:
        for index in range(len(document)):
            page = document[index]
            image = page.render(scale=150 / 72).to_pil()
            image.save(ARTIFACTS / f"gbt9704-sample-p{index + 1}.png")
            assert near(image.size[0], 210 / 25.4 * 150, 2) and near(image.size[1], 297 / 25.4 * 150, 2), image.size
            page.close()
    finally:
        document.close()
    assert (ARTIFACTS / "gbt9704-sample-p2.png").exists()


@pytest.mark.parametrize("title, words", [
    ("江城市人力资源和社会保障局关于进一步做好高校毕业生就业服务工作的通知", ("进一步", "毕业生", "就业")),
    ("江城市人力资源和社会保障局关于做好2027年元旦春节期间人社服务保障工作的通知", ("期间", "春节", "元旦")),
])
def test_the_title_never_breaks_inside_a_word(title, words):
    """GB/T 9704 7.3.1: 标题回行时，要做到词意完整."""
    from documents.layout.pdf import title_lines

    lines = title_lines(title)
    assert "".join(lines) == title and len(lines) >= 2
    for a, b in zip(lines, lines[1:], strict=False):
        for word in words:
            assert not any(a.endswith(word[:k]) and b.startswith(word[k:]) for k in range(1, len(word))), lines
