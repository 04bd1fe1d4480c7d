"""收文 through its services on the demo organ (江城市人社局), on PostgreSQL.

One document's whole way — 到件 to 归档 — checked at every step for what people
notice: where it is and since when, the 办理记录 in order, whose to-do list it is
on, the time limit and who answers for it, the audit log and the history. Then
the refusals (each one changes nothing), 退回, duplicates, 密级, 传阅 and who sees
what.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from documents.choices import IncomingState, RoutingState
from documents.incoming import services
from documents.incoming.permissions import incoming_facts
from documents.models import Circulation, IncomingAssist, IncomingDocument, IncomingRouting, IncomingStep
from office.choices import Clearance, Role, TodoKind, TodoState
from office.models import AuditEvent, Deadline, DeadlineState, SerialCounter, Todo
from office.permissions import can, restrict
from tests.documents.conftest import registration
from tests.factories import UserFactory

S = IncomingState
#: Issue 10: 签收/登记/归档 go to the 文书, 初审/拟办 to the 主任 (office duties), not every office desk.
CLERKS = {"zhouting"}
DIRECTORS = {"liuxiaodong"}

pytestmark = pytest.mark.django_db


# --- what a user sees of one document ------------------------------------------------


def _todos(doc):
    ctype = ContentType.objects.get_for_model(IncomingDocument)
    return Todo.objects.filter(target_type=ctype, target_id=str(doc.pk)).select_related("user")


def open_todos(doc) -> set[tuple[str, str]]:
    """(step, username) of every to-do still waiting on someone."""
    return {(t.step, t.user.username) for t in _todos(doc).filter(state=TodoState.OPEN)}


def done_todos(doc) -> set[tuple[str, str]]:
    return {(t.step, t.user.username) for t in _todos(doc).filter(state=TodoState.DONE)}


def timeline(doc) -> list[tuple[str, str, str]]:
    """The 办理记录: (step, who, opinion), in order."""
    return [(s.action, s.actor.username, s.text) for s in doc.steps.select_related("actor").order_by("at", "id")]


def audit(doc) -> list[tuple[str, str]]:
    rows = AuditEvent.objects.filter(object_type="documents.IncomingDocument", object_id=str(doc.pk))
    return [(e.action, e.username) for e in rows.order_by("id")]


def reasons(doc) -> list[tuple[str, str]]:
    """History: (change reason, by whom), oldest first."""
    return [
        (h.history_change_reason, h.history_user.username if h.history_user else None)
        for h in doc.history.order_by("history_id")
    ]


def deadline_of(doc) -> Deadline | None:
    ctype = ContentType.objects.get_for_model(IncomingDocument)
    rows = list(Deadline.objects.filter(target_type=ctype, target_id=str(doc.pk)).select_related(
        "responsible_unit", "responsible_user"))
    assert len(rows) <= 1, "one time limit per document"
    return rows[0] if rows else None


def answer_for(doc) -> tuple[str, str | None, str]:
    """Who answers for the time limit: (unit code, username, state)."""
    row = deadline_of(doc)
    return row.responsible_unit.code, row.responsible_user.username if row.responsible_user else None, row.state


def fresh(doc) -> IncomingDocument:
    return IncomingDocument.objects.get(pk=doc.pk)


def at_18(y, m, d) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, 18, 0))


def next_serial(year: int = 2026) -> int:
    """The 收文编号 the next registration gets (the demo organ has registered some already)."""
    counter = SerialCounter.objects.filter(kind="incoming", year=year).first()
    return (counter.last if counter else 0) + 1


def next_archive_number(unit_code: str, period: str = "D30", year: int = 2026) -> int:
    counter = SerialCounter.objects.filter(kind=f"archive:J012:{period}:{unit_code}", year=year).first()
    return (counter.last if counter else 0) + 1


def snapshot(doc) -> dict:
    """Everything a refused action must leave alone."""
    return {
        "row": IncomingDocument.objects.filter(pk=doc.pk).values().get(),
        "assisting": sorted(fresh(doc).assisting_units.values_list("pk", flat=True)),
        "steps": list(IncomingStep.objects.filter(document=doc).values_list("id", flat=True)),
        "todos": sorted(_todos(doc).values_list("id", "state", "user_id")),
        "routings": list(IncomingRouting.objects.filter(document=doc).values_list("id", "leader_id", "state")),
        "assists": list(IncomingAssist.objects.filter(document=doc).values_list("id", flat=True)),
        "circulations": list(Circulation.objects.filter(document=doc).values_list("id", "read_at")),
        "deadlines": list(Deadline.objects.filter(target_id=str(doc.pk)).values_list("id", "state", "due_at",
                                                                                      "responsible_user_id")),
        "audit": audit(doc),
        "history": fresh(doc).history.count(),
        "counters": sorted(SerialCounter.objects.values_list("kind", "year", "last")),
    }


# --- the whole way --------------------------------------------------------------------


def test_one_document_from_arrival_to_archive(people, units, at_monday_morning):
    p = people
    zhouting, director = p["zhouting"], p["liuxiaodong"]

    # 到件: waits on the 文书's desk to be signed for (issue 10: office steps go to the duty that acts).
    doc = services.incoming_receive(
        actor=zhouting, sender_org="省人力资源和社会保障厅", sender_ref="人社厅函〔2026〕18号",
        title="关于报送2025年度人才引进政策执行情况的函",
    )
    assert doc.state == S.ARRIVED and doc.arrived_by == zhouting
    assert open_todos(doc) == {("incoming.sign", u) for u in CLERKS}
    assert timeline(doc) == []
    assert audit(doc) == [("incoming.receive", "zhouting")]
    assert reasons(doc) == [("到件", "zhouting")]
    since = fresh(doc).state_since

    # 签收: who and when.
    doc = services.incoming_sign(actor=zhouting, document=doc)
    doc = fresh(doc)
    assert doc.state == S.SIGNED and doc.signed_by == zhouting and doc.signed_at is not None
    assert doc.state_since > since
    assert timeline(doc) == [("sign", "zhouting", "")]
    assert done_todos(doc) == {("incoming.sign", u) for u in CLERKS}
    assert open_todos(doc) == {("incoming.register", u) for u in CLERKS}
    assert audit(doc)[-1] == ("incoming.sign", "zhouting")

    # 登记: the next 收文编号 of 2026, a time limit of 10 working days on the office.
    serial = next_serial()
    doc = services.incoming_register(
        actor=zhouting, document=doc, data=registration(
            sender_org="省人力资源和社会保障厅", sender_ref="人社厅函〔2026〕18号",
            title="关于报送2025年度人才引进政策执行情况的函", workdays=10, summary="请于3月底前报送执行情况。",
        ),
    )
    doc = fresh(doc)
    assert doc.state == S.REGISTERED and doc.serial_display == f"收〔2026〕{serial}号"
    assert doc.registered_by == zhouting and doc.summary == "请于3月底前报送执行情况。"
    assert doc.due_at == at_18(2026, 3, 16)  # 10 working days after Monday 2 March
    assert answer_for(doc) == ("BGS", "zhouting", DeadlineState.OPEN)
    assert deadline_of(doc).due_at == doc.due_at and deadline_of(doc).kind == "incoming"
    assert open_todos(doc) == {("incoming.review", u) for u in DIRECTORS}
    assert ("incoming.register", "zhouting") in done_todos(doc)
    registered = AuditEvent.objects.get(action="incoming.register", object_id=str(doc.pk))
    # No 收文编号 in the audit log: the auditor reads ids, not numbers (issue 9, point 5).
    assert registered.detail == {"year": 2026}

    # 初审 passed: on to the director's desk for 拟办.
    doc = services.incoming_review(actor=zhouting, document=doc, opinion="来文要素齐全，同意登记。")
    doc = fresh(doc)
    assert doc.state == S.PROPOSING
    assert timeline(doc)[-1] == ("review", "zhouting", "来文要素齐全，同意登记。")
    assert open_todos(doc) == {("incoming.propose", "liuxiaodong")}

    # 拟办: the director proposes ZCFG to lead, RCKF to assist, and 李明华 to instruct.
    since = doc.state_since
    doc = services.incoming_propose(
        actor=director, document=doc, proposal="拟请政策法规处主办，人才开发和市场处协办，呈李明华副局长阅示。",
        leaders=[p["liminghua"]], lead_unit=units["ZCFG"], assisting_units=[units["RCKF"]],
    )
    doc = fresh(doc)
    assert doc.state == S.INSTRUCTING and doc.state_since > since
    assert doc.lead_unit == units["ZCFG"] and list(doc.assisting_units.all()) == [units["RCKF"]]
    assert list(doc.routings.values_list("leader__username", "state")) == [("liminghua", RoutingState.PENDING)]
    assert timeline(doc)[-1] == ("propose", "liuxiaodong", "拟请政策法规处主办，人才开发和市场处协办，呈李明华副局长阅示。")
    assert open_todos(doc) == {("incoming.instruct", "liminghua")}

    # 批示 (转批): 李明华 passes it on to 王建国 for 圈阅; it stays 待批示.
    since = doc.state_since
    doc = services.incoming_instruct(
        actor=p["liminghua"], document=doc, text="拟同意，请建国局长审示。", next_leader=p["wangjianguo"],
    )
    doc = fresh(doc)
    assert doc.state == S.INSTRUCTING and doc.state_since == since
    assert list(doc.routings.values_list("leader__username", "state")) == [
        ("liminghua", RoutingState.DONE), ("wangjianguo", RoutingState.PENDING),
    ]
    assert open_todos(doc) == {("incoming.instruct", "wangjianguo")}
    assert ("incoming.instruct", "liminghua") in done_todos(doc)
    assert answer_for(doc) == ("BGS", "zhouting", DeadlineState.OPEN)  # still the office's until handed over

    # 批示 (交办): 王建国 hands it to ZCFG, RCKF assisting, within 5 working days.
    doc = services.incoming_instruct(
        actor=p["wangjianguo"], document=doc, text="同意。请政策法规处牵头，人才处配合，5个工作日内报结果。",
        lead_unit=units["ZCFG"], assisting_units=[units["RCKF"]], workdays=5,
    )
    doc = fresh(doc)
    assert doc.state == S.HANDLING and doc.state_since > since
    assert doc.due_at == at_18(2026, 3, 9)
    assert list(doc.routings.values_list("leader__username", "state")) == [
        ("liminghua", RoutingState.DONE), ("wangjianguo", RoutingState.DONE),
    ]
    assert open_todos(doc) == {("incoming.assign", "zhoujianhua"), ("incoming.assist", "fengxiaoyan")}
    # The time limit moved with it, and so did the responsibility: now ZCFG's head answers.
    assert answer_for(doc) == ("ZCFG", "zhoujianhua", DeadlineState.OPEN)
    assert deadline_of(doc).due_at == at_18(2026, 3, 9)
    assert Deadline.objects.filter(target_id=str(doc.pk), state=DeadlineState.OPEN).count() == 1

    # 指定承办人: 周建华 assigns 钱莉; the time limit is now hers.
    since = doc.state_since
    doc = services.incoming_assign(actor=p["zhoujianhua"], document=doc, handler=p["qianli"])
    doc = fresh(doc)
    assert doc.state == S.HANDLING and doc.state_since == since and doc.handler == p["qianli"]
    assert timeline(doc)[-1] == ("assign", "zhoujianhua", "请钱莉承办。")
    assert open_todos(doc) == {("incoming.handle", "qianli"), ("incoming.assist", "fengxiaoyan")}
    assert answer_for(doc) == ("ZCFG", "qianli", DeadlineState.OPEN)
    assert can(p["qianli"], "view", doc)

    # 协办意见: 冯晓燕 gives RCKF's input, once.
    services.incoming_assist(actor=p["fengxiaoyan"], document=doc, text="人才处已提供2025年引进人才名单。")
    doc = fresh(doc)
    assert list(doc.assists.values_list("unit__code", "given_by__username", "text")) == [
        ("RCKF", "fengxiaoyan", "人才处已提供2025年引进人才名单。"),
    ]
    assert open_todos(doc) == {("incoming.handle", "qianli")}
    assert not can(p["fengxiaoyan"], "assist", doc)

    # 报办理结果: 钱莉 reports; her head confirms next.
    doc = services.incoming_report(
        actor=p["qianli"], document=doc, result="已汇总全市执行情况并形成报告。", reply="已于3月6日书面报送省厅。",
    )
    doc = fresh(doc)
    assert doc.state == S.CONFIRMING and doc.result == "已汇总全市执行情况并形成报告。"
    assert doc.reply == "已于3月6日书面报送省厅。"
    assert open_todos(doc) == {("incoming.confirm", "zhoujianhua")}

    # 确认办结: the time limit is met and closed; the office files it next.
    doc = services.incoming_confirm(actor=p["zhoujianhua"], document=doc, opinion="同意办结。")
    doc = fresh(doc)
    assert doc.state == S.DONE and doc.done_at is not None
    assert answer_for(doc) == ("ZCFG", "qianli", DeadlineState.DONE)
    assert deadline_of(doc).closed_at is not None and deadline_of(doc).next_remind_at is None
    assert open_todos(doc) == {("incoming.archive", u) for u in CLERKS}

    # 归档 with its 档号: 全宗号-年度-保管期限-机构代码-件号.
    number = next_archive_number("ZCFG")
    code = f"J012-2026-D30-ZCFG-{number:04d}"
    doc = services.incoming_archive(actor=zhouting, document=doc, retention="D30")
    doc = fresh(doc)
    assert doc.state == S.ARCHIVED
    assert doc.archive_code == code
    assert doc.archived_by == zhouting and doc.retention == "D30"
    assert open_todos(doc) == set()

    # The whole way, as the 办理记录, the audit log and the history tell it.
    assert timeline(doc) == [
        ("sign", "zhouting", ""),
        ("register", "zhouting", ""),
        ("review", "zhouting", "来文要素齐全，同意登记。"),
        ("propose", "liuxiaodong", "拟请政策法规处主办，人才开发和市场处协办，呈李明华副局长阅示。"),
        ("instruct", "liminghua", "拟同意，请建国局长审示。"),
        ("instruct", "wangjianguo", "同意。请政策法规处牵头，人才处配合，5个工作日内报结果。"),
        ("assign", "zhoujianhua", "请钱莉承办。"),
        ("assist", "fengxiaoyan", "人才处已提供2025年引进人才名单。"),
        ("report", "qianli", "已汇总全市执行情况并形成报告。"),
        ("confirm", "zhoujianhua", "同意办结。"),
        ("archive", "zhouting", code),
    ]
    assert [s.state_after for s in doc.steps.order_by("at", "id")] == [
        S.SIGNED, S.REGISTERED, S.PROPOSING, S.INSTRUCTING, S.INSTRUCTING, S.HANDLING, S.HANDLING, S.HANDLING,
        S.CONFIRMING, S.DONE, S.ARCHIVED,
    ]
    assert doc.steps.get(action="assign").actor_title == "法规处处长"
    assert audit(doc) == [
        ("incoming.receive", "zhouting"), ("incoming.sign", "zhouting"), ("incoming.register", "zhouting"),
        ("incoming.review", "zhouting"), ("incoming.propose", "liuxiaodong"), ("incoming.instruct", "liminghua"),
        ("incoming.instruct", "wangjianguo"), ("incoming.assign", "zhoujianhua"), ("incoming.assist", "fengxiaoyan"),
        ("incoming.report", "qianli"), ("incoming.confirm", "zhoujianhua"), ("incoming.archive", "zhouting"),
    ]
    # History: one version per saving step (拟办 also versions the 协办单位 it sets).
    assert [key for key, _rows in itertools.groupby(reasons(doc))] == [
        ("到件", "zhouting"), ("签收", "zhouting"), ("登记", "zhouting"), ("初审", "zhouting"),
        ("拟办", "liuxiaodong"), ("批示", "liminghua"), ("批示", "wangjianguo"), ("指定承办人", "zhoujianhua"),
        ("报办理结果", "qianli"), ("确认办结", "zhoujianhua"), ("归档", "zhouting"),
    ]


def test_archive_numbers_count_per_fonds_year_period_and_unit(walk, people, at_monday_morning):
    zcfg, jycj, permanent_zcfg = next_archive_number("ZCFG"), next_archive_number("JYCJ"), next_archive_number("ZCFG", "Y")
    first = walk(S.ARCHIVED)
    second = walk(S.ARCHIVED)
    other = walk(S.ARCHIVED, leaders=["zhaozhigang"], lead="JYCJ", assisting=())
    assert [fresh(d).archive_code for d in (first, second, other)] == [
        f"J012-2026-D30-ZCFG-{zcfg:04d}", f"J012-2026-D30-ZCFG-{zcfg + 1:04d}", f"J012-2026-D30-JYCJ-{jycj:04d}",
    ]
    permanent = walk(S.DONE)
    services.incoming_archive(actor=people["zhouting"], document=permanent, retention="Y")
    assert fresh(permanent).archive_code == f"J012-2026-Y-ZCFG-{permanent_zcfg:04d}"


# --- refusals change nothing -------------------------------------------------------


def _try(fn, exception, snapshot_of):
    before = snapshot(snapshot_of)
    with pytest.raises(exception) as info:
        fn()
    assert snapshot(snapshot_of) == before
    return info.value


REFUSED_BY_ROLE = [
    # (state, actor, service, arguments, expected) — who the table does not name.
    pytest.param(S.INSTRUCTING, "zhoujianhua", "instruct", dict(text="同意。"), PermissionDenied,
                 id="a head cannot give the 批示 (sees it as the lead unit's)"),
    pytest.param(S.INSTRUCTING, "zhaozhigang", "instruct", dict(text="同意。"), Http404,
                 id="a deputy it was not routed to does not even see it"),
    pytest.param(S.INSTRUCTING, "wangjianguo", "instruct", dict(text="同意。"), PermissionDenied,
                 id="the principal sees it but was not asked"),
    pytest.param(S.PROPOSING, "zhouting", "propose",
                 dict(proposal="拟请法规处主办。", leaders=["liminghua"]), PermissionDenied,
                 id="only the office director proposes"),
    pytest.param(S.HANDLING, "fengxiaoyan", "assign", dict(handler="qianli"), PermissionDenied,
                 id="the assisting head cannot assign the lead unit's handler"),
    pytest.param(S.HANDLING, "qianli", "assign", dict(handler="sunpeng"), PermissionDenied,
                 id="the handler cannot reassign"),
    pytest.param(S.HANDLING, "sunpeng", "report", dict(result="已办。"), Http404,
                 id="a colleague of the handler does not see it"),
    pytest.param(S.HANDLING, "zhoujianhua", "assist", dict(text="同意。"), PermissionDenied,
                 id="the lead head gives no 协办意见"),
    pytest.param(S.CONFIRMING, "qianli", "confirm", dict(), PermissionDenied,
                 id="the handler cannot confirm her own result"),
    pytest.param(S.CONFIRMING, "qianli", "send_back", dict(reason="重办。"), PermissionDenied,
                 id="the handler cannot send it back"),
    pytest.param(S.CONFIRMING, "liminghua", "confirm", dict(), PermissionDenied,
                 id="the deputy in charge cannot confirm for the head"),
    pytest.param(S.DONE, "qianli", "archive", dict(retention="D30"), PermissionDenied,
                 id="only the office archives"),
    pytest.param(S.SIGNED, "wangjianguo", "register", dict(data=None), Http404,
                 id="the principal does not see it before 登记"),
    pytest.param(S.HANDLING, "chenhao", "assist", dict(text="同意。"), Http404,
                 id="staff of the assisting unit do not see it"),
    pytest.param(S.HANDLING, "sysadmin", "report", dict(result="已办。"), Http404, id="三员: sysadmin"),
    pytest.param(S.ARRIVED, "secadmin", "sign", dict(), Http404, id="三员: secadmin"),
    pytest.param(S.DONE, "auditor", "archive", dict(retention="D30"), Http404, id="三员: auditor"),
]


@pytest.mark.parametrize(("state", "actor", "action", "arguments", "expected"), REFUSED_BY_ROLE)
def test_wrong_person_is_refused_and_nothing_changes(walk, people, state, actor, action, arguments, expected):
    doc = walk(state, handler="qianli" if state == S.HANDLING else None)
    args = dict(arguments)
    for name in ("handler",):
        if name in args:
            args[name] = people[args[name]]
    if "leaders" in args:
        args["leaders"] = [people[u] for u in args["leaders"]]
    if "data" in args:
        args["data"] = registration()
    service = getattr(services, f"incoming_{action}")
    _try(lambda: service(actor=people[actor], document=doc, **args), expected, doc)


REFUSED_BY_STATE = [
    pytest.param(S.CONFIRMING, "zhouting", "archive", dict(retention="D30"), "归档", id="归档 before 办结"),
    pytest.param(S.SIGNED, "zhouting", "sign", dict(), "签收", id="签收 twice"),
    pytest.param(S.ARRIVED, "zhouting", "review", dict(), "初审", id="初审 before 登记"),
    pytest.param(S.HANDLING, "zhoujianhua", "confirm", dict(), "确认办结", id="办结 before a result"),
    pytest.param(S.RETURNED, "zhouting", "review", dict(), "初审", id="nothing after 退回"),
    pytest.param(S.ARCHIVED, "zhouting", "archive", dict(retention="Y"), "归档", id="归档 twice"),
    pytest.param(S.PROPOSING, "zhouting", "return", dict(reason="要素不全。"), "退回", id="退回 only at 初审"),
]


@pytest.mark.parametrize(("state", "actor", "action", "arguments", "label"), REFUSED_BY_STATE)
def test_wrong_state_is_a_validation_error_in_chinese(walk, people, state, actor, action, arguments, label):
    doc = walk(state)
    service = getattr(services, f"incoming_{action}")
    error = _try(lambda: service(actor=people[actor], document=doc, **arguments), ValidationError, doc)
    state_label = str(S(fresh(doc).state).label)
    assert error.messages == [f"该文件当前状态为“{state_label}”，不能办理“{label}”。"]


def test_out_of_scope_in_the_wrong_state_is_still_404(walk, people):
    """Someone who cannot see the document learns nothing of it — not even its state."""
    doc = walk(S.HANDLING)
    for outsider in ("auditor", "chenxuemei", "sunpeng"):
        _try(lambda: services.incoming_archive(actor=people[outsider], document=doc, retention="D30"), Http404, doc)


def test_second_assist_is_refused(walk, people):
    doc = walk(S.HANDLING)
    services.incoming_assist(actor=people["fengxiaoyan"], document=doc, text="已提供名单。")
    _try(lambda: services.incoming_assist(actor=people["fengxiaoyan"], document=doc, text="再补充一点。"),
         PermissionDenied, doc)


def test_instruct_needs_a_text_and_a_real_next_leader(walk, people):
    doc = walk(S.INSTRUCTING)
    liminghua = people["liminghua"]
    error = _try(lambda: services.incoming_instruct(actor=liminghua, document=doc, text="  "), ValidationError, doc)
    assert error.message_dict == {"text": ["请填写批示意见。"]}
    for wrong in (liminghua, people["zhoujianhua"]):
        error = _try(lambda: services.incoming_instruct(actor=liminghua, document=doc, text="请阅。", next_leader=wrong),
                     ValidationError, doc)
        assert error.message_dict == {"next_leader": ["请选择另一位局领导。"]}


def test_report_and_send_back_need_their_text(walk, people):
    doc = walk(S.HANDLING, handler="qianli")
    error = _try(lambda: services.incoming_report(actor=people["qianli"], document=doc, result=""), ValidationError, doc)
    assert "result" in error.message_dict
    doc = walk(S.CONFIRMING)
    error = _try(lambda: services.incoming_send_back(actor=people["zhoujianhua"], document=doc, reason=" "),
                 ValidationError, doc)
    assert "reason" in error.message_dict


def test_send_back_puts_it_on_the_handlers_desk_again(walk, people):
    doc = walk(S.CONFIRMING)
    services.incoming_send_back(actor=people["zhoujianhua"], document=doc, reason="数据口径不一致，请核实后重报。")
    doc = fresh(doc)
    assert doc.state == S.HANDLING
    assert timeline(doc)[-1] == ("send_back", "zhoujianhua", "数据口径不一致，请核实后重报。")
    assert open_todos(doc) == {("incoming.handle", "qianli"), ("incoming.assist", "fengxiaoyan")}
    assert answer_for(doc) == ("ZCFG", "qianli", DeadlineState.OPEN)


def test_reassigning_moves_the_handlers_todo_and_the_time_limit(walk, people):
    doc = walk(S.HANDLING, handler="qianli")
    services.incoming_assign(actor=people["zhoujianhua"], document=doc, handler=people["sunpeng"], opinion="改由孙鹏承办。")
    doc = fresh(doc)
    assert doc.handler == people["sunpeng"]
    # Taken from her, not done by her: withdrawn (已撤回), so it is not in her 已办 (issue 9, point 4).
    assert ("incoming.handle", "qianli") not in done_todos(doc)
    assert Todo.objects.get(step="incoming.handle", user=people["qianli"]).state == TodoState.WITHDRAWN
    assert ("incoming.handle", "sunpeng") in open_todos(doc)
    assert answer_for(doc) == ("ZCFG", "sunpeng", DeadlineState.OPEN)
    assert not can(people["qianli"], "view", doc)
    assert can(people["sunpeng"], "view", doc)


def test_handler_from_another_unit_is_refused(walk, people):
    doc = walk(S.HANDLING)
    error = _try(lambda: services.incoming_assign(actor=people["zhoujianhua"], document=doc, handler=people["chenhao"]),
                 ValidationError, doc)
    assert error.message_dict == {"handler": ["承办人须是主办处室的人员。"]}


# --- 退回 -----------------------------------------------------------------------------


def test_return_needs_a_reason(walk, people):
    doc = walk(S.REGISTERED)
    error = _try(lambda: services.incoming_return(actor=people["zhouting"], document=doc, reason="  "),
                 ValidationError, doc)
    assert error.message_dict == {"reason": ["请填写退回理由。"]}


def test_return_takes_it_out_of_active_work(walk, people):
    doc = walk(S.REGISTERED, workdays=3)
    assert open_todos(doc) == {("incoming.review", u) for u in DIRECTORS}
    assert answer_for(doc) == ("BGS", "zhouting", DeadlineState.OPEN)
    services.incoming_return(actor=people["sunhao"], document=doc, reason="来文缺少附件，已电话告知来文单位。")
    doc = fresh(doc)
    assert doc.state == S.RETURNED and doc.returned_reason == "来文缺少附件，已电话告知来文单位。"
    assert timeline(doc)[-1] == ("return", "sunhao", "来文缺少附件，已电话告知来文单位。")
    assert open_todos(doc) == set()
    assert answer_for(doc) == ("BGS", "zhouting", DeadlineState.CANCELLED)
    assert audit(doc)[-1] == ("incoming.return", "sunhao")
    assert reasons(doc)[-1] == ("退回", "sunhao")


# --- 登记: duplicates, 密级, serials --------------------------------------------------


def test_duplicate_sender_reference_is_warned_unless_confirmed(walk, people):
    walk(S.REGISTERED, sender_ref="人社厅发〔2026〕7号")
    doc = walk(S.SIGNED, sender_ref="人社厅发〔2026〕7号")
    data = registration(sender_ref=" 人社厅发〔2026〕7号 ")
    error = _try(lambda: services.incoming_register(actor=people["zhouting"], document=doc, data=data),
                 ValidationError, doc)
    assert error.messages == ["本机关已收到过同一来文单位、同一来文字号的文件，请核实后确认重复登记。"]
    assert services.duplicates_of(sender_org=data.sender_org, sender_ref=data.sender_ref).count() == 2

    services.incoming_register(actor=people["zhouting"], document=doc, data=data, allow_duplicate=True)
    doc = fresh(doc)
    assert doc.state == S.REGISTERED and doc.sender_ref == "人社厅发〔2026〕7号"


def test_same_reference_from_another_sender_or_no_reference_is_no_duplicate(walk, people):
    walk(S.REGISTERED, sender_ref="办字〔2026〕1号")
    other = walk(S.SIGNED)
    services.incoming_register(actor=people["zhouting"], document=other,
                               data=registration(sender_org="市财政局", sender_ref="办字〔2026〕1号"))
    walk(S.REGISTERED, sender_ref="")
    no_ref = walk(S.SIGNED)
    services.incoming_register(actor=people["zhouting"], document=no_ref, data=registration(sender_ref=""))
    assert fresh(other).state == fresh(no_ref).state == S.REGISTERED


def test_serials_run_on_and_a_refused_registration_takes_no_number(walk, people):
    serial = next_serial()
    first = walk(S.REGISTERED)
    refused = walk(S.SIGNED, secret_level=Clearance.SECRET)
    _try(lambda: services.incoming_register(
        actor=people["zhouting"], document=refused,
        data=registration(secret_level=Clearance.SECRET, secrecy_period="", copy_numbers="000003"),
    ), ValidationError, refused)
    second = walk(S.REGISTERED)
    assert [fresh(d).serial_display for d in (first, second)] == [f"收〔2026〕{serial}号", f"收〔2026〕{serial + 1}号"]


@pytest.mark.parametrize(("missing", "field", "message"), [
    ("secrecy_period", "secrecy_period", "涉密文件须注明保密期限。"),
    ("copy_numbers", "copy_numbers", "涉密文件须登记份号。"),
])
def test_classified_registration_needs_period_and_copy_numbers(walk, people, missing, field, message):
    doc = walk(S.SIGNED, secret_level=Clearance.SECRET)
    data = registration(secret_level=Clearance.SECRET, secrecy_period="10年", copy_numbers="000012")
    setattr(data, missing, "")
    error = _try(lambda: services.incoming_register(actor=people["zhouting"], document=doc, data=data),
                 ValidationError, doc)
    assert error.message_dict == {field: [message]}


def test_classified_registration_records_period_and_copy_numbers(walk, people):
    doc = walk(S.SIGNED, secret_level=Clearance.SECRET)
    services.incoming_register(actor=people["zhouting"], document=doc, data=registration(
        secret_level=Clearance.SECRET, secrecy_period="10年", copy_numbers="000012-000013", copies=2))
    doc = fresh(doc)
    assert (doc.secret_level, doc.secrecy_period, doc.copy_numbers, doc.copies) == (
        Clearance.SECRET, "10年", "000012-000013", 2)
    # Only the 初审's duty holders cleared for 秘密 have it on their desk.
    assert open_todos(doc) == {("incoming.review", u) for u in DIRECTORS}
    assert all(people[u].clearance >= Clearance.SECRET for u in DIRECTORS)


def test_internal_needs_no_secrecy_period(walk, people):
    doc = walk(S.SIGNED, secret_level=Clearance.INTERNAL)
    services.incoming_register(actor=people["zhouting"], document=doc,
                               data=registration(secret_level=Clearance.INTERNAL))
    assert fresh(doc).state == S.REGISTERED


def test_registrar_below_the_secret_level_is_refused(walk, people):
    """周婷 (秘密) signs for a 机密 document but cannot register it; 吴静 (机密) can."""
    doc = walk(S.SIGNED, secret_level=Clearance.CONFIDENTIAL)  # signed by 吴静
    data = registration(secret_level=Clearance.CONFIDENTIAL, secrecy_period="20年", copy_numbers="000001")
    with pytest.raises(Http404):  # she cannot even see it
        services.incoming_register(actor=people["zhouting"], document=doc, data=data)
    # A document received as 内部 and found to be 机密 at 登记: she sees it, but may not register it.
    doc = walk(S.SIGNED, secret_level=Clearance.INTERNAL)
    error = _try(lambda: services.incoming_register(actor=people["zhouting"], document=doc, data=data),
                 ValidationError, doc)
    assert list(error.message_dict) == ["secret_level"]
    services.incoming_register(actor=people["wujing"], document=doc, data=data)
    doc = fresh(doc)
    assert doc.secret_level == Clearance.CONFIDENTIAL and doc.registered_by == people["wujing"]
    # From now on only those cleared for 机密 see it: zhouting no longer does.
    assert not can(people["zhouting"], "view", doc)
    # 初审 is the 主任's (issue 10): 吴静 (秘书) no longer gets its to-do.
    assert open_todos(doc) == {("incoming.review", "liuxiaodong")}


def test_classified_arrival_waits_only_on_cleared_desks(people):
    doc = services.incoming_receive(actor=people["wujing"], sender_org="省委办公厅", title="某机密文件",
                                    secret_level=Clearance.CONFIDENTIAL)
    assert open_todos(doc) == {("incoming.sign", "liuxiaodong"), ("incoming.sign", "wujing")}


def test_only_office_staff_record_an_arrival(people):
    before = IncomingDocument.objects.count()
    for username in ("zhoujianhua", "wangjianguo", "qianli", "sysadmin", "auditor"):
        with pytest.raises(ValidationError):
            services.incoming_receive(actor=people[username], sender_org="省人社厅", title="关于某事的函")
    assert IncomingDocument.objects.count() == before


# --- 拟办 and 批示 with 密级 -------------------------------------------------------------


def test_proposing_to_a_leader_below_the_secret_level_is_refused(walk, people, units):
    junior = UserFactory(
        username="xinrenfujuzhang", full_name="新任副局长", role=Role.LEADER, unit=units["JLD"],
        clearance=Clearance.INTERNAL, title="副局长",
    )
    doc = walk(S.PROPOSING, secret_level=Clearance.SECRET)
    error = _try(lambda: services.incoming_propose(
        actor=people["liuxiaodong"], document=doc, proposal="拟呈新任副局长阅示。", leaders=[people["liminghua"], junior],
        lead_unit=units["ZCFG"],
    ), ValidationError, doc)
    assert error.message_dict == {"leaders": ["新任副局长的涉密等级低于文件密级。"]}
    # Nor can it be passed on to him.
    doc = walk(S.INSTRUCTING, secret_level=Clearance.SECRET)
    error = _try(lambda: services.incoming_instruct(
        actor=people["liminghua"], document=doc, text="请阅。", next_leader=junior), ValidationError, doc)
    assert error.message_dict == {"next_leader": ["新任副局长的涉密等级低于文件密级。"]}


def test_proposing_needs_a_proposal_and_leaders(walk, people, units):
    doc = walk(S.PROPOSING)
    director = people["liuxiaodong"]
    error = _try(lambda: services.incoming_propose(actor=director, document=doc, proposal="拟办。", leaders=[]),
                 ValidationError, doc)
    assert "leaders" in error.message_dict
    error = _try(lambda: services.incoming_propose(
        actor=director, document=doc, proposal="拟办。", leaders=[people["zhoujianhua"]]), ValidationError, doc)
    assert error.message_dict == {"leaders": ["呈批对象必须是局领导。"]}
    error = _try(lambda: services.incoming_propose(
        actor=director, document=doc, proposal=" ", leaders=[people["liminghua"]]), ValidationError, doc)
    assert "proposal" in error.message_dict


def test_the_leader_decides_the_departments_and_history_says_why(walk, people, units):
    """The 批示 may change what 拟办 proposed: RCKF leads instead, ZJRY assists."""
    doc = walk(S.INSTRUCTING)
    services.incoming_instruct(
        actor=people["liminghua"], document=doc, text="请人才处牵头，法规处、专技处配合。", lead_unit=units["RCKF"],
        assisting_units=[units["ZCFG"], units["ZJRY"], units["RCKF"]], workdays=3,
    )
    doc = fresh(doc)
    assert doc.state == S.HANDLING and doc.lead_unit == units["RCKF"]
    assert sorted(doc.assisting_units.values_list("code", flat=True)) == ["ZCFG", "ZJRY"]
    assert open_todos(doc) == {
        ("incoming.assign", "fengxiaoyan"), ("incoming.assist", "zhoujianhua"), ("incoming.assist", "hanxue"),
    }
    assert answer_for(doc) == ("RCKF", "fengxiaoyan", DeadlineState.OPEN)
    assert all(reason for reason, _user in reasons(doc)), reasons(doc)
    assert reasons(doc)[-1] == ("批示", "liminghua")
    assert can(people["hanxue"], "view", doc) and can(people["hanxue"], "assist", doc)


def test_the_last_leader_must_name_a_lead_unit(walk, people):
    doc = walk(S.PROPOSING)
    services.incoming_propose(actor=people["liuxiaodong"], document=doc, proposal="请领导阅示。",
                              leaders=[people["wangjianguo"]])
    error = _try(lambda: services.incoming_instruct(actor=people["wangjianguo"], document=doc, text="请办理。"),
                 ValidationError, doc)
    assert error.message_dict == {"lead_unit": ["请确定主办单位。"]}


def test_assigning_below_the_secret_level_is_refused(walk, people):
    doc = walk(S.HANDLING, secret_level=Clearance.SECRET)
    error = _try(lambda: services.incoming_assign(actor=people["zhoujianhua"], document=doc, handler=people["sunpeng"]),
                 ValidationError, doc)
    assert error.message_dict == {"handler": ["承办人的涉密等级低于文件密级。"]}
    services.incoming_assign(actor=people["zhoujianhua"], document=doc, handler=people["qianli"])
    assert can(people["qianli"], "view", doc) and not can(people["sunpeng"], "view", doc)


# --- 传阅 -------------------------------------------------------------------------------


def test_circulation_to_several_readers(walk, people):
    doc = walk(S.HANDLING, secret_level=Clearance.SECRET)
    p = people
    readers = [p["zhaozhigang"], p["chenxuemei"], p["wuguoqiang"]]
    for reader in readers:
        assert not can(reader, "view", doc)

    result = services.incoming_circulate(actor=p["zhouting"], document=doc, readers=readers, note="请各位领导阅。")
    assert result.sent == readers and result.already == []
    assert open_todos(doc) >= {("incoming.read", r.username) for r in readers}
    assert {t.kind for t in _todos(doc).filter(step="incoming.read")} == {TodoKind.READ}
    for reader in readers:
        assert can(reader, "view", doc)
        assert can(reader, "mark_read", doc)
    assert timeline(doc)[-1] == ("circulate", "zhouting", "请各位领导阅。")
    assert audit(doc)[-1] == ("incoming.circulate", "zhouting")
    assert AuditEvent.objects.filter(action="incoming.circulate", object_id=str(doc.pk)).get().detail == {
        "readers": [r.pk for r in readers]}

    # Nobody twice: a second round sends only to the new reader and reports the others.
    again = services.incoming_circulate(actor=p["sunhao"], document=doc, readers=[p["zhaozhigang"], p["hejun"]])
    assert again.sent == [p["hejun"]] and again.already == [p["zhaozhigang"]]
    assert Circulation.objects.filter(document=doc, reader=p["zhaozhigang"]).count() == 1

    # Each marks 已阅 once, with an optional comment.
    services.incoming_mark_read(actor=p["zhaozhigang"], document=doc, comment="已阅，请法规处抓紧办理。")
    circulation = Circulation.objects.get(document=doc, reader=p["zhaozhigang"])
    assert circulation.read_at is not None and circulation.comment == "已阅，请法规处抓紧办理。"
    assert ("incoming.read", "zhaozhigang") in done_todos(doc)
    assert timeline(doc)[-1] == ("mark_read", "zhaozhigang", "已阅，请法规处抓紧办理。")
    _try(lambda: services.incoming_mark_read(actor=p["zhaozhigang"], document=doc, comment="再阅。"),
         PermissionDenied, doc)
    services.incoming_mark_read(actor=p["chenxuemei"], document=doc)
    assert can(p["zhaozhigang"], "view", doc), "a reader keeps seeing what was circulated to him"

    # The office sees who has not read yet.
    unread = doc.circulations.filter(read_at__isnull=True).values_list("reader__username", flat=True)
    assert sorted(unread) == ["hejun", "wuguoqiang"]
    assert incoming_facts(p["zhouting"], doc).unread_reader_ids == {p["wuguoqiang"].pk, p["hejun"].pk}
    assert open_todos(doc) >= {("incoming.read", "wuguoqiang"), ("incoming.read", "hejun")}


def test_a_withdrawn_circulation_grant_takes_the_to_read_off_the_workbench(walk, people):
    """The security administrator revokes a 传阅 grant: the reader no longer opens the document,
    and its 待阅 is no longer on his workbench as a link to a page he cannot open."""
    from documents.models import IncomingUserObjectPermission
    from office.grants import grant_revoke, grant_source

    p = people
    doc = walk(S.HANDLING)
    services.incoming_circulate(actor=p["zhouting"], document=doc, readers=[p["wuguoqiang"]])
    assert ("incoming.read", "wuguoqiang") in open_todos(doc)
    grant = IncomingUserObjectPermission.objects.get(content_object=doc, user=p["wuguoqiang"])
    grant_revoke(actor=p["secadmin"], source=grant_source(IncomingUserObjectPermission._meta.label_lower), pk=grant.pk)
    assert not can(p["wuguoqiang"], "view", doc)
    assert ("incoming.read", "wuguoqiang") not in open_todos(doc)
    todo = Todo.objects.get(target_id=str(doc.pk), step="incoming.read", user=p["wuguoqiang"])
    assert todo.state == TodoState.WITHDRAWN


def test_circulating_only_to_those_already_reading_records_nothing(walk, people):
    doc = walk(S.HANDLING)
    services.incoming_circulate(actor=people["zhouting"], document=doc, readers=[people["zhaozhigang"]])
    before = snapshot(doc)
    result = services.incoming_circulate(actor=people["zhouting"], document=doc, readers=[people["zhaozhigang"]])
    assert result.sent == [] and result.already == [people["zhaozhigang"]]
    assert snapshot(doc) == before


def test_circulation_refuses_readers_below_clearance_and_administrators(walk, people):
    doc = walk(S.HANDLING, secret_level=Clearance.SECRET)
    for readers in ([people["zhaozhigang"], people["sunpeng"]], [people["auditor"]], []):
        _try(lambda: services.incoming_circulate(actor=people["zhouting"], document=doc, readers=readers),
             ValidationError, doc)
    error = _try(lambda: services.incoming_circulate(actor=people["zhouting"], document=doc,
                                                     readers=[people["sunpeng"]]), ValidationError, doc)
    assert "孙鹏" in error.message_dict["readers"][0]
    assert not can(people["sunpeng"], "view", doc)


def test_circulation_is_the_offices_and_runs_beside_the_main_line(walk, people):
    doc = walk(S.HANDLING)
    _try(lambda: services.incoming_circulate(actor=people["zhoujianhua"], document=doc,
                                             readers=[people["zhaozhigang"]]), PermissionDenied, doc)
    before_registration = walk(S.SIGNED)
    _try(lambda: services.incoming_circulate(actor=people["zhouting"], document=before_registration,
                                             readers=[people["zhaozhigang"]]), ValidationError, before_registration)
    # Circulating leaves the main line where it was.
    state, since = fresh(doc).state, fresh(doc).state_since
    services.incoming_circulate(actor=people["zhouting"], document=doc, readers=[people["zhaozhigang"]])
    assert (fresh(doc).state, fresh(doc).state_since) == (state, since)
    archived = walk(S.ARCHIVED)
    services.incoming_circulate(actor=people["zhouting"], document=archived, readers=[people["chenxuemei"]])
    services.incoming_mark_read(actor=people["chenxuemei"], document=archived)
    assert fresh(archived).state == S.ARCHIVED


def test_administrators_never_see_or_act(walk, people):
    docs = [walk(state) for state in (S.ARRIVED, S.REGISTERED, S.HANDLING, S.ARCHIVED)]
    for username in ("sysadmin", "secadmin", "auditor"):
        admin = people[username]
        assert not restrict(IncomingDocument.objects.all(), admin).exists()
        for doc in docs:
            assert not can(admin, "view", doc)
            for action in ("sign", "register", "review", "circulate", "archive", "report"):
                assert not can(admin, action, doc)


# --- who sees what ---------------------------------------------------------------------


@pytest.fixture
def library(walk):
    """A document in every corner of the design's "who sees what" row for 收文."""
    return {
        "arrived": walk(S.ARRIVED),
        "signed": walk(S.SIGNED),
        "registered": walk(S.REGISTERED),
        "returned": walk(S.RETURNED),
        "proposing": walk(S.PROPOSING),
        # ZCFG leads, RCKF assists, 李明华 (in charge of both) was asked.
        "instructing": walk(S.INSTRUCTING),
        "handling": walk(S.HANDLING, handler="qianli"),
        "secret": walk(S.HANDLING, secret_level=Clearance.SECRET, handler="qianli"),
        # 机密: above every department's clearance.
        "confidential": walk(S.INSTRUCTING, secret_level=Clearance.CONFIDENTIAL),
        # JYCJ leads, 赵志刚 (in charge of JYCJ) instructed, 郑燕 handles.
        "jycj": walk(S.HANDLING, leaders=["zhaozhigang"], lead="JYCJ", assisting=(), handler="zhengyan"),
        # Routed to 陈雪梅, who is not in charge of ZCFG.
        "routed": walk(S.INSTRUCTING, leaders=["chenxuemei"]),
    }


