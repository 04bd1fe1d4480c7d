"""The system check that refuses a database pg_trgm cannot search Chinese in (LC_CTYPE C or POSIX)."""

from __future__ import annotations

import psycopg2
import pytest
from django.core import checks
from django.db import connection, connections

from office.search import ctype_errors

pytestmark = pytest.mark.django_db


def test_the_test_database_classifies_chinese_and_passes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT datctype FROM pg_database WHERE datname = current_database()")
        assert cursor.fetchone()[0] == "C.UTF-8"
    assert ctype_errors(connection) == []
    found = checks.run_checks(databases=["default"], tags=[checks.Tags.database])
    assert not [message for message in found if message.id == "office.E010"]


@pytest.fixture
def c_ctype_database():
    """A throwaway database with LC_CTYPE 'C' beside the test database, dropped afterwards."""
    settings = connection.settings_dict
    name = f"{settings['NAME']}_cctype"
    admin = psycopg2.connect(host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"],
                             password=settings["PASSWORD"] or None, dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f"""CREATE DATABASE "{name}" LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0""")
    other = type(connections["default"])({**settings, "NAME": name}, alias="cctype")
    try:
        yield other
    finally:
        other.close()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def test_a_c_ctype_database_is_refused_with_the_reason(c_ctype_database):
    errors = ctype_errors(c_ctype_database)
    assert [error.id for error in errors] == ["office.E010"]
    assert isinstance(errors[0], checks.Error) and "LC_CTYPE 为 C" in errors[0].msg and "汉字" in errors[0].msg
    # What pg_trgm does there, which is why: the Chinese characters leave no trigram at all.
    with c_ctype_database.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute("SELECT show_trgm('就业服务工作')")
        assert cursor.fetchone()[0] == []
