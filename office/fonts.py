"""The CJK fonts every PDF embeds: one TrueType file per role, and where each comes from.

reportlab embeds TrueType (``glyf``) outlines only. A role — a face a layout asks for — resolves,
in this order:

1. ``configured``: the organ's own setting (``DOCUMENTS_FONT_<ROLE>`` for the GB/T 9704 PDF,
   ``DOCUMENTS_PDF_FONT`` for the 收文处理笺), e.g. the licensed 仿宋_GB2312. A configured file that
   is missing stays an error (the system check and ``/healthz`` say so); it is never replaced
   behind the organ's back;
2. ``system``: Debian's free TrueType fonts when installed (``fonts-arphic-uming``,
   ``fonts-arphic-ukai``, ``fonts-wqy-zenhei``) under ``DOCUMENTS_SYSTEM_FONT_DIR``;
3. ``bundled``: Noto Serif SC and Noto Sans SC (SIL Open Font License 1.1, full GB 2312 coverage),
   which the install brings in the pinned Python package ``pylopdf-fonts-zh-cn``. They come with
   CFF outlines, so they are converted once to TrueType (fontTools' cu2qu) into
   ``DOCUMENTS_FONT_CACHE_DIR``: by ``manage.py prepare_fonts`` (``make prepare`` runs it), or on
   first use, under a file lock that other processes wait on.

So a fresh machine without any CJK font renders every PDF with its fonts embedded, and the system
check ``office.W001`` and ``/healthz`` (``fonts``) tell the administrator that the proper faces are
missing.
"""

from __future__ import annotations

import fcntl
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

CONFIGURED, SYSTEM, BUNDLED = "configured", "system", "bundled"

#: The Python package that brings the fallback faces, and its distribution name (for its version).
BUNDLED_PACKAGE, BUNDLED_DISTRIBUTION = "pylopdf_fonts_zh_cn", "pylopdf-fonts-zh-cn"
#: Fallback face → its file in that package (CFF outlines, converted to TrueType on first use).
BUNDLED_FACES = {
    "serif": "NotoSerifSC-Regular.otf",  # 宋/明 strokes: 仿宋, 宋体, 楷体 and the 收文处理笺
    "sans": "NotoSansSC-Regular.otf",  # 黑体, and the 小标宋 stand-in as Debian's default has it
}
#: Bumped when the conversion changes, so that cached files of an older one are made again.
CONVERSION = 1


@dataclass(frozen=True)
class Role:
    label: str  # for the administrator
    setting: str  # the setting an organ sets (named in messages)
    system: str  # Debian's file, relative to DOCUMENTS_SYSTEM_FONT_DIR
    bundled: str  # the fallback face (a key of BUNDLED_FACES)
    heavy: bool = False  # prefers the prepared heavy serif (see HEAVY_SERIF) when it has been made


#: 小标宋's closest free face: Debian's Noto Serif CJK SC Bold (fonts-noto-cjk, SIL OFL 1.1), a heavy
#: serif. It comes with CFF outlines in a .ttc, which reportlab cannot embed: ``manage.py
#: prepare_fonts`` converts its GB 2312 characters (with ASCII and the CJK punctuation) to TrueType
#: once, about two minutes — never on a request. Until then the role keeps its TrueType stand-in, and
#: a title character outside that set is drawn in the 黑体 face.
#: (No free 仿宋 with the GB 2312 characters is packaged: cwTeX FangSong lacks 2,379 of them, so the
#: body stays in AR PL UMing CN, a 明/宋 face.)
HEAVY_SERIF_FILE, HEAVY_SERIF_FAMILY = "opentype/noto/NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC"


#: Every role a PDF asks for. The GB/T 9704 roles are configured through DOCUMENTS_GBT9704_FONTS
#: (from DOCUMENTS_FONT_<ROLE>), the 收文处理笺's through DOCUMENTS_PDF_FONT.
ROLES = {
    "fangsong": Role(_("仿宋（正文）"), "DOCUMENTS_FONT_FANGSONG", "arphic/uming.ttc", "serif"),
    "xiaobiaosong": Role(_("小标宋（标题）"), "DOCUMENTS_FONT_XIAOBIAOSONG", "wqy/wqy-zenhei.ttc", "sans", heavy=True),
    "heiti": Role(_("黑体"), "DOCUMENTS_FONT_HEITI", "wqy/wqy-zenhei.ttc", "sans"),
    "kaiti": Role(_("楷体"), "DOCUMENTS_FONT_KAITI", "arphic/ukai.ttc", "serif"),
    "songti": Role(_("宋体"), "DOCUMENTS_FONT_SONGTI", "arphic/uming.ttc", "serif"),
    "slip": Role(_("收文处理笺"), "DOCUMENTS_PDF_FONT", "arphic/uming.ttc", "serif"),
}


