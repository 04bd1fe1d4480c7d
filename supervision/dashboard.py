"""督查督办's entries in the navigation and its panel on the workbench."""

from django.utils.translation import gettext_lazy as _

from office.choices import BUSINESS_ROLES
from office.dashboard import NavItem, Panel, register, register_nav


def _lights(user) -> dict:
    from supervision.items import selectors

    return {"counts": selectors.counts(user=user)}


register_nav(NavItem(
    key="supervision", title=_("督办"), url_name="supervision:item_list", icon="fa-solid fa-flag-checkered",
    roles=frozenset(BUSINESS_ROLES), order=30,
))
register(Panel(
    key="supervision.lights", title=_("督查督办"), template="supervision/panels/_lights.html", context=_lights,
    roles=frozenset(BUSINESS_ROLES), order=12,
))


# --- 看板 (issue 17): counters kept by office.figures, and the dashboards' sections ------------------

LIGHTS = ("red", "yellow", "green")
#: Rows the live lists of a section show.
LIVE_ROWS = 8


def _ontime(moment) -> list:
    """按期办结率 (supervision.ontime): items due in each period, and those finished on time, by 牵头处室."""
    from django.db.models import Count

    from supervision.models import SupervisedItem
    from supervision.ontime import due_in_period_q, on_time_q

    rows = []
    for period, (start, end) in moment.periods().items():
        per_unit = (
            SupervisedItem.objects.filter(due_in_period_q(start, end)).order_by().values("lead_unit_id")
            .annotate(due=Count("pk"), on_time=Count("pk", filter=on_time_q()))
        )
        total = {"due": 0, "on_time": 0}
        for row in per_unit:
            for dim in total:
                total[dim] += row[dim]
                rows.append(("supervision.ontime", row["lead_unit_id"], period, dim, float(row[dim])))
        rows += [("supervision.ontime", None, period, dim, float(n)) for dim, n in total.items()]
    return rows


def _open_items(moment) -> list:
    """Open items by light (all, and 重点督办 also by state), and overdue ones, by 牵头处室."""
    from office import figures
    from supervision.choices import OPEN_STATES, Importance
    from supervision.lights import Horizon
    from supervision.models import SupervisedItem
    from supervision.ontime import overdue_open_q

    horizon = Horizon.now(today=moment.today, cal=moment.cal)
    counts: dict = {}

    def add(key, unit_id, dim):
        for unit in {None, unit_id}:
            counts[(key, unit, dim)] = counts.get((key, unit, dim), 0) + 1

    items = SupervisedItem.objects.filter(state__in=OPEN_STATES).only(
        "state", "importance", "lead_unit_id", "due_on", "completed_on", "next_report_on"
    )
    for item in items.iterator(chunk_size=5000):
        light = horizon.light(item)
        add("supervision.lights", item.lead_unit_id, light)
        if item.importance == Importance.KEY:
            add("supervision.key", item.lead_unit_id, f"light:{light}")
            add("supervision.key", item.lead_unit_id, f"state:{item.state}")
    rows = [(key, unit, "", dim, float(n)) for (key, unit, dim), n in counts.items()]
    overdue = SupervisedItem.objects.filter(overdue_open_q(moment.today)).values_list("lead_unit_id", "pk")
    rows += figures.by_unit(overdue.iterator(), "supervision.overdue")
    return rows


def _item_list(**params) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    return reverse("supervision:item_list") + "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _ontime_section(board) -> dict:
    from office.charts import chart

    f, cols = board.figures, board.columns
    labels = {0: _("本月"), 1: _("上月"), 2: _("本年")}
    series = []
    for index, (period, (start, end)) in enumerate(board.moment.periods().items()):
        data, links = [], []
        for c in cols:
            due = f.count("supervision.ontime", c.unit_id, period, "due")
            on_time = f.count("supervision.ontime", c.unit_id, period, "on_time")
            data.append(round(100 * on_time / due, 1) if due else None)
            links.append(_item_list(lead_unit=c.unit_id, due_from=start.isoformat(), due_to=end.isoformat(),
                                    timeliness="counted"))
        series.append({"label": labels[index], "data": data, "links": links})
    return {"chart": chart("ontime", _("督办事项按期办结率（%）"), [c.label for c in cols], series, suffix="%",
                           caption=_("按期办结数 ÷ 办理时限在期内的事项数"))}


