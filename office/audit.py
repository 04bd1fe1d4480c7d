"""Writing the audit log. Reading it is the auditor's, through the admin.

An event says who (actor, account name), what (an action code, named in Chinese by
:data:`ACTION_LABELS`, which each app fills from its ``audit_labels.py``), on which object
(type and id), when and from where. It holds no business content: ``detail`` carries ids,
states, field *names* and sizes, never a title, a text, an opinion, a file name or a number
such as a 文号 or 收文编号.
"""

from __future__ import annotations

import threading
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection, models, transaction
from django.utils.module_loading import autodiscover_modules
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from office.clientip import client_ip as _client_ip  # the client's address, behind a trusted proxy too
from office.models import AuditEvent

# --- action names, in one place ---------------------------------------------------------

#: Action code → what the auditor reads.
ACTION_LABELS: dict[str, Any] = {
    "login": _("登录"),
    "logout": _("退出登录"),
    "logout.idle": _("长时间未操作自动退出"),
    "logout.expired": _("会话到期自动退出"),
    "login_failed": _("登录失败"),
    "login_locked": _("锁定期间登录被拒"),
    "account.locked": _("账号锁定"),
    "account.create": _("新建账号"),
    "account.password_reset": _("管理员重置密码"),
    "password.change": _("修改密码"),
    "denied": _("拒绝访问"),
    "export": _("导出"),
    "export.queued": _("导出转后台生成"),
    "export.download": _("下载后台导出文件"),
    "chain.export": _("导出链路台账"),
    "admin.add": _("管理员新增"),
    "admin.change": _("管理员修改"),
    "admin.delete": _("管理员删除"),
    "grant.revoke": _("撤销授权"),
    "audit.export": _("导出审计日志"),
    "deadline.set": _("设定时限"),
    "deadline.move": _("调整时限"),
    "deadline.urge": _("催办"),
    "deadline.done": _("时限办结"),
    "deadline.cancelled": _("时限撤销"),
    "link.create": _("建立关联"),
    "link.remove": _("解除关联"),
    "event.failed": _("跨应用事件处理失败"),
    "approval_rule.confirm": _("确认审批规则"),
    "delegation.create": _("委托办理"),
    "delegation.end": _("结束委托"),
    "duty.grant": _("授予办公室职责"),
    "duty.revoke": _("撤销办公室职责"),
    # 三员分立 (office.proposals) and passwords (office.passwords)
    "proposal.raise": _("提出管理员审批申请"),
    "proposal.approve": _("批准管理员审批申请"),
    "proposal.reject": _("驳回管理员审批申请"),
    "proposal.withdraw": _("撤回管理员审批申请"),
    "account.role_change": _("经审批变更角色"),
    "account.deactivate": _("停用账号"),
    "account.activate": _("启用账号"),
    "account.unlock": _("解锁账号"),
    "account.create_credential": _("新建账号并发放初始密码凭证"),
    "account.password_slip_release": _("打印密码密封单下联"),
    "password.reset_complete": _("凭重置凭证设置密码"),
}

# --- each app's codes: its ``audit_labels.py``, found at start-up like ``dashboard.py``, names the
# ``<prefix>.<step>`` codes of its workflows and the codes its services write by hand.


def register_labels(labels: dict[str, Any]) -> None:
    """Name action codes (code → a lazy Chinese label); an app calls it from its ``audit_labels``."""
    ACTION_LABELS.update(labels)


def register_steps(prefix: str, name: Any, table) -> None:
    """Name every ``<prefix>.<action>`` code the step engine writes for ``table`` "对象·步骤", from the
    object's name and the step's label in the table."""
    for action, transition in table.transitions.items():
        ACTION_LABELS[f"{prefix}.{action}"] = format_lazy("{}·{}", name, transition.label)


def autodiscover() -> None:
    autodiscover_modules("audit_labels")


def action_label(code: str) -> str:
    """The Chinese name of an action code; an unknown code is shown as it is."""
    label = ACTION_LABELS.get(code)
    return code if label is None else str(label)


def action_choices(codes) -> list[tuple[str, str]]:
    return sorted(((code, action_label(code)) for code in codes), key=lambda pair: pair[1])


def recorded_actions() -> list[str]:
    """The distinct event codes in the log, read as a loose index scan.

    ``SELECT DISTINCT action`` reads the whole index — millions of rows after a few years —
    to return about a hundred codes; the recursive query below jumps from one code to the
    next through the ``action`` index instead (one index probe per code), on PostgreSQL and
    SQLite alike.
    """
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    sql = (
        f"WITH RECURSIVE codes(code) AS ("
        f" SELECT MIN(action) FROM {table}"
        f" UNION ALL SELECT (SELECT MIN(action) FROM {table} WHERE action > codes.code)"
        f" FROM codes WHERE codes.code IS NOT NULL"
        f") SELECT code FROM codes WHERE code IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


# --- the request being served, for the address of events written deep in a service ---------

_pending = threading.local()


def current_request():
    return getattr(_pending, "request", None)


def client_ip(request) -> str | None:
    """The client's address (behind a trusted proxy too) of the request, else of the one being served."""
    request = request if request is not None else current_request()
    if request is None:
        return None
    return _client_ip(request)


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    detail: dict | None = None,
    request=None,
    username: str = "",
) -> AuditEvent:
    """Append one event. Runs inside the caller's transaction when there is one."""
    user = actor if actor is not None and not isinstance(actor, AnonymousUser) and actor.pk else None
    return AuditEvent.objects.create(
        actor=user,
        username=username or (user.get_username() if user else ""),
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        ip=client_ip(request),
        detail=detail or {},
    )


# --- denials: recorded even when the transaction that was refused rolls back --------------


def _in_business_transaction() -> bool:
    """Inside an atomic block other than the test runner's own wrapping one."""
    blocks = transaction.get_connection().atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def audit_denial(*, actor: Any, obj: models.Model | None, detail: dict, request=None) -> None:
    """A refused access. Written now when no transaction is open; otherwise kept until the
    refused transaction has rolled back (see :func:`flush_denials`), so it is never lost with it."""
    _pending.denials = denials_seen() + 1
    if not _in_business_transaction():
        audit_record(actor=actor, action="denied", obj=obj, detail=detail, request=request)
        return
    if not hasattr(_pending, "rows"):
        _pending.rows = []
    _pending.rows.append({"actor": actor, "obj": obj, "detail": detail, "request": request})


def flush_denials() -> int:
    """Write the denials kept during a transaction that has ended (a request's or a job's end)."""
    rows = getattr(_pending, "rows", None)
    if not rows or _in_business_transaction():
        return 0
    _pending.rows = []
    for row in rows:
        audit_record(action="denied", **row)
    return len(rows)


def discard_denials() -> None:
    _pending.rows = []


def denials_seen() -> int:
    """How many denials this request (or job) has recorded so far: one refusal, one row."""
    return getattr(_pending, "denials", 0)


class AuditDenialsMiddleware:
    """Writes the denials of a request once its transactions are over (outermost middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        discard_denials()
        _pending.request, _pending.denials = request, 0
        try:
            response = self.get_response(request)
            flush_denials()
        finally:
            _pending.request = None
        return response
