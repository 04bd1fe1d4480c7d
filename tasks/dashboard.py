"""办事's entry in the navigation and its panel on the workbench."""

from django.utils.translation import gettext_lazy as _

from office.choices import BUSINESS_ROLES
from office.dashboard import NavItem, Panel, register, register_nav


def _kinds(user) -> dict:
    from tasks.requests import selectors

    return {"kinds": selectors.dashboard_counts(user=user)}


register_nav(
    NavItem(
        key="tasks",
        title=_("办事"),
        url_name="tasks:home",
        icon="fa-solid fa-briefcase",
        roles=frozenset(BUSINESS_ROLES),
        order=40,
    )
)
register(
    Panel(
        key="tasks.kinds",
        title=_("办事"),
        template="tasks/panels/_tasks.html",
        context=_kinds,
        roles=frozenset(BUSINESS_ROLES),
        order=14,
    )
)


# --- 看板 (issue 17): requests waiting in their approval chains (the office's board) ------------------


def _waiting(moment) -> list:
    """Requests in an approval chain (审批中), by kind: how many, and the working days the oldest has
    waited at its current step — for the organ and by requesting department."""
    from django.db.models import Count, Min

    from tasks.choices import State
    from tasks.models import AffairRequest

    rows = []
    per_unit = (
        AffairRequest.objects.filter(state=State.PENDING).order_by().values("unit_id", "kind")
        .annotate(n=Count("pk"), oldest=Min("state_since"))
    )
    total: dict = {}
    for row in per_unit:
        rows.append(("tasks.waiting", row["unit_id"], "", f"{row['kind']}|n", float(row["n"])))
        n, oldest = total.get(row["kind"], (0, row["oldest"]))
        total[row["kind"]] = (n + row["n"], min(oldest, row["oldest"]))
    for kind, (n, oldest) in total.items():
        days = moment.cal.workdays_between(moment.local_day(oldest), moment.today)
        rows += [("tasks.waiting", None, "", f"{kind}|n", float(n)), ("tasks.waiting", None, "", f"{kind}|days", float(days))]
    return rows


def _waiting_section(board) -> dict:
    from django.urls import reverse

    from tasks.choices import Kind

    f = board.figures
    rows = [
        (kind.label, f.count("tasks.waiting", None, "", f"{kind.value}|n"),
         f.count("tasks.waiting", None, "", f"{kind.value}|days"),
         reverse("tasks:request_list", args=[kind.value]) + "?box=all&state=pending")
        for kind in Kind
    ]
    return {"rows": rows}


def _register_board() -> None:
    from office.dashboard import OFFICE_BOARD, Section, register_section
    from office.figures import register_counter

    register_counter("tasks.waiting", _waiting)
    register_section(Section(
        key="tasks.waiting", title=_("办事审批中"), template="tasks/board/_waiting.html", context=_waiting_section,
        boards=frozenset({OFFICE_BOARD}), order=40,
    ))


_register_board()
