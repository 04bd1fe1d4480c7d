"""The role matrix of the 政务信息 pages: every URL × every demo role → the expected answer.
``tests/test_role_matrix.py`` counts these patterns as covered."""

from __future__ import annotations

import pytest
from django.test import Client

from documents.models import InformationInstruction, InformationIssue, InformationItem, InformationRequest
from tests.test_role_matrix import ROLES, Case, Redirect, Request, _check, get, post, roles

ADMINS_404 = {"sysadmin": 404, "secadmin": 404, "auditor": 404}
BUSINESS = roles(200, **ADMINS_404)
BASE = "/documents/information/"
#: From the demo (documents/information/demo.py).
DRAFT = "法规处推进规范性文件合法性审核全覆盖（草稿）"  # 钱莉's draft
PENDING = "法规处第四季度行政复议应诉工作进展"  # 钱莉's, waiting for 周建华
QUEUED = "人才处举办高层次人才洽谈会引进人才320名"  # in the office's queue
IN_ISSUE = "法规处建立行政执法案卷评查常态化机制"  # 钱莉's, adopted, in the latest issue, 批示 转督办


def office(expect=200):
    return roles(404, office=expect)


def department(expect=200):
    return roles(404, dept_head=expect, staff=expect)


def on_item(title: str, suffix: str = "", method: str = "get", data: dict | None = None):
    return lambda ctx, user: Request(
        method, f"{BASE}{InformationItem.objects.get(title=title).pk}/{suffix}", data or {}
    )


def _request() -> InformationRequest:
    return InformationRequest.objects.get(state="open")


def on_request(suffix: str = "", method: str = "get"):
    return lambda ctx, user: Request(method, f"{BASE}requests/{_request().pk}/{suffix}")


def _issue() -> InformationIssue:
    return InformationIssue.objects.filter(entries__item__title=IN_ISSUE).get()


def on_issue(suffix: str = "", method: str = "get", data: dict | None = None):
    return lambda ctx, user: Request(method, f"{BASE}issues/{_issue().pk}/{suffix}", data or {})


def _supervise(ctx, user):
    instruction = InformationInstruction.objects.get(item__title=IN_ISSUE)
    return Request("post", f"{BASE}instructions/{instruction.pk}/supervise/")


def _draft_attachment(ctx, user):
    """A file on 钱莉's draft, to be removed (only she may, while it is a draft or returned)."""
    from documents.models import Attachment

    item = InformationItem.objects.get(title=DRAFT)
    row = Attachment.objects.create(
        information=item, original_name="附表.pdf", stored_name=f"2026/matrix{item.pk}", content_type="application/pdf",
        size=10, sha256="0" * 64, uploaded_by=item.author,
    )
    return Request("post", f"{BASE}{item.pk}/attachments/{row.pk}/remove/")


