"""年度工作要点 from Excel: every bad row reported with its row and column and nothing saved; a good
50-row plan previewed, confirmed and saved in one transaction."""

from __future__ import annotations

import datetime as dt
import io
import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from supervision.models import KeyTask, SupervisedItem, WorkPlan
from supervision.plans import services, sheet
from tests.helpers import client_for

HEADERS = [c.header for c in sheet.COLUMNS]


def _xlsx(rows, headers=HEADERS) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet.SHEET_TITLE
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(task="推进就业创业", title="开展专项行动", lead="法规处", due=None, **kw):
    due = due or timezone.localdate() + dt.timedelta(days=60)
    values = {"number": "", "task": task, "title": title, "requirement": "按要求落实并报送进展。", "lead": lead,
              "assisting": "", "leader": "", "due_on": due, "milestones": "", "cycle": "每月", "importance": "一般督办"}
    values.update(kw)
    return [values[c.key] for c in sheet.COLUMNS]


def _upload(client, content: bytes, name="plan.xlsx", year=None):
    year = year or timezone.localdate().year
    return client.post("/supervision/plans/import/", {"year": year, "sheet": SimpleUploadedFile(name, content)})


def _nothing_saved():
    assert not WorkPlan.objects.exists() and not KeyTask.objects.exists() and not SupervisedItem.objects.exists()


@pytest.fixture
def officer(people):
    return client_for(people["sunhao"])


