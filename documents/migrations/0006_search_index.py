"""收文 and 发文 searchable through an index (office.search): hidden columns, trigger, backfill, GIN indexes.

Searched: 收文 — 标题, 来文字号, 来文单位, 档号; 发文 — 标题, 主送机关, 文号 (机关代字〔年〕号), 档号.
The existing rows are filled by one set-based UPDATE each (through the trigger), no row added
or removed. PostgreSQL only: SQLite searches with LIKE.
"""

from django.db import migrations

from office.search import install_sql, uninstall_sql

INCOMING = {
    "table": "documents_incomingdocument",
    "name": "incoming",
    "text": "concat_ws(' ', NEW.title, NEW.sender_ref, NEW.sender_org, NEW.archive_code)",
    "columns": ("title", "sender_ref", "sender_org", "archive_code"),
}
#: 文号 as OutgoingDocument.doc_number prints it: 人社发〔2026〕15号 (none before 编号).
OUTGOING = {
    "table": "documents_outgoingdocument",
    "name": "outgoing",
    "text": (
        "concat_ws(' ', NEW.title, CASE WHEN NEW.number IS NOT NULL THEN "
        "(SELECT code FROM office_issuingprefix WHERE id = NEW.prefix_id) "
        "|| '〔' || NEW.year || '〕' || NEW.number || '号' END, NEW.main_recipients, NEW.archive_code)"
    ),
    "columns": ("title", "main_recipients", "prefix_id", "year", "number", "archive_code"),
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in (INCOMING, OUTGOING):
            schema_editor.execute(install_sql(**table), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in (INCOMING, OUTGOING):
            schema_editor.execute(uninstall_sql(table=table["table"], name=table["name"]), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_list_indexes"),
        ("office", "0016_search_functions"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
