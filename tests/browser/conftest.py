"""Headless Chromium for the browser tests (Debian's, at /usr/bin/chromium)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (building data) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SANBAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"
#: The README's screenshots are refreshed only on request, so a test run leaves the tree clean:
#: SANBAN_UPDATE_SCREENSHOTS=1 make test ARGS="-m browser"
UPDATE_DOCS = os.environ.get("SANBAN_UPDATE_SCREENSHOTS") == "1"


def fontconfig_file(folder: Path) -> Path:
    """A fontconfig file that adds the bundled Noto faces to the system's fonts.

    Chromium aborts when fontconfig finds no font at all, as on a fresh machine without font
    packages (the README's quick start); with the faces the install brings it always has one,
    and where the system has fonts nothing changes but two more faces.
    """
    from office import fonts

    faces = {str(fonts.bundled_source(face).parent) for face in fonts.BUNDLED_FACES}
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        + "".join(f"  <dir>{face}</dir>\n" for face in sorted(faces))
        + f"  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="sanban-fontconfig-") as folder, sync_playwright() as playwright:
        env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(Path(folder)))}
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, env=env)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) with a desktop window, in Chinese."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.problems = []  # failed requests and console errors, checked by the tests
    page.on("console", lambda msg: msg.type == "error" and page.problems.append(f"console: {msg.text}"))
    page.on("pageerror", lambda exc: page.problems.append(f"page error: {exc}"))
    page.on("response", lambda r: r.status >= 400 and page.problems.append(f"{r.status} {r.url}"))
    yield page
    context.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def log_in(page, live_server, username: str) -> None:
    """Log in through the login page as a demo account (its password), landing on the workbench."""
    from office.demo import DEMO_PASSWORD

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form button.btn-sb")
    page.wait_for_url(f"{live_server.url}/")
