"""Every PDF embeds every font it names: with Debian's fonts, and on a machine without any CJK font,
where the bundled Noto Serif SC / Noto Sans SC (converted to TrueType once) stand in.

The fallback is forced by pointing ``DOCUMENTS_SYSTEM_FONT_DIR`` at an empty folder, as on a fresh
machine. The first run converts the bundled fonts into the test ``SANBAN_VAR_DIR`` (about half a
minute each); later runs reuse them.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from documents.incoming.slip import slip_build, slip_pdf, slip_queryset
from documents.layout.pdf import render_pdf
from office import fonts
from tests.documents.test_layout_pdf import NOTICE
from tests.documents.test_slip import route

SYSTEM_DIR = Path("/usr/share/fonts/truetype")
HAS_DEBIAN_FONTS = all((SYSTEM_DIR / role.system).is_file() for role in fonts.ROLES.values())


def font_programs(data: bytes) -> dict[str, str | None]:
    """Every font any page (or form) of the PDF refers to → the key of its embedded program, or None."""
    found: dict[str, str | None] = {}

    def visit(resources) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            for part in ([d.get_object() for d in descendants] if descendants else [font]):
                descriptor = part.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                found[str(font["/BaseFont"])] = next(
                    (key for key in ("/FontFile2", "/FontFile", "/FontFile3") if key in descriptor), None
                )
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        visit(page.get("/Resources"))
    return found


def text_of(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace("\n", "")


@pytest.fixture(params=["bundled", "system"])
def font_source(request, settings, tmp_path):
    """Fonts from an empty system folder (a fresh machine: the bundled ones) or from Debian's."""
    settings.DOCUMENTS_PDF_FONT = ""
    settings.DOCUMENTS_GBT9704_FONTS = {}
    if request.param == "bundled":
        settings.DOCUMENTS_SYSTEM_FONT_DIR = str(tmp_path / "no-fonts")
    elif not HAS_DEBIAN_FONTS:
        pytest.skip("Debian's fonts-arphic-uming, -ukai and fonts-wqy-zenhei are not installed")
    else:
        settings.DOCUMENTS_SYSTEM_FONT_DIR = str(SYSTEM_DIR)
    return request.param


def assert_all_embedded_truetype(data: bytes, *, expected: set[str]) -> None:
    programs = font_programs(data)
    assert programs, "the PDF names no font"
    assert all(key == "/FontFile2" for key in programs.values()), programs  # TrueType, embedded
    assert not any("Helvetica" in name for name in programs), programs
    names = {name.split("+", 1)[-1] for name in programs}
    assert all(any(part in name for part in expected) for name in names), (names, expected)


#: "NotoSerifCJKsc": the titles' heavy serif, once `manage.py prepare_fonts` has converted it.
EXPECTED = {"bundled": {"NotoSerifSC", "NotoSansSC"},
            "system": {"UMingCN", "UKaiCN", "WenQuanYiZenHei", "NotoSerifCJKsc"}}


def test_the_gbt9704_pdf_embeds_every_font(font_source):
    for sheet in (NOTICE, dataclasses.replace(NOTICE, draft=True, doc_number="")):
        data = render_pdf(sheet)
        assert_all_embedded_truetype(data, expected=EXPECTED[font_source])
        text = text_of(data)
        assert "江城市人力资源和社会保障局文件" in text and "高校毕业生" in text, text[:200]


def test_the_incoming_slip_pdf_embeds_its_font(font_source, people, units):
    document = route(people, units, instructions=2)
    data = slip_pdf(slip_build(document=slip_queryset().get(pk=document.pk), organ_name="江城市人力资源和社会保障局"))
    assert_all_embedded_truetype(data, expected=EXPECTED[font_source])
    text = text_of(data)
    assert "收文处理笺" in text and "关于做好2026年高校毕业生就业创业工作的通知" in text, text[:200]


def test_the_demo_attachments_embed_their_font(font_source):
    from documents.outgoing.demo import _attachment_pdf

    data = _attachment_pdf("江城市高校毕业生就业见习基地申报表").read()
    assert_all_embedded_truetype(data, expected=EXPECTED[font_source])
    assert "就业见习基地申报表" in text_of(data)


def test_without_debians_fonts_every_role_is_the_bundled_truetype(settings, tmp_path):
    settings.DOCUMENTS_SYSTEM_FONT_DIR = str(tmp_path)
    settings.DOCUMENTS_PDF_FONT = ""
    settings.DOCUMENTS_GBT9704_FONTS = {}
    from fontTools.ttLib import TTFont

    # GB 2312 in full: every one of its 7,445 characters must have a glyph.
    gb2312 = [bytes([hi, lo]).decode("gb2312", errors="ignore") for hi in range(0xA1, 0xF8) for lo in range(0xA1, 0xFF)]
    gb2312 = [ch for ch in gb2312 if ch]
    assert len(gb2312) == 7445
    for role in fonts.ROLES:
        font = fonts.resolve(role)
        assert font.source == fonts.BUNDLED
        converted = TTFont(font.path, lazy=True)
        assert "glyf" in converted and "CFF " not in converted
        cmap = converted.getBestCmap()
        missing = [ch for ch in gb2312 if ord(ch) not in cmap]
        assert not missing, (role, missing[:20])


def test_the_titles_take_the_prepared_heavy_serif_and_keep_the_stand_in_until_then(settings, tmp_path):
    truetype = tmp_path / "fonts" / "truetype"
    (truetype / "wqy").mkdir(parents=True)
    (truetype / "wqy" / "wqy-zenhei.ttc").write_bytes(b"stand-in")
    settings.DOCUMENTS_SYSTEM_FONT_DIR = str(truetype)
    settings.DOCUMENTS_FONT_CACHE_DIR = str(tmp_path / "cache")
    assert fonts.locate("xiaobiaosong").path.endswith("wqy-zenhei.ttc")  # no Noto Serif CJK installed
    source = fonts.heavy_serif_source()
    source.parent.mkdir(parents=True)
    source.write_bytes(b"the .ttc")
    assert fonts.locate("xiaobiaosong").path.endswith("wqy-zenhei.ttc")  # installed, not converted yet
    fonts.heavy_serif_target().parent.mkdir(parents=True)
    fonts.heavy_serif_target().write_bytes(b"converted")
    font = fonts.locate("xiaobiaosong")
    assert font.path == str(fonts.heavy_serif_target()) and font.source == fonts.SYSTEM
    assert not fonts.locate("heiti").path.endswith(".ttf")  # 黑体 stays 黑体
    settings.DOCUMENTS_GBT9704_FONTS = {"xiaobiaosong": "/srv/fonts/FZXBSJW.TTF"}
    assert fonts.locate("xiaobiaosong").source == fonts.CONFIGURED  # the organ's font still wins
