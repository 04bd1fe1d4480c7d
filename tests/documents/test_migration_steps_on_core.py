"""documents 0004 (the step records on ``StepRecordBase``): on a demo-loaded database, the
migration taken back and applied again keeps every row, and every existing step has neither
代录 nor 委托.

Only 0004's own operations run, back and forth, against the project's state at 0004 (migrating
the whole project back across it and forward again spends a minute rendering schema states
for the same four columns)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from documents.models import IncomingStep, OutgoingStep
from tests.documents.test_migration_rows import row_counts

pytestmark = pytest.mark.django_db

TARGET = ("documents", "0004_step_on_behalf")
COLUMNS = ("on_behalf_of_id", "delegated_from_id")


def _columns() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_name IN ('documents_incomingstep', 'documents_outgoingstep') AND column_name = ANY(%s)",
            [list(COLUMNS)],
        )
        return set(cursor.fetchall())


def test_migrating_across_0004_keeps_every_row(demo):
    before = row_counts()
    assert before["documents_incomingstep"] > 0 and before["documents_outgoingstep"] > 0
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the demo's rows were copied in this transaction
    loader = MigrationExecutor(connection).loader
    migration = loader.get_migration(*TARGET)
    after_state = loader.project_state(TARGET, at_end=True)
    before_state = loader.project_state(TARGET, at_end=False)
    with connection.schema_editor(atomic=False) as editor:
        migration.unapply(after_state, editor)
    assert _columns() == set()
    assert row_counts() == before
    with connection.schema_editor(atomic=False) as editor:
        migration.apply(before_state, editor)
    assert len(_columns()) == 4
    assert row_counts() == before
    for model in (IncomingStep, OutgoingStep):
        assert not model.objects.filter(on_behalf_of__isnull=False).exists()
        assert not model.objects.filter(delegated_from__isnull=False).exists()
