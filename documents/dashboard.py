"""办文's entries in the navigation and its panels on the workbench."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from office.choices import BUSINESS_ROLES, Role
from office.dashboard import NavItem, Panel, register, register_nav


def _desk_panel(user, selectors, *, finished: set[str], title, icon: str, url_name: str, link_text) -> dict:
    """A desk's panel: what waits in each of the user's boxes (one query). Finished documents
    stay in the desk itself, not in red on the workbench."""
    counts = selectors.box_counts(user=user)
    boxes = [
        (box, counts[box.key]) for box in selectors.boxes_for(user) if box.key in counts and box.key not in finished
    ]
    return {"boxes": boxes, "title": title, "icon": icon, "url_name": url_name, "link_text": link_text}


def _incoming(user) -> dict:
    from documents.incoming import selectors

    return _desk_panel(
        user,
        selectors,
        finished={"done", "archived", "returned", "withdrawn"},
        title=_("收文办理"),
        icon="fa-solid fa-inbox",
        url_name="documents:incoming_list",
        link_text=_("进入收文"),
    )


def _outgoing(user) -> dict:
    from documents.outgoing import selectors

    return _desk_panel(
        user,
        selectors,
        finished={"issued", "archived", "in_progress"},
        title=_("发文办理"),
        icon="fa-solid fa-file-signature",
        url_name="documents:outgoing_list",
        link_text=_("进入发文"),
    )


register_nav(
    NavItem(
        key="incoming",
        title=pgettext_lazy("nav", "收文"),
        url_name="documents:incoming_list",
        icon="fa-solid fa-inbox",
        roles=frozenset(BUSINESS_ROLES),
        order=20,
    )
)
register_nav(
    NavItem(
        key="outgoing",
        title=pgettext_lazy("nav", "发文"),
        url_name="documents:outgoing_list",
        icon="fa-solid fa-file-signature",
        roles=frozenset(BUSINESS_ROLES),
        order=25,
    )
)


def _information(user) -> dict:
    from documents.information import selectors

    return _desk_panel(
        user,
        selectors,
        finished={"used", "rejected", "all"},
        title=_("政务信息"),
        icon="fa-solid fa-newspaper",
        url_name="documents:info_item_list",
        link_text=_("进入政务信息"),
    )


register_nav(
    NavItem(
        key="information",
        title=pgettext_lazy("nav", "政务信息"),
        url_name="documents:info_item_list",
        icon="fa-solid fa-newspaper",
        roles=frozenset(BUSINESS_ROLES),
        order=28,
    )
)
register_nav(
    NavItem(
        key="archive",
        title=_("档案"),
        url_name="documents:archive_catalogue",
        icon="fa-solid fa-box-archive",
        roles=frozenset(BUSINESS_ROLES),
        order=40,
    )
)
register(
    Panel(
        key="documents.desk",
        title=_("收文办理"),
        template="documents/panels/_desk.html",
        context=_incoming,
        roles=frozenset({Role.OFFICE, Role.LEADER, Role.DEPT_HEAD}),
        order=8,
    )
)
register(
    Panel(
        key="documents.outgoing",
        title=_("发文办理"),
        template="documents/panels/_desk.html",
        context=_outgoing,
        roles=frozenset(BUSINESS_ROLES),
        order=9,
    )
)
register(
    Panel(
        key="documents.information",
        title=_("政务信息"),
        template="documents/panels/_desk.html",
        context=_information,
        roles=frozenset({Role.OFFICE, Role.DEPT_HEAD, Role.STAFF}),
        order=10,
    )
)


# --- 看板 (issue 17): counters kept by office.figures, and the dashboards' sections ------------------

#: The main line of 收文, the steps whose waiting time is measured (登记 starts the clock).
INCOMING_STEPS = ("review", "propose", "instruct", "assign", "report", "confirm")
#: Days of registrations and issues the office's board shows.
FLOW_DAYS = 14


def _incoming_cycle(moment) -> list:
    """办理周期 of 收文 done this year: working days from 登记 to 办结, by 主办 department and for the
    organ; and per step (the working days each step of the main line waited)."""
    from documents.models import IncomingDocument, IncomingStep
    from office import figures

    start, end = moment.this_year
    done = IncomingDocument.objects.filter(
        done_at__date__gte=start, done_at__date__lte=end, registered_at__isnull=False
    ).values_list("pk", "lead_unit_id", "registered_at", "done_at")
    cycles: dict = {None: []}
    units = {}
    for pk, unit_id, registered_at, done_at in done.iterator(chunk_size=5000):
        days = moment.cal.workdays_between(moment.local_day(registered_at), moment.local_day(done_at))
        units[pk] = unit_id
        cycles[None].append(days)
        if unit_id is not None:
            cycles.setdefault(unit_id, []).append(days)
    period = str(moment.today.year)
    rows = list(figures.spread("incoming.cycle", cycles, period))
    steps: dict = {}
    last: dict = {}
    marks = IncomingStep.objects.filter(
        document_id__in=list(units), action__in=("register", *INCOMING_STEPS)
    ).order_by("document_id", "at", "id").values_list("document_id", "action", "at")
    for doc_id, action, at in marks.iterator(chunk_size=5000):
        day = moment.local_day(at)
        if action != "register" and doc_id in last:
            waited = moment.cal.workdays_between(last[doc_id], day)
            for unit_id in {None, units[doc_id]}:
                steps.setdefault((unit_id, action), []).append(waited)
        last[doc_id] = day
    for (unit_id, action), values in sorted(steps.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1])):
        rows.extend(figures.spread("incoming.step", {unit_id: values}, period, prefix=f"{action}:"))
    return rows


def _outgoing_cycle(moment) -> list:
    """办理周期 of 发文 issued this year: working days from 起草 to 印发, by drafting department."""
    from documents.models import OutgoingDocument
    from office import figures

    start, end = moment.this_year
    issued = OutgoingDocument.objects.filter(issued_at__date__gte=start, issued_at__date__lte=end).values_list(
        "drafting_unit_id", "created_at", "issued_at"
    )
    cycles: dict = {None: []}
    for unit_id, created_at, issued_at in issued.iterator(chunk_size=5000):
        days = moment.cal.workdays_between(moment.local_day(created_at), moment.local_day(issued_at))
        cycles[None].append(days)
        if unit_id is not None:
            cycles.setdefault(unit_id, []).append(days)
    return list(figures.spread("outgoing.cycle", cycles, str(moment.today.year)))


def _flow(moment) -> list:
    """Registrations (收文 登记) and issues (发文 印发) per day over the last ``FLOW_DAYS`` days."""
    import datetime as dt

    from django.db.models import Count
    from django.db.models.functions import TruncDate

    from documents.models import IncomingDocument, OutgoingDocument

    first = moment.today - dt.timedelta(days=FLOW_DAYS - 1)
    rows = []
    for key, model, field in (("incoming.registered", IncomingDocument, "registered_at"),
                              ("outgoing.issued", OutgoingDocument, "issued_at")):
        per_day = dict(
            model.objects.filter(**{f"{field}__date__gte": first}).annotate(day=TruncDate(field))
            .values_list("day").annotate(n=Count("pk")).values_list("day", "n")
        )
        for offset in range(FLOW_DAYS):
            day = first + dt.timedelta(days=offset)
            rows.append((key, None, day.isoformat(), "", float(per_day.get(day, 0))))
    return rows


def _in_hand(moment) -> list:
    """Documents in hand and overdue, by department: 收文 in 承办 (主办), overdue 收文, 发文 drafts."""
    from documents.choices import IncomingState as S
    from documents.choices import OutgoingState as O
    from documents.models import IncomingDocument, OutgoingDocument
    from office import figures

    in_process = (S.REGISTERED, S.PROPOSING, S.INSTRUCTING, S.HANDLING, S.CONFIRMING)
    incoming = IncomingDocument.objects.filter(state__in=in_process)
    rows = list(figures.by_unit(incoming.filter(state__in=(S.HANDLING, S.CONFIRMING))
                                .values_list("lead_unit_id", "pk").iterator(), "incoming.open"))
    rows += figures.by_unit(incoming.filter(due_at__lt=moment.now).values_list("lead_unit_id", "pk").iterator(),
                            "incoming.overdue")
    drafts = OutgoingDocument.objects.exclude(state__in=(O.ISSUED, O.ARCHIVED, O.CANCELLED))
    rows += figures.by_unit(drafts.values_list("drafting_unit_id", "pk").iterator(), "outgoing.open")
    return rows


def _information_adopted(moment) -> list:
    """政务信息 adopted (采用 or 择要采用) this month, by department (as documents.information.stats)."""
    from documents.choices import INFO_USED
    from documents.models import InformationItem
    from office import figures

    start, end = moment.this_month
    used = InformationItem.objects.filter(state__in=INFO_USED, decided_at__date__gte=start, decided_at__date__lte=end)
    return list(figures.by_unit(used.values_list("unit_id", "pk").iterator(), "information.adopted",
                                period=figures.month_key(start)))


def _cycle_section(board) -> dict:
    from django.urls import reverse

    from documents.incoming.workflow import TABLE
    from office.charts import chart

    f, year = board.figures, str(board.moment.today.year)
    cols = board.columns
    incoming = reverse("documents:incoming_list")
    outgoing = reverse("documents:outgoing_list")

    def link(base, field, unit_id, box):
        return f"{base}?box={box}&year={year}" + (f"&{field}={unit_id}" if unit_id else "")

    def series(key, field, base, box):
        return [
            {"label": _("中位数"), "data": [f.get(key, c.unit_id, year, "p50") for c in cols],
             "links": [link(base, field, c.unit_id, box) for c in cols]},
            {"label": _("90%分位"), "data": [f.get(key, c.unit_id, year, "p90") for c in cols],
             "links": [link(base, field, c.unit_id, box) for c in cols]},
        ]

    steps = [
        (TABLE.label(action), [(f.get("incoming.step", c.unit_id, year, f"{action}:p50"),
                                f.get("incoming.step", c.unit_id, year, f"{action}:p90")) for c in board.totals])
        for action in INCOMING_STEPS
    ]
    return {
        "incoming": chart("cycle-in", _("收文办理周期（登记至办结，工作日）"), [c.label for c in cols],
                          series("incoming.cycle", "lead_unit", incoming, "done"), caption=year),
        "counts": [(c.label, f.count("incoming.cycle", c.unit_id, year, "n")) for c in cols],
        "steps": steps,
        "step_columns": board.totals,
        "outgoing": chart("cycle-out", _("发文办理周期（起草至印发，工作日）"), [c.label for c in cols],
                          series("outgoing.cycle", "drafting_unit", outgoing, "issued"), caption=year),
    }


def _flow_section(board) -> dict:
    import datetime as dt

    from office.charts import chart

    f = board.figures
    days = [board.moment.today - dt.timedelta(days=n) for n in range(FLOW_DAYS - 1, -1, -1)]
    return {"chart": chart(
        "flow", _("每日收文登记与发文印发（件）"), [d.strftime("%m-%d") for d in days],
        [{"label": _("收文登记"), "data": [f.count("incoming.registered", None, d.isoformat()) for d in days]},
         {"label": _("发文印发"), "data": [f.count("outgoing.issued", None, d.isoformat()) for d in days]}],
        columns=True, row_label=_("日期"),
    )}


def _overdue_documents_section(board) -> dict:
    from django.urls import reverse

    from office.charts import chart

    f, cols = board.figures, board.columns
    base = reverse("documents:incoming_list") + "?box=all"
    return {"chart": chart(
        "doc-overdue", _("超期未办结收文（件）"), [c.label for c in cols],
        [{"label": _("超期"), "data": [f.count("incoming.overdue", c.unit_id) for c in cols],
          "links": [base + (f"&lead_unit={c.unit_id}" if c.unit_id else "") for c in cols]}],
    )}


def _information_section(board) -> dict:
    from django.urls import reverse

    from office import figures as figures_module
    from office.charts import chart

    f, cols = board.figures, board.columns
    month = figures_module.month_key(board.moment.this_month[0])
    base = reverse("documents:info_item_list") + "?box=used"
    return {"chart": chart(
        "info", _("本月政务信息采用（条）"), [c.label for c in cols],
        [{"label": _("采用"), "data": [f.count("information.adopted", c.unit_id, month) for c in cols],
          "links": [base + (f"&unit={c.unit_id}" if c.unit_id else "") for c in cols]}],
        caption=month,
    )}


def _department_documents(board) -> dict:
    f = board.figures
    return {"rows": [
        (c.label, f.count("incoming.open", c.unit_id), f.count("incoming.overdue", c.unit_id),
         f.count("outgoing.open", c.unit_id)) for c in board.columns
    ]}


def _register_board() -> None:
    from office.dashboard import DEPARTMENT_BOARD, LEADER_BOARD, OFFICE_BOARD, Section, register_section
    from office.figures import register_counter

    register_counter("documents.incoming_cycle", _incoming_cycle)
    register_counter("documents.outgoing_cycle", _outgoing_cycle)
    register_counter("documents.flow", _flow)
    register_counter("documents.in_hand", _in_hand)
    register_counter("documents.information", _information_adopted)
    register_section(Section(
        key="documents.cycle", title=_("办理周期"), template="documents/board/_cycle.html", context=_cycle_section,
        boards=frozenset({LEADER_BOARD, OFFICE_BOARD}), order=40, wide=True,
    ))
    register_section(Section(
        key="documents.flow", title=_("收发文量"), template="office/board/_section_chart.html", context=_flow_section,
        boards=frozenset({OFFICE_BOARD}), order=20,
    ))
    register_section(Section(
        key="documents.overdue", title=_("超期收文"), template="office/board/_section_chart.html",
        context=_overdue_documents_section, boards=frozenset({OFFICE_BOARD}), order=22,
    ))
    register_section(Section(
        key="documents.information", title=_("政务信息采用"), template="office/board/_section_chart.html",
        context=_information_section, boards=frozenset({LEADER_BOARD}), order=60,
    ))
    register_section(Section(
        key="documents.department", title=_("本处室公文"), template="documents/board/_department.html",
        context=_department_documents, boards=frozenset({DEPARTMENT_BOARD}), order=10,
    ))


_register_board()
