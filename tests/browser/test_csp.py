"""The Content-Security-Policy in a real browser, and the warning before an idle login ends.

Chromium enforces the policy the server sends: every page a user opens — the workbench and
its htmx tabs, the 收文 desk, a document, its 处理笺, the 起草 form, the administrators' admin
pages — must run without a single violation (reported both as console errors and as
``securitypolicyviolation`` events, which are collected here). Screenshots of the login page
and of the idle warning, at desktop (1440 px) and phone (390 px) widths, go to tests/artifacts/.
"""

from __future__ import annotations

import re

import pytest

from documents.models import IncomingDocument
from office.models import User
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__csp.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " at " +
                    event.sourceFile + ":" + event.lineNumber);
});
"""
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}


def watch(page) -> list[str]:
    """Console messages about the policy, gathered from now on (beside page.problems)."""
    messages: list[str] = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and messages.append(msg.text))
    page.add_init_script(WATCH)
    return messages


def visit(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__csp")


def test_business_pages_run_under_the_policy(live_server, demo, page):
    console = watch(page)
    log_in(page, live_server, "zhouting")
    document = IncomingDocument.objects.order_by("pk").first()
    violations = {}
    violations["/"] = visit(page, f"{live_server.url}/")
    # An htmx tab (and its active mark, set by static/js/workbench.js, not by hx-on).
    page.click('a[data-tab="done"]')
    page.locator('a[data-tab="done"].active').wait_for()
    page.wait_for_load_state("networkidle")
    assert "active" in page.locator('a[data-tab="done"]').get_attribute("class").split()
    assert "active" not in page.locator('a[data-tab="todo"]').get_attribute("class").split()
    violations["/?tab=done"] = page.evaluate("window.__csp")
    for path in (
        "/documents/incoming/",
        document.get_absolute_url(),
        f"/documents/incoming/{document.pk}/slip/",
        "/documents/outgoing/new/",
        "/profile/",
    ):
        violations[path] = visit(page, f"{live_server.url}{path}")
    assert page.url.endswith("/profile/")
    assert not {path: found for path, found in violations.items() if found}, violations
    assert not console, console
    assert not page.problems, page.problems


def test_the_slip_page_prints_through_its_script(live_server, demo, page):
    console = watch(page)
    log_in(page, live_server, "zhouting")
    document = IncomingDocument.objects.order_by("pk").first()
    assert not visit(page, f"{live_server.url}/documents/incoming/{document.pk}/slip/")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.click("[data-slip-print]")
    assert page.evaluate("window.__printed") == 1
    # The stylesheet applies: the sheet is A4 wide on screen, the rows keep their heights.
    assert page.evaluate("getComputedStyle(document.querySelector('.slip-toolbar')).position") == "sticky"
    heights = page.evaluate("""() => Array.from(document.querySelectorAll('td.slip-section'))
        .map(td => [td.dataset.section, td.getBoundingClientRect().height])""")
    instructions = dict(heights)["instructions"]
    assert instructions >= 34 * 96 / 25.4 - 1, heights
    assert not console and not page.problems, (console, page.problems)


def test_admin_pages_run_under_the_policy(live_server, demo, page):
    console = watch(page)
    violations = {}
    log_in(page, live_server, "sysadmin")
    user = User.objects.get(username="qianli")
    for path in ("/admin/", "/admin/office/user/", f"/admin/office/user/{user.pk}/change/",
                 "/admin/office/orgunit/", "/admin/office/orgunit/add/"):
        violations[path] = visit(page, f"{live_server.url}{path}")
        assert page.locator("#site-name").is_visible(), path
    # The house colours (static/css/admin.css) still apply.
    header = page.evaluate("getComputedStyle(document.querySelector('#header')).backgroundColor")
    assert header == "rgb(122, 15, 18)", header
    log_in(page, live_server, "auditor")
    violations["/admin/office/auditevent/"] = visit(page, f"{live_server.url}/admin/office/auditevent/")
    assert not {path: found for path, found in violations.items() if found}, violations
    assert not console, console
    assert not page.problems, page.problems


def test_the_login_page_at_desktop_and_phone_width(live_server, page, artifacts):
    console = watch(page)
    for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        assert not visit(page, f"{live_server.url}/accounts/login/")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name}: the page scrolls sideways by {overflow} px"
        page.screenshot(path=str(artifacts / f"login-{name}.png"), full_page=True)
    # Odd input answers with the form, in Chinese (point 9), and the policy holds there too.
    page.evaluate("document.querySelector('#id_username').removeAttribute('maxlength')")
    page.fill("#id_username", "w" * 300)
    page.fill("#id_password", "x")
    page.click("form button.btn-sb")
    page.wait_for_load_state("networkidle")
    assert "用户名不能超过 150 个字符" in page.locator("form[novalidate]").inner_text()
    page.screenshot(path=str(artifacts / "login-too-long.png"), full_page=True)
    assert not page.evaluate("window.__csp") and not console, console
    assert not page.problems, page.problems


def test_the_idle_warning_offers_to_carry_on_and_then_logs_out(live_server, demo, page, artifacts, settings,
                                                               monkeypatch):
    """An idle time of 12 seconds here (the live server shares this process), a warning 9 before."""
    monkeypatch.setattr("office.sessions.idle_seconds", lambda: 12)
    settings.SANBAN_IDLE_WARNING_SECONDS = 9
    console = watch(page)
    log_in(page, live_server, "zhouting")
    page.wait_for_load_state("networkidle")
    notice = page.locator("#sb-session")
    assert notice.is_hidden()
    # About three seconds after the page came, the warning shows, counting down.
    notice.wait_for(state="visible", timeout=8_000)
    assert "您已较长时间未操作" in notice.inner_text()
    assert re.search(r"0:0\d", notice.locator("[data-countdown]").first.inner_text())
    assert notice.locator("[data-action=continue]").is_visible()
    page.screenshot(path=str(artifacts / "idle-warning-desktop.png"))
    # 继续使用: the server counts it as activity, the notice goes away.
    with page.expect_response(lambda r: r.url.endswith("/session/keepalive/") and r.request.method == "POST") as sent:
        notice.locator("[data-action=continue]").click()
    assert sent.value.status == 200 and sent.value.json()["idle_left"] >= 11
    notice.wait_for(state="hidden")
    # At phone width it comes back, full width at the bottom.
    page.set_viewport_size(PHONE)
    notice.wait_for(state="visible", timeout=8_000)
    box = notice.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    page.screenshot(path=str(artifacts / "idle-warning-phone.png"))
    # Nobody answers: the page goes to the login page, which says why.
    page.wait_for_url(re.compile(r".*/accounts/login/\?next=(/|%2F)$"), timeout=20_000)
    assert "由于长时间未操作，您已自动退出" in page.locator("body").inner_text()
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(artifacts / "idle-logged-out.png"), full_page=True)
    assert not page.evaluate("window.__csp") and not console, console
    # The keep-alive look that found the session over answered 401: expected, not a problem.
    problems = [p for p in page.problems if "/session/keepalive/" not in p and "401" not in p]
    assert not problems, problems
