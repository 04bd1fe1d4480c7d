"""The role matrix of the 办事 pages: every URL × every demo role → the expected answer.
``tests/test_role_matrix.py`` counts these patterns as covered."""

from __future__ import annotations

import pytest
from django.test import Client

from tasks.models import AffairRequest
from tests.test_role_matrix import ROLES, Case, Redirect, Request, _check, get, post, roles

ADMINS_404 = {"sysadmin": 404, "secadmin": 404, "auditor": 404}
BUSINESS = roles(200, **ADMINS_404)
RECEPTION_DONE = "接待省人力资源和社会保障厅就业工作督查组"  # 就业处's: office and principal see it
RETURNED = "法规处档案柜购置"  # 钱莉's (法规处), returned: she may edit and resubmit
PENDING_HEAD = "赴省厅参加立法工作培训差旅费"  # 孙鹏's (法规处), waiting for 处长 周建华
APPROVED_RECEPTION = "接待省社保中心养老保险经办调研"  # 养老处's, approved: 接待清单 next


TRIP_PENDING = "赴省人社厅报送立法调研材料"  # 钱莉's (法规处) 用车, waiting for 处长 周建华
TRIP_WAITING = "欠薪案件现场调查（江城建工集团项目部）"  # 监察处's, approved: 派车 next (the office)
OFFICE_ONLY = roles(404, office=200)


def _pk(title: str) -> int:
    return AffairRequest.objects.get(title=title).pk


def on(title: str, suffix: str = "", method: str = "get", data: dict | None = None):
    return lambda ctx, user: Request(method, f"/tasks/{_pk(title)}/{suffix}", data or {})


def _dispatch(ctx, user) -> Request:
    from tasks.models import Driver, Vehicle

    data = {"vehicle": Vehicle.objects.get(plate="江A·G3051").pk, "driver": Driver.objects.get(name="陈志刚").pk}
    return Request("post", f"/tasks/{_pk(TRIP_WAITING)}/dispatch/", data)


def _fleet(kind: str):
    def build(ctx, user) -> Request:
        from tasks.models import Driver, Vehicle

        pk = (Vehicle.objects.get(plate="江A·G1026") if kind == "vehicle" else Driver.objects.get(name="王建军")).pk
        return Request("get", f"/tasks/vehicles/fleet/{kind}/{pk}/", {})

    return build


def _letter(ctx, user) -> Request:
    obj = AffairRequest.objects.get(title=RECEPTION_DONE)
    return Request("get", f"/tasks/{obj.pk}/files/{obj.files.get().pk}/")


SEES_FLJ = roles(200, **ADMINS_404)  # a request of 法规处: its head, its staff's own, its leader in charge
SEES_JYC = roles(404, office=200, principal=200)

