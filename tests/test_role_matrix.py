"""The role matrix: every URL of the project × every demo role → the expected answer.

The test walks the project's URL resolver (``office.urls``) and fails when

- a URL pattern exists that :data:`MATRIX` does not cover (a new page must say who may
  open it before it ships), or
- :data:`MATRIX` covers a pattern that no longer exists (the table must not rot).

Django admin (``admin/``) is one entry: its own pages are checked in
``tests/office/test_admin.py``; here only its front door (index and login page).

Each entry holds one or more :class:`Case`: a request builder (method, URL with real ids,
data) and the answer expected for each role of :data:`ROLES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from documents.models import IncomingDocument, OutgoingDocument
from office.models import Deadline, Notification, User
from supervision.models import SupervisedItem
from tests.conftest import DEMO_ROLES
from tests.factories import NotificationFactory

ANONYMOUS = "anonymous"
ROLES = (ANONYMOUS, *DEMO_ROLES)
ADMINS = ("sysadmin", "secadmin", "auditor")
BUSINESS = tuple(role for role in DEMO_ROLES if role not in ADMINS)
#: The one pattern standing for everything under ``admin/``.
ADMIN_ENTRY = "admin"


# --- walking the resolver -----------------------------------------------------


def url_pattern_keys(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> list[str]:
    """Every URL pattern of the project: ``namespace:name``, or its route when unnamed."""
    resolver = resolver or get_resolver("office.urls")
    keys = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace == ADMIN_ENTRY or pattern.app_name == ADMIN_ENTRY:
                keys.append(ADMIN_ENTRY)
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            keys.extend(url_pattern_keys(pattern, route, inner))
        else:
            assert isinstance(pattern, URLPattern)
            keys.append(f"{namespace}{pattern.name}" if pattern.name else route)
    return keys


# --- expectations -------------------------------------------------------------


@dataclass(frozen=True)
class Redirect:
    """A 302 whose Location starts with ``to``."""

    to: str
    status: int = 302

    def __str__(self) -> str:
        return f"{self.status} → {self.to}…"


LOGIN = Redirect("/accounts/login/?next=")
ADMIN_LOGIN = Redirect("/admin/login/?next=")
Expect = int | Redirect


def roles(default: Expect, **overrides: Expect) -> dict[str, Expect]:
    """An expectation for every role: ``default`` unless overridden (``anonymous`` defaults to LOGIN)."""
    table = {role: default for role in ROLES}
    table[ANONYMOUS] = LOGIN
    table.update(overrides)
    return table


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    data: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    label: str
    build: Callable[[dict, User | None], Request]
    expect: dict[str, Expect]


def get(url: str, headers: dict | None = None) -> Callable[[dict, User | None], Request]:
    return lambda ctx, user: Request("get", url, headers=headers or {})


def post(url: str, data: dict | None = None) -> Callable[[dict, User | None], Request]:
    return lambda ctx, user: Request("post", url, data or {})


def _own_notification(ctx: dict, user: User | None) -> Request:
    note = ctx["own_notes"].get(user.pk) if user else None
    note = note or ctx["foreign_note"]
    return Request("post", f"/notifications/{note.pk}/open/")


def _foreign_notification(ctx: dict, user: User | None) -> Request:
    return Request("post", f"/notifications/{ctx['foreign_note'].pk}/open/")


def _doc(name: str, suffix: str, method: str = "get") -> Callable[[dict, User | None], Request]:
    """A request to one of the demo documents (see matrix_context)."""
    return lambda ctx, user: Request(method, f"/documents/incoming/{ctx['docs'][name].pk}/{suffix}")


def _out(name: str, suffix: str, method: str = "get", data: dict | None = None):
    """A request to one of the demo 发文 (see matrix_context)."""
    return lambda ctx, user: Request(method, f"/documents/outgoing/{ctx['out'][name].pk}/{suffix}", data or {})


def _chain(name: str, suffix: str):
    """The chain of one of the demo 收文 (see matrix_context)."""
    return lambda ctx, user: Request("get", f"/chain/documents.incomingdocument/{ctx['docs'][name].pk}/{suffix}")


def _pick_readers(name: str):
    """The 传阅 picker's matches for one of the demo 收文."""
    return lambda ctx, user: Request("get", f"/pick/documents.incoming.readers/?doc={ctx['docs'][name].pk}&q=%E5%A4%84")


