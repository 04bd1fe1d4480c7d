"""Laying ``documents/`` out by flow moved modules only: no migration, and no row lost.

The move added no migration (app label, table names and model names stay), so the check is:
``makemigrations --check`` finds nothing to write, and with the demo loaded, running
``migrate`` again (a no-op) leaves every table of ``documents`` and ``office`` with the rows
it had. A later change that adds a migration must extend this to migrate a demo-loaded
database forward across it and compare the same counts.
"""

from __future__ import annotations

import importlib
import io

import pytest
from django.apps import apps
from django.apps import apps as global_apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db


def row_counts(only=None) -> dict[str, int]:
    """Rows per table of documents and office — the tables that exist now (a migration back drops those
    added later), or only those named in ``only``."""
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
    tables = sorted({
        model._meta.db_table
        for label in ("documents", "office")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    } & existing & (set(only) if only is not None else existing))
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (names from the models)
            counts[table] = cursor.fetchone()[0]
    return counts


def test_the_models_need_no_migration():
    out = io.StringIO()
    call_command("makemigrations", "documents", "office", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_migrate_on_a_demo_database_keeps_every_row(demo):
    before = row_counts()
    assert before["documents_incomingdocument"] > 0 and before["documents_outgoingdocument"] > 0
    assert MigrationExecutor(connection).migration_plan(
        MigrationExecutor(connection).loader.graph.leaf_nodes()) == []
    call_command("migrate", verbosity=0)
    assert row_counts() == before


def test_the_search_columns_are_filled_for_the_rows_already_there(demo):
    """documents 0006 (office.search): on a demo-loaded database, the rows keep their number and
    each gets its searched text and bigrams from the one set-based UPDATE of the migration.

    The migration's own ``backwards`` and ``forwards`` run here, on the demo's rows (migrating the
    whole project back to documents 0005 and forward again costs a minute of schema states for
    the same two functions)."""
    migration = importlib.import_module("documents.migrations.0006_search_index")
    with connection.cursor() as cursor:
        # The demo's rows were copied in this test's transaction: their deferred foreign-key
        # checks would otherwise still be pending when the migration alters the table.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor(atomic=False) as editor:
        migration.backwards(global_apps, editor)
    before = row_counts()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.columns WHERE column_name = 'search_text'"
                       " AND table_name IN ('documents_incomingdocument', 'documents_outgoingdocument')")
        assert cursor.fetchone()[0] == 0
    with connection.schema_editor(atomic=False) as editor:
        migration.forwards(global_apps, editor)
    assert row_counts() == before
    with connection.cursor() as cursor:
        for table in ("documents_incomingdocument", "documents_outgoingdocument"):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (our table names)
            assert cursor.fetchone()[0] > 0, table
            cursor.execute(f"SELECT count(*) FROM {table} WHERE search_text = '' OR search_bigrams = ''::tsvector"
                           f" OR position(title IN search_text) = 0")  # noqa: S608 (our table names)
            assert cursor.fetchone()[0] == 0, table
