"""Issue 9, point 8: the application's database role reads and appends to the audit log, nothing more.

The trigger of migration 0004 refuses UPDATE and DELETE but not TRUNCATE; the role is the
tool: ``manage.py db_roles --app-role …`` gives it SELECT and INSERT only on the audit table.
Roles are cluster-wide: each run uses a role named after its test database and drops it.
"""

from __future__ import annotations

import os

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from office.audit import audit_record
from office.models import AuditEvent


def _connect_as(role: str):
    settings = connection.settings_dict
    return psycopg2.connect(
        host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432, dbname=settings["NAME"], user=role,
    )


@pytest.fixture
def app_role(transactional_db):
    assert connection.vendor == "postgresql"
    role = f"app_{connection.settings_dict['NAME']}_{os.getpid()}"[:63].lower()
    yield role
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone():
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')


def _fails(db, statement: str) -> str:
    with db.cursor() as cursor, pytest.raises(psycopg2.errors.InsufficientPrivilege) as refused:
        cursor.execute(statement)
    db.rollback()
    return str(refused.value)


def test_the_app_role_appends_to_the_audit_log_and_cannot_alter_it(app_role):
    event = audit_record(actor=None, action="login_failed", username="nobody")
    call_command("db_roles", "--app-role", app_role, stdout=open(os.devnull, "w"))  # noqa: SIM115
    db = _connect_as(app_role)
    try:
        with db.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == app_role
            # Appending works, and so does reading.
            cursor.execute(
                "INSERT INTO office_auditevent (at, username, action, object_type, object_id, detail) "
                "VALUES (now(), 'app', 'login', '', '', '{}') RETURNING id"
            )
            inserted = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM office_auditevent")
            assert cursor.fetchone()[0] == 2
        db.commit()
        # Changing, deleting or emptying it is refused by the database: permission denied.
        for statement in (
            "UPDATE office_auditevent SET action = 'forged'",
            f"DELETE FROM office_auditevent WHERE id = {event.pk}",
            "TRUNCATE office_auditevent",
            "ALTER TABLE office_auditevent DISABLE TRIGGER office_auditevent_append_only",
            "DROP TABLE office_auditevent",
        ):
            message = _fails(db, statement)
            assert "permission denied" in message or "must be owner" in message, message
        # While business tables are the application's to change.
        with db.cursor() as cursor:
            cursor.execute("UPDATE office_orgunit SET sort_order = sort_order WHERE false")
            cursor.execute("DELETE FROM office_todo WHERE false")
        db.commit()
    finally:
        db.close()
    assert sorted(AuditEvent.objects.values_list("action", flat=True)) == ["login", "login_failed"]
    assert AuditEvent.objects.filter(pk=inserted, username="app").exists()


def test_running_it_twice_keeps_the_grants(app_role):
    call_command("db_roles", "--app-role", app_role, stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("db_roles", "--app-role", app_role, stdout=open(os.devnull, "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE grantee = %s AND table_name = 'office_auditevent' ORDER BY 1", [app_role],
        )
        assert [row[0] for row in cursor.fetchall()] == ["INSERT", "SELECT"]
        cursor.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE grantee = %s AND table_name = 'office_orgunit' ORDER BY 1", [app_role],
        )
        assert [row[0] for row in cursor.fetchall()] == ["DELETE", "INSERT", "SELECT", "UPDATE"]


def test_a_bad_role_name_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("db_roles", "--app-role", 'x"; DROP TABLE office_auditevent; --')
    assert AuditEvent._meta.db_table in connection.introspection.table_names()
