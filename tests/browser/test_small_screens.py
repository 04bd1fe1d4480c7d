"""Phones and English (issue 12, point 9): on a 390 px phone the lists are cards whose titles read
normally and whose time limit is on screen; at 1440 px the English header stays on one line and
the 收文 desk's filter dropdowns show their whole text."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

#: A row's title cell, and its time-limit cell (办理时限 / 完成时限).
ROW_BOXES = """(sel) => { const row = document.querySelector(sel); if (!row) return null;
  const title = row.querySelector('.sb-stack-title').getBoundingClientRect();
  const due = row.querySelector('td[data-label="办理时限"], td[data-label="完成时限"]');
  const d = due.getBoundingClientRect();
  return {titleWidth: title.width, dueLeft: d.left, dueRight: d.right, dueHeight: d.height,
          dueVisible: getComputedStyle(due).display !== 'none', overflow: document.documentElement.scrollWidth - innerWidth}; }"""


def _context(browser, live_server, width, height, language):
    context = browser.new_context(viewport={"width": width, "height": height}, timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, live_server, "zhouting")
    if language != "zh-hans":
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    return context, page


@pytest.mark.parametrize("path,row", [
    ("/", "#sb-tab-body table.sb-stack tbody tr"),
    ("/documents/incoming/?box=all", "table.sb-stack tbody tr"),
    ("/deadlines/?window=open", "table.sb-stack tbody tr"),
])
def test_lists_on_a_phone_are_cards_with_the_time_limit_on_screen(browser, live_server, demo, path, row):
    context, page = _context(browser, live_server, 390, 844, "zh-hans")
    try:
        page.goto(f"{live_server.url}{path}")
        boxes = page.evaluate(ROW_BOXES, row)
        assert boxes is not None, f"no row on {path}"
        assert boxes["titleWidth"] >= 300  # the title reads across the card, not four characters a line
        assert boxes["dueVisible"] and boxes["dueHeight"] > 0
        assert 0 <= boxes["dueLeft"] and boxes["dueRight"] <= 390
        assert boxes["overflow"] <= 0  # nothing to scroll sideways for
    finally:
        context.close()


def test_the_english_header_keeps_to_one_line_and_filters_show_their_text(browser, live_server, demo):
    context, page = _context(browser, live_server, 1440, 900, "en")
    try:
        page.goto(f"{live_server.url}/documents/incoming/?box=all")
        assert "Incoming documents" in page.content()
        header = page.evaluate("""() => { const h = document.querySelector('header.sb-header');
            const links = [...h.querySelectorAll('.nav-link')].filter(a => a.offsetParent);
            const lineHeight = parseFloat(getComputedStyle(links[0]).lineHeight);
            // a label wrapped onto a second line makes its link taller than one line and its padding
            const wrapped = links.filter(a => a.getBoundingClientRect().height > 1.6 * lineHeight + 20);
            return {height: h.getBoundingClientRect().height, wrapped: wrapped.map(a => a.textContent.trim()),
                    overflow: document.documentElement.scrollWidth - innerWidth}; }""")
        assert header["height"] < 80 and header["wrapped"] == [] and header["overflow"] <= 0, header
        clipped = page.evaluate("""() => [...document.querySelectorAll('form select.form-select')].filter(s => {
            const probe = document.createElement('span'); const style = getComputedStyle(s);
            probe.style.font = style.font; probe.style.position = 'absolute'; probe.style.whiteSpace = 'nowrap';
            probe.textContent = s.options[s.selectedIndex].text; document.body.appendChild(probe);
            const need = probe.getBoundingClientRect().width + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
            probe.remove(); return need > s.getBoundingClientRect().width + 0.5; }).map(s => s.name)""")
        assert clipped == []
    finally:
        context.close()
