"""Measuring a GB/T 9704 rendering: the issued .docx converted to PDF by LibreOffice, or the
project's own PDF, read with pdfplumber into the numbers the standard fixes (mm from the page's
top left corner). Used by test_layout_libreoffice.py and handy from a shell for the side-by-side
figures (``python -m tests.documents.libreoffice``).
"""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pdfplumber

MM = 25.4 / 72
RED = (0xE6 / 255, 0, 0x12 / 255)

#: The GB/T 9704 font names the .docx asks for, and the PDF role whose face stands in for each.
DOCX_FONT_ROLES = {"仿宋_GB2312": "fangsong", "方正小标宋简体": "xiaobiaosong", "黑体": "heiti",
                   "楷体_GB2312": "kaiti", "宋体": "songti"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _fonts_conf(folder: Path) -> Path:
    """A fontconfig file that resolves the .docx's font names to the faces the PDF embeds — as an
    office's machine with 仿宋_GB2312 & co. installed would — so both renderings use one face each."""
    from fontTools.ttLib import TTFont

    from documents.layout import spec

    fonts = spec.pdf_fonts()
    dirs, aliases = set(), []
    for name, role in DOCX_FONT_ROLES.items():
        font = fonts[role]
        family = TTFont(font.path, fontNumber=font.index, lazy=True)["name"].getDebugName(1)
        dirs.add(str(Path(font.path).parent))
        aliases.append(f'<alias binding="same"><family>{name}</family><prefer><family>{family}</family></prefer></alias>')
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        + "".join(f"<dir>{d}</dir>" for d in sorted(dirs))
        + f"<cachedir>{folder / 'fc-cache'}</cachedir>"
        + "".join(aliases) + "</fontconfig>",
        encoding="utf-8",
    )
    return conf


def convert(documents: dict[str, bytes]) -> dict[str, bytes]:
    """Each .docx converted to PDF by LibreOffice headless, all in one run (name → PDF bytes)."""
    program = soffice()
    assert program, "LibreOffice (soffice) is not installed"
    with tempfile.TemporaryDirectory(prefix="sanban-lo-") as tmp:
        folder = Path(tmp)
        for name, data in documents.items():
            (folder / f"{name}.docx").write_bytes(data)
        env = dict(os.environ, HOME=str(folder), FONTCONFIG_FILE=str(_fonts_conf(folder)))
        subprocess.run(
            [program, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(folder / "out"),
             *[str(folder / f"{name}.docx") for name in documents]],
            check=True, capture_output=True, timeout=240, env=env,
        )
        return {name: (folder / "out" / f"{name}.pdf").read_bytes() for name in documents}


# --- reading ------------------------------------------------------------------------------


@dataclasses.dataclass
class Row:
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
    def size(self) -> float:
        return round(max(c["size"] for c in self.chars), 1)

    @property
    def width(self) -> float:
        """In characters: full-width one, others half."""
        return sum(1.0 if unicodedata.east_asian_width(c["text"]) in "WFA" else 0.5 for c in self.chars)

    def centre_of(self, needle: str) -> float:
        at = self.text.index(needle)
        part = self.chars[at:at + len(needle)]
        return (min(c["top"] for c in part) + max(c["bottom"] for c in part)) / 2 * MM


@dataclasses.dataclass
class Rule:
    x0: float
    x1: float
    y: float  # the middle of the line
    red: bool


@dataclasses.dataclass
class Page:
    number: int
    rows: list[Row]
    rules: list[Rule]

    def row(self, needle: str) -> Row:
        for row in self.rows:
            if needle in row.text:
                return row
        raise AssertionError(f"{needle!r} not on page {self.number}: {[r.text for r in self.rows]}")

    def has(self, needle: str) -> bool:
        return any(needle in row.text for row in self.rows)

    def body_rows(self) -> list[Row]:
        """The 3号 lines inside the 版心."""
        return [r for r in self.rows if r.size == 16.0 and 36 <= r.top <= 262]


def _red(colour) -> bool:
    return colour is not None and len(colour) == 3 and all(abs(a - b) < 0.03 for a, b in zip(colour, RED, strict=False))


