"""Give the application's PostgreSQL role exactly what web and workers need (issue 9, point 8).

Run by the owner role (the one that runs ``migrate``), after every ``migrate``::

    manage.py db_roles --app-role sanban_app [--password-env SANBAN_APP_PASSWORD]

The application role gets SELECT, INSERT, UPDATE, DELETE on every table of the schema and
USAGE, SELECT on its sequences — except the audit log, ``office_auditevent``, on which it
gets SELECT and INSERT only (and USAGE on its sequence): it can neither change, delete nor
TRUNCATE an audit event, and as it owns no table it cannot drop the append-only trigger.
The role is created (with LOGIN) when it does not exist; running the command again brings
the grants up to date for tables added since.
"""

from __future__ import annotations

import os
import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg2 import sql

from office.models import AuditEvent

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def app_role_grant(*, role: str, password: str | None = None) -> list[str]:
    """Create or update ``role`` with the application's grants; returns the statements run."""
    if connection.vendor != "postgresql":
        raise CommandError("db_roles works on PostgreSQL only (the embedded SQLite has no roles).")
    if not ROLE_NAME.match(role):
        raise CommandError(f"{role!r} is not a plain lower-case role name")
    audit_table = AuditEvent._meta.db_table
    who = sql.Identifier(role)
    statements: list[sql.Composable] = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database(), current_schema(), current_user")
        database, schema, owner = cursor.fetchone()
        if role == owner:
            raise CommandError("the application role must not be the owner role that runs the migrations")
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        exists = cursor.fetchone() is not None
        verb = sql.SQL("ALTER ROLE") if exists else sql.SQL("CREATE ROLE")
        options = sql.SQL("LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT")
        if password:
            statements.append(sql.SQL("{} {} {} PASSWORD {}").format(verb, who, options, sql.Literal(password)))
        else:
            statements.append(sql.SQL("{} {} {}").format(verb, who, options))
        schema_id = sql.Identifier(schema)
        statements += [
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), who),
            sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema_id, who),
            sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}").format(schema_id, who),
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(schema_id, who),
            # The audit log: read and append, nothing else.
            sql.SQL("REVOKE ALL ON TABLE {} FROM {}").format(sql.Identifier(schema, audit_table), who),
            sql.SQL("GRANT SELECT, INSERT ON TABLE {} TO {}").format(sql.Identifier(schema, audit_table), who),
        ]
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [f"{schema}.{audit_table}"])
        sequence = cursor.fetchone()[0]
        if sequence:
            statements += [
                sql.SQL("REVOKE ALL ON SEQUENCE {} FROM {}").format(sql.SQL(sequence), who),
                sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(sql.SQL(sequence), who),
            ]
        with transaction.atomic():
            for statement in statements:
                cursor.execute(statement)
        return [statement.as_string(cursor.connection) for statement in statements]


class Command(BaseCommand):
    help = "Create or update the application's PostgreSQL role: full rights on business tables, SELECT and INSERT only on the audit log."

    def add_arguments(self, parser):
        parser.add_argument("--app-role", required=True, help="the role web and workers connect as, e.g. sanban_app")
        parser.add_argument("--password-env", default="",
                            help="name of an environment variable holding the role's password (none: no password set)")

    def handle(self, *args, app_role: str, password_env: str, **options):
        password = os.environ.get(password_env) if password_env else None
        if password_env and not password:
            raise CommandError(f"the environment variable {password_env} is empty")
        for statement in app_role_grant(role=app_role, password=password):
            shown = re.sub(r"PASSWORD '.*'", "PASSWORD '…'", statement)
            self.stdout.write(shown)
        self.stdout.write(self.style.SUCCESS(f"{app_role}: grants up to date"))
