"""Logins belong in the audit log, not in the account's history.

Django's own ``update_last_login`` receiver saves the whole user on every login, and
django-simple-history then records a "已修改" row of the account — although
``last_login`` is excluded from it — so the account's history filled with logins and a
security administrator's change showed up under the user's next login. The receiver is
replaced by :func:`user_record_login`: one UPDATE of ``last_login`` (a column the
history does not track, so there is nothing to record there) and one audit event.
"""

from __future__ import annotations

from django.utils import timezone

from office.audit import audit_record
from office.models import User


def user_record_login(*, user: User, request=None) -> None:
    """A successful login: ``last_login`` set without a history row, and an audit event."""
    now = timezone.now()
    # A queryset update on a history-tracked model, deliberately: last_login is excluded
    # from the history (office.models.org), and a save() would write a history row anyway.
    User.objects.filter(pk=user.pk).update(last_login=now)
    user.last_login = now
    audit_record(actor=user, action="login", request=request)