def test_the_template_has_chinese_headers_an_example_and_lists(officer, units):
    response = officer.get("/supervision/plans/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    ws = book[sheet.SHEET_TITLE]
    assert [c.value.rstrip("*") for c in ws[1]] == HEADERS
    assert ws["A2"].value == "示例"
    assert any("选项" in dv.formula1 for dv in ws.data_validations.dataValidation)
    assert units["ZCFG"].name in [c.value for c in book["选项"]["A"]]
    with pytest.raises(sheet.SheetRefused, match="没有数据行"):  # the example row alone imports nothing
        sheet.parse("t.xlsx", response.content)


def test_good_and_bad_rows_every_bad_one_reported_with_row_and_column_and_nothing_saved(officer, units):
    today = timezone.localdate()
    rows = [
        _row(title="好的一行", assisting="人才开发和市场处"),                    # 2: good
        _row(title="处室不存在", lead="宣传处"),                                # 3
        _row(title="时限已过", due=today - dt.timedelta(days=3)),              # 4
        _row(title="缺牵头处室", lead=""),                                     # 5
        _row(title="时限是公式", due="=TODAY()+30"),                           # 6
        _row(title="周期不对", cycle="每两天"),                                 # 7
        _row(title="时限是数字", due=46000),                                   # 8
        _row(title="节点格式不对", milestones="年底前完成"),                     # 9
        _row(title="责任领导不对", leader="张三"),                              # 10
        _row(title="好的一行"),                                               # 11: a repeat of row 2
    ]
    response = _upload(officer, _xlsx(rows))
    assert response.status_code == 400
    html = response.content.decode()
    found = set(re.findall(r'data-row="(\d+)" data-column="([^"]*)"', html))
    assert found == {("3", "牵头处室"), ("4", "办理时限"), ("5", "牵头处室"), ("6", "办理时限"), ("7", "报送周期"),
                     ("8", "办理时限"), ("9", "节点"), ("10", "责任领导"), ("11", "督办事项")}
    for text in ("未知处室“宣传处”", "已过", "牵头处室不能为空", "公式", "每两天", "不是日期", "名称:日期", "张三", "与第 2 行重复",
                 "E3", "H6"):
        assert text in html, text
    assert "确认导入" not in html
    _nothing_saved()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("plan.xls", b"\xd0\xcf\x11\xe0old excel", "只能导入 .xlsx"),
    ("plan.csv", "重点任务,督办事项\n".encode(), "只能导入 .xlsx"),
    ("plan.xlsx", b"not a zip at all", "不是有效的 .xlsx"),
    ("plan.xlsx", None, "没有数据行"),
    ("plan.xlsx", "big", "超过 1000 行"),
    ("plan.xlsx", "headers", "缺少表头"),
])
def test_a_file_that_cannot_be_imported_says_why(officer, name, content, message):
    if content is None:
        content = _xlsx([])
    elif content == "big":
        content = _xlsx([_row(title=f"事项{n}") for n in range(1001)])
    elif content == "headers":
        content = _xlsx([_row()], headers=["标题", "日期"])
    response = _upload(officer, content, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    _nothing_saved()


def test_a_good_50_row_plan_is_previewed_then_saved_on_confirmation(officer, people, units, capsys):
    today = timezone.localdate()
    rows = [
        _row(task=f"重点任务{n // 5 + 1}", title=f"督办事项{n + 1}", lead=["法规处", "人才开发和市场处", "人事处"][n % 3],
             assisting="法规处、人事处" if n % 4 == 0 else "", leader="李明华" if n % 2 else "",
             due=today + dt.timedelta(days=30 + n), milestones=f"完成方案:{today + dt.timedelta(days=10):%Y-%m-%d}",
             cycle=["每周", "每半月", "每月", "每季度", "办结时一次"][n % 5], importance="重点督办" if n % 7 == 0 else "")
        for n in range(50)
    ]
    started = time.monotonic()
    response = _upload(officer, _xlsx(rows))
    checked = time.monotonic() - started
    assert response.status_code == 200, re.findall(r'class="text-danger">([^<]+)', response.content.decode())[:5]
    html = response.content.decode()
    assert "全部 50 行检查通过" in html and "确认导入" in html
    _nothing_saved()  # not before the confirmation
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    assert client_for(people["zhouting"]).post("/supervision/plans/import/confirm/", {"token": token}).status_code == 302
    _nothing_saved()  # another officer cannot confirm someone else's upload
    started = time.monotonic()
    response = officer.post("/supervision/plans/import/confirm/", {"token": token})
    saved = time.monotonic() - started
    assert response.status_code == 302 and response["Location"] == f"/supervision/plans/{today.year}/"
    plan = WorkPlan.objects.get(year=today.year)
    assert plan.tasks.count() == 10
    items = SupervisedItem.objects.filter(key_task__plan=plan)
    assert items.count() == 50 and set(items.values_list("state", flat=True)) == {"draft"}
    first = items.get(title="督办事项2")
    assert first.responsible_leader.full_name == "李明华" and first.milestones.count() == 1
    assert sorted(items.values_list("serial", flat=True)) == list(range(1, 51))
    page = officer.get(f"/supervision/plans/{today.year}/").content.decode()
    assert page.count('data-task="') == 10 and "督办事项50" in page
    # The kept file is gone: confirming twice imports nothing more.
    officer.post("/supervision/plans/import/confirm/", {"token": token})
    assert SupervisedItem.objects.count() == 50
    with capsys.disabled():
        print(f"\n50-row plan: checked in {checked:.2f}s, saved in {saved:.2f}s")


def test_the_import_saves_all_or_nothing(people, units, monkeypatch):
    """A failure at the 50th row leaves no plan, no key task and no item behind (one transaction)."""
    from supervision.items import services as item_services

    today = timezone.localdate()
    parsed = sheet._parse_rows(iter([HEADERS] + [_row(task=f"任务{n // 10}", title=f"事项{n}", due=today + dt.timedelta(days=40))
                                                 for n in range(50)]), today)
    assert parsed.ok and len(parsed.rows) == 50
    real, calls = item_services.item_create, []

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 50:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(item_services, "item_create", failing)
    with pytest.raises(RuntimeError):
        services.plan_import(actor=people["sunhao"], year=today.year, rows=parsed.rows)
    assert len(calls) == 50
    _nothing_saved()


def test_only_the_office_imports(people):
    for username in ("zhoujianhua", "qianli", "liminghua"):
        client = client_for(people[username])
        assert client.get("/supervision/plans/import/").status_code == 404
        assert client.get("/supervision/plans/template.xlsx").status_code == 404
        assert _upload(client, _xlsx([_row()])).status_code == 404
    _nothing_saved()