def read(data: bytes) -> list[Page]:
    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            chars = [c for c in page.chars if c["size"] < 60 and c["text"].strip()]
            rows: list[list[dict]] = []
            for c in sorted(chars, key=lambda c: (round(c["top"] + c["bottom"]), c["x0"])):
                middle = (c["top"] + c["bottom"]) / 2
                if rows and abs((rows[-1][0]["top"] + rows[-1][0]["bottom"]) / 2 - middle) < 2.5:
                    rows[-1].append(c)
                else:
                    rows.append([c])
            rules = []
            for g in page.rects + page.lines:
                if (g["x1"] - g["x0"]) * MM < 50 or (g["bottom"] - g["top"]) * MM > 2:
                    continue  # not a horizontal rule
                colour = g.get("non_stroking_color") if g in page.rects and g.get("fill") else g.get("stroking_color")
                colour = colour or g.get("non_stroking_color") or g.get("stroking_color")
                rules.append(Rule(g["x0"] * MM, g["x1"] * MM, (g["top"] + g["bottom"]) / 2 * MM, _red(colour)))
            unique = {(round(r.x0), round(r.x1), round(r.y, 1), r.red): r for r in rules}
            pages.append(Page(number, [Row(sorted(r, key=lambda c: c["x0"])) for r in rows],
                              sorted(unique.values(), key=lambda r: r.y)))
    return pages


def figures(data: bytes, *, doc_number: str, mark: str, title_words: str = "", letter: bool = False) -> dict:
    """The measured figures of one rendering (mm, characters, lines)."""
    pages = read(data)
    first, last = pages[0], pages[-1]
    out: dict = {"pages": len(pages)}
    full = [len(p.body_rows()) for p in pages[1:-1]] or [len(pages[0].body_rows())]
    out["lines_per_full_page"] = max(full)
    widths = [r.width for p in pages for r in p.body_rows()]
    out["chars_per_line"] = max(widths) if widths else 0
    later = pages[1] if len(pages) > 1 else first
    body = later.body_rows()
    out["first_line_top"] = min(r.top for r in body) if body else None
    out["left_edge"] = min(r.x0 for p in pages for r in p.body_rows())
    out["right_edge"] = max((r.x1 for p in pages for r in p.body_rows() if r.width >= 27), default=None)
    mark_row = first.row(mark[:6])
    out["mark_top"], out["mark_centre_x"] = mark_row.top, (mark_row.x0 + mark_row.x1) / 2
    out["mark_lines"] = sum(1 for r in first.rows if r.size == mark_row.size)
    number = first.row(doc_number[-4:]) if doc_number else None
    if number:
        at = number.text.index(doc_number[:2])
        part = Row(number.chars[at:at + len(doc_number)])
        out["number_top"], out["number_centre_x"] = part.top, (part.x0 + part.x1) / 2
        out["number_x0"], out["number_x1"] = part.x0, part.x1
        out["number_row"] = number.text
        below = [r for r in first.rules if r.red and r.y > part.bottom]
        if below and not letter:
            out["rule_below_number"] = below[0].y - part.bottom
            out["rule_x"] = (below[0].x0, below[0].x1)
    if letter:
        reds = [r for r in first.rules if r.red]
        out["letter_rules_y"] = [round(r.y, 1) for r in reds]
        out["letter_rules_x"] = (min(r.x0 for r in reds), max(r.x1 for r in reds)) if reds else None
    if title_words:
        title_rows = [r for r in first.rows if r.size == 22.0]
        out["title_lines"] = [r.text for r in title_rows]
    imprint = [r for r in last.rules if not r.red and r.x1 - r.x0 > 150]
    out["imprint_last_rule"] = imprint[-1].y if imprint else None
    out["imprint_pages"] = sorted({p.number for p in pages if p.has("抄送：") or p.has("印发")})
    numbers = {}
    for p in pages:
        for r in p.rows:
            if r.text == f"—{p.number}—":
                numbers[p.number] = (r.centre_of("—"), r.x0, r.x1)
    out["page_numbers"] = numbers
    return out


if __name__ == "__main__":  # pragma: no cover - a tool for the side-by-side figures
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()
    from tests.documents.test_layout_libreoffice import compare_all

    for name, (lo, own) in compare_all().items():
        print(f"== {name}")
        for key in own:
            print(f"  {key:22} LibreOffice {lo.get(key)!s:40.40}  PDF {own[key]!s:40.40}")
