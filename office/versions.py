"""Comparing two versions of a text: what was deleted and what inserted, for any app
(发文 drafts today; 政务信息 items and later drafts next).

Paragraph by paragraph (lines), and a changed paragraph character by character —
Chinese has no spaces to split words on. The result is what the comparison template
walks: a list of :class:`ParagraphDiff`, each a tuple of :class:`Piece` ("same", "del",
"ins"), the same shape as ``documents.selectors_outgoing.text_diff`` returns.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

__all__ = ["ParagraphDiff", "Piece", "char_diff", "changed", "text_diff"]


@dataclass(frozen=True)
class Piece:
    """A run of text in a comparison: ``op`` is "same", "del" or "ins"."""

    op: str
    text: str


@dataclass(frozen=True)
class ParagraphDiff:
    op: str  # "same", "del", "ins", "change"
    pieces: tuple[Piece, ...]


def char_diff(old: str, new: str) -> tuple[Piece, ...]:
    """Character by character, deletions before insertions at each change."""
    pieces = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", old[i1:i2]))
            continue
        if i2 > i1:
            pieces.append(Piece("del", old[i1:i2]))
        if j2 > j1:
            pieces.append(Piece("ins", new[j1:j2]))
    return tuple(pieces)


def _replaced(old_part: list[str], new_part: list[str]) -> list[ParagraphDiff]:
    """Paragraphs replaced in a block: pairwise by character, the surplus deleted or inserted."""
    result = []
    for k in range(max(len(old_part), len(new_part))):
        if k < len(old_part) and k < len(new_part):
            result.append(ParagraphDiff("change", char_diff(old_part[k], new_part[k])))
        elif k < len(old_part):
            result.append(ParagraphDiff("del", (Piece("del", old_part[k]),)))
        else:
            result.append(ParagraphDiff("ins", (Piece("ins", new_part[k]),)))
    return result


def text_diff(old: str, new: str) -> list[ParagraphDiff]:
    """Paragraph by paragraph; a changed paragraph is compared character by character."""
    a, b = old.splitlines(), new.splitlines()
    result: list[ParagraphDiff] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result += [ParagraphDiff("same", (Piece("same", p),)) for p in a[i1:i2]]
        elif tag == "delete":
            result += [ParagraphDiff("del", (Piece("del", p),)) for p in a[i1:i2]]
        elif tag == "insert":
            result += [ParagraphDiff("ins", (Piece("ins", p),)) for p in b[j1:j2]]
        else:
            result += _replaced(a[i1:i2], b[j1:j2])
    return result


def changed(*parts: tuple[Piece, ...] | list[ParagraphDiff]) -> bool:
    """Whether any of the compared parts (a :func:`char_diff` or a :func:`text_diff`) differs."""
    for part in parts:
        for element in part:
            if element.op != "same":
                return True
    return False
