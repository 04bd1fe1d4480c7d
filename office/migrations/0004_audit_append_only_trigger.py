"""On PostgreSQL the database itself refuses to change or delete an audit event.

The model already refuses in Python; this holds against raw SQL and other
clients too (an inspection asks exactly that). TRUNCATE by the database owner
is still possible, as it must be for backups/restores and the test suite.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION office_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'office_auditevent is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER office_auditevent_append_only
    BEFORE UPDATE OR DELETE ON office_auditevent
    FOR EACH ROW EXECUTE FUNCTION office_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS office_auditevent_append_only ON office_auditevent;
DROP FUNCTION IF EXISTS office_auditevent_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("office", "0003_default_reminder_ladder")]
    operations = [migrations.RunPython(forwards, backwards)]