def _out_attachment(name: str, method: str, action: str = "remove"):
    def build(ctx, user):
        doc = ctx["out"][name]
        attachment = doc.attachments.order_by("id").first()
        pk = attachment.pk if attachment else 999999
        return Request(method, f"/documents/outgoing/{doc.pk}/attachments/{pk}/{action}/")

    return build


def _item(name: str, suffix: str, method: str = "get", data: dict | None = None):
    """A request to one of the demo 督办事项 (see matrix_context)."""
    return lambda ctx, user: Request(method, f"/supervision/items/{ctx['items'][name].pk}/{suffix}", data or {})


#: pattern key → the cases that cover it.
MATRIX: dict[str, list[Case]] = {
    "office:workbench": [
        Case("workbench", get("/"), roles(200)),
        Case("workbench, htmx tab", get("/?tab=notifications", {"HX-Request": "true"}), roles(200)),
    ],
    "office:notification_open": [
        Case("own notification", _own_notification, roles(Redirect("/"))),
        Case("someone else's notification", _foreign_notification, roles(404)),
        Case("GET is not allowed", lambda ctx, user: Request("get", f"/notifications/{ctx['foreign_note'].pk}/open/"),
             roles(405)),
    ],
    "office:notification_read_all": [
        Case("mark all read", post("/notifications/read-all/"), roles(Redirect("/?tab=notifications"))),
        Case("GET is not allowed", get("/notifications/read-all/"), roles(405)),
    ],
    "office:board": [
        Case("看板", get("/board/"), roles(200, staff=404, sysadmin=404, secadmin=404, auditor=404)),
        Case("看板, the organ's totals", get("/board/?scope=organ"),
             roles(200, staff=404, sysadmin=404, secadmin=404, auditor=404)),
    ],
    "office:deadline_list": [
        Case("我的时限", get("/deadlines/"), roles(200, sysadmin=404, secadmin=404, auditor=404)),
    ],
    "office:deadline_detail": [
        Case("a 法规处 time limit (内部)", lambda ctx, user: Request("get", f"/deadlines/{ctx['deadline_zcfg'].pk}/"),
             roles(200, sysadmin=404, secadmin=404, auditor=404)),
        Case("a 工伤处 time limit (秘密)", lambda ctx, user: Request("get", f"/deadlines/{ctx['deadline_gsbx'].pk}/"),
             roles(200, deputy=404, dept_head=404, staff=404, sysadmin=404, secadmin=404, auditor=404)),
    ],
    "office:deadline_urge": [
        Case("催办 a 法规处 time limit",
             lambda ctx, user: Request("post", f"/deadlines/{ctx['deadline_zcfg'].pk}/urge/", {"message": "请抓紧办理。", "confirm": "1"}),
             roles(403, office=Redirect("/deadlines/"), sysadmin=404, secadmin=404, auditor=404)),
        Case("催办 a 工伤处 time limit",
             lambda ctx, user: Request("post", f"/deadlines/{ctx['deadline_gsbx'].pk}/urge/", {"message": "请抓紧办理。", "confirm": "1"}),
             roles(403, office=Redirect("/deadlines/"), deputy=404, dept_head=404, staff=404,
                   sysadmin=404, secadmin=404, auditor=404)),
        Case("GET is not allowed", lambda ctx, user: Request("get", f"/deadlines/{ctx['deadline_zcfg'].pk}/urge/"),
             roles(405, sysadmin=404, secadmin=404, auditor=404)),
    ],
    # --- 办文 · 收文 ---------------------------------------------------------------------
    "documents:incoming_list": [
        Case("收文 desk", get("/documents/incoming/"), roles(200, sysadmin=404, secadmin=404, auditor=404)),
        Case("收文 desk, a box and filters", get("/documents/incoming/?box=all&q=通知&year=2026&urgency=1"),
             roles(200, sysadmin=404, secadmin=404, auditor=404)),
    ],
    "documents:incoming_receive": [
        Case("到件 form", get("/documents/incoming/new/"), roles(404, office=200)),
    ],
    "documents:incoming_detail": [
        Case("a 法规处 document in 承办 (钱莉 handles it)", _doc("handling_zcfg", ""),
             roles(200, sysadmin=404, secadmin=404, auditor=404)),
        Case("a document just arrived", _doc("arrived", ""), roles(404, office=200)),
        Case("a 秘密 监察处 document", _doc("secret", ""), roles(404, office=200, principal=200)),
        Case("no such document", get("/documents/incoming/999999/"), roles(404)),
    ],
    "documents:incoming_register": [
        Case("登记 a signed document", _doc("signed", "register/"), roles(404, office=200)),
        Case("登记 a document in 承办", _doc("handling_zcfg", "register/"),
             roles(404, office=404, principal=404, deputy=404, dept_head=404, staff=404)),
    ],
    "documents:incoming_action": [
        Case("签收", _doc("arrived", "do/sign/", method="post"), roles(404, office=Redirect("/documents/incoming/"))),
        Case("确认办结 while still in 承办: a clear refusal", _doc("handling_zcfg", "do/confirm/", method="post"),
             roles(400, sysadmin=404, secadmin=404, auditor=404)),
        Case("an action that does not exist", _doc("handling_zcfg", "do/fly/", method="post"), roles(404)),
        Case("GET is not allowed", _doc("arrived", "do/sign/"), roles(405, sysadmin=404, secadmin=404, auditor=404)),
    ],
    "documents:attachment_upload": [
        Case("upload to a document in 承办 (no file: a message, nothing stored)",
             _doc("handling_zcfg", "attachments/", method="post"),
             roles(403, office=Redirect("/documents/incoming/"), dept_head=Redirect("/documents/incoming/"),
                   staff=Redirect("/documents/incoming/"), sysadmin=404, secadmin=404, auditor=404)),
    ],
    "documents:attachment_download": [
        Case("download an attachment of a document in 承办",
             lambda ctx, user: Request("get", f"/documents/attachments/{ctx['attachment'].pk}/download/"),
             roles(200, sysadmin=404, secadmin=404, auditor=404)),
    ],
    "documents:incoming_slip": [
        Case("处理笺 of a document in 承办", _doc("handling_zcfg", "slip/"),
             roles(200, sysadmin=404, secadmin=404, auditor=404)),
        Case("处理笺 of a 秘密 document", _doc("secret", "slip/"), roles(404, office=200, principal=200)),
    ],
    "documents:incoming_slip_pdf": [
        Case("处理笺 PDF of a document in 承办", _doc("handling_zcfg", "slip.pdf"),
             roles(200, sysadmin=404, secadmin=404, auditor=404)),
    ],
    "documents:archive_catalogue": [
        Case("归档文件目录", get("/documents/archive/?year=2026&retention=D30"),
             roles(200, sysadmin=404, secadmin=404, auditor=404)),
    ],
    "documents:archive_catalogue_export": [
        Case("归档文件目录 as .xlsx", get("/documents/archive/export.xlsx?year=2026"),
             roles(200, sysadmin=404, secadmin=404, auditor=404)),
    ],
    "documents:incoming_export": [
        Case("收文 desk, a box and filters, as .xlsx", get("/documents/incoming/export.xlsx?box=all&q=通知&year=2026"),
             roles(200, sysadmin=404, secadmin=404, auditor=404)),
    ],
    "documents:outgoing_export": [
        Case("发文 desk as .xlsx", get("/documents/outgoing/export.xlsx?box=all"),
             roles(200, sysadmin=404, secadmin=404, auditor=404)),
    ],
    # --- one chain per matter, exports prepared in the background (office.chain, office.exports) ----
    "office:chain": [
        Case("the chain of a 法规处 document in 承办", _chain("handling_zcfg", ""),
             roles(200, sysadmin=404, secadmin=404, auditor=404)),
        Case("the chain of a 秘密 监察处 document", _chain("secret", ""), roles(404, office=200, principal=200)),
    ],
    "office:chain_export": [
        Case("its 台账", _chain("handling_zcfg", "ledger.xlsx"), roles(200, sysadmin=404, secadmin=404, auditor=404)),
        Case("the 台账 of a 秘密 document", _chain("secret", "ledger.xlsx"), roles(404, office=200, principal=200)),
    ],
    "office:export_list": [
        Case("我的导出", get("/exports/"), roles(200, sysadmin=404, secadmin=404, auditor=404)),
    ],
    "office:export_download": [
        Case("the office's prepared export", lambda ctx, user: Request("get", f"/exports/{ctx['export_job'].pk}/download/"),
             roles(404, office=200)),
    ],
    # --- 办文 · 发文 ---------------------------------------------------------------------
    "documents:outgoing_list": [
        Case("发文 desk", get("/documents/outgoing/"), roles(200, sysadmin=404, secadmin=404, auditor=404)),
        Case("发文 desk, a box and filters", get("/documents/outgoing/?box=all&q=通知&year=2026&doc_type=circular"),
             roles(200, sysadmin=404, secadmin=404, auditor=404)),
    ],
    "documents:outgoing_create": [
        Case("起草 form", get("/documents/outgoing/new/"), roles(404, office=200, dept_head=200, staff=200)),
        Case("起草 with nothing filled in: the form again, nothing saved", post("/documents/outgoing/new/"),
             roles(404, office=400, dept_head=400, staff=400)),
    ],
    "documents:outgoing_detail": [
        Case("钱莉's draft (法规处, 起草中)", _out("drafting_zcfg", ""), roles(404, staff=200, dept_head=200, deputy=200)),
        Case("a 上行文 waiting for the principal's 签发", _out("signing_principal", ""),
             roles(404, principal=200, office=200)),
        Case("an issued document", _out("issued_open", ""), roles(200, sysadmin=404, secadmin=404, auditor=404)),
        Case("an issued 秘密 document sent to 监察处 and 劳动关系处", _out("issued_secret", ""),
             roles(404, principal=200, deputy=200, office=200)),
        Case("no such document", get("/documents/outgoing/999999/"), roles(404)),
    ],
    "documents:outgoing_edit": [
        Case("修改 the draft", _out("drafting_zcfg", "edit/"), roles(404, staff=200, dept_head=200)),
        Case("修改 an issued document", _out("issued_open", "edit/"), roles(404)),
    ],
    "documents:outgoing_salutation_remove": [
        # The draft's body has no repeated 主送 line: those who may edit are told so on its page.
        Case("删除正文第一行 of the draft", _out("drafting_zcfg", "remove-salutation/", "post"),
             roles(404, staff=Redirect("/documents/outgoing/"), dept_head=Redirect("/documents/outgoing/"), deputy=403)),
        # Those who see it are told it can no longer be edited; nothing changes.
        Case("删除正文第一行 of an issued document", _out("issued_open", "remove-salutation/", "post"),
             roles(Redirect("/documents/outgoing/"), sysadmin=404, secadmin=404, auditor=404)),
        Case("GET is not allowed", _out("drafting_zcfg", "remove-salutation/"),
             roles(405, sysadmin=404, secadmin=404, auditor=404)),
    ],
    "documents:outgoing_compare": [
        Case("compare 第1稿 and 第2稿", _out("drafting_zcfg", "compare/?a=1&b=2"),
             roles(404, staff=200, dept_head=200, deputy=200)),
        Case("compare with a version that does not exist", _out("drafting_zcfg", "compare/?a=1&b=9"), roles(404)),
        Case("compare without versions", _out("drafting_zcfg", "compare/?a=x"), roles(404)),
    ],
    "documents:outgoing_file": [
        Case("the issued PDF", _out("issued_open", "file.pdf"), roles(200, sysadmin=404, secadmin=404, auditor=404)),
        Case("the issued .docx", _out("issued_open", "file.docx"), roles(200, sysadmin=404, secadmin=404, auditor=404)),
        Case("a draft's preview", _out("drafting_zcfg", "file.pdf"), roles(404, staff=200, dept_head=200, deputy=200)),
        Case("a kind that does not exist", _out("issued_open", "file.exe"), roles(404)),
    ],
    "documents:outgoing_attachment_marked": [
        Case("an issued document's attachment with its 文号 and 附件N", _out_attachment("issued_open", "get", "marked"),
             roles(200, sysadmin=404, secadmin=404, auditor=404)),
        Case("a draft's attachment with the placeholder 文号", _out_attachment("drafting_zcfg", "get", "marked"),
             roles(404, staff=200, dept_head=200, deputy=200)),
    ],
    "documents:outgoing_attachment_upload": [
        Case("upload to the draft (no file: a message, nothing stored)", _out("drafting_zcfg", "attachments/", "post"),
             roles(404, staff=Redirect("/documents/outgoing/"), dept_head=Redirect("/documents/outgoing/"), deputy=403)),
        Case("upload to an issued document", _out("issued_open", "attachments/", "post"),
             roles(403, sysadmin=404, secadmin=404, auditor=404)),
    ],
    "documents:outgoing_attachment_remove": [
        Case("remove a file from an issued document", _out_attachment("issued_open", "post"),
             roles(Redirect("/documents/outgoing/"), sysadmin=404, secadmin=404, auditor=404)),
        Case("GET is not allowed", _out_attachment("drafting_zcfg", "get"), roles(405)),
        Case("remove the draft's file", _out_attachment("drafting_zcfg", "post"),
             roles(404, staff=Redirect("/documents/outgoing/"), dept_head=Redirect("/documents/outgoing/"), deputy=403)),
    ],
    "documents:outgoing_action": [
        Case("签发 an issued document: a clear refusal", _out("issued_open", "do/sign/", "post", {"opinion": "同意。"}),
             roles(400, sysadmin=404, secadmin=404, auditor=404)),
        Case("an action that does not exist", _out("drafting_zcfg", "do/fly/", "post"), roles(404)),
        Case("GET is not allowed", _out("drafting_zcfg", "do/submit/"),
             roles(405, sysadmin=404, secadmin=404, auditor=404)),
        Case("送审 the draft", _out("drafting_zcfg", "do/submit/", "post"),
             roles(404, staff=Redirect("/documents/outgoing/"), dept_head=Redirect("/documents/outgoing/"), deputy=403)),
    ],
    # --- 督查督办 ---------------------------------------------------------------------
    "supervision:item_list": [
        Case("督办事项", get("/supervision/items/"), roles(200, sysadmin=404, secadmin=404, auditor=404)),
        Case("督办事项, filters (a bad year: the whole list and a message)",
             get("/supervision/items/?light=red&source_kind=plan&overdue=true&q=就业&year=abc"),
             roles(200, sysadmin=404, secadmin=404, auditor=404)),
    ],
    "supervision:item_mine": [
        Case("我的督办", get("/supervision/items/mine/"), roles(200, sysadmin=404, secadmin=404, auditor=404)),
    ],
    "supervision:item_create": [
        Case("立项 form", get("/supervision/items/new/"), roles(404, office=200)),
        Case("立项 with nothing filled in: the form again, nothing saved", post("/supervision/items/new/"),
             roles(404, office=400)),
    ],
    "supervision:instruction_create": [
        Case("领导批办件 form", get("/supervision/items/instruction/new/"), roles(404, office=200)),
    ],
    "supervision:item_detail": [
        Case("a 法规处 item in 办理中 (钱莉 handles it)", _item("zcfg_handling", ""),
             roles(200, sysadmin=404, secadmin=404, auditor=404)),
        Case("a draft (立项, not yet 交办)", _item("draft", ""), roles(404, office=200)),
        Case("a 工伤处 item", _item("gsbx", ""), roles(404, office=200, principal=200)),
        Case("no such item", get("/supervision/items/999999/"), roles(404)),
    ],
    "supervision:item_action": [
        Case("进展反馈 (the 承办人 or the lead head only)",
             _item("zcfg_handling", "do/report/", "post", {"text": "已完成征求意见。", "percent": "95"}),
             roles(403, staff=Redirect("/supervision/items/"), dept_head=Redirect("/supervision/items/"),
                   sysadmin=404, secadmin=404, auditor=404)),
        Case("评价 while still 办理中: a clear refusal", _item("zcfg_handling", "do/evaluate/", "post", {"rating": "good"}),
             roles(400, sysadmin=404, secadmin=404, auditor=404)),
        Case("催办 a 工伤处 item (the office only)", _item("gsbx", "do/urge/", "post", {"message": "请抓紧办理。"}),
             roles(404, office=Redirect("/supervision/items/"), principal=403)),
        Case("an action that does not exist", _item("zcfg_handling", "do/fly/", "post"), roles(404)),
        Case("GET is not allowed", _item("zcfg_handling", "do/report/"),
             roles(405, sysadmin=404, secadmin=404, auditor=404)),
    ],
    "office:profile": [Case("profile", get("/profile/"), roles(200))],
    "office:password_change": [Case("password change form", get("/profile/password/"), roles(200))],
    "office:delegations": [
        Case("我的委托", get("/profile/delegations/"), roles(200, sysadmin=404, secadmin=404, auditor=404)),
    ],
    # The search fields' matches (office.picker): the choices through the policy, the document through it too.
    "office:picker": [
        Case("处室 to choose", get("/pick/documents.units/?q=处"), roles(200, sysadmin=404, secadmin=404, auditor=404)),
        Case("传阅 readers of a 法规处 document", _pick_readers("handling_zcfg"),
             roles(200, sysadmin=404, secadmin=404, auditor=404)),
        Case("传阅 readers of a 秘密 document", _pick_readers("secret"), roles(404, office=200, principal=200)),
        Case("an unknown source", get("/pick/no.such.source/"), roles(404, sysadmin=404)),
    ],
    "office:session_keepalive": [
        # JSON for the idle warning: the time left, or 401 (no login page) when there is no login.
        Case("time left", get("/session/keepalive/"), roles(200, anonymous=401)),
        Case("继续使用", post("/session/keepalive/"), roles(200, anonymous=401)),
    ],
    # Only a holder of the office duty 主任 (none in the demo; tests/office/test_approval_chains.py has one).
    "office:approval_rules": [
        Case("approval rules to confirm", get("/workflow/rules/"), roles(404)),
        Case("confirm a rule", post("/workflow/rules/", {"rule": "1"}), roles(404)),
    ],
    "login": [
        Case("login page", get("/accounts/login/"), roles(Redirect("/"), anonymous=200)),
    ],
    "logout": [
        Case("logout", post("/accounts/logout/"), roles(Redirect("/accounts/login/"))),
        Case("logout by GET is refused", get("/accounts/logout/"), roles(405)),
    ],
    "password_reset_slip": [
        Case("set a password with a sealed slip", get("/accounts/reset/slip/"), roles(200, anonymous=200)),
        Case("a wrong slip is refused", post("/accounts/reset/slip/", {"username": "qianli", "first": "A", "second": "B"}),
             roles(400, anonymous=400)),
    ],
    "password_reset_link": [
        Case("an unknown reset link", get("/accounts/reset/not-a-token/"), roles(404, anonymous=404)),
    ],
    "set_language": [
        Case("switch language", post("/i18n/setlang/", {"language": "zh-hans", "next": "/profile/"}),
             roles(Redirect("/profile/"), anonymous=Redirect("/profile/"))),
    ],
    "healthz": [Case("health", get("/healthz"), roles(200, anonymous=200))],
    ADMIN_ENTRY: [
        Case("admin index", get("/admin/"),
             # Admin has its own login page, which anonymous visitors are sent to.
             roles(ADMIN_LOGIN, sysadmin=200, secadmin=200, auditor=200, anonymous=ADMIN_LOGIN)),
        Case("admin login page", get("/admin/login/"),
             roles(200, sysadmin=Redirect("/admin/"), secadmin=Redirect("/admin/"), auditor=Redirect("/admin/"),
                   anonymous=200)),
    ],
}


