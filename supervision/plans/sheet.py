"""年度工作要点 as an Excel sheet: the template the page offers, and the row-by-row check of an upload.

Nothing here writes to the database: :func:`parse` returns the rows it understood and every
problem (row, column, message); :func:`supervision.plans.services.plan_import` saves the rows
only when there is no problem and the user has confirmed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from office.choices import Role, UnitKind
from office.models import OrgUnit, User
from supervision.choices import Importance, ReportCycle

MAX_ROWS = 1000
MAX_BYTES = 5 * 1024 * 1024
#: The uncompressed parts of the file together (a zip bomb is refused before openpyxl opens it).
MAX_UNPACKED = 60 * 1024 * 1024
EXAMPLE = "示例"
SHEET_TITLE = "工作要点"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    width: int = 16
    hint: str = ""


COLUMNS = (
    Column("number", "序号", width=6, hint="可留空；填“示例”的行不导入"),
    Column("task", "重点任务", True, 30, "同一重点任务的多行归为一项"),
    Column("title", "督办事项", True, 36),
    Column("requirement", "任务要求", True, 40),
    Column("lead", "牵头处室", True, 14, "处室全称或简称"),
    Column("assisting", "协办处室", False, 18, "多个处室用顿号分隔"),
    Column("leader", "责任领导", False, 10, "局领导姓名；留空为分管牵头处室的局领导"),
    Column("due_on", "办理时限", True, 12, "日期，如 2026-12-31"),
    Column("milestones", "节点", False, 30, "名称:日期；多个用分号分隔"),
    Column("cycle", "报送周期", False, 10, "每周/每半月/每月/每季度/办结时一次"),
    Column("importance", "重要程度", False, 10, "重点督办/一般督办"),
)
BY_HEADER = {c.header: c for c in COLUMNS}
CYCLES = {str(label): value for value, label in ReportCycle.choices}
IMPORTANCE = {"重点督办": Importance.KEY, "重点": Importance.KEY, "一般督办": Importance.NORMAL, "一般": Importance.NORMAL}
SEPARATORS = re.compile(r"[、,，;；/\s]+")
MILESTONE_SEPARATORS = re.compile(r"[;；\n]+")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


@dataclass(frozen=True)
class Problem:
    row: int  # the sheet's row number (1 = the header); 0: the file as a whole
    column: str  # the header, "" for the whole row or file
    message: str
    letter: str = ""  # the column's letter in the uploaded sheet

    @property
    def cell(self) -> str:
        return f"{self.letter}{self.row}" if self.letter and self.row else ""


@dataclass
class PlanRow:
    row: int
    task: str
    title: str
    requirement: str
    lead_unit: OrgUnit
    due_on: dt.date
    assisting_units: list[OrgUnit] = field(default_factory=list)
    responsible_leader: User | None = None
    milestones: list[tuple[str, dt.date]] = field(default_factory=list)
    report_cycle: str = ReportCycle.MONTHLY
    importance: str = Importance.NORMAL


@dataclass
class Parsed:
    rows: list[PlanRow]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def tasks(self) -> list[tuple[str, list[PlanRow]]]:
        grouped: dict[str, list[PlanRow]] = {}
        for row in self.rows:
            grouped.setdefault(row.task, []).append(row)
        return list(grouped.items())


class SheetRefused(Exception):
    """The file as a whole cannot be read (not .xlsx, too big, empty, too many rows)."""


# --- the template --------------------------------------------------------------------------


def template_bytes() -> bytes:
    """The import template: Chinese headers, one example row, lists of departments, cycles and leaders."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from office import org

    units = list(_units().values_list("name", flat=True))
    leaders = list(_leaders().values_list("full_name", flat=True))
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    lists = book.create_sheet("选项")
    for col, values in enumerate((units, list(CYCLES), ["重点督办", "一般督办"], leaders), 1):
        for row, value in enumerate(values, 1):
            lists.cell(row=row, column=col, value=value)
    lists.sheet_state = "hidden"
    head = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="9B2226")
    for index, column in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=1, column=index, value=column.header + ("*" if column.required else ""))
        cell.font, cell.fill, cell.alignment = head, fill, Alignment(horizontal="center", vertical="center")
        if column.hint:
            cell.comment = Comment(column.hint, "三办")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    first = units[0] if units else ""
    due = timezone.localdate().replace(month=12, day=31)
    if due <= timezone.localdate():
        due = due.replace(year=due.year + 1)
    lead = _units().first()
    leader = org.leader_in_charge(lead) if lead else None
    example = (EXAMPLE, "实施就业优先战略", "开展高校毕业生就业服务专项行动", "全年组织专场招聘会20场以上，按月报送进展。",
               first, "", leader.full_name if leader else "", due, f"完成方案制定:{timezone.localdate():%Y-%m-%d}",
               "每月", "重点督办")
    grey = Font(italic=True, color="777777")
    for index, value in enumerate(example, 1):
        cell = sheet.cell(row=2, column=index, value=value)
        cell.font = grey
        if isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
    last = MAX_ROWS + 1
    for key, col, count in (("lead", "A", len(units)), ("cycle", "B", len(CYCLES)), ("importance", "C", 2),
                            ("leader", "D", len(leaders))):
        if not count:
            continue
        letter = get_column_letter(next(i for i, c in enumerate(COLUMNS, 1) if c.key == key))
        rule = DataValidation(type="list", formula1=f"=选项!${col}$1:${col}${count}", allow_blank=True)
        rule.error, rule.errorTitle = "请从列表中选择。", "三办"
        sheet.add_data_validation(rule)
        rule.add(f"{letter}2:{letter}{last}")
    date_letter = get_column_letter(next(i for i, c in enumerate(COLUMNS, 1) if c.key == "due_on"))
    for row in range(3, 60):
        sheet[f"{date_letter}{row}"].number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- reading an upload -----------------------------------------------------------------------


