"""Choosing readers, units and people with a search field (office.picker) instead of every checkbox."""

from __future__ import annotations

import re

import pytest
from django.test.utils import CaptureQueriesContext

from documents.choices import IncomingState as S
from documents.incoming.forms import CirculateForm
from office import picker
from office.choices import Clearance
from office.models import User
from tests.helpers import assert_num_queries, client_for

pytestmark = pytest.mark.django_db

READERS = "/pick/documents.incoming.readers/"


def matches(html: str) -> list[str]:
    return re.findall(r'data-label="([^"]+)"', html)


def test_the_circulation_field_is_a_search_box_when_the_organ_is_large(walk, people):
    """The demo organ has 40 possible readers (more than PLAIN_LIMIT): no checkbox per person."""
    doc = walk(to=S.HANDLING, handler="qianli")
    page = client_for(people["zhouting"]).get(f"/documents/incoming/{doc.pk}/").content.decode()
    field = page[page.index('class="sb-picker" data-name="readers"'):]
    assert 'type="checkbox" name="readers"' not in page
    assert f'hx-get="{READERS}?doc={doc.pk}&amp;name=readers"' in field
    assert 'role="combobox"' in field and 'form="sb-picker-none"' in field  # the search box is never posted
    assert "js/picker.js" in page and "<script>" not in page


def test_a_small_choice_stays_the_classic_control(walk, people):
    """Departments (a dozen in the demo) keep their checkboxes: the page works without JavaScript."""
    doc = walk(to=S.PROPOSING)
    page = client_for(people["liuxiaodong"]).get(f"/documents/incoming/{doc.pk}/").content.decode()
    assert page.count('type="checkbox" name="assisting_units"') >= 10
    assert '<select name="lead_unit"' in page


def test_a_search_answers_at_most_twenty_matches_by_name_title_or_unit(walk, people):
    doc = walk(to=S.HANDLING, handler="qianli")
    client = client_for(people["zhouting"])
    heads = matches(client.get(READERS, {"doc": doc.pk, "q": "处长"}).content.decode())
    assert heads and all("处长" in label for label in heads)
    assert "周建华（法规处 · 处长）" in heads
    assert matches(client.get(READERS, {"doc": doc.pk, "q": "周建华"}).content.decode()) == ["周建华（法规处 · 处长）"]
    assert len(matches(client.get(READERS, {"doc": doc.pk, "q": "法规处"}).content.decode())) == 3
    everyone = client.get(READERS, {"doc": doc.pk}).content.decode()
    assert len(matches(everyone)) == picker.RESULT_LIMIT and "只列出前 20 项" in everyone
    assert "没有找到“不存在的人”" in client.get(READERS, {"doc": doc.pk, "q": "不存在的人"}).content.decode()
    assert "周婷" not in " ".join(matches(everyone))  # not the sender herself, as in the form


def test_the_matches_are_what_the_form_accepts(walk, people):
    """A 机密 document: only people cleared for it are offered — the form's queryset, through the policy."""
    doc = walk(to=S.HANDLING, handler="qianli", secret_level=Clearance.SECRET)
    client = client_for(people["wujing"])
    offered = set()
    for term in ("处", "局", "办公室", "科员"):
        offered.update(matches(client.get(READERS, {"doc": doc.pk, "q": term}).content.decode()))
    cleared = {picker.person_label(u) for u in User.objects.filter(clearance__gte=Clearance.SECRET)}
    assert offered and offered <= cleared


def test_a_search_costs_a_fixed_number_of_queries(walk, people):
    doc = walk(to=S.HANDLING, handler="qianli")
    client = client_for(people["zhouting"])
    client.get(READERS, {"doc": doc.pk, "q": "处长"})
    with CaptureQueriesContext(__import__("django.db").db.connection) as first:
        client.get(READERS, {"doc": doc.pk, "q": "处长"})
    with assert_num_queries(len(first.captured_queries)):
        client.get(READERS, {"doc": doc.pk})  # twenty matches and more: the same count
    assert len(first.captured_queries) <= 6, [q["sql"] for q in first.captured_queries]


def test_out_of_scope_unknown_or_administrators_get_404(walk, people):
    doc = walk(to=S.HANDLING, handler="qianli", lead="ZCFG")
    outsider = people["wangbo"]  # 科员 of another department: cannot see the document
    assert client_for(outsider).get(READERS, {"doc": doc.pk}).status_code == 404
    assert client_for(people["zhouting"]).get(READERS, {"doc": "x"}).status_code == 404
    assert client_for(people["zhouting"]).get("/pick/no.such.source/").status_code == 404
    admin = User.objects.filter(role="sysadmin").first()
    assert admin is not None and client_for(admin).get(READERS, {"doc": doc.pk}).status_code == 404


def test_chosen_readers_come_back_as_chips_with_the_field_name(walk, people):
    """A refused form shows what was chosen: chips carrying hidden inputs named like the checkboxes were."""
    doc = walk(to=S.HANDLING, handler="qianli")
    chosen = [people["zhoujianhua"], people["liminghua"]]
    form = CirculateForm({"readers": [str(u.pk) for u in chosen], "note": "x" * 600}, user=people["zhouting"],
                         document=doc)
    assert not form.is_valid() and "note" in form.errors
    html = str(form["readers"])
    for user in chosen:
        assert f'<input type="hidden" name="readers" value="{user.pk}">' in html
        assert picker.person_label(user) in html
    assert form.cleaned_data["readers"].count() == 2


def test_circulating_through_the_page_posts_the_same_field(walk, people):
    doc = walk(to=S.HANDLING, handler="qianli")
    client = client_for(people["zhouting"])
    response = client.post(f"/documents/incoming/{doc.pk}/do/circulate/",
                           {"readers": [people["zhoujianhua"].pk, people["liminghua"].pk], "note": ""})
    assert response.status_code == 302
    assert set(doc.circulations.values_list("reader__username", flat=True)) == {"zhoujianhua", "liminghua"}