# --- the tests ----------------------------------------------------------------


def _covered_elsewhere() -> set[str]:
    """Patterns whose matrix lives in a module of its own (run there)."""
    from tests.documents.test_information_roles import INFO_MATRIX
    from tests.meetings.test_agenda_roles import AGENDA_MATRIX
    from tests.meetings.test_roles import MEET_MATRIX
    from tests.supervision.test_roles_ext import EXT_MATRIX
    from tests.tasks.test_roles import TASKS_MATRIX

    return set(EXT_MATRIX) | set(MEET_MATRIX) | set(AGENDA_MATRIX) | set(TASKS_MATRIX) | set(INFO_MATRIX)


def test_every_url_pattern_is_in_the_matrix():
    missing = [key for key in url_pattern_keys() if key not in MATRIX and key not in _covered_elsewhere()]
    assert not missing, (
        f"URL patterns without a row in tests/test_role_matrix.py MATRIX: {missing}. "
        "Add a Case saying what every role gets."
    )


def test_every_matrix_entry_still_exists():
    keys = set(url_pattern_keys())
    stale = [key for key in [*MATRIX, *_covered_elsewhere()] if key not in keys]
    assert not stale, f"MATRIX covers URL patterns that no longer exist: {stale}"


def test_every_case_names_every_role():
    for key, cases in MATRIX.items():
        for case in cases:
            assert set(case.expect) == set(ROLES), f"{key} / {case.label}: roles missing"


