"""The measurements of GB/T 9704-2012, in millimetres and points, for both renderers.

Page (5.2.1, 5.2.2): A4, 天头 (top margin) 37 mm, 订口 (binding side, left) 28 mm,
版心 156 mm × 225 mm (page number outside it). Body (5.2.3, 5.2.4): 3号仿宋, 22 lines of
28 characters. Colours: the 发文机关标志 and the separator lines red.
"""

from __future__ import annotations

from office.fonts import FontFile

MM_PER_PT = 25.4 / 72

PAGE_W_MM, PAGE_H_MM = 210.0, 297.0
TOP_MM = 37.0  # 天头
LEFT_MM = 28.0  # 订口
TEXT_W_MM, TEXT_H_MM = 156.0, 225.0  # 版心
RIGHT_MM = PAGE_W_MM - LEFT_MM - TEXT_W_MM  # 26
BOTTOM_MM = PAGE_H_MM - TOP_MM - TEXT_H_MM  # 35
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
LINE_PITCH_MM = TEXT_H_MM / LINES_PER_PAGE  # ≈ 10.23 mm
CHAR_PITCH_MM = TEXT_W_MM / CHARS_PER_LINE  # ≈ 5.57 mm

# 字号 in points.
SIZE_2 = 22.0  # 二号: 标题
SIZE_3 = 16.0  # 三号: 正文 and most elements
SIZE_4 = 14.0  # 四号: 版记, 页码
SIZE_MARK = 36.0  # 发文机关标志: "以醒目、美观、庄重为原则" — a common size; never wider than the 版心

MARK_TOP_MM = 35.0  # 7.2.4: 发文机关标志上边缘至版心上边缘 35 mm (文件式, 纪要式)
LETTER_MARK_TOP_MM = 30.0  # 10.1: 信函式 标志上边缘至上页边 30 mm
RULE_BELOW_NUMBER_MM = 4.0  # 7.2.6: 发文字号之下 4 mm 处 the red separator
LETTER_RULE_BELOW_MARK_MM = 4.0  # 10.1: the red double line 4 mm below the mark
LETTER_BOTTOM_RULE_MM = 20.0  # 10.1: the second double line 20 mm above the page's bottom edge
LETTER_RULE_LEN_MM = 170.0
PAGE_NUMBER_BELOW_MM = 7.0  # 7.5: 一字线上距版心下边缘 7 mm
THICK_RULE_MM, THIN_RULE_MM = 0.35, 0.25  # 版记 separators

RED = (0xE6, 0x00, 0x12)  # the red of the 发文机关标志 and its lines
RED_HEX = "E60012"

#: Font names as GB/T 9704 recommends them (written into the .docx; WPS/Word substitute
#: when a machine lacks them).
FONT_NAMES = {
    "fangsong": "仿宋_GB2312",
    "xiaobiaosong": "方正小标宋简体",
    "heiti": "黑体",
    "kaiti": "楷体_GB2312",
    "songti": "宋体",
}

#: The GB/T 9704 PDF's font roles. Their TrueType files (reportlab embeds TrueType outlines only)
#: come from :mod:`office.fonts`: the organ's DOCUMENTS_FONT_<ROLE>, else Debian's free fonts,
#: else the bundled fallback.
PDF_FONT_ROLES = ("fangsong", "xiaobiaosong", "heiti", "kaiti", "songti")


def pdf_fonts() -> dict[str, FontFile]:
    """Role → its TrueType file (path, index in a .ttc, source), a bundled one converted if need be."""
    from office.fonts import resolve

    return {role: resolve(role) for role in PDF_FONT_ROLES}
