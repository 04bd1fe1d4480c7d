"""台账: the items list as .xlsx — the same rows the list shows (its filters, through the policy)."""

from __future__ import annotations

import io

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from office.classification import export_filename, highest_level_in, marking
from supervision.lights import Horizon
from supervision.models import ItemPart
from supervision.ontime import timeliness

#: At most this many rows in one file; narrow the filters for more.
MAX_ROWS = 5000
COLUMNS = (
    (N_("督办编号"), 16), (N_("督办事项"), 40), (N_("任务要求"), 40), (N_("来源"), 12), (N_("来源说明"), 30), (N_("牵头处室"), 14),
    (N_("协办处室"), 20), (N_("责任领导"), 10), (N_("承办人"), 10), (N_("办理时限"), 12), (N_("原定时限"), 12), (N_("延期次数"), 8),
    (N_("状态"), 10), (N_("亮灯"), 8), (N_("完成进度"), 8), (N_("未按时反馈次数"), 10), (N_("办结日期"), 12), (N_("办结情况"), 12), (N_("密级"), 8),
)


def ledger(rows, *, horizon: Horizon | None = None) -> tuple[bytes, str, int]:
    """(the .xlsx, its file name, how many items) for the list's queryset ``rows``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from supervision.choices import Light, Timeliness

    horizon = horizon or Horizon.now()
    level = highest_level_in(rows)
    rows = rows.prefetch_related(Prefetch("parts", queryset=ItemPart.objects.select_related("unit").order_by("id")))
    book = Workbook()
    sheet = book.active
    sheet.title = _("督办台账")
    stamp = timezone.localtime()
    sheet.append([marking(level), _("导出时间：%(at)s") % {"at": f"{stamp:%Y-%m-%d %H:%M}"}])
    sheet.append([_(name) for name, _width in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for index, (_name, width) in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    count = 0
    for item in rows[:MAX_ROWS]:
        light = horizon.light(item)
        done = timeliness(item) if item.state in ("closed", "evaluated") else None
        sheet.append([
            item.serial_display, item.title, item.requirement, item.get_source_kind_display(), item.source_label,
            item.lead_unit.name, "、".join(p.unit.name for p in item.parts.all()),
            item.responsible_leader.full_name if item.responsible_leader else "",
            item.handler.full_name if item.handler else "", item.due_on, item.original_due_on, item.extensions,
            item.get_state_display(), str(Light(light).label) if light else "", item.progress / 100,
            item.missed_reports, item.completed_on, str(Timeliness(done).label) if done else "",
            item.get_secret_level_display(),
        ])
        count += 1
    for row in sheet.iter_rows(min_row=3):
        for index in (10, 11, 17):
            row[index - 1].number_format = "yyyy-mm-dd"
        row[14].number_format = "0%"
    sheet.freeze_panes = "C3"
    out = io.BytesIO()
    book.save(out)
    name = export_filename(_("督办台账-%(at)s.xlsx") % {"at": f"{stamp:%Y%m%d-%H%M}"}, level)
    return out.getvalue(), name, count
