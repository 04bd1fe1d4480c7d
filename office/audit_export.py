"""The auditor's export of the audit log: .xlsx (openpyxl) or CSV (UTF-8 with a BOM for Excel).

Every cell is text as the auditor reads it on the page: Beijing time, the Chinese action
name beside its code, the object type's name. A cell that a spreadsheet would take for a
formula (a failed login's username is whatever an attacker typed) is written as text.
"""

from __future__ import annotations

import csv
import io
import json

from django.apps import apps
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from office.audit import action_label
from office.textinput import cell_text

FORMATS = ("xlsx", "csv")
#: An export holds at most this many rows, newest first; narrow the filters for older ones.
MAX_ROWS = 100_000
REFUSALS = frozenset({"denied", "login_failed", "login_locked", "account.locked"})
#: Characters XML 1.0 (and so .xlsx) cannot hold.


def outcome(action: str) -> str:
    return _("拒绝") if action in REFUSALS else _("成功")


def object_type_choices() -> list[tuple[str, str]]:
    """Object types the log can name: every model of the project's apps and the accounts, by name."""
    ours = ("office", "documents", "meetings", "tasks", "supervision", "guardian")
    return sorted(
        ((model._meta.label, str(model._meta.verbose_name)) for model in apps.get_models()
         if model._meta.app_label in ours and not model.__name__.startswith("Historical")),
        key=lambda pair: pair[1],
    )


def beijing_time(value) -> str:
    """A time as the office reads it: Beijing time (the default zone), to the second."""
    if value is None:
        return ""
    return timezone.localtime(value, timezone.get_default_timezone()).strftime("%Y-%m-%d %H:%M:%S")


def object_type_label(label: str) -> str:
    if not label:
        return ""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def header() -> list[str]:
    return [_("时间（北京时间）"), _("账号"), _("操作人"), _("事件"), _("事件代码"), _("结果"),
            _("对象类型"), _("对象编号"), _("IP 地址"), _("详情")]


def rows_of(events):
    for event in events:
        yield [cell_text(value) for value in (
            beijing_time(event.at),
            event.username,
            event.actor.full_name if event.actor_id else "",
            action_label(event.action),
            event.action,
            outcome(event.action),
            object_type_label(event.object_type),
            event.object_id,
            event.ip or "",
            json.dumps(event.detail, ensure_ascii=False, sort_keys=True) if event.detail else "",
        )]


def export(events, fmt: str) -> tuple[HttpResponse, int]:
    """The response carrying the file, and how many events it holds."""
    events = events[:MAX_ROWS]
    stamp = timezone.localtime(timezone.now(), timezone.get_default_timezone()).strftime("%Y%m%d-%H%M%S")
    filename = f"audit-log-{stamp}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header())
        count = 0
        for row in rows_of(events.iterator(chunk_size=2000)):
            writer.writerow(row)
            count += 1
        data = ("\ufeff" + buffer.getvalue()).encode("utf-8")
        content_type = "text/csv; charset=utf-8"
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("审计日志"))
        sheet.append(header())
        count = 0
        for row in rows_of(events.iterator(chunk_size=2000)):
            sheet.append(row)
            count += 1
        out = io.BytesIO()
        book.save(out)
        data = out.getvalue()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response, count