@pytest.fixture
def matrix_context(demo):
    """Real ids: one notification for each role, one of somebody else, two time limits."""
    own = {user.pk: NotificationFactory(recipient=user, url="/") for user in demo.values()}
    stranger = User.objects.get(username="sunpeng")
    return {
        "demo": demo, "own_notes": own, "foreign_note": NotificationFactory(recipient=stranger, url="/"),
        # From the demo organ: 法规处's (钱莉 answers for it, 内部) and 工伤处's (秘密).
        "deadline_zcfg": Deadline.objects.get(responsible_unit__code="ZCFG", state="open", kind="general"),
        "deadline_gsbx": Deadline.objects.get(responsible_unit__code="GSBX", state="open", kind="general"),
        "attachment": _attach_a_pdf(),
        "export_job": _prepared_export(User.objects.get(username=DEMO_ROLES["office"])),
        "docs": {
            "arrived": IncomingDocument.objects.filter(state="arrived").first(),
            "signed": IncomingDocument.objects.filter(state="signed").first(),
            "handling_zcfg": IncomingDocument.objects.get(state="handling", lead_unit__code="ZCFG"),
            "secret": IncomingDocument.objects.get(state="handling", lead_unit__code="JCZD"),
        },
        "items": {
            "zcfg_handling": SupervisedItem.objects.get(title="加快推进人社服务事项“一网通办”"),
            "draft": SupervisedItem.objects.get(title="完成机关干部年度教育培训计划"),
            "gsbx": SupervisedItem.objects.get(title="开展新就业形态人员职业伤害保障试点扩围"),
        },
        "out": {
            "drafting_zcfg": OutgoingDocument.objects.get(state="drafting", drafting_unit__code="ZCFG"),
            "signing_principal": OutgoingDocument.objects.get(state="signing", direction="up"),
            "issued_open": OutgoingDocument.objects.get(state="issued", secret_level=0, doc_type="circular"),
            "issued_secret": OutgoingDocument.objects.get(state="issued", secret_level=2),
        },
    }


