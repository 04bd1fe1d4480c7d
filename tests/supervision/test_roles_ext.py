"""The role matrix of the work plan, inspection, bulletin and export pages (supext): every URL × every
demo role → the expected answer. ``tests/test_role_matrix.py`` counts these patterns as covered."""

from __future__ import annotations

import pytest
from django.test import Client

from supervision.models import Bulletin, Finding, Inspection, SupervisedItem
from tests.test_role_matrix import ROLES, Case, Redirect, Request, _check, get, post, roles

ADMINS_404 = {"sysadmin": 404, "secadmin": 404, "auditor": 404}
BUSINESS = roles(200, **ADMINS_404)


def office(expect=200):
    return roles(404, office=expect)


def _inspection() -> Inspection:
    return Inspection.objects.filter(kind="special").order_by("id").first()


def _bulletin() -> Bulletin:
    return Bulletin.objects.get(period="year")


def _item(**lookup) -> SupervisedItem:
    return SupervisedItem.objects.filter(**lookup).order_by("id").first()


def on_inspection(suffix: str, method: str = "get", data: dict | None = None):
    return lambda ctx, user: Request(method, f"/supervision/inspections/{_inspection().pk}/{suffix}", data or {})


def on_bulletin(suffix: str, method: str = "get"):
    return lambda ctx, user: Request(method, f"/supervision/bulletins/{_bulletin().pk}/{suffix}")


def _rectify(ctx, user):
    finding = Finding.objects.filter(inspection=_inspection(), item__isnull=False).order_by("number").first()
    return Request("post", f"/supervision/inspections/{finding.inspection_id}/findings/{finding.pk}/rectify/")


def _notice(**lookup):
    return lambda ctx, user: Request("get", f"/supervision/exports/items/{_item(**lookup).pk}/notice.pdf")


def _on_item(suffix: str, method: str = "get", **lookup):
    return lambda ctx, user: Request(method, f"/supervision/items/{_item(**lookup).pk}/{suffix}")


def _to_inspection(ctx, user) -> str:
    return f"/supervision/inspections/{_inspection().pk}/"


EXT_MATRIX: dict[str, list[Case]] = {
    "supervision:plan_detail": [Case("年度工作要点", get("/supervision/plans/"), BUSINESS)],
    "supervision:plan_year": [
        Case("2026年度工作要点", get("/supervision/plans/2026/"), BUSINESS),
        Case("a year without a plan", get("/supervision/plans/2031/"), BUSINESS),
    ],
    "supervision:plan_task_add": [
        Case("添加重点任务", post("/supervision/plans/2026/tasks/new/", {"title": "推进人社数字化转型"}),
             office(Redirect("/supervision/plans/2026/"))),
        Case("GET is not allowed", get("/supervision/plans/2026/tasks/new/"), office(405)),
    ],
    "supervision:plan_template": [Case("导入模板", get("/supervision/plans/template.xlsx"), office())],
    "supervision:plan_import": [
        Case("导入页", get("/supervision/plans/import/"), office()),
        Case("导入 without a file", post("/supervision/plans/import/", {"year": "2026"}), office(400)),
    ],
    "supervision:plan_import_confirm": [
        Case("确认 with a forged token", post("/supervision/plans/import/confirm/", {"token": "forged"}),
             office(Redirect("/supervision/plans/import/"))),
    ],
    "supervision:plan_import_status": [
        Case("someone's (or no) import", get("/supervision/plans/import/999999/"), roles(404)),
    ],
    "supervision:plan_import_job_confirm": [
        Case("确认 someone's (or no) import", post("/supervision/plans/import/999999/confirm/"), roles(404)),
    ],
    "supervision:inspection_list": [Case("督查", get("/supervision/inspections/"), office())],
    "supervision:inspection_create": [
        Case("新建督查", get("/supervision/inspections/new/"), office()),
        Case("新建督查 with nothing", post("/supervision/inspections/new/"), office(400)),
    ],
    "supervision:inspection_detail": [
        Case("the demo's 专项督查", on_inspection(""), office()),
        Case("no such inspection", get("/supervision/inspections/999999/"), roles(404)),
    ],
    "supervision:inspection_edit": [Case("修改督查", on_inspection("edit/"), office())],
    "supervision:finding_add": [Case("记录问题 with nothing", on_inspection("findings/new/", "post"), office(400))],
    "supervision:finding_rectify": [
        Case("转整改 twice: refused with a message", _rectify, roles(404, office=Redirect("/supervision/inspections/"))),
    ],
    "supervision:inspection_report": [
        Case("督查报告 empty", on_inspection("report/", "post", {"report": ""}), office(400)),
    ],
    "supervision:finding_file": [Case("no such file", get("/supervision/inspections/files/999999/"), roles(404))],
    "supervision:file": [Case("no such 督办附件", get("/supervision/items/files/999999/"), roles(404))],
    "supervision:item_edit": [
        Case("修改 a draft (the office)", _on_item("edit/", state="draft"), office()),
        Case("修改 once handed over: no longer", _on_item("edit/", state="handling", lead_unit__code="ZCFG"), roles(404)),
    ],
    "supervision:milestone_done": [
        Case("no such 节点", _on_item("milestones/999999/done/", "post", state="handling", lead_unit__code="ZCFG"),
             roles(404)),
    ],
    "supervision:bulletin_list": [
        Case("督查通报", get("/supervision/bulletins/"), office()),
        Case("a month 13", post("/supervision/bulletins/", {"period": "month", "year": "2026", "index": "13"}),
             office(400)),
    ],
    "supervision:bulletin_detail": [Case("the demo's year bulletin", on_bulletin(""), office())],
    "supervision:bulletin_regenerate": [
        Case("重新统计", on_bulletin("regenerate/", "post"), office(Redirect("/supervision/bulletins/"))),
    ],
    "supervision:bulletin_outgoing": [
        Case("生成发文草稿", on_bulletin("outgoing/", "post"), office(Redirect("/documents/outgoing/"))),
    ],
    "supervision:bulletin_items": [
        Case("逾期未办结 behind the figure", on_bulletin("items/overdue/"), office()),
        Case("no such figure", on_bulletin("items/bogus/"), roles(404)),
    ],
    "supervision:ledger_export": [Case("台账", get("/supervision/exports/ledger.xlsx?light=red"), BUSINESS)],
    "supervision:item_notice": [
        Case("a 法规处 item 钱莉 handles", _notice(state="handling", lead_unit__code="ZCFG", handler__username="qianli"),
             BUSINESS),
        Case("a draft", _notice(state="draft"), office()),
    ],
}


def test_every_case_names_every_role():
    for key, cases in EXT_MATRIX.items():
        for case in cases:
            assert set(case.expect) == set(ROLES), f"{key} / {case.label}: roles missing"


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_ext(role, demo):
    from office.models import User
    from tests.conftest import DEMO_ROLES

    user = User.objects.get(username=DEMO_ROLES[role]) if role in DEMO_ROLES else None
    failures = []
    for key, cases in EXT_MATRIX.items():
        for case in cases:
            client = Client()
            if user is not None:
                client.force_login(user)
            request = case.build({}, user)
            response = getattr(client, request.method)(request.url, request.data, headers=request.headers)
            if problem := _check(response, case.expect[role]):
                failures.append(f"{key} / {case.label}: {request.method.upper()} {request.url}: {problem}")
    assert not failures, f"role {role}:\n" + "\n".join(failures)
