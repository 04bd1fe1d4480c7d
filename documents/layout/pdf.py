"""The PDF preview of a 公文 in the GB/T 9704-2012 layout.

:func:`render_pdf` draws a :class:`~documents.layout.Sheet` with reportlab's canvas, every
character at a computed position, because the standard is a matter of millimetres:

* The 版心 (156 × 225 mm at 28 mm from the left, 37 mm from the top) is a grid of 22 lines
  (pitch :data:`~documents.layout.spec.LINE_PITCH_MM`). Every text line of the 版心 sits in
  one grid cell, its em box centred vertically in it, as a word processor snaps lines to its
  document grid. Only the 发文机关标志, the 信函式 header and the page numbers are placed
  by their own measurements.
* Body characters go on the 28-characters grid (:data:`~documents.layout.spec.CHAR_PITCH_MM`):
  a Chinese (full-width) character advances one grid step, Latin letters and digits their
  own width. Lines break between characters, never inside a run of Latin letters or digits,
  never before a closing mark (，。、）》…) nor after an opening one (（《“…): the character
  that does not fit is pushed to the next line (no hanging punctuation, nothing passes the
  right edge of the 版心) and a line so shortened is justified.
* Pagination fills the 22 cells of each page with the rows of the flow (标题, 主送机关,
  正文, 附件说明, 署名 and 成文日期, 附注, 出席); blank rows that would open a page are dropped,
  a heading is kept with the line after it, and the 署名/成文日期 block (with the room left
  for the seal) is kept together with the last line before it, so a seal never stands on a
  page alone. The 版记 takes the last cells of the last page, or a page of its own when the
  last page has no room for it.

Sizes and positions all come from :mod:`documents.layout.spec`; font files from
:func:`documents.layout.spec.pdf_fonts` (:mod:`office.fonts`: the organ's, Debian's or the bundled ones), registered
with reportlab once per process and embedded as subsets.
"""

from __future__ import annotations

import math

from documents.layout import LETTER, MINUTES, Sheet, spec
from documents.layout.pdf_blocks import (
    _LEVEL_1,
    _LEVEL_2,
    BLACK,
    BOTTOM,
    CENTRE,
    FANGSONG,
    HEITI,
    KAITI,
    LEFT,
    LETTER_BELOW_RULE_MM,
    LETTER_GAP_MM,
    LETTER_RULE_LEFT,
    LETTER_THICK_MM,
    LETTER_THIN_MM,
    LINES,
    MARK_MIN_HSCALE,
    RED,
    RIGHT,
    SEAL_ROOM_LINES,
    SEPARATOR_MM,
    SONGTI,
    TOP,
    XIAOBIAOSONG,
    C,
    P,
    _cell_after,
    _cell_em_top,
    _Face,
    _faces,
    _Glyph,
    _mm,
    _Page,
    _Row,
    _Type,
)
from documents.layout.pdf_draw import _draw, _pdf_page_count
from documents.layout.words import word_starts

__all__ = ["render_pdf"]

#: The cost of a title break that splits a word (or "2026｜年"): taken only when nothing else fits.
HARD = 1000


# --- composition ----------------------------------------------------------------------------


