"""督办事项 searchable through an index (office.search): hidden columns, trigger, backfill, GIN indexes.

Searched: 标题, 督办编号 as ``SupervisedItem.serial_display`` prints it (督〔2026〕15号) and 来源说明.
The existing rows are filled by one set-based UPDATE (through the trigger), no row added or
removed. PostgreSQL only: SQLite searches with LIKE (supervision.items.filters).
"""

from django.db import migrations

from office.search import install_sql, uninstall_sql

ITEM = {
    "table": "supervision_superviseditem",
    "name": "sv_item",
    "text": "concat_ws(' ', NEW.title, '督〔' || NEW.year || '〕' || NEW.serial || '号', NEW.source_label)",
    "columns": ("title", "year", "serial", "source_label"),
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(install_sql(**ITEM), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(uninstall_sql(table=ITEM["table"], name=ITEM["name"]), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_items_plans_inspections"),
        ("office", "0016_search_functions"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
