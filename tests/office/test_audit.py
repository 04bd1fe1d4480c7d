"""The audit log is append-only, in Python and in the database."""

import pytest
from django.db import DatabaseError, connection, transaction

from office.audit import audit_record
from office.models import AuditEvent


@pytest.mark.django_db
def test_audit_events_cannot_be_changed_or_deleted():
    event = audit_record(actor=None, action="login_failed", username="nobody")
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    # Not even with raw SQL or a bulk update that skips the model.
    for statement in ("UPDATE office_auditevent SET action = 'x'", "DELETE FROM office_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.get().action == "login_failed"


@pytest.mark.django_db
def test_the_admin_event_filter_offers_each_recorded_code_once():
    """The security administrator's 事件 filter lists every code in the log, each once, and nothing else."""
    from office.audit import recorded_actions

    assert recorded_actions() == []
    for action in ["login_failed", "login", "login_failed", "audit.export", "login"]:
        audit_record(actor=None, action=action, username="nobody")
    assert recorded_actions() == ["audit.export", "login", "login_failed"]
