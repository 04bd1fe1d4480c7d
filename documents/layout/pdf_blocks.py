"""The building blocks of the GB/T 9704 PDF (:mod:`documents.layout.pdf`): the 版心's measurements,
the fonts, glyphs placed on the character grid, lines broken by the rules of Chinese typesetting,
and the pages' 22 cells of rows."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from documents.layout import spec
from documents.layout.fonts import register_truetype

# --- measurements (all in mm, y measured downwards from the top edge of the page) -----

P = spec.LINE_PITCH_MM  # grid line pitch
C = spec.CHAR_PITCH_MM  # grid character pitch
LEFT = spec.LEFT_MM
RIGHT = spec.LEFT_MM + spec.TEXT_W_MM  # 184
TOP = spec.TOP_MM
BOTTOM = spec.TOP_MM + spec.TEXT_H_MM  # 262
CENTRE = LEFT + spec.TEXT_W_MM / 2  # 106
LINES = spec.LINES_PER_PAGE

#: 信函式 double lines (the standard fixes their place and length, not their weight).
LETTER_THICK_MM, LETTER_GAP_MM, LETTER_THIN_MM = 1.0, 0.6, 0.35
LETTER_RULE_LEFT = (spec.PAGE_W_MM - spec.LETTER_RULE_LEN_MM) / 2
#: 信函式: the first element under the double line is 7/8 of a 3号 character below it (10.1).
LETTER_BELOW_RULE_MM = spec.SIZE_3 * spec.MM_PER_PT * 7 / 8
#: The red separator of the 版头 (its weight is not fixed by the standard either).
SEPARATOR_MM = 0.5
#: A 发文机关标志 too long for the 版心 is first narrowed (as offices do with 字符缩放), down
#: to this horizontal scale, and only then made smaller.
MARK_MIN_HSCALE = 0.75
#: Blank grid lines left between the text and the 署名 of a sealed document: the seal
#: (about 42 mm, four lines) then starts within one line of the text and sits a little above
#: the 署名 and 成文日期, as 7.3.5.1 asks.
SEAL_ROOM_LINES = 2

BLACK = (0.0, 0.0, 0.0)
RED = tuple(v / 255 for v in spec.RED)
WATERMARK_GREY = (0.82, 0.82, 0.82)

FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI = "fangsong", "xiaobiaosong", "heiti", "kaiti", "songti"

#: Characters that may not begin a line (避头) and may not end one (避尾).
NO_START = set("，。、；：？！）》」』】〕〉”’,.;:!?)]}%％·‰℃")
NO_END = set("（《「『【〔〈“‘([{")

_LEVEL_1 = re.compile(r"^[一二三四五六七八九十百]+、")
_LEVEL_2 = re.compile(r"^[（(][一二三四五六七八九十百]+[）)]")


def _pt(mm_value: float) -> float:
    return mm_value / spec.MM_PER_PT


def _mm(pt_value: float) -> float:
    return pt_value * spec.MM_PER_PT


# --- fonts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Face:
    name: str  # as registered with reportlab
    descent: float  # below the baseline, in ems (negative), as written in the PDF's FontDescriptor
    chars: frozenset[int] = frozenset()  # the characters it has a glyph for


def _register(role: str, path: str, index: int) -> _Face:
    font = register_truetype(
        path, index, setting=f"DOCUMENTS_GBT9704_FONTS[{role!r}]",
        advice="Install Debian's fonts-arphic-uming, fonts-arphic-ukai and fonts-wqy-zenhei, or set "
               "DOCUMENTS_FONT_<ROLE> to a TrueType font (path, or path#index for a .ttc).",
    )
    return _Face(font.fontName, font.face.descent / 1000, frozenset(font.face.charToGlyph))


def _faces() -> dict[str, _Face]:
    return {role: _register(role, font.path, font.index) for role, font in spec.pdf_fonts().items()}


# --- glyphs, units, lines -------------------------------------------------------------------


@dataclass
class _Glyph:
    x: float  # left edge, mm from the page's left edge
    ch: str
    role: str
    size: float  # pt
    color: tuple = BLACK
    hscale: float = 1.0


@dataclass
class _Unit:
    """What line breaking cannot split: one character, a Latin run, a "——" or "……"."""

    chars: list[tuple[str, str, float]]  # (character, font role, advance in mm)

    @property
    def width(self) -> float:
        return sum(advance for _ch, _role, advance in self.chars)

    @property
    def space(self) -> bool:
        return all(ch.isspace() for ch, _r, _a in self.chars)

    @property
    def no_start(self) -> bool:
        return self.chars[0][0] in NO_START

    @property
    def no_end(self) -> bool:
        return self.chars[-1][0] in NO_END


def _wide(ch: str) -> bool:
    """Full-width in Chinese typesetting (W, F and the ambiguous “”—…★·)."""
    return unicodedata.east_asian_width(ch) in ("W", "F", "A")


class _Type:
    """Measures and breaks text in the registered faces."""

    def __init__(self, faces: dict[str, _Face]):
        self.faces = faces

    def advance(self, ch: str, role: str, size: float, grid: float | None) -> float:
        if _wide(ch):
            return grid if grid else _mm(size)
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return _mm(stringWidth(ch, self.faces[role].name, size))

    def units(self, spans: list[tuple[str, str]], size: float, grid: float | None) -> list[_Unit]:
        chars = [(ch, role) for text, role in spans for ch in text]
        units: list[_Unit] = []
        i = 0
        while i < len(chars):
            ch = chars[i][0]
            if "\x21" <= ch <= "\x7e":
                j = i
                while j < len(chars) and "\x21" <= chars[j][0] <= "\x7e":
                    j += 1
            elif ch in "—…" and i + 1 < len(chars) and chars[i + 1][0] == ch:
                j = i + 2
            else:
                j = i + 1
            units.append(_Unit([(c, r, self.advance(c, r, size, grid)) for c, r in chars[i:j]]))
            i = j
        return units

    def width(self, spans: list[tuple[str, str]], size: float, grid: float | None) -> float:
        return sum(u.width for u in self.units(spans, size, grid))

    def wrap(self, spans, size, *, first_x: float, rest_x: float, right: float = RIGHT, grid: float | None = C,
             color=BLACK, justify: bool = True, names: bool = False) -> list[list[_Glyph]]:
        """Break ``spans`` into lines between ``first_x``/``rest_x`` and ``right``; glyphs placed.

        ``names``: a list of names separated by 、 or ，, none of them broken across lines.
        """
        units = self.units(spans, size, grid)
        if names:
            merged: list[_Unit] = []
            for unit in units:
                if merged and merged[-1].chars[-1][0] not in "、，,；;" and len(merged[-1].chars) < 12:
                    merged[-1] = _Unit(merged[-1].chars + unit.chars)
                else:
                    merged.append(unit)
            units = merged
        lines: list[list[_Glyph]] = []
        i, first = 0, True
        while i < len(units):
            x0 = first_x if first else rest_x
            if not first:
                while i < len(units) and units[i].space:
                    i += 1
                if i == len(units):
                    break
            avail = right - x0
            used, j = 0.0, i
            while j < len(units) and used + units[j].width <= avail + 1e-6:
                used += units[j].width
                j += 1
            if j == len(units):
                lines.append(self.place(units[i:j], x0, right, size, color, justify=False))
                break
            if j == i or units[j].width > right - min(first_x, rest_x) + 1e-6:
                # A unit this line (or any line) cannot hold, a long number or address: split it.
                units[j:j + 1] = [_Unit([c]) for c in units[j].chars]
                continue
            b = j
            while b > i + 1 and (units[b].no_start or units[b - 1].no_end):
                b -= 1
            lines.append(self.place(units[i:b], x0, right, size, color, justify=justify, grid=grid))
            i, first = b, False
        return lines or [[]]

    @staticmethod
    def place(units: list[_Unit], x0: float, right: float, size: float, color, *, justify: bool,
              grid: float | None = None) -> list[_Glyph]:
        while units and units[-1].space:
            units = units[:-1]
        extra = 0.0
        if justify and len(units) > 1:
            slack = right - x0 - sum(u.width for u in units)
            if 0 < slack <= 3 * (grid or _mm(size)):
                extra = slack / (len(units) - 1)
        glyphs, x = [], x0
        for unit in units:
            for ch, role, advance in unit.chars:
                if not ch.isspace():
                    glyphs.append(_Glyph(x, ch, role, size, color))
                x += advance
            x += extra
        return glyphs

    def line(self, spans, size, x: float, *, grid: float | None = C, color=BLACK) -> list[_Glyph]:
        """One unbroken line starting at ``x``."""
        return self.place(self.units(spans, size, grid), x, RIGHT, size, color, justify=False)

    def line_right(self, spans, size, right: float, *, grid: float | None = C, color=BLACK) -> list[_Glyph]:
        """One line whose last character ends at ``right``."""
        return self.line(spans, size, right - self.width(spans, size, grid), grid=grid, color=color)

    def line_centred(self, spans, size, centre: float = CENTRE, *, grid: float | None = C,
                     color=BLACK) -> list[_Glyph]:
        return self.line(spans, size, centre - self.width(spans, size, grid) / 2, grid=grid, color=color)


# --- pages and rows -------------------------------------------------------------------------


@dataclass
class _Row:
    """One grid line of the flow."""

    glyphs: list[_Glyph]
    size: float = spec.SIZE_3
    group: int = 0  # rows of one group go on the same page
    spacer: bool = False  # a blank line dropped when it would open a page


@dataclass
class _Page:
    lines: list[tuple[float, list[_Glyph]]] = field(default_factory=list)  # (em box top, glyphs)
    rects: list[tuple[float, float, float, float, tuple]] = field(default_factory=list)  # x, top, w, h, colour
    used: int = 0  # grid cells taken from the top
    numbered: bool = True  # a blank page before the 版记, and the 版记 page after it, carry no number
    external: tuple[int, int] | None = None  # (annex, page): a page of a PDF attachment, drawn over

    def put(self, cell: int, row: _Row) -> None:
        if row.glyphs:
            self.lines.append((_cell_em_top(cell, row.size), row.glyphs))


def _cell_em_top(cell: int, size: float) -> float:
    return TOP + cell * P + (P - _mm(size)) / 2


def _cell_after(bottom_mm: float) -> int:
    """The first grid cell below something ending at ``bottom_mm``."""
    return max(0, math.floor((bottom_mm - TOP) / P - 1e-9) + 1)
