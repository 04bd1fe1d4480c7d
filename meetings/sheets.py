"""会议 list export through office.exports: the tab and kind the list shows, through the policy."""

from __future__ import annotations

from django.utils.translation import gettext_noop as N_

from meetings.convening import selectors
from office import exports
from office.exports import Column

VIEWS = ("upcoming", "mine", "past", "all")


def _rows(user, params):
    view = params.get("view") if params.get("view") in VIEWS else "upcoming"
    kind = next((k for k in selectors.kinds(user=user) if str(k.pk) == params.get("kind")), None)
    return selectors.listing(user=user, view=view, kind=kind)


def _place(meeting) -> str:
    return meeting.room.name if meeting.room_id else meeting.place


exports.register(exports.Sheet(
    key="meetings.meetings", title=N_("会议"), rows=_rows, columns=(
        Column(N_("会议"), lambda m: m.number_display, 28),
        Column(N_("会议名称"), lambda m: m.title, 36),
        Column(N_("开始时间"), lambda m: m.starts_at, 16),
        Column(N_("结束时间"), lambda m: m.ends_at, 16),
        Column(N_("地点"), _place, 16),
        Column(N_("主持人"), lambda m: m.chair.full_name, 10),
        Column(N_("密级"), lambda m: m.get_secret_level_display(), 8),
        Column(N_("状态"), lambda m: m.get_state_display(), 10),
    ),
))
