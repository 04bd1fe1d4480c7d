"""The role matrix of the 议题 and 纪要 pages: every URL × every demo role → the expected answer.
``tests/test_role_matrix.py`` counts these patterns as covered. The objects come from the demo
(:mod:`meetings.agenda.demo`): 钱莉's 议题 with 李明华, 人才处's draft, the 党组会议's 秘密 议题, …"""

from __future__ import annotations

import pytest
from django.test import Client

from meetings.models import AgendaCall, AgendaItem, Meeting, MeetingFile
from tests.test_role_matrix import ROLES, Case, Redirect, Request, _check, get, post, roles

ADMINS_404 = {"sysadmin": 404, "secadmin": 404, "auditor": 404}
BUSINESS = roles(200, **ADMINS_404)
WITH_LEADER = "关于修订《江城市人力资源市场管理办法》的议题"  # 法规处 (钱莉), waiting for 李明华
DRAFT = "关于举办2027年江城高层次人才洽谈会的议题"  # 人才处's draft
RETURNED = "关于城乡居民基础养老金调整方案的议题"  # 养老处's, returned by the office
ON_AGENDA = "关于开展2026年度行政执法案卷评查情况的汇报"  # 法规处 (孙鹏), on the 局长办公会议's agenda
SECRET = "关于部分处级干部职务任免的议题"  # 人事处's, 秘密, on the 党组会议's agenda


def _item(title):
    return AgendaItem.objects.get(title=title, carried_from__isnull=True)


def item(title, suffix="", method="get", data=None):
    return lambda ctx, user: Request(method, f"/meetings/agenda/{_item(title).pk}/{suffix}", data or {})


def material(title, suffix="", method="get"):
    def build(ctx, user):
        row = MeetingFile.objects.filter(agenda_item=_item(title)).order_by("id").first()
        return Request(method, f"/meetings/agenda/materials/{row.pk}/{suffix}")

    return build


def _call():
    return AgendaCall.objects.filter(meeting__kind__code="jzbg").order_by("id").first()


def call(suffix="", method="get"):
    return lambda ctx, user: Request(method, f"/meetings/agenda/calls/{_call().pk}/{suffix}")


def _upcoming():
    return Meeting.objects.filter(kind__code="jzbg", state="collecting").order_by("starts_at").first()


def _past():
    return Meeting.objects.filter(kind__code="jzbg", minutes__isnull=False).order_by("starts_at").first()


def agenda(suffix="", method="get", data=None):
    return lambda ctx, user: Request(method, f"/meetings/agenda/meeting/{_upcoming().pk}/{suffix}", data or {})


def minutes(suffix="", method="get"):
    return lambda ctx, user: Request(method, f"/meetings/minutes/meeting/{_past().pk}/{suffix}")


#: 钱莉's 议题: the office, the principal, the leader in charge, 法规处's head and 钱莉 herself.
SEEN_WITH_LEADER = BUSINESS
SEEN_SECRET = roles(404, office=200, principal=200, deputy=200)

AGENDA_MATRIX: dict[str, list[Case]] = {
    "meetings:agenda_list": [
        Case("议题", get("/meetings/agenda/"), BUSINESS),
        Case("待我办理, a box that is not there", get("/meetings/agenda/?box=nope&page=x"), BUSINESS),
    ],
    "meetings:agenda_create": [
        Case(
            "报送议题 form for the call",
            lambda ctx, user: Request("get", f"/meetings/agenda/new/?call={_call().pk}"),
            roles(404, office=200, dept_head=200, staff=200),
        ),
        Case("no call named", get("/meetings/agenda/new/?call=abc"), roles(404)),
    ],
    "meetings:agenda_detail": [
        Case("钱莉's 议题 with the leader", item(WITH_LEADER), SEEN_WITH_LEADER),
        Case("人才处's draft", item(DRAFT), roles(404, office=200, principal=200)),
        Case("the 秘密 党组 议题", item(SECRET), SEEN_SECRET),
        Case("no such 议题", get("/meetings/agenda/999999/"), roles(404)),
    ],
    "meetings:agenda_edit": [
        Case(
            "养老处's returned 议题 (only its department edits)",
            item(RETURNED, "edit/"),
            roles(404, office=403, principal=403),
        ),
    ],
    "meetings:material_download": [
        Case("a material on the agenda", material(ON_AGENDA), roles(200, staff=404, **ADMINS_404)),
        Case("the 秘密 干部考察材料", material(SECRET), SEEN_SECRET),
    ],
    "meetings:material_upload": [
        Case(
            "nothing chosen",
            item(WITH_LEADER, "materials/", "post"),
            roles(400, principal=403, deputy=403, **ADMINS_404),
        ),
    ],
    "meetings:material_remove": [
        Case(
            "a material on the agenda (the office's, now)",
            material(ON_AGENDA, "remove/", "post"),
            roles(403, office=Redirect("/meetings/agenda/"), staff=404, **ADMINS_404),
        ),
    ],
    "meetings:agenda_action": [
        Case("an action that does not exist", item(WITH_LEADER, "do/fly/", "post"), roles(404)),
        Case(
            "分管领导同意 (李明华 only)",
            item(WITH_LEADER, "do/leader_approve/", "post", {"opinion": "同意。"}),
            roles(403, deputy=Redirect("/meetings/agenda/"), **ADMINS_404),
        ),
    ],
    "meetings:call_list": [Case("议题征集", get("/meetings/agenda/calls/"), BUSINESS)],
    "meetings:call_create": [
        Case("征集 form", get("/meetings/agenda/calls/new/"), roles(404, office=200)),
        Case("nothing filled in: the form again", post("/meetings/agenda/calls/new/"), roles(404, office=400)),
    ],
    "meetings:call_detail": [Case("the 局长办公会议's call", call(), BUSINESS)],
    "meetings:call_close": [
        Case(
            "关闭征集 (the office)",
            call("close/", "post"),
            roles(403, office=Redirect("/meetings/agenda/calls/"), **ADMINS_404),
        ),
    ],
    "meetings:meeting_agenda": [
        Case("the 局长办公会议's agenda", agenda(), roles(404, office=200, principal=200, deputy=200)),
    ],
    "meetings:meeting_agenda_action": [
        Case("no such step", agenda("do/fly/", "post"), roles(404)),
        Case(
            "an order that leaves out 议题: nothing changed",
            agenda("do/order/", "post", {"order": "1"}),
            roles(404, office=400, principal=403, deputy=403),
        ),
    ],
    "meetings:minutes_detail": [
        Case("the past 局长办公会议's 纪要", minutes(), roles(200, staff=404, **ADMINS_404)),
    ],
    "meetings:minutes_action": [
        Case("no such step", minutes("do/fly/", "post"), roles(404)),
        Case(
            "送发文 again: already issued",
            minutes("do/submit/", "post"),
            roles(403, office=400, staff=404, **ADMINS_404),
        ),
    ],
}


@pytest.mark.parametrize("role", ROLES)
def test_agenda_role_matrix(role, demo):
    user = demo.get(role)
    failures = []
    for key, cases in AGENDA_MATRIX.items():
        for case in cases:
            assert set(case.expect) == set(ROLES), f"{key} / {case.label}: roles missing"
            client = Client()
            if user is not None:
                client.force_login(user)
            request = case.build({}, user)
            response = getattr(client, request.method)(request.url, request.data, headers=request.headers)
            if problem := _check(response, case.expect[role]):
                failures.append(f"{key} / {case.label}: {request.method.upper()} {request.url}: {problem}")
    assert not failures, f"role {role}:\n" + "\n".join(failures)
