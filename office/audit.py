"""Writing the audit log. Reading it is the auditor's, through the admin."""

from __future__ import annotations

import threading
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction

from office.clientip import client_ip  # the client's address, behind a trusted proxy too
from office.models import AuditEvent


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
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        ip=client_ip(request),
        detail=detail or {},
    )


# --- denials: recorded even when the transaction that was refused rolls back --------------

_pending = threading.local()


def _in_business_transaction() -> bool:
    """Inside an atomic block other than the test runner's own wrapping one."""
    blocks = transaction.get_connection().atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def audit_denial(*, actor: Any, obj: models.Model | None, detail: dict, request=None) -> None:
    """A refused access. Written now when no transaction is open; otherwise kept until the
    refused transaction has rolled back (see :func:`flush_denials`), so it is never lost with it."""
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


class AuditDenialsMiddleware:
    """Writes the denials of a request once its transactions are over (outermost middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        discard_denials()
        response = self.get_response(request)
        flush_denials()
        return response
