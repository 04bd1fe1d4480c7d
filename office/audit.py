"""Writing the audit log. Reading it is the auditor's, through the admin."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models

from office.models import AuditEvent


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


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