EVERYTHING_BUT_CONFIDENTIAL = {
    "arrived", "signed", "registered", "returned", "proposing", "instructing", "handling", "secret", "jycj", "routed",
}
SEES = {
    # office: all, within clearance (周婷 is cleared for 秘密, 刘晓东 for 机密)
    "zhouting": EVERYTHING_BUT_CONFIDENTIAL,
    "sunhao": EVERYTHING_BUT_CONFIDENTIAL,
    "liuxiaodong": EVERYTHING_BUT_CONFIDENTIAL | {"confidential"},
    # principal: all registered (not 到件 / 待登记)
    "wangjianguo": EVERYTHING_BUT_CONFIDENTIAL - {"arrived", "signed"} | {"confidential"},
    # deputies: routed to him, or his departments lead or assist
    "liminghua": {"instructing", "handling", "secret", "confidential", "routed"},
    "zhaozhigang": {"jycj"},
    "chenxuemei": {"routed"},
    # heads: their department leads or assists (within clearance)
    "zhoujianhua": {"instructing", "handling", "secret", "routed"},
    "fengxiaoyan": {"instructing", "handling", "secret", "routed"},
    "wuguoqiang": {"jycj"},
    "hanxue": set(),
    # staff: what they handle
    "qianli": {"handling", "secret"},
    "zhengyan": {"jycj"},
    "sunpeng": set(),
    "chenhao": set(),
    # 三员: nothing
    "sysadmin": set(),
    "secadmin": set(),
    "auditor": set(),
}


def test_who_sees_what(library, people):
    names = {doc.pk: name for name, doc in library.items()}
    wrong = {}
    for username, expected in SEES.items():
        user = people[username]
        mine = IncomingDocument.objects.filter(pk__in=names)
        seen = {names[pk] for pk in restrict(mine, user).values_list("pk", flat=True)}
        for name, doc in library.items():
            assert can(user, "view", doc) == (name in expected), (username, name)
        if seen != expected:
            wrong[username] = {"missing": expected - seen, "extra": seen - expected}
    assert not wrong, wrong


def test_a_reader_sees_only_what_was_circulated_to_him(library, people):
    sunpeng, chenhao = people["sunpeng"], people["chenhao"]
    services.incoming_circulate(actor=people["zhouting"], document=library["handling"], readers=[sunpeng, chenhao])
    for reader in (sunpeng, chenhao):
        mine = IncomingDocument.objects.filter(pk__in=[doc.pk for doc in library.values()])
        seen = set(restrict(mine, reader).values_list("pk", flat=True))
        assert seen == {library["handling"].pk}
