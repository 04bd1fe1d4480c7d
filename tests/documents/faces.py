"""The PostScript name of the face a PDF role resolves to on this machine.

Layout tests assert which face sets which text (the body in 仿宋, the headings in 黑体 …). The
file behind a role depends on the machine — the organ's setting, Debian's fonts, or the bundled
Noto faces on a machine without any (office.fonts) — so the tests ask for the name rather than
spell Debian's.
"""

from __future__ import annotations

from functools import cache

from fontTools.ttLib import TTFont

from office import fonts


@cache
def face(role: str) -> str:
    """``UMingCN`` for Debian's uming.ttc, ``NotoSerifSC`` for the bundled serif …: the PostScript
    name without its style suffix, as the tests read it off a PDF's characters."""
    font = fonts.resolve(role)
    return TTFont(font.path, fontNumber=font.index, lazy=True)["name"].getDebugName(6).rsplit("-", 1)[0]