PERIOD = "?period=year&year=2026"
INFO_MATRIX: dict[str, list[Case]] = {
    "documents:info_item_export": [Case("政务信息 as .xlsx", get(f"{BASE}export.xlsx?box=all"), BUSINESS)],
    "documents:info_item_list": [
        Case("政务信息", get(BASE), BUSINESS),
        Case("待采编", get(f"{BASE}?box=submitted"), BUSINESS),
    ],
    "documents:info_item_create": [
        Case("撰写信息", get(f"{BASE}new/"), department()),
        Case("撰写 with nothing: the form again", post(f"{BASE}new/"), department(400)),
    ],
    "documents:info_item_detail": [
        Case("钱莉's draft", on_item(DRAFT), department()),
        Case("人才处's item in the queue", on_item(QUEUED), office()),
        Case("an item in the latest 信息专报", on_item(IN_ISSUE), BUSINESS),
        Case("no such item", get(f"{BASE}999999/"), roles(404)),
    ],
    "documents:info_item_edit": [
        Case("修改 钱莉's draft", on_item(DRAFT, "edit/"), department()),
        Case("编辑 an item in the queue", on_item(QUEUED, "edit/"), office()),
        Case("an adopted item is not edited", on_item(IN_ISSUE, "edit/"), roles(404)),
    ],
    "documents:info_item_action": [
        Case(
            "审核报送 without the 保密审查: refused, nothing changed",
            on_item(PENDING, "do/approve/", "post"),
            roles(404, dept_head=400, staff=403),
        ),
        Case("采用 with no text (the office only)", on_item(QUEUED, "do/adopt/", "post"), office(400)),
        Case(
            "领导批示 with no text (leaders it was sent to)",
            on_item(IN_ISSUE, "do/instruct/", "post"),
            roles(403, principal=400, deputy=400, **ADMINS_404),
        ),
        Case("an action that does not exist", on_item(DRAFT, "do/fly/", "post"), roles(404)),
        Case("GET is not allowed", on_item(DRAFT, "do/submit/"), roles(405, **ADMINS_404)),
    ],
    "documents:info_item_compare": [
        Case(
            "稿本比对",
            lambda ctx, user: Request(
                "get", f"{BASE}{InformationItem.objects.get(title=IN_ISSUE).pk}/compare/?a=1&b=1"
            ),
            BUSINESS,
        ),
    ],
    "documents:info_attachment_upload": [
        Case("上传 without a file", on_item(DRAFT, "attachments/", "post"), department(Redirect(BASE))),
    ],
    "documents:info_attachment_remove": [
        Case(
            "删除附件 of 钱莉's draft (its author only)",
            _draft_attachment,
            roles(404, staff=Redirect(BASE), dept_head=403),
        ),
        Case("GET is not allowed", on_item(DRAFT, "attachments/1/remove/"), roles(405)),
    ],
    "documents:info_request_list": [Case("信息约稿", get(f"{BASE}requests/"), BUSINESS)],
    "documents:info_request_create": [
        Case("发起约稿", get(f"{BASE}requests/new/"), office()),
        Case("发起约稿 with nothing", post(f"{BASE}requests/new/"), office(400)),
    ],
    "documents:info_request_detail": [
        Case("the open 约稿", on_request(), roles(200, principal=404, deputy=404, **ADMINS_404)),
    ],
    "documents:info_instruction_supervise": [
        Case("转督办 twice: refused with a message", _supervise, roles(403, office=Redirect(BASE), **ADMINS_404)),
    ],
    "documents:info_issue_list": [
        Case("信息专报", get(f"{BASE}issues/"), BUSINESS),
        Case(
            "新建一期",
            post(f"{BASE}issues/", {"publication": "special"}),
            roles(403, office=Redirect(f"{BASE}issues/"), **ADMINS_404),
        ),
    ],
    "documents:info_issue_detail": [
        Case("the latest issue", on_issue(), roles(404, office=200, principal=200, deputy=200)),
    ],
    "documents:info_issue_pdf": [
        Case("its bulletin", on_issue("bulletin.pdf"), roles(404, office=200, principal=200, deputy=200)),
    ],
    "documents:info_issue_action": [
        Case(
            "已阅",
            on_issue("do/read/", "post"),
            roles(
                404,
                office=Redirect(f"{BASE}issues/"),
                principal=Redirect(f"{BASE}issues/"),
                deputy=Redirect(f"{BASE}issues/"),
            ),
        ),
        Case(
            "报送 again with nothing: refused",
            on_issue("do/send/", "post"),
            roles(404, office=400, principal=403, deputy=403),
        ),
        Case("an action that does not exist", on_issue("do/fly/", "post"), roles(404)),
    ],
    "documents:info_stats": [
        Case("统计排名", get(f"{BASE}scores/"), office()),
        Case("a year", get(f"{BASE}scores/{PERIOD}"), office()),
        Case("a month 13", get(f"{BASE}scores/?period=month&year=2026&index=13"), office(400)),
    ],
    "documents:info_stats_items": [
        Case("the items behind 采用", get(f"{BASE}scores/items/{PERIOD}&figure=adopted"), office()),
        Case("no such figure", get(f"{BASE}scores/items/{PERIOD}&figure=bogus"), roles(404)),
    ],
    "documents:info_score_rules": [
        Case("计分规则", get(f"{BASE}scores/rules/"), office()),
        Case("计分规则 with nothing", post(f"{BASE}scores/rules/"), office(400)),
    ],
    "documents:info_ranking_outgoing": [
        Case(
            "生成通报",
            post(f"{BASE}scores/ranking/", {"period": "year", "year": "2026"}),
            office(Redirect("/documents/outgoing/")),
        ),
    ],
    "documents:info_request_close": [
        Case(
            "结束约稿",
            on_request("close/", "post"),
            roles(403, office=Redirect(f"{BASE}requests/"), principal=404, deputy=404, **ADMINS_404),
        ),
    ],
}


def test_every_case_names_every_role():
    for key, cases in INFO_MATRIX.items():
        for case in cases:
            assert set(case.expect) == set(ROLES), f"{key} / {case.label}: roles missing"


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_information(role, demo):
    from office.models import User
    from tests.conftest import DEMO_ROLES

    user = User.objects.get(username=DEMO_ROLES[role]) if role in DEMO_ROLES else None
    failures = []
    for key, cases in INFO_MATRIX.items():
        for case in cases:
            client = Client()
            if user is not None:
                client.force_login(user)
            request = case.build({}, user)
            response = getattr(client, request.method)(request.url, request.data, headers=request.headers)
            if problem := _check(response, case.expect[role]):
                failures.append(f"{key} / {case.label}: {request.method.upper()} {request.url}: {problem}")
    assert not failures, f"role {role}:\n" + "\n".join(failures)