class _Composer:
    def __init__(self, sheet: Sheet, faces: dict[str, _Face]):
        self.sheet = sheet
        self.type = _Type(faces)
        self.groups = iter(range(1, 1 << 30))
        self.sealed_tail = False
        #: Where :meth:`imprint` put the 版记: on a page of its own, and after a blank page.
        self.imprint_alone = self.blank_before_imprint = False

    # The 版头 ------------------------------------------------------------------------------

    def mark(self, page: _Page, top: float) -> float:
        """The red 发文机关标志 (or 纪要标志) centred with its top edge at ``top``; its bottom."""
        text = self.sheet.organ_mark
        if not text:
            return top
        size, scale = spec.SIZE_MARK, 1.0
        natural = self.type.width([(text, XIAOBIAOSONG)], size, None)
        if natural > spec.TEXT_W_MM:
            scale = max(spec.TEXT_W_MM / natural, MARK_MIN_HSCALE)
            if natural * scale > spec.TEXT_W_MM:
                size = size * spec.TEXT_W_MM / (natural * scale)
        glyphs = self.type.line_centred([(text, XIAOBIAOSONG)], size, grid=None, color=RED)
        width = self.type.width([(text, XIAOBIAOSONG)], size, None) * scale
        x, origin = CENTRE - width / 2, glyphs[0].x
        for glyph in glyphs:
            glyph.x = x + (glyph.x - origin) * scale
            glyph.hscale = scale
        page.lines.append((top, glyphs))
        return top + _mm(size)

    def classification(self) -> list[list[_Glyph]]:
        """份号, 密级和保密期限, 紧急程度: one line each, flush left."""
        s, lines = self.sheet, []
        if s.copy_number:
            lines.append(self.type.line([(s.copy_number, FANGSONG)], spec.SIZE_3, LEFT))
        if s.secrecy:
            lines.append(self.type.line([(s.secrecy, HEITI)], spec.SIZE_3, LEFT))
        if s.urgency:
            lines.append(self.type.line([(s.urgency, HEITI)], spec.SIZE_3, LEFT))
        return lines

    def file_header(self, page: _Page) -> int:
        """文件式 and 纪要式 (7.2, 10.3); returns the first grid cell left for the flow."""
        s = self.sheet
        for cell, glyphs in enumerate(self.classification()):
            page.put(cell, _Row(glyphs))
        mark_bottom = self.mark(page, TOP + spec.MARK_TOP_MM)
        number_cell = _cell_after(mark_bottom) + 2
        number = [(s.doc_number, FANGSONG)]
        if s.signers:
            # 签发人: two names a line, wrapped lines aligned with the first name; the block right-aligned
            # one character in, its last line shared with the 文号 (flush left, one character in).
            label = [("签发人：", FANGSONG)]
            pairs = [s.signers[i:i + 2] for i in range(0, len(s.signers), 2)]
            names = [[("\u3000".join(pair), KAITI)] for pair in pairs]
            names_x = RIGHT - C - max(self.type.width(n, spec.SIZE_3, C) for n in names)
            label_x = names_x - self.type.width(label, spec.SIZE_3, C)
            for k, name in enumerate(names):
                glyphs = self.type.line(name, spec.SIZE_3, names_x)
                if k == 0:
                    glyphs = self.type.line(label, spec.SIZE_3, label_x) + glyphs
                page.put(number_cell + k, _Row(glyphs))
            number_cell += len(names) - 1
            if s.doc_number:
                page.put(number_cell, _Row(self.type.line(number, spec.SIZE_3, LEFT + C)))
        elif s.doc_number:
            page.put(number_cell, _Row(self.type.line_centred(number, spec.SIZE_3)))
        rule_top = _cell_em_top(number_cell, spec.SIZE_3) + _mm(spec.SIZE_3) + spec.RULE_BELOW_NUMBER_MM
        page.rects.append((LEFT, rule_top, spec.TEXT_W_MM, SEPARATOR_MM, RED))
        return _cell_after(rule_top + SEPARATOR_MM) + 2

    def letter_header(self, page: _Page) -> int:
        """信函式 (10.1): mark 30 mm from the page top, red double lines; the first flow cell."""
        s = self.sheet
        mark_bottom = self.mark(page, spec.LETTER_MARK_TOP_MM)
        rule_top = mark_bottom + spec.LETTER_RULE_BELOW_MARK_MM
        page.rects.append((LETTER_RULE_LEFT, rule_top, spec.LETTER_RULE_LEN_MM, LETTER_THICK_MM, RED))
        thin_top = rule_top + LETTER_THICK_MM + LETTER_GAP_MM
        page.rects.append((LETTER_RULE_LEFT, thin_top, spec.LETTER_RULE_LEN_MM, LETTER_THIN_MM, RED))
        # The second double line (thin above, thick below) ends 20 mm above the page's bottom edge.
        low_bottom = spec.PAGE_H_MM - spec.LETTER_BOTTOM_RULE_MM
        page.rects.append((LETTER_RULE_LEFT, low_bottom - LETTER_THICK_MM, spec.LETTER_RULE_LEN_MM,
                           LETTER_THICK_MM, RED))
        page.rects.append((LETTER_RULE_LEFT, low_bottom - LETTER_THICK_MM - LETTER_GAP_MM - LETTER_THIN_MM,
                           spec.LETTER_RULE_LEN_MM, LETTER_THIN_MM, RED))
        first_top = thin_top + LETTER_THIN_MM + LETTER_BELOW_RULE_MM
        bottom = thin_top + LETTER_THIN_MM
        for k, glyphs in enumerate(self.classification()):
            page.lines.append((first_top + k * P, glyphs))
            bottom = first_top + k * P + _mm(spec.SIZE_3)
        if s.doc_number:
            page.lines.append((first_top, self.type.line_right([(s.doc_number, FANGSONG)], spec.SIZE_3, RIGHT)))
            bottom = max(bottom, first_top + _mm(spec.SIZE_3))
        return _cell_after(bottom) + 2

    # The 主体 -----------------------------------------------------------------------------

    def group(self) -> int:
        return next(self.groups)

    def rows(self, lines: list[list[_Glyph]], size: float = spec.SIZE_3, *, together: bool = False) -> list[_Row]:
        shared = self.group()
        return [_Row(glyphs, size, shared if together else self.group()) for glyphs in lines]

    def blank(self, n: int = 1, *, spacer: bool = True) -> list[_Row]:
        return [_Row([], group=self.group(), spacer=spacer) for _ in range(n)]

    def title_lines(self, title: str | None = None) -> list[list[_Glyph]]:
        """The title centred, in the fewest lines that fit the 版心, broken where the words allow.

        The break points minimise the differences in line length (a trapezoid or a diamond,
        7.3.1) plus penalties for splitting what belongs together (a word, "2026|年", "《…》", "|的")
        and with a bonus for the natural breaks (after the organ's name before "关于", after
        "的"). Upper lines are preferred longer when all else is equal.
        """
        size, text = spec.SIZE_2, (self.sheet.title if title is None else title).strip()
        units = self.type.units([(text, XIAOBIAOSONG)], size, None)
        em = _mm(size)
        widths = [u.width for u in units]
        total = sum(widths)
        limit = spec.TEXT_W_MM + 1e-6
        n = max(1, math.ceil(total / spec.TEXT_W_MM - 1e-9))
        chars = [u.chars[0][0] for u in units]
        depth, inside = 0, []  # inside[k]: a break before unit k would split 《…》 or （…）
        for ch in chars:
            inside.append(depth > 0)
            depth += ch in "《（(" and 1 or 0
            depth -= ch in "》）)" and 1 or 0

        starts = word_starts(text)

        def break_cost(k: int) -> float:  # a break between units k-1 and k
            a, b = units[k - 1], units[k]
            if b.no_start or a.no_end:
                return math.inf
            cost = 0.0
            if sum(len(u.chars) for u in units[:k]) not in starts:
                cost += HARD  # inside a word: "进一|步", "期|间"
            if text.startswith("关于", sum(len(u.chars) for u in units[:k])):
                cost -= 6
            if a.chars[-1][0] == "的":
                cost -= 3
            if b.chars[0][0] == "的":
                cost += 6
            if a.chars[-1][0].isascii() and b.chars[0][0] in "年月日号期届次":
                cost += HARD
            if inside[k]:
                cost += 4
            return cost

        prefix = [0.0]
        for w in widths:
            prefix.append(prefix[-1] + w)

        def solve(n: int) -> tuple[float, list[list[int]]]:
            """best[j][k]: the least cost of setting units[:k] in j lines (back: where line j starts)."""
            mean = total / n
            best = [[math.inf] * (len(units) + 1) for _ in range(n + 1)]
            back = [[0] * (len(units) + 1) for _ in range(n + 1)]
            best[0][0] = 0.0
            for j in range(1, n + 1):
                for k in range(1, len(units) + 1):
                    if j == n and k < len(units):
                        continue
                    for i in range(k - 1, -1, -1):
                        width = prefix[k] - prefix[i]
                        if width > limit:
                            break
                        if best[j - 1][i] == math.inf or (i == 0) != (j == 1):
                            continue
                        cost = best[j - 1][i] + ((width - mean) / em) ** 2
                        if i > 0:
                            cost += break_cost(i)
                        cost -= 0.01 * (n - j + 1) * width / em  # ties: the upper lines longer
                        if cost < best[j][k]:
                            best[j][k], back[j][k] = cost, i
            return best[n][len(units)] + 5 * n, back

        # The fewest lines that fit (a title that fits two lines is not set in three: 7.3.1's
        # 梯形 or 菱形 is about their lengths); one more only when the fewest cannot keep every word
        # whole ("词意完整"), e.g. when two lines fit only as "……2026｜年……".
        cost, back = solve(n)
        if cost >= HARD:
            more = solve(n + 1)
            if more[0] < cost:
                n, (cost, back) = n + 1, more
        if cost == math.inf:  # nothing fits (a very long Latin run): greedy
            lines = self.type.wrap([(text, XIAOBIAOSONG)], size, first_x=LEFT, rest_x=LEFT, grid=None,
                                   justify=False)
            chosen = []
            for glyphs in lines:
                width = sum(self.type.advance(g.ch, g.role, size, None) for g in glyphs)
                shift = CENTRE - width / 2 - glyphs[0].x if glyphs else 0
                for glyph in glyphs:
                    glyph.x += shift
                chosen.append(glyphs)
            return chosen
        cuts, k = [], len(units)
        for j in range(n, 0, -1):
            cuts.append((back[j][k], k))
            k = back[j][k]
        out = []
        for i, k in reversed(cuts):
            width = prefix[k] - prefix[i]
            out.append(self.type.place(units[i:k], CENTRE - width / 2, RIGHT, size, BLACK, justify=False))
        return out

    @staticmethod
    def paragraph_spans(text: str) -> tuple[list[tuple[str, str]], bool]:
        """The fonts of a paragraph by its numbering; whether it is a heading on its own."""
        role = HEITI if _LEVEL_1.match(text) else KAITI if _LEVEL_2.match(text) else None
        if role is None:
            return [(text, FANGSONG)], False
        stop = text.find("。")
        if 0 <= stop < len(text) - 1:  # "（一）工作目标。到2026年……": the heading sentence only
            return [(text[:stop + 1], role), (text[stop + 1:], FANGSONG)], False
        return [(text, role)], True

    def body_rows(self, body: tuple[str, ...] | None = None) -> list[_Row]:
        rows: list[_Row] = []
        keep_with_next = False
        for text in self.sheet.body if body is None else body:
            text = text.strip()
            if not text:
                continue
            spans, heading = self.paragraph_spans(text)
            lines = self.type.wrap(spans, spec.SIZE_3, first_x=LEFT + 2 * C, rest_x=LEFT)
            new = self.rows(lines)
            if keep_with_next and rows:
                new[0].group = rows[-1].group
            rows += new
            keep_with_next = heading and len(lines) == 1
        return rows

    def attachment_rows(self) -> list[_Row]:
        names = [name.strip() for name in self.sheet.attachments if name.strip()]
        if not names:
            return []
        size, x = spec.SIZE_3, LEFT + 2 * C
        label = [("附件：", FANGSONG)]
        item_x = x + self.type.width(label, size, C)
        rows = []
        for k, name in enumerate(names, 1):
            number = [(f"{k}.", FANGSONG)] if len(names) > 1 else []
            name_x = item_x + self.type.width(number, size, C)
            lines = self.type.wrap([(name, FANGSONG)], size, first_x=name_x, rest_x=name_x)
            lead = label + number if k == 1 else number
            lines[0] = self.type.line(lead, size, x if k == 1 else item_x) + lines[0]
            rows += self.rows(lines)
        return rows

    def signature_rows(self) -> list[_Row]:
        """署名 and 成文日期, with room for the seal or not (7.3.5)."""
        s, size = self.sheet, spec.SIZE_3
        if not (s.signatory or s.dated):
            return []
        name, date = [(s.signatory, FANGSONG)], [(s.dated, FANGSONG)]
        name_w = self.type.width(name, size, C)
        date_w = self.type.width(date, size, C)
        sealed = s.with_seal and s.form != MINUTES
        if sealed:
            # 成文日期 右空四字; the 署名 centred over it (not past the 版心's right edge).
            date_x = RIGHT - 4 * C - date_w
            name_x = min(date_x + (date_w - name_w) / 2, RIGHT - name_w)
            room = SEAL_ROOM_LINES
        else:
            # 署名 右空二字; the date's first character two to the right of the 署名's, unless the
            # date would then pass 右空二字: then the date goes there and the 署名 moves left.
            name_x = RIGHT - 2 * C - name_w
            date_x = name_x + 2 * C
            if date_x + date_w > RIGHT - 2 * C:
                date_x = RIGHT - 2 * C - date_w
                name_x = date_x - 2 * C
            room = 1
        lines = []
        if s.signatory:
            lines.append(self.type.line(name, size, name_x))
        if s.dated:
            lines.append(self.type.line(date, size, date_x))
        rows = self.blank(room, spacer=False) + self.rows(lines)
        self.sealed_tail = sealed
        return rows

    def note_rows(self, *, after_date: bool) -> list[_Row]:
        note = self.sheet.note.strip()
        if not note:
            return []
        if not (note.startswith("（") and note.endswith("）")):
            note = f"（{note}）"
        lines = self.type.wrap([(note, FANGSONG)], spec.SIZE_3, first_x=LEFT + 2 * C, rest_x=LEFT)
        return ([] if after_date else self.blank()) + self.rows(lines)

    def attendance_rows(self) -> list[_Row]:
        rows = []
        for label, names in self.sheet.attendance:
            head = [(f"{label}：", HEITI)]
            x = LEFT + 2 * C
            names_x = x + self.type.width(head, spec.SIZE_3, C)
            lines = self.type.wrap([(names, FANGSONG)], spec.SIZE_3, first_x=names_x, rest_x=names_x, names=True,
                                   justify=False)
            lines[0] = self.type.line(head, spec.SIZE_3, x) + lines[0]
            rows += self.rows(lines)
        return rows

    def flow(self) -> list[_Row]:
        s = self.sheet
        rows: list[_Row] = []
        if s.title.strip():
            rows += self.rows(self.title_lines(), spec.SIZE_2, together=True)
            rows += self.blank()
        if s.main_recipients.strip():
            recipients = s.main_recipients.strip().rstrip("：:") + "："
            rows += self.rows(self.type.wrap([(recipients, FANGSONG)], spec.SIZE_3, first_x=LEFT, rest_x=LEFT))
        rows += self.body_rows()
        attachments = self.attachment_rows()
        if attachments:
            rows += self.blank() + attachments
        if s.attendance:
            rows += self.blank() + self.attendance_rows()
        signature = self.signature_rows()
        if signature:
            # Never a seal (or 署名) alone at the top of a page: keep it with the line before.
            content = [row for row in rows if row.glyphs]
            shared = content[-1].group if content else self.group()
            for row in rows[next((k for k, row in enumerate(rows) if row.group == shared), len(rows)):]:
                row.group = shared
            for row in signature:
                row.group = shared
            rows += signature
        note = self.note_rows(after_date=bool(s.dated))
        if note:
            rows += note
            self.sealed_tail = False
        return rows

    # Pagination, 版记, page numbers --------------------------------------------------------

    def paginate(self, first: _Page, start: int, rows: list[_Row]) -> list[_Page]:
        pages, cell = [first], start
        groups: list[list[_Row]] = []
        for row in rows:
            if groups and groups[-1][0].group == row.group:
                groups[-1].append(row)
            else:
                groups.append([row])
        for group in groups:
            if len(group) > LINES - cell and len(group) <= LINES and cell > 0:
                pages[-1].used = cell
                pages.append(_Page())
                cell = 0
            for row in group:
                if cell >= LINES:
                    pages[-1].used = cell
                    pages.append(_Page())
                    cell = 0
                if cell == 0 and row.spacer:
                    continue
                pages[-1].put(cell, row)
                cell += 1
        pages[-1].used = cell
        return pages

    def imprint(self, pages: list[_Page]) -> None:
        """版记 (7.4): 抄送 and 印发 at the bottom of the last page's 版心, between rules."""
        s, size = self.sheet, spec.SIZE_4
        indent = _mm(size)  # 空一字 in the 版记's own 4号
        letter = s.form == LETTER
        rows: list[list[_Glyph]] = []
        cc_rows = 0
        if s.cc.strip():
            cc = s.cc.strip()
            cc = cc if cc.endswith("。") else cc.rstrip("，,、;；") + "。"
            head = [("抄送：", FANGSONG)]
            names_x = LEFT + indent + self.type.width(head, size, None)
            lines = self.type.wrap([(cc, FANGSONG)], size, first_x=names_x, rest_x=names_x,
                                   right=RIGHT - indent, grid=None)
            lines[0] = self.type.line(head, size, LEFT + indent, grid=None) + lines[0]
            rows += lines
            cc_rows = len(lines)
        printed = not letter and (s.printer.strip() or s.printed_on.strip())
        if printed:
            line = []
            if s.printer.strip():
                line += self.type.line([(s.printer.strip(), FANGSONG)], size, LEFT + indent, grid=None)
            if s.printed_on.strip():
                line += self.type.line_right([(s.printed_on.strip() + "印发", FANGSONG)], size, RIGHT - indent,
                                             grid=None)
            rows.append(line)
        if not rows:
            return
        gap = 2 if self.sealed_tail else 1  # a blank line (and the lower part of a seal) before the 版记
        if len(rows) > LINES:  # a 抄送 list longer than a page: cut to the page
            rows = rows[:LINES - 1] + rows[-1:]
        first_cell = LINES - len(rows)
        page = pages[-1]
        if page.used + gap > first_cell:
            # A page of its own, the back of a sheet (an even page): a blank page before it when
            # needed; then neither carries a number (7.5).
            if len(pages) % 2 == 0:
                pages.append(_Page(used=LINES, numbered=False))
                self.blank_before_imprint = True
            self.imprint_alone = True
            page = _Page(numbered=pages[-1].numbered)
            pages.append(page)
        for k, glyphs in enumerate(rows):
            page.put(first_cell + k, _Row(glyphs, size))
        page.used = LINES
        if letter:
            return  # 信函式: no 印发机关 and 印发日期, no separators (10.1)
        top = TOP + first_cell * P
        thick, thin = spec.THICK_RULE_MM, spec.THIN_RULE_MM
        page.rects.append((LEFT, top - thick, spec.TEXT_W_MM, thick, BLACK))
        if cc_rows and printed:
            middle = top + cc_rows * P
            page.rects.append((LEFT, middle - thin / 2, spec.TEXT_W_MM, thin, BLACK))
        page.rects.append((LEFT, BOTTOM - thick, spec.TEXT_W_MM, thick, BLACK))

    def page_numbers(self, pages: list[_Page]) -> None:
        """页码 (7.5): "— N —" 4号, its 一字线 7 mm below the 版心 (the dashes sit at the em box's
        middle); odd pages right, even left, 空一字."""
        size = spec.SIZE_4
        top = BOTTOM + spec.PAGE_NUMBER_BELOW_MM - _mm(size) / 2
        for number, page in enumerate(pages, 1):
            if (number == 1 and self.sheet.form == LETTER) or not page.numbered:
                continue
            spans = [(f"— {number} —", SONGTI)]
            if number % 2:
                glyphs = self.type.line_right(spans, size, RIGHT - _mm(size), grid=None)
            else:
                glyphs = self.type.line(spans, size, LEFT + _mm(size), grid=None)
            page.lines.append((top, glyphs))

    def annex_pages(self, k: int, annex, index: int) -> list[_Page]:
        """附件 (7.3.7): a new page, "附件N" in 黑体 flush left on its first line, the title centred on
        the third, a blank line, its text; a PDF attachment's own pages after that page."""
        rows = self.rows([self.type.line([(f"附件{k}", HEITI)], spec.SIZE_3, LEFT)]) + self.blank(spacer=False)
        if annex.title.strip():
            rows += self.rows(self.title_lines(annex.title), spec.SIZE_2, together=True) + self.blank()
        rows += self.body_rows(tuple(annex.body))
        pages = self.paginate(_Page(), 0, rows)
        for page in range(_pdf_page_count(annex.pdf)):
            pages.append(_Page(used=LINES, external=(index, page)))
        return pages

    def compose(self) -> list[_Page]:
        first = _Page()
        start = self.letter_header(first) if self.sheet.form == LETTER else self.file_header(first)
        pages = self.paginate(first, start, self.flow())
        for k, annex in enumerate(self.sheet.annexes, 1):
            pages += self.annex_pages(annex.number or k, annex, k - 1)
        self.imprint(pages)
        self.page_numbers(pages)
        return pages


def render_pdf(sheet: Sheet) -> bytes:
    """``sheet`` as an A4 PDF in the GB/T 9704-2012 layout, its fonts embedded as subsets."""
    faces = _faces()
    pages = _Composer(sheet, faces).compose()
    return _draw(sheet, pages, faces)


def imprint_place(sheet: Sheet) -> tuple[bool, bool]:
    """Whether the 版记 goes on a page of its own, and whether a blank unnumbered page comes before it
    (so that it stands on an even page) — for the .docx to do as the PDF does."""
    composer = _Composer(sheet, _faces())
    composer.compose()
    return composer.imprint_alone, composer.blank_before_imprint


def title_lines(title: str) -> list[str]:
    """The title's lines as the PDF breaks them — so the .docx can break its title at the same places."""
    composer = _Composer(Sheet(title=title), _faces())
    return ["".join(glyph.ch for glyph in line) for line in composer.title_lines()]
