"""Indexed Chinese search (office.search): pg_trgm and the bigram function the searchable tables use.

PostgreSQL only; SQLite (the embedded default) searches with LIKE and needs neither.
pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from office.search import BIGRAM_FUNCTION, DROP_BIGRAM_FUNCTION


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BIGRAM_FUNCTION, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_BIGRAM_FUNCTION, params=None)


class Migration(migrations.Migration):
    dependencies = [("office", "0015_list_indexes")]
    operations = [TrigramExtension(), migrations.RunPython(forwards, backwards)]
