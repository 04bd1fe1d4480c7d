"""Bulk loading into PostgreSQL with ``COPY … FROM STDIN``, for the few writes big enough to need it.

The reminder sweep writes tens of thousands of rows in one run. ``bulk_create`` sends
them as one ``INSERT … UNNEST`` statement per batch: psycopg2 interpolates the arrays
into the SQL text on the client, and the server parses that text again. COPY streams
the rows in PostgreSQL's text format instead, which costs a fraction of that on both
sides. Triggers, constraints and foreign keys apply to copied rows as to inserted ones.

PostgreSQL only; callers keep a plain ORM path for SQLite.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Model

#: COPY's text format: a backslash escapes these, fields are separated by tabs, rows by newlines.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _field(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("COPY wants aware datetimes")
        return value.isoformat()
    raise TypeError(f"no COPY text form for {type(value).__name__}")


def next_ids(model: type[Model], count: int) -> list[int]:
    """Take ``count`` primary keys from the model's sequence, as an INSERT would (never reused)."""
    meta = model._meta
    with connection.cursor() as cursor:
        # The sequence's name first: pg_get_serial_sequence() in the next statement would run once per row.
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [meta.db_table, meta.pk.column])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count])
        return [row[0] for row in cursor.fetchall()]


def copy_rows(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    """COPY ``rows`` (tuples of values in the order of ``fields``, attribute names) into the model's table.

    Columns not named take their database default, so every NOT NULL column without one
    must be named. Errors are Django's (``IntegrityError`` for a unique violation).
    """
    meta, quote = model._meta, connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join([_field(value) for value in row]))
        buffer.write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.cursor.copy_expert(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN", buffer)