def _key_section(board) -> dict:
    from supervision.choices import OPEN_STATES, ItemState, Light

    f, cols = board.figures, board.totals
    lights = [(Light(light).label, [(f.count("supervision.key", c.unit_id, "", f"light:{light}"),
                                     _item_list(importance="key", light=light, lead_unit=c.unit_id)) for c in cols])
              for light in LIGHTS]
    states = [(ItemState(state).label, [(f.count("supervision.key", c.unit_id, "", f"state:{state}"),
                                         _item_list(importance="key", state=state, lead_unit=c.unit_id)) for c in cols])
              for state in OPEN_STATES]
    return {"columns": cols, "lights": lights, "states": states}


def _overdue_section(board) -> dict:
    from office.charts import chart
    from supervision.items import selectors
    from supervision.ontime import overdue_open_q

    f, cols = board.figures, board.columns
    today = board.moment.today
    rows = list(
        selectors.items_visible(board.user).filter(overdue_open_q(today)).select_related("lead_unit")
        .only("title", "due_on", "lead_unit__name", "lead_unit__short_name").order_by("due_on", "id")[:LIVE_ROWS]
    )
    return {
        "chart": chart("sv-overdue", _("逾期未办结督办事项（项）"), [c.label for c in cols],
                       [{"label": _("逾期"), "data": [f.count("supervision.overdue", c.unit_id) for c in cols],
                         "links": [_item_list(overdue="true", lead_unit=c.unit_id) for c in cols]}]),
        "rows": [(item, (today - item.due_on).days) for item in rows],
    }


def _mine_section(board) -> dict:
    from supervision.choices import OPEN_STATES
    from supervision.items import selectors

    rows = list(
        selectors.items_visible(board.user).filter(responsible_leader=board.user, state__in=OPEN_STATES)
        .select_related("lead_unit").only("title", "due_on", "state", "lead_unit__name", "lead_unit__short_name")
        .order_by("due_on", "id")[:LIVE_ROWS]
    )
    return {"rows": rows, "more": _item_list(responsible_leader=board.user.pk)}


def _department_section(board) -> dict:
    import datetime as dt

    from supervision.choices import OPEN_STATES
    from supervision.items import selectors

    f = board.figures
    today = board.moment.today
    week_end = today + dt.timedelta(days=6 - today.weekday())
    reports = list(
        selectors.items_visible(board.user)
        .filter(lead_unit_id=board.user.unit_id, state__in=OPEN_STATES, next_report_on__lte=week_end)
        .only("title", "next_report_on", "due_on").order_by("next_report_on", "id")[:LIVE_ROWS]
    )
    lights = [(c.label, [(f.count("supervision.lights", c.unit_id, "", light),
                          _item_list(light=light, lead_unit=c.unit_id)) for light in LIGHTS]) for c in board.columns]
    return {"lights": lights, "reports": reports, "week_end": week_end, "today": today}


def _register_board() -> None:
    from office.dashboard import DEPARTMENT_BOARD, LEADER_BOARD, OFFICE_BOARD, Section, register_section
    from office.figures import register_counter

    register_counter("supervision.ontime", _ontime)
    register_counter("supervision.open", _open_items)
    register_section(Section(
        key="supervision.ontime", title=_("按期办结率"), template="office/board/_section_chart.html",
        context=_ontime_section, boards=frozenset({LEADER_BOARD, OFFICE_BOARD, DEPARTMENT_BOARD}), order=30,
    ))
    register_section(Section(
        key="supervision.key", title=_("重点督办事项"), template="supervision/board/_key.html", context=_key_section,
        boards=frozenset({LEADER_BOARD}), order=20,
    ))
    register_section(Section(
        key="supervision.overdue", title=_("逾期督办事项"), template="supervision/board/_overdue.html",
        context=_overdue_section, boards=frozenset({LEADER_BOARD, OFFICE_BOARD}), order=24,
    ))
    register_section(Section(
        key="supervision.mine", title=_("我负责的督办事项"), template="supervision/board/_mine.html",
        context=_mine_section, boards=frozenset({LEADER_BOARD}), order=26,
    ))
    register_section(Section(
        key="supervision.department", title=_("本处室督办事项"), template="supervision/board/_department.html",
        context=_department_section, boards=frozenset({DEPARTMENT_BOARD}), order=20,
    ))


_register_board()