@dataclass(frozen=True)
class FontFile:
    path: str
    index: int = 0  # the face in a .ttc collection
    source: str = SYSTEM  # configured, system or bundled


def _configured(role: str) -> tuple[str, int] | None:
    """The organ's setting for ``role``: (path, index), or None when unset."""
    if role == "slip":
        path = str(getattr(settings, "DOCUMENTS_PDF_FONT", "") or "")
        return (path, _slip_index()) if path else None
    value = (getattr(settings, "DOCUMENTS_GBT9704_FONTS", {}) or {}).get(role)
    if isinstance(value, (list, tuple)):
        return str(value[0]), int(value[1]) if len(value) > 1 else 0
    return (str(value), 0) if value else None


def _slip_index() -> int:
    return int(getattr(settings, "DOCUMENTS_PDF_FONT_INDEX", 0) or 0)


def system_dir() -> Path:
    return Path(getattr(settings, "DOCUMENTS_SYSTEM_FONT_DIR", "/usr/share/fonts/truetype"))


def cache_dir() -> Path:
    return Path(getattr(settings, "DOCUMENTS_FONT_CACHE_DIR", Path(settings.VAR_DIR) / "fonts"))


def locate(role: str) -> FontFile:
    """Where ``role``'s font is, without converting anything (a bundled file may not exist yet)."""
    spec = ROLES[role]
    configured = _configured(role)
    if configured is not None:
        return FontFile(configured[0], configured[1], CONFIGURED)
    if spec.heavy and heavy_serif_source().is_file() and heavy_serif_target().is_file():
        return FontFile(str(heavy_serif_target()), 0, SYSTEM)
    system = system_dir() / spec.system
    if system.is_file():
        return FontFile(str(system), _slip_index() if role == "slip" else 0, SYSTEM)
    return FontFile(str(bundled_target(spec.bundled)), 0, BUNDLED)


def resolve(role: str) -> FontFile:
    """``role``'s TrueType file, ready for reportlab: a bundled face is converted first if need be."""
    font = locate(role)
    if font.source == BUNDLED:
        bundled_prepare(ROLES[role].bundled)
    return font


# --- the bundled faces ----------------------------------------------------------------------------


def bundled_source(face: str) -> Path:
    """The face's CFF file in the installed package (ImportError when the package is missing)."""
    from importlib import import_module

    package = import_module(BUNDLED_PACKAGE)
    return Path(package.__file__).parent / BUNDLED_FACES[face]


@lru_cache(maxsize=1)
def _bundled_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(BUNDLED_DISTRIBUTION)
    except PackageNotFoundError:
        return "missing"


def bundled_target(face: str) -> Path:
    """Where the face's TrueType conversion is kept (named by the package's version and ours)."""
    stem = Path(BUNDLED_FACES[face]).stem
    return cache_dir() / f"{stem}-{_bundled_version()}-c{CONVERSION}.ttf"


def bundled_available() -> bool:
    """Whether the fallback can be used: the package and fontTools are installed."""
    from importlib.util import find_spec

    return find_spec(BUNDLED_PACKAGE) is not None and find_spec("fontTools") is not None


_prepare_lock = threading.Lock()


