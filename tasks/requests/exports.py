""".xlsx exports: a list of requests as it shows (its filters, through the policy), and the 用印登记簿."""

from __future__ import annotations

import io
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from office.classification import export_filename, highest_level_in, marking
from office.counts import LIST_CAP
from tasks.choices import Kind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COMMON = (
    (N_("编号"), 16),
    (N_("事由"), 36),
    (N_("申请部门"), 16),
    (N_("申请人"), 10),
    (N_("金额（元）"), 12),
    (N_("状态"), 10),
    (N_("申请时间"), 16),
)
EXTRA = {
    Kind.RECEPTION: (
        (N_("来访单位"), 24),
        (N_("来访人数"), 8),
        (N_("陪餐人数"), 8),
        (N_("接待日期"), 22),
        (N_("实际费用（元）"), 12),
    ),
    Kind.EXPENSE: ((N_("预算科目"), 20), (N_("收款单位（人）"), 24), (N_("实付金额（元）"), 12)),
    Kind.SEAL: ((N_("印章"), 14), (N_("用印文件或事项"), 30), (N_("份数"), 6), (N_("用印时间"), 16)),
    Kind.LOAN: ((N_("档号"), 22), (N_("借阅形式"), 8), (N_("归还日期"), 12), (N_("归还时间"), 16)),
    Kind.VEHICLE: (
        (N_("目的地"), 24),
        (N_("用车时间"), 34),
        (N_("乘车人数"), 8),
        (N_("车辆"), 12),
        (N_("驾驶员"), 10),
        (N_("行驶里程"), 10),
    ),
}


def _at(value) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def _extra(obj) -> list:
    if obj.kind == Kind.RECEPTION:
        r = obj.reception
        return [
            r.visitor_organ,
            r.visitors,
            r.companions,
            f"{r.starts_on:%Y-%m-%d}—{r.ends_on:%Y-%m-%d}",
            r.actual_cost,
        ]
    if obj.kind == Kind.EXPENSE:
        e = obj.expense
        return [str(e.budget_line), e.payee, e.paid_amount]
    if obj.kind == Kind.SEAL:
        s = obj.seal_use
        return [s.seal.name, s.matter, s.copies, _at(s.stamped_at)]
    if obj.kind == Kind.VEHICLE:
        t = obj.trip
        return [
            t.destination,
            f"{_at(t.starts_at)}—{_at(t.ends_at)}",
            t.passengers,
            t.vehicle.plate if t.vehicle else "",
            t.driver.name if t.driver else "",
            t.distance,
        ]
    loan = obj.loan
    return [loan.archive_code, loan.get_form_display(), loan.due_on, _at(loan.back_at)]


def _sheet(title: str, columns, level: int):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append([marking(level), _("导出时间：%(at)s") % {"at": _at(timezone.now())}])
    sheet.append([_(name) for name, _width in columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for index, (_name, width) in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C3"
    return book, sheet


def _bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def request_sheet(rows, *, kind: str) -> tuple[bytes, str, int]:
    """(the .xlsx, its name, how many rows) of a list's queryset: the rows it shows, at most LIST_CAP."""
    level = highest_level_in(rows)
    label = str(Kind(kind).label)
    book, sheet = _sheet(label, COMMON + EXTRA[kind], level)
    count = 0
    for obj in rows[:LIST_CAP]:
        sheet.append(
            [
                obj.number,
                obj.title,
                obj.unit.name,
                obj.requester.full_name,
                obj.amount,
                obj.get_state_display(),
                _at(obj.created_at),
                *_extra(obj),
            ]
        )
        count += 1
    stamp = timezone.localtime()
    name = export_filename(_("%(kind)s申请-%(at)s.xlsx") % {"kind": label, "at": f"{stamp:%Y%m%d-%H%M}"}, level)
    return _bytes(book), name, count


LEDGER = (
    (N_("序号"), 6),
    (N_("用印日期"), 16),
    (N_("印章"), 14),
    (N_("用印文件或事项"), 34),
    (N_("文号"), 18),
    (N_("份数"), 6),
    (N_("申请部门"), 16),
    (N_("申请人"), 10),
    (N_("批准人"), 10),
    (N_("监印人"), 10),
    (N_("编号"), 16),
)


def ledger_sheet(rows) -> tuple[bytes, str, int]:
    """用印登记簿 as .xlsx: every use with date, matter, copies, approver and the person who stamped."""
    book, sheet = _sheet(_("用印登记簿"), LEDGER, 0)
    count = 0
    for n, use in enumerate(rows[: LIST_CAP * 10], start=1):
        sheet.append(
            [
                n,
                _at(use.stamped_at),
                use.seal.name,
                use.matter,
                use.document_ref,
                use.copies,
                use.request.unit.name,
                use.request.requester.full_name,
                use.approver.full_name if use.approver else "",
                use.stamped_by.full_name if use.stamped_by else "",
                use.request.number,
            ]
        )
        count = n
    stamp = timezone.localtime()
    return _bytes(book), _("用印登记簿-%(at)s.xlsx") % {"at": f"{stamp:%Y%m%d-%H%M}"}, count


def attachment(data: bytes, name: str, content_type: str = XLSX) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "no-store"
    return response
