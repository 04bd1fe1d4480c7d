"""documents 0004 (the step records on ``StepRecordBase``): a demo-loaded database migrated back
across it and forward again keeps every row, and every existing step has neither 代录 nor 委托."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from documents.models import IncomingStep, OutgoingStep
from tests.documents.test_migration_rows import row_counts

pytestmark = pytest.mark.django_db(transaction=True)


def test_migrating_across_0004_keeps_every_row(demo):
    before = row_counts()
    assert before["documents_incomingstep"] > 0 and before["documents_outgoingstep"] > 0
    call_command("migrate", "documents", "0003_outgoing", verbosity=0)
    back = row_counts()  # the tables of later migrations (政务信息, 0009) are gone with their rows
    assert back == {table: before[table] for table in back}
    call_command("migrate", "documents", verbosity=0)
    assert row_counts(only=back) == back
    for model in (IncomingStep, OutgoingStep):
        assert not model.objects.filter(on_behalf_of__isnull=False).exists()
        assert not model.objects.filter(delegated_from__isnull=False).exists()
