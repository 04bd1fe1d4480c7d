"""督办台账: the items list as it is filtered, exported through office.exports."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_noop as N_

from office import exports
from office.exports import Column
from supervision.choices import Light, Timeliness
from supervision.items import selectors
from supervision.items.filters import ItemFilterSet
from supervision.lights import Horizon
from supervision.models import ItemPart
from supervision.ontime import timeliness


def _rows(user, params):
    horizon = Horizon.now()
    filters = ItemFilterSet(params or None, user=user, horizon=horizon)
    rows = selectors.item_list(user=user, filters=filters, horizon=horizon)
    return rows.prefetch_related(Prefetch("parts", queryset=ItemPart.objects.select_related("unit").order_by("id")))


def _lit(chunk: list) -> list:
    horizon = Horizon.now()
    for item in chunk:
        item.light = horizon.light(item)
        item.done = timeliness(item) if item.state in ("closed", "evaluated") else None
    return chunk


def _person(user) -> str:
    return user.full_name if user is not None else ""


exports.register(exports.Sheet(
    key="supervision.items", title=N_("督办台账"), rows=_rows, objects=_lit, columns=(
        Column(N_("督办编号"), lambda i: i.serial_display, 16),
        Column(N_("督办事项"), lambda i: i.title, 40),
        Column(N_("任务要求"), lambda i: i.requirement, 40),
        Column(N_("来源"), lambda i: i.get_source_kind_display(), 12),
        Column(N_("来源说明"), lambda i: i.source_label, 30),
        Column(N_("牵头处室"), lambda i: i.lead_unit.name, 14),
        Column(N_("协办处室"), lambda i: "、".join(p.unit.name for p in i.parts.all()), 20),
        Column(N_("责任领导"), lambda i: _person(i.responsible_leader), 10),
        Column(N_("承办人"), lambda i: _person(i.handler), 10),
        Column(N_("办理时限"), lambda i: i.due_on, 12),
        Column(N_("原定时限"), lambda i: i.original_due_on, 12),
        Column(N_("延期次数"), lambda i: i.extensions, 8),
        Column(N_("状态"), lambda i: i.get_state_display(), 10),
        Column(N_("亮灯"), lambda i: str(Light(i.light).label) if i.light else "", 8),
        Column(N_("完成进度"), lambda i: f"{i.progress}%", 8),
        Column(N_("未按时反馈次数"), lambda i: i.missed_reports, 10),
        Column(N_("办结日期"), lambda i: i.completed_on, 12),
        Column(N_("办结情况"), lambda i: str(Timeliness(i.done).label) if i.done else "", 12),
        Column(N_("密级"), lambda i: i.get_secret_level_display(), 8),
    ),
))