def _units():
    return OrgUnit.objects.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.OFFICE], is_active=True).order_by("sort_order", "id")


def _leaders():
    return User.objects.filter(role=Role.LEADER, is_active=True).order_by("-is_principal", "id")


def check_file(name: str, content: bytes) -> None:
    """Refuse what is not a readable .xlsx of reasonable size (before openpyxl opens it)."""
    if not name.lower().endswith(".xlsx"):
        raise SheetRefused(_("只能导入 .xlsx 格式的 Excel 文件（不支持 .xls、.csv 或其他格式），请另存为 .xlsx 后再上传。"))
    if not content:
        raise SheetRefused(_("上传的文件是空的。"))
    if len(content) > MAX_BYTES:
        raise SheetRefused(_("文件不能超过 %(mb)s MB。") % {"mb": MAX_BYTES // (1024 * 1024)})
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                raise SheetRefused(_("文件解压后过大，无法导入。"))
            if "xl/workbook.xml" not in archive.namelist():
                raise zipfile.BadZipFile
    except zipfile.BadZipFile:
        raise SheetRefused(_("无法读取该文件：它不是有效的 .xlsx 文件。")) from None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


class _Reader:
    def __init__(self, today: dt.date):
        self.today = today
        units = list(_units())
        self.units = ({u.code: u for u in units if u.code} | {u.short_name: u for u in units if u.short_name}
                      | {u.name: u for u in units})
        self.leaders = {u.full_name: u for u in _leaders()}
        self.problems: list[Problem] = []
        self.letters: dict[str, str] = {}

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(row, column, message, self.letters.get(column, "")))

    def unit(self, row: int, column: str, name: str) -> OrgUnit | None:
        unit = self.units.get(name)
        if unit is None:
            self.problem(row, column, _("未知处室“%(name)s”，请填写处室全称或简称。") % {"name": name})
        return unit

    def date(self, row: int, column: str, value) -> dt.date | None:
        day = _date(value)
        if day is None:
            if isinstance(value, (int, float)):
                self.problem(row, column, _("“%(value)s”不是日期，请把单元格设为日期格式，如 2026-12-31。") % {"value": _text(value)})
            else:
                self.problem(row, column, _("“%(value)s”不是有效日期，请填写如 2026-12-31 的日期。") % {"value": _text(value)})
            return None
        if day < self.today:
            self.problem(row, column, _("日期 %(day)s 已过，请填写今天或以后的日期。") % {"day": day.isoformat()})
            return None
        return day

    def read(self, number: int, cells: dict[str, object]) -> PlanRow | None:
        before = len(self.problems)
        for key, value in cells.items():
            if isinstance(value, str) and value.startswith("="):
                what = _("日期") if key == "due_on" else _("内容")
                self.problem(number, _header(key), _("此处是公式“%(f)s”，请直接填写%(what)s。") % {"f": value[:40], "what": what})
        if len(self.problems) > before:
            return None
        text = {k: _text(v) for k, v in cells.items()}
        for column in COLUMNS:
            if column.required and not text.get(column.key):
                self.problem(number, column.header, _("%(column)s不能为空。") % {"column": column.header})
        for key, limit in (("task", 300), ("title", 300)):
            if len(text.get(key, "")) > limit:
                self.problem(number, _header(key), _("不能超过 %(n)s 个字。") % {"n": limit})
        lead = self.unit(number, "牵头处室", text["lead"]) if text.get("lead") else None
        assisting = []
        for name in filter(None, SEPARATORS.split(text.get("assisting", ""))):
            unit = self.unit(number, "协办处室", name)
            if unit is not None and unit != lead and unit not in assisting:
                assisting.append(unit)
        leader = None
        if text.get("leader"):
            leader = self.leaders.get(text["leader"])
            if leader is None:
                self.problem(number, "责任领导", _("“%(name)s”不是在任的局领导。") % {"name": text["leader"]})
        due_on = self.date(number, "办理时限", cells.get("due_on")) if text.get("due_on") else None
        milestones = self.milestones(number, text.get("milestones", ""), due_on)
        cycle = CYCLES.get(text.get("cycle") or str(ReportCycle.MONTHLY.label))
        if cycle is None:
            self.problem(number, "报送周期", _("报送周期“%(value)s”不对，应为：%(allowed)s。") % {
                "value": text["cycle"], "allowed": "、".join(CYCLES)})
        importance = IMPORTANCE.get(text.get("importance") or "一般督办")
        if importance is None:
            self.problem(number, "重要程度", _("重要程度应为“重点督办”或“一般督办”。"))
        if len(self.problems) > before:
            return None
        return PlanRow(row=number, task=text["task"], title=text["title"], requirement=text["requirement"],
                       lead_unit=lead, due_on=due_on, assisting_units=assisting, responsible_leader=leader,
                       milestones=milestones, report_cycle=cycle, importance=importance)

    def milestones(self, number: int, text: str, due_on: dt.date | None) -> list[tuple[str, dt.date]]:
        found = []
        for part in filter(None, (p.strip() for p in MILESTONE_SEPARATORS.split(text))):
            match = re.match(r"^(.+?)[:：\s]+(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)$", part)
            day = _date(match.group(2)) if match else None
            if day is None:
                self.problem(number, "节点", _("节点“%(part)s”应写成“名称:日期”，如“完成方案:2026-12-01”。") % {"part": part})
                continue
            if day < self.today or (due_on and day > due_on):
                self.problem(number, "节点", _("节点“%(name)s”的日期须在今天和办理时限之间。") % {"name": match.group(1)})
                continue
            found.append((match.group(1).strip(), day))
        if len(found) > 10:
            self.problem(number, "节点", _("节点不能超过 10 个。"))
        return found


def rows_declared(content: bytes) -> int | None:
    """How many rows the sheet says it has (its ``dimension``, read without reading the rows), or
    None when it does not say. The page checks a small sheet at once and hands a large one — or one
    that does not say — to the background job. Call :func:`check_file` first."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - a broken file: the check will say so
        return 0
    try:
        sheet = book[SHEET_TITLE] if SHEET_TITLE in book.sheetnames else book.worksheets[0]
        return sheet.max_row
    except Exception:  # noqa: BLE001
        return None
    finally:
        book.close()


def _header(key: str) -> str:
    return next(c.header for c in COLUMNS if c.key == key)


def parse(name: str, content: bytes, *, today: dt.date | None = None) -> Parsed:
    """Every row of the upload checked; raises :class:`SheetRefused` for the file as a whole."""
    from openpyxl import load_workbook

    check_file(name, content)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
        raise SheetRefused(_("无法读取该文件：它不是有效的 .xlsx 文件。")) from None
    try:
        sheet = book[SHEET_TITLE] if SHEET_TITLE in book.sheetnames else book.worksheets[0]
        return _parse_rows(sheet.iter_rows(values_only=True), today or timezone.localdate())
    finally:
        book.close()


def _parse_rows(rows, today: dt.date) -> Parsed:
    reader = _Reader(today)
    header = next(rows, None)
    if header is None:
        raise SheetRefused(_("表格是空的：请使用页面提供的模板填写。"))
    positions: dict[str, int] = {}
    for index, value in enumerate(header):
        column = BY_HEADER.get(_text(value).rstrip("*").strip())
        if column is not None:
            positions.setdefault(column.key, index)
    from openpyxl.utils import get_column_letter

    reader.letters = {_header(key): get_column_letter(i + 1) for key, i in positions.items()}
    missing = [c.header for c in COLUMNS if c.required and c.key not in positions]
    if missing:
        raise SheetRefused(_("第 1 行缺少表头：%(names)s。请使用页面提供的模板。") % {"names": "、".join(missing)})
    parsed: list[PlanRow] = []
    seen: dict[tuple[str, str], int] = {}
    count = 0
    for number, values in enumerate(rows, 2):
        cells = {key: values[i] if i < len(values) else None for key, i in positions.items()}
        if all(_text(v) == "" for v in cells.values()):
            continue
        if _text(cells.get("number")) == EXAMPLE:
            continue
        count += 1
        if count > MAX_ROWS:
            raise SheetRefused(_("表格超过 %(n)s 行数据，请分批导入（每次不超过 %(n)s 行）。") % {"n": MAX_ROWS})
        row = reader.read(number, cells)
        if row is None:
            continue
        key = (row.task, row.title)
        if key in seen:
            reader.problem(number, "督办事项", _("与第 %(row)s 行重复。") % {"row": seen[key]})
            continue
        seen[key] = number
        parsed.append(row)
    if count == 0:
        raise SheetRefused(_("表格中没有数据行：请在表头下逐行填写督办事项。"))
    return Parsed(parsed, reader.problems)
