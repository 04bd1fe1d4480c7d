"""TrueType CJK fonts for reportlab: registered once per process, whoever asks first."""

from __future__ import annotations

import os
import threading

from django.core.exceptions import ImproperlyConfigured

_lock = threading.Lock()
_registered: dict[tuple[str, int], object] = {}


def register_truetype(path: str, index: int, *, setting: str, advice: str = ""):
    """The reportlab ``TTFont`` of ``path`` (face ``index`` of a .ttc), registered under a name of its own.

    A missing or unusable file is an :class:`ImproperlyConfigured` naming ``setting``.
    reportlab embeds TrueType outlines only, not CFF/OTF fonts such as Noto CJK.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    with _lock:
        font = _registered.get((path, index))
        if font is not None:
            return font
        if not os.path.isfile(path):
            raise ImproperlyConfigured(f"{setting}: the font file {path!r} does not exist. {advice}".rstrip())
        try:
            font = TTFont(f"SanbanTTF{len(_registered)}", path, subfontIndex=index)
        except (OSError, TTFError) as exc:
            raise ImproperlyConfigured(
                f"{setting}: {path!r} (index {index}) is not a usable TrueType font: {exc}. "
                f"reportlab embeds TrueType outlines only (not CFF/OTF fonts such as Noto CJK). {advice}".rstrip()
            ) from exc
        pdfmetrics.registerFont(font)
        _registered[(path, index)] = font
        return font


def register_font() -> str:
    """Register the 收文处理笺's TrueType CJK font with reportlab (once per file and face); its name.

    The organ's ``DOCUMENTS_PDF_FONT``, else Debian's AR PL UMing, else the bundled fallback
    (:mod:`office.fonts`).
    """
    from office.fonts import resolve

    font = resolve("slip")
    register = register_truetype(
        font.path, font.index, setting=f"DOCUMENTS_PDF_FONT (index {font.index})",
        advice="Install Debian's fonts-arphic-uming or point DOCUMENTS_PDF_FONT at a TrueType CJK font "
               "(unset, the bundled fallback is used).",
    )
    return register.fontName