TASKS_MATRIX: dict[str, list[Case]] = {
    "tasks:home": [Case("办事", get("/tasks/"), BUSINESS)],
    "tasks:request_list": [
        Case("公务接待", get("/tasks/reception/"), BUSINESS),
        Case(
            "待我审批, filtered", get("/tasks/expense/?box=waiting&state=pending&year=2026&q=培训&order=old"), BUSINESS
        ),
        Case("bad filters: the list and the error", get("/tasks/seal/?box=all&year=abc&state=nope"), BUSINESS),
        Case("用车", get("/tasks/vehicle/?box=mine"), BUSINESS),
        Case("no such kind", get("/tasks/car/"), roles(404)),
    ],
    "tasks:request_export": [Case("导出", get("/tasks/expense/export.xlsx?box=all"), BUSINESS)],
    "tasks:reception_create": [
        Case("新建公务接待", get("/tasks/reception/new/"), BUSINESS),
        Case("nothing filled in: the form again", post("/tasks/reception/new/"), roles(400, **ADMINS_404)),
    ],
    "tasks:expense_create": [Case("新建财务支出", get("/tasks/expense/new/"), BUSINESS)],
    "tasks:seal_create": [Case("新建用印", get("/tasks/seal/new/"), BUSINESS)],
    "tasks:loan_create": [Case("借阅: the catalogue", get("/tasks/loan/new/"), BUSINESS)],
    "tasks:request_detail": [
        Case("就业处's reception", on(RECEPTION_DONE), SEES_JYC),
        Case("法规处's returned expense", on(RETURNED), SEES_FLJ),
        Case("孙鹏's pending expense: not 钱莉's", on(PENDING_HEAD), roles(200, staff=404, **ADMINS_404)),
        Case("no such request", get("/tasks/999999/"), roles(404)),
    ],
    "tasks:request_edit": [
        Case("修改: the requester's only", on(RETURNED, "edit/"), roles(404, staff=200)),
    ],
    "tasks:request_attach": [
        Case(
            "上传材料 without a file",
            on(RETURNED, "attach/", "post"),
            roles(404, staff=Redirect("/tasks/"), office=Redirect("/tasks/")),
        ),
    ],
    "tasks:request_file": [Case("公函 of 就业处's reception", _letter, SEES_JYC)],
    "tasks:reception_list_fill": [
        Case("接待清单: requester or office", on(APPROVED_RECEPTION, "reception-list/"), roles(404, office=200)),
    ],
    "tasks:request_action": [
        Case(
            "approve out of turn / not in the chain",
            on(PENDING_HEAD, "approve/", "post"),
            roles(403, staff=404, dept_head=Redirect("/tasks/"), **ADMINS_404),
        ),
        Case("an unknown step", on(PENDING_HEAD, "explode/", "post"), roles(404)),
    ],
    "tasks:budget_list": [Case("预算执行", get("/tasks/budget/?year=2026"), BUSINESS)],
    "tasks:seal_ledger": [Case("用印登记簿", get("/tasks/seals/ledger/"), roles(404, office=200))],
    "tasks:seal_ledger_export": [Case("用印登记簿.xlsx", get("/tasks/seals/ledger.xlsx"), roles(404, office=200))],
    # 用车
    "tasks:vehicle_create": [
        Case("新建用车", get("/tasks/vehicle/new/"), BUSINESS),
        Case("nothing filled in: the form again", post("/tasks/vehicle/new/"), roles(400, **ADMINS_404)),
    ],
    "tasks:vehicle_week": [
        Case("车辆使用情况", get("/tasks/vehicles/week/"), OFFICE_ONLY),
        Case("by driver, a bad week", get("/tasks/vehicles/week/?by=driver&week=nope"), OFFICE_ONLY),
    ],
    "tasks:dispatch_queue": [Case("派车", get("/tasks/vehicles/dispatch/"), OFFICE_ONLY)],
    "tasks:fleet": [Case("车辆与驾驶员", get("/tasks/vehicles/fleet/"), OFFICE_ONLY)],
    "tasks:fleet_vehicle_create": [
        Case("新增车辆", get("/tasks/vehicles/fleet/vehicle/new/"), OFFICE_ONLY),
        Case("新增车辆, nothing filled in", post("/tasks/vehicles/fleet/vehicle/new/"), roles(404, office=400)),
    ],
    "tasks:fleet_vehicle_edit": [
        Case("修改车辆", _fleet("vehicle"), OFFICE_ONLY),
        Case("no such vehicle", get("/tasks/vehicles/fleet/vehicle/999999/"), roles(404)),
    ],
    "tasks:fleet_driver_create": [Case("新增驾驶员", get("/tasks/vehicles/fleet/driver/new/"), OFFICE_ONLY)],
    "tasks:fleet_driver_edit": [Case("修改驾驶员", _fleet("driver"), OFFICE_ONLY)],
}

TASKS_MATRIX["tasks:request_detail"] += [
    Case("钱莉's 用车 waiting for her 处长", on(TRIP_PENDING), roles(200, **ADMINS_404)),
    Case("监察处's approved 用车", on(TRIP_WAITING), SEES_JYC),
]
TRIP_BACK = "赴市中级人民法院参加行政诉讼庭审"  # 钱莉's (法规处) 用车, dispatched and back
TASKS_MATRIX["tasks:trip_slip"] = [
    Case("派车单 of 法规处's trip", on(TRIP_BACK, "trip-slip/"), SEES_FLJ),
    Case("no 派车单 before 派车", on(TRIP_PENDING, "trip-slip/"), roles(404)),
]
TASKS_MATRIX["tasks:request_edit"] += [
    Case("修改用车: not while it waits for approval", on(TRIP_PENDING, "edit/"), roles(404)),
]
TASKS_MATRIX["tasks:request_action"] += [
    # The principal sees the request but has no vehicles to choose from: the form is refused before the step
    # (office.workflow.views.StepActionView validates the form first), nothing changes.
    Case("派车: the office's", _dispatch, roles(404, office=Redirect("/tasks/"), principal=400)),
]


def test_every_case_names_every_role():
    for key, cases in TASKS_MATRIX.items():
        for case in cases:
            assert set(case.expect) == set(ROLES), f"{key} / {case.label}: roles missing"


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_tasks(role, demo):
    from office.models import User
    from tests.conftest import DEMO_ROLES

    user = User.objects.get(username=DEMO_ROLES[role]) if role in DEMO_ROLES else None
    failures = []
    for key, cases in TASKS_MATRIX.items():
        for case in cases:
            client = Client()
            if user is not None:
                client.force_login(user)
            request = case.build({}, user)
            response = getattr(client, request.method)(request.url, request.data, headers=request.headers)
            if problem := _check(response, case.expect[role]):
                failures.append(f"{key} / {case.label}: {request.method.upper()} {request.url}: {problem}")
    assert not failures, f"role {role}:\n" + "\n".join(failures)
