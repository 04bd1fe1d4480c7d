"""The 传阅 picker in the browser: typed, chosen with the keyboard, posted as the same field."""

from __future__ import annotations

import pytest

from documents.choices import IncomingState
from documents.models import IncomingDocument
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_readers_are_found_chosen_by_keyboard_and_circulated(live_server, demo, page):
    doc = IncomingDocument.objects.filter(state=IncomingState.HANDLING).order_by("pk").first()
    before = set(doc.circulations.values_list("reader__username", flat=True))
    assert not before & {"zhoujianhua", "liminghua"}
    log_in(page, live_server, "zhouting")
    page.goto(f"{live_server.url}/documents/incoming/{doc.pk}/")
    box = page.locator("#id_readers")

    def only(term):  # the matches of this term have arrived (not those of the box's first focus)
        page.wait_for_function("t => { const o = [...document.querySelectorAll('.sb-pick')];"
                               " return o.length > 0 && o.every(b => b.dataset.label.includes(t)); }", arg=term)

    box.click()
    box.fill("周建华")
    only("周建华")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # the focused match becomes a chip; the form is not submitted
    box.fill("副局长")
    only("副局长")
    box.press("Enter")  # Enter in the box takes the first match
    chips = page.locator(".sb-chip").all_inner_texts()
    assert len(chips) == 2 and chips[0].startswith("周建华（法规处 · 处长）") and chips[1].startswith("李明华")
    box.press("Backspace")  # the empty box: the last chip goes
    assert page.locator(".sb-chip").count() == 1
    box.fill("副局长")
    only("副局长")
    page.locator(".sb-pick", has_text="李明华").click()
    page.click("button[data-action='circulate']")
    page.wait_for_load_state("networkidle")
    assert set(doc.circulations.values_list("reader__username", flat=True)) == before | {"zhoujianhua", "liminghua"}
    assert page.problems == []
