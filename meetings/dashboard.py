"""办会's entry in the navigation and its panel on the workbench: my meetings this week."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from office.choices import BUSINESS_ROLES
from office.dashboard import NavItem, Panel, register, register_nav


def _my_week(user) -> dict:
    """Nothing read here: the panel loads its rows itself (``meetings:my_week_panel``), so the
    workbench keeps its query budget."""
    return {}


register_nav(
    NavItem(
        key="meetings",
        title=pgettext_lazy("nav", "会议"),
        url_name="meetings:meeting_list",
        icon="fa-solid fa-people-group",
        roles=frozenset(BUSINESS_ROLES),
        order=25,
    )
)
register(
    Panel(
        key="meetings.my_week",
        title=_("本周会议"),
        template="meetings/panels/_my_week.html",
        context=_my_week,
        roles=frozenset(BUSINESS_ROLES),
        order=11,
    )
)


# --- 看板 (issue 17): this week's meetings (leaders, heads) and the rooms today (the office) ---------


def _week_section(board) -> dict:
    """Nothing read here: the list loads itself (``meetings:my_week_panel``), as on the workbench."""
    return {}


def _rooms_today(board) -> dict:
    """Today's room bookings, through the policy (one query)."""
    import datetime as dt

    from django.utils import timezone

    from meetings.choices import HOLDING_STATES
    from meetings.models import Booking
    from office.permissions import restrict

    today = board.moment.today
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    end = start + dt.timedelta(days=1)
    rows = list(
        restrict(Booking.objects.filter(state__in=HOLDING_STATES, starts_at__lt=end, ends_at__gt=start), board.user)
        .select_related("room", "unit").order_by("starts_at", "room_id")[:20]
    )
    return {"rows": rows, "now": board.moment.now}


def _register_board() -> None:
    from office.dashboard import DEPARTMENT_BOARD, LEADER_BOARD, OFFICE_BOARD, Section, register_section

    register_section(Section(
        key="meetings.week", title=_("本周会议与日程"), template="meetings/board/_week.html", context=_week_section,
        boards=frozenset({LEADER_BOARD, DEPARTMENT_BOARD}), order=50,
    ))
    register_section(Section(
        key="meetings.rooms", title=_("今日会议室"), template="meetings/board/_rooms.html", context=_rooms_today,
        boards=frozenset({OFFICE_BOARD}), order=50,
    ))


_register_board()
