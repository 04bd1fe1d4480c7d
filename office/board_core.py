"""The core's counters and sections of the dashboards (看板): to-dos, waiting steps, 催办, time limits.

Registered by :mod:`office.dashboard` like the apps' own; they read only the core's tables.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Min
from django.utils.translation import gettext as _

#: People the office's board names as waiting longest.
TOP_PEOPLE = 10
#: Stages it lists (those waiting longest, then the fullest).
TOP_STAGES = 12
LIVE_ROWS = 8
#: A leader's open to-dos counted on his board (beyond: the board says it counted only these).
WAITS_CAP = 200


def waiting(moment) -> list:
    """Open to-dos by stage (待批示, 待登记 …) and the people they wait on longest: count and the
    working days the oldest has waited (the organ's figures: unit None)."""
    from office.choices import TodoKind, TodoState
    from office.models import Todo

    open_todos = Todo.objects.filter(state=TodoState.OPEN, kind=TodoKind.ACTION).order_by()
    rows = []

    def days(since):
        return float(moment.cal.workdays_between(moment.local_day(since), moment.today))

    for stage, n, oldest in open_todos.values("stage").annotate(n=Count("pk"), oldest=Min("created_at")).values_list(
        "stage", "n", "oldest"
    ):
        rows += [("office.waiting_stage", None, "", f"{stage}|n", float(n)),
                 ("office.waiting_stage", None, "", f"{stage}|days", days(oldest))]
    people = (
        open_todos.values("user_id").annotate(n=Count("pk"), oldest=Min("created_at"))
        .order_by("oldest", "user_id").values_list("user_id", "n", "oldest")[:TOP_PEOPLE]
    )
    for rank, (user_id, n, oldest) in enumerate(people):
        rows += [("office.waiting_person", None, "", f"{rank:02d}|{user_id}|n", float(n)),
                 ("office.waiting_person", None, "", f"{rank:02d}|{user_id}|days", days(oldest))]
    return rows


def urges(moment) -> list:
    """催办 sent this month, by the responsible department: by the office (manual) and by the sweep."""
    from office import figures
    from office.models import ReminderLog, Urge

    start, end = moment.this_month
    period = figures.month_key(start)
    manual = Urge.objects.filter(created_at__date__gte=start, created_at__date__lte=end)
    auto = ReminderLog.objects.filter(sent_at__date__gte=start, sent_at__date__lte=end).exclude(stage__startswith="urge-")
    return [
        *figures.by_unit(manual.values_list("deadline__responsible_unit_id", "pk").iterator(), "urges", period, "manual"),
        *figures.by_unit(auto.values_list("deadline__responsible_unit_id", "pk").iterator(), "urges", period, "auto"),
    ]


def waits_section(board) -> dict:
    """What waits for me: my open to-dos by stage (批示, 签发, 议题, 延期, 支出 …) and the most
    pressing ones, each a link to act. One bounded query: a leader's open to-dos, up to ``WAITS_CAP``."""
    from office.choices import TodoKind, TodoState
    from office.models import Todo
    from office.stages import stage_label

    rows = list(
        Todo.objects.filter(user=board.user, state=TodoState.OPEN, kind=TodoKind.ACTION)
        .order_by("-is_urgent", "due_at", "-created_at").only("title", "stage", "url", "due_at", "is_urgent")
        [: WAITS_CAP + 1]
    )
    capped = len(rows) > WAITS_CAP
    stages: dict[str, int] = {}
    for todo in rows[:WAITS_CAP]:
        todo.stage_text = stage_label(todo.stage) if todo.stage else _("其他")
        stages[todo.stage_text] = stages.get(todo.stage_text, 0) + 1
    return {
        "stages": sorted(stages.items(), key=lambda kv: (-kv[1], kv[0])), "rows": rows[:LIVE_ROWS],
        "capped": capped, "cap": WAITS_CAP, "now": board.moment.now,
    }


def bottlenecks_section(board) -> dict:
    """Where work waits longest: by stage, and the people with the oldest open to-dos."""
    from office.models import User
    from office.permissions import restrict
    from office.stages import stage_label

    f = board.figures
    stages: dict[str, dict] = {}
    for dim, value in f.dims("office.waiting_stage").items():
        stage, what = dim.rsplit("|", 1)
        stages.setdefault(stage, {})[what] = int(value)
    by_stage = sorted(((stage_label(s) if s else _("其他"), v.get("n", 0), v.get("days", 0))
                       for s, v in stages.items()), key=lambda r: (-r[2], -r[1], r[0]))[:TOP_STAGES]
    people: dict[tuple, dict] = {}
    for dim, value in f.dims("office.waiting_person").items():
        rank, user_id, what = dim.split("|")
        people.setdefault((rank, int(user_id)), {})[what] = int(value)
    names = dict(restrict(User.objects.all(), board.user).filter(pk__in=[u for _, u in people]).values_list(
        "pk", "full_name"))
    by_person = [(names.get(user_id, "—"), v.get("n", 0), v.get("days", 0))
                 for (rank, user_id), v in sorted(people.items())]
    return {"by_stage": by_stage, "by_person": by_person}


def urges_section(board) -> dict:
    from office import figures
    from office.charts import chart

    f, cols = board.figures, board.columns
    month = figures.month_key(board.moment.this_month[0])
    return {"chart": chart(
        "urges", _("本月催办（次）"), [c.label for c in cols],
        [{"label": _("人工催办"), "data": [f.count("urges", c.unit_id, month, "manual") for c in cols]},
         {"label": _("自动提醒"), "data": [f.count("urges", c.unit_id, month, "auto") for c in cols]}],
        caption=month,
    )}


def deadlines_section(board) -> dict:
    """The department's open time limits due by the end of this week (and those overdue)."""
    from django.utils import timezone

    from office.selectors import deadline_list

    today = board.moment.today
    week_end = today + dt.timedelta(days=6 - today.weekday())
    until = timezone.make_aware(dt.datetime.combine(week_end, dt.time.max))
    rows = list(deadline_list(user=board.user, scope="unit", window="soon", now=board.moment.now,
                              soon_until=until)[:LIVE_ROWS])
    return {"rows": rows, "now": board.moment.now, "week_end": week_end}