def _prepared_export(user):
    from django.http import QueryDict

    from office.exports import export_job_request, export_job_run

    job = export_job_request(actor=user, key="documents.outgoing", params=QueryDict("box=all"))
    export_job_run(job_id=job.pk)
    return job


def _attach_a_pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents.files.services import attachment_add

    document = IncomingDocument.objects.get(state="handling", lead_unit__code="ZCFG")
    upload = SimpleUploadedFile("意见稿.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return attachment_add(actor=User.objects.get(username="zhouting"), document=document, upload=upload)


def _check(response, expected: Expect) -> str | None:
    """None when the response is as expected, else what went wrong."""
    if isinstance(expected, Redirect):
        location = response.get("Location", "")
        if response.status_code != expected.status or not location.startswith(expected.to):
            return f"expected {expected}, got {response.status_code} → {location or '-'}"
        return None
    if response.status_code != expected:
        return f"expected {expected}, got {response.status_code} {response.get('Location', '')}".rstrip()
    return None


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(role, matrix_context):
    user = matrix_context["demo"].get(role)
    failures = []
    for key, cases in MATRIX.items():
        for case in cases:
            client = Client()
            if user is not None:
                client.force_login(user)
            request = case.build(matrix_context, user)
            response = getattr(client, request.method)(request.url, request.data, headers=request.headers)
            if problem := _check(response, case.expect[role]):
                failures.append(f"{key} / {case.label}: {request.method.upper()} {request.url}: {problem}")
    assert not failures, f"role {role}:\n" + "\n".join(failures)


def test_someone_elses_notification_stays_unread(matrix_context, client):
    """The 404 above is not just a status: the stranger's notification is left alone."""
    client.force_login(matrix_context["demo"]["office"])
    note = matrix_context["foreign_note"]
    assert client.post(f"/notifications/{note.pk}/open/").status_code == 404
    assert Notification.objects.get(pk=note.pk).read_at is None


#: A phrase each role's workbench shows, from the panel of that role.
ROLE_PANEL_TEXT = {
    "principal": ["处室一览", "政策法规处", "周建华"],
    "deputy": ["分管处室", "政策法规处", "人事处"],
    "office": ["处室一览", "劳动保障监察处"],
    "dept_head": ["政策法规处", "钱莉", "孙鹏"],
    "staff": ["政策法规处", "周建华"],
    "sysadmin": ["管理工作", "用户账号", "组织单位"],
    "secadmin": ["管理工作", "角色与密级", "对象授权"],
    "auditor": ["管理工作", "审计日志", "账号变更历史"],
}
#: And what it must not show.
ROLE_PANEL_ABSENT = {
    "principal": ["分管处室", "管理工作"],
    "deputy": ["处室一览", "就业促进和失业保险处", "管理工作"],
    "office": ["分管处室", "管理工作"],
    "dept_head": ["处室一览", "管理工作"],
    "staff": ["处室一览", "管理工作"],
    "sysadmin": ["审计日志", "角色与密级", "处室一览", "待阅"],
    "secadmin": ["用户账号", "审计日志", "处室一览", "待阅"],
    "auditor": ["用户账号", "角色与密级", "处室一览", "待阅"],
}


@pytest.mark.parametrize("role", list(DEMO_ROLES))
def test_workbench_shows_the_panel_of_the_role(role, demo, login):
    response = login(demo[role]).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert demo[role].full_name in html
    for text in ROLE_PANEL_TEXT[role]:
        assert text in html, f"{role}'s workbench lacks {text!r}"
    for text in ROLE_PANEL_ABSENT[role]:
        assert text not in html, f"{role}'s workbench shows {text!r}"
