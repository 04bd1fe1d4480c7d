"""Where the PDFs' fonts come from (office.fonts), and what the administrator is told about it:
the system check and /healthz. The PDFs themselves: tests/documents/test_pdf_fonts.py."""

from __future__ import annotations

import threading

import pytest
from django.core import checks
from django.test import Client

from office import fonts


@pytest.fixture
def no_system_fonts(settings, tmp_path):
    """A machine without Debian's CJK fonts and without the organ's own."""
    settings.DOCUMENTS_SYSTEM_FONT_DIR = str(tmp_path / "system")
    settings.DOCUMENTS_PDF_FONT = ""
    settings.DOCUMENTS_GBT9704_FONTS = {}
    return tmp_path / "system"


def _touch(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0\1\0\0")
    return path


def font_checks():
    return [message for message in checks.run_checks(tags=["fonts"]) if message.id.startswith("office.")]


def test_each_role_takes_the_organs_font_then_debians_then_the_bundled(no_system_fonts, settings, tmp_path):
    assert {role: fonts.locate(role).source for role in fonts.ROLES} == dict.fromkeys(fonts.ROLES, fonts.BUNDLED)
    assert fonts.locate("heiti").path.endswith(".ttf") and "NotoSansSC" in fonts.locate("heiti").path
    assert "NotoSerifSC" in fonts.locate("fangsong").path

    _touch(no_system_fonts / "arphic" / "uming.ttc")
    assert fonts.locate("fangsong") == fonts.FontFile(str(no_system_fonts / "arphic" / "uming.ttc"), 0, fonts.SYSTEM)
    assert fonts.locate("slip").source == fonts.SYSTEM
    assert fonts.locate("kaiti").source == fonts.BUNDLED  # ukai.ttc is not there

    licensed = _touch(tmp_path / "licensed" / "FangSong_GB2312.ttf")
    settings.DOCUMENTS_GBT9704_FONTS = {"fangsong": (str(licensed), 0)}
    settings.DOCUMENTS_PDF_FONT = str(licensed)
    assert fonts.locate("fangsong") == fonts.FontFile(str(licensed), 0, fonts.CONFIGURED)
    assert fonts.locate("slip").source == fonts.CONFIGURED
    assert fonts.locate("songti").source == fonts.SYSTEM


def test_a_configured_file_that_is_missing_is_not_replaced(no_system_fonts, settings):
    settings.DOCUMENTS_GBT9704_FONTS = {"kaiti": "/nonexistent/kai.ttf"}
    assert fonts.resolve("kaiti") == fonts.FontFile("/nonexistent/kai.ttf", 0, fonts.CONFIGURED)
    status = fonts.font_status()
    assert status["ok"] is False and status["roles"]["kaiti"] == {"source": "configured", "file": "kai.ttf", "ok": False}


def test_the_system_check_warns_while_the_bundled_fonts_stand_in(no_system_fonts):
    messages = font_checks()
    assert [m.id for m in messages] == ["office.W001"]
    assert "Noto Serif SC" in messages[0].msg and "仿宋（正文）" in messages[0].msg
    assert "fonts-arphic-uming" in messages[0].hint and "DOCUMENTS_FONT_FANGSONG" in messages[0].hint


def test_the_system_check_is_silent_with_debians_or_the_organs_fonts(no_system_fonts, settings, tmp_path):
    for role in {spec.system for spec in fonts.ROLES.values()}:
        _touch(no_system_fonts / role)
    assert font_checks() == []
    settings.DOCUMENTS_SYSTEM_FONT_DIR = str(tmp_path / "elsewhere")
    licensed = _touch(tmp_path / "licensed.ttf")
    settings.DOCUMENTS_GBT9704_FONTS = dict.fromkeys(fonts.ROLES, str(licensed))
    settings.DOCUMENTS_PDF_FONT = str(licensed)
    assert font_checks() == []


def test_the_system_check_names_a_configured_file_that_is_missing(no_system_fonts, settings):
    settings.DOCUMENTS_PDF_FONT = "/nonexistent/song.ttf"
    messages = font_checks()
    assert [m.id for m in messages] == ["office.W002", "office.W001"]
    assert "DOCUMENTS_PDF_FONT" in messages[0].msg and "/nonexistent/song.ttf" in messages[0].msg


def test_healthz_says_where_the_fonts_come_from(db, no_system_fonts, settings, tmp_path):
    client = Client()
    report = client.get("/healthz").json()
    assert report["fonts"]["source"] == "bundled" and report["fonts"]["ok"] is True
    assert report["fonts"]["roles"]["heiti"]["source"] == "bundled"
    assert "bundled_prepared" in report["fonts"]

    for path in {spec.system for spec in fonts.ROLES.values()}:
        _touch(no_system_fonts / path)
    report = client.get("/healthz").json()
    assert report["fonts"]["source"] == "system" and "bundled_prepared" not in report["fonts"]

    licensed = _touch(tmp_path / "FangSong_GB2312.ttf")
    settings.DOCUMENTS_GBT9704_FONTS = {"fangsong": str(licensed)}
    assert client.get("/healthz").json()["fonts"]["source"] == "mixed"

    settings.DOCUMENTS_GBT9704_FONTS = {"fangsong": "/nonexistent/FangSong_GB2312.ttf"}
    response = client.get("/healthz")
    assert response.status_code == 200  # the database answers: the site is up, but degraded
    assert response.json()["fonts"]["ok"] is False and response.json()["status"] == "degraded"


def test_a_cff_font_is_converted_to_truetype_once(settings, tmp_path, monkeypatch):
    """The conversion on a small CFF font (a few characters of the bundled Noto Sans SC): TrueType
    outlines that reportlab embeds, made by one of two concurrent callers, kept for the next."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from reportlab.pdfbase.ttfonts import TTFont as ReportlabTTFont

    small = tmp_path / "small.otf"
    options = subset.Options()
    subsetter = subset.Subsetter(options)
    source = TTFont(fonts.bundled_source("sans"))
    subsetter.populate(text="关于印发通知中文ABC123，〔〕")
    subsetter.subset(source)
    source.save(small)
    assert "CFF " in TTFont(small)

    settings.DOCUMENTS_FONT_CACHE_DIR = tmp_path / "cache"
    monkeypatch.setattr(fonts, "bundled_source", lambda face: small)
    calls = []
    real = fonts.otf_to_ttf
    monkeypatch.setattr(fonts, "otf_to_ttf", lambda src, dst: (calls.append(dst), real(src, dst)))
    results = []
    threads = [threading.Thread(target=lambda: results.append(fonts.bundled_prepare("sans"))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and sorted(now for _, now in results) == [False, True]
    target = results[0][0]
    assert fonts.bundled_prepare("sans") == (target, False)
    assert [p.name for p in target.parent.glob("*.partial")] == []

    converted = TTFont(target)
    assert "glyf" in converted and "CFF " not in converted and converted.sfntVersion == "\0\1\0\0"
    glyph = converted["glyf"][converted.getBestCmap()[ord("中")]]
    assert glyph.numberOfContours > 0
    assert converted["hmtx"][converted.getBestCmap()[ord("中")]][1] == glyph.xMin
    ReportlabTTFont("SmallConverted", str(target))  # reportlab takes it (it refuses CFF outlines)