def _convert_once(target: Path, write) -> tuple[Path, bool]:
    """Make ``target`` with ``write(partial_path)`` unless that was done; (target, made now).

    One process converts while the others wait on a file lock, then find the file there; the
    file appears whole (written aside, then renamed) or not at all.
    """
    if target.is_file():
        return target, False
    target.parent.mkdir(parents=True, exist_ok=True)
    with _prepare_lock, open(target.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if target.is_file():
                return target, False
            for stale in target.parent.glob(f"{target.stem}.*.partial"):  # of a process that died converting
                stale.unlink(missing_ok=True)
            partial = target.with_suffix(f".{os.getpid()}.partial")
            try:
                write(partial)
                os.replace(partial, target)
            finally:
                partial.unlink(missing_ok=True)
            return target, True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def bundled_prepare(face: str) -> tuple[Path, bool]:
    """Convert ``face`` to TrueType unless that was done; (its path, whether it was converted now)."""
    target, made = _convert_once(bundled_target(face), lambda partial: otf_to_ttf(bundled_source(face), partial))
    if made:
        for old in target.parent.glob(f"{Path(BUNDLED_FACES[face]).stem}-*.ttf"):
            if old != target:
                old.unlink(missing_ok=True)
    return target, made


def heavy_serif_source() -> Path:
    """Debian's Noto Serif CJK Bold collection (beside DOCUMENTS_SYSTEM_FONT_DIR's truetype folder)."""
    return system_dir().parent / HEAVY_SERIF_FILE


def heavy_serif_target() -> Path:
    return cache_dir() / f"NotoSerifCJKSC-Bold-gb2312-c{CONVERSION}.ttf"


def heavy_serif_prepare() -> tuple[Path, bool] | None:
    """Convert the heavy serif unless that was done (None when Debian's file is not there)."""
    if not heavy_serif_source().is_file():
        return None

    def write(partial: Path) -> None:
        otf = partial.with_suffix(".otf")
        try:
            _gb2312_face(heavy_serif_source(), HEAVY_SERIF_FAMILY, otf)
            otf_to_ttf(otf, partial)
        finally:
            otf.unlink(missing_ok=True)

    return _convert_once(heavy_serif_target(), write)


def _gb2312_face(collection: Path, family: str, target: Path) -> None:
    """The face ``family`` of a .ttc, cut down to GB 2312, ASCII and the CJK punctuation and forms."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    face = next(f for f in TTCollection(str(collection)).fonts if f["name"].getDebugName(1) == family)
    chars = set(range(0x20, 0x7F)) | set(range(0x2010, 0x2070)) | set(range(0x3000, 0x3040)) | set(range(0xFF01, 0xFF5F))
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((row, cell)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    options = subset.Options()
    options.layout_features, options.name_IDs, options.notdef_outline, options.hinting = [], ["*"], True, False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=chars)
    subsetter.subset(face)
    face.save(str(target))


def otf_to_ttf(source: Path, target: Path) -> None:
    """Write ``source`` (CFF outlines) as a TrueType font: every glyph, cubic curves made quadratic.

    The recipe of fontTools' otf2ttf snippet: cu2qu within 1 unit of 1000 per em, contours
    reversed to TrueType's direction, a version 1.0 ``maxp``, glyph names dropped (``post``
    format 3). No subsetting: every character of the source font stays.
    """
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(source), cfg={"fontTools.ttLib:OPTIMIZE_FONT_SPEED": True})
    if "glyf" in font:
        font.save(str(target))
        return
    glyph_set = font.getGlyphSet()
    order = font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyph = pen.glyph()
        glyph.recalcBounds(glyf)
        glyf.glyphs[name] = glyph
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for tag in ("CFF ", "CFF2", "VORG", "DSIG"):
        if tag in font:
            del font[tag]
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        advance, _ = hmtx[name]
        hmtx[name] = (advance, glyph.xMin if glyph.numberOfContours else 0)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    font["post"].formatType = 3.0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\0\1\0\0"
    font.save(str(target))


# --- what the administrator is told ----------------------------------------------------------------


def font_status() -> dict:
    """Each role's source and file, for ``/healthz`` and the system check; converts nothing.

    ``source`` is the roles' common source, or ``mixed``; ``ok`` is false when a configured file
    is missing, or when the fallback is needed but not installed.
    """
    roles, ok = {}, True
    for role in ROLES:
        font = locate(role)
        if font.source == BUNDLED:
            usable = bundled_available()
        else:
            usable = os.path.isfile(font.path)
        ok = ok and usable
        roles[role] = {"source": font.source, "file": os.path.basename(font.path), "ok": usable}
    sources = {entry["source"] for entry in roles.values()}
    status = {"ok": ok, "source": sources.pop() if len(sources) == 1 else "mixed", "roles": roles}
    bundled = {ROLES[role].bundled for role, entry in roles.items() if entry["source"] == BUNDLED}
    if bundled:
        status["bundled_prepared"] = all(bundled_target(face).is_file() for face in sorted(bundled))
    return status
