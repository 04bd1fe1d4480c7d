"""台账 (.xlsx) read back with openpyxl: the list's rows, through the policy; the 督办通知单 PDF: one page,
every font embedded, the item's facts on it (pdftoppm renders it)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from office.models import AuditEvent, User
from supervision.models import SupervisedItem
from tests.helpers import client_for


def _list_serials(client, query: str) -> list[str]:
    serials, page = [], 1
    while True:
        html = client.get(f"/supervision/items/?{query}&page={page}").content.decode()
        serials += re.findall(r'<td class="text-nowrap small[^"]*">(督〔\d+〕\d+号)</td>', html)
        if f"page={page + 1}" not in html:
            return serials
        page += 1


def _ledger(client, query: str):
    response = client.get(f"/supervision/exports/ledger.xlsx?{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:2] == ("督办编号", "督办事项")
    return rows[2:]


@pytest.mark.parametrize(("username", "query"), [
    ("sunhao", "light=red"), ("sunhao", "year=2026&source_kind=plan"), ("sunhao", ""),
    ("zhoujianhua", ""), ("qianli", ""), ("liminghua", "state=handling"),
])
def test_the_ledger_holds_what_the_list_shows(demo, username, query):
    client = client_for(User.objects.get(username=username))
    rows = _ledger(client, query)
    assert [r[0] for r in rows] == _list_serials(client, query)
    assert AuditEvent.objects.filter(action="export", actor__username=username,
                                     detail__what="supervision.items").exists()
    if username == "qianli":  # 科员: only what is assigned to her
        visible = SupervisedItem.objects.filter(handler__username="qianli").count()
        assert 0 < len(rows) <= visible + SupervisedItem.objects.filter(parts__contact__username="qianli").count()


def test_a_ledger_row_reads_back_the_item(demo):
    client = client_for(User.objects.get(username="sunhao"))
    item = SupervisedItem.objects.filter(parts__isnull=False, state="handling").order_by("id").first()
    rows = {r[0]: r for r in _ledger(client, "")}
    row = rows[item.serial_display]
    assert row[1] == item.title and row[5] == item.lead_unit.name
    assert row[6] == "、".join(p.unit.name for p in item.parts.order_by("id"))
    assert row[9].date() == item.due_on and row[12] == item.get_state_display()


def _pdf_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return path


def test_the_notice_is_one_page_with_every_font_embedded(demo):
    item = SupervisedItem.objects.filter(parts__isnull=False, state="handling").order_by("id").first()
    office = client_for(User.objects.get(username="sunhao"))
    response = office.get(f"/supervision/exports/items/{item.pk}/notice.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "%E7%9D%A3%E5%8A%9E%E9%80%9A%E7%9F%A5%E5%8D%95" in response["Content-Disposition"]  # 督办通知单
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "notice.pdf"
        pdf.write_bytes(response.content)
        fonts = subprocess.run([_pdf_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
        lines = fonts.splitlines()[2:]
        assert lines and all(" yes " in line for line in lines), fonts
        info = subprocess.run([_pdf_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Pages:\s+1\b", info)
        text = subprocess.run([_pdf_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        squeezed = re.sub(r"\s+", "", text)
        for fact in (item.serial_display, item.lead_unit.name, "督办通知单", "（印章）",
                     f"{item.due_on.year}年{item.due_on.month}月{item.due_on.day}日"):
            assert re.sub(r"\s+", "", fact) in squeezed, fact
        subprocess.run([_pdf_tool("pdftoppm"), "-r", "40", "-png", str(pdf), str(Path(tmp) / "page")], check=True)
        assert [p.name for p in Path(tmp).glob("page*.png")] == ["page-1.png"]


def test_the_notice_of_an_item_out_of_scope_is_404(demo):
    item = SupervisedItem.objects.filter(state="handling").exclude(lead_unit__code="ZCFG").exclude(
        parts__unit__code="ZCFG").order_by("id").first()
    head = client_for(User.objects.get(username="zhoujianhua"))  # head of 法规处
    assert head.get(f"/supervision/exports/items/{item.pk}/notice.pdf").status_code == 404
    draft = SupervisedItem.objects.filter(state="draft").first()
    assert head.get(f"/supervision/exports/items/{draft.pk}/notice.pdf").status_code == 404
