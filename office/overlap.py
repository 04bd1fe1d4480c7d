"""No two holds of one thing over overlapping spans: a room, a vehicle, a driver.

The database is the judge. On PostgreSQL a migration adds an exclusion constraint with
:func:`exclusion_operation`::

    EXCLUDE USING gist (int8range(room_id, room_id, '[]') WITH &&,
                        tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (state IN (...))

(``int8range`` of the key instead of ``room_id WITH =`` keeps to core PostgreSQL: no
``btree_gist`` extension, so no superuser is needed to migrate.) Spans are half-open, so
a booking ending at 10:00 and the next starting at 10:00 both stand.

On the embedded SQLite default there is no such constraint: the service asks
:func:`overlapping` under the lock SQLite's single writer gives it, and on PostgreSQL
the same call names the booking in the way before the constraint has to; the constraint
remains the last word under concurrency, and :func:`is_overlap_violation` tells the
service that the ``IntegrityError`` it caught was this one, so it can look the winner up
and name it.
"""

from __future__ import annotations

from django.db import IntegrityError, migrations


def exclusion_operation(
    *,
    table: str,
    name: str,
    key: str | tuple[str, ...],
    start: str = "starts_at",
    end: str = "ends_at",
    where: str = "",
) -> migrations.RunPython:
    """A migration operation adding (and on reverse dropping) the exclusion constraint on PostgreSQL only.

    ``key`` is one integer column or several (a vehicle *or* a driver each get their own
    constraint); ``where`` an SQL condition on the row (e.g. ``state IN ('held', 'pending')``).
    """
    keys = (key,) if isinstance(key, str) else tuple(key)
    parts = [f"int8range({k}, {k}, '[]') WITH &&" for k in keys]
    parts.append(f"tstzrange({start}, {end}, '[)') WITH &&")
    condition = f" WHERE ({where})" if where else ""
    create = f"ALTER TABLE {table} ADD CONSTRAINT {name} EXCLUDE USING gist ({', '.join(parts)}){condition}"
    drop = f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}"

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop)

    return migrations.RunPython(forwards, backwards, elidable=False)


def overlapping(queryset, start, end, *, start_field: str = "starts_at", end_field: str = "ends_at"):
    """The rows of ``queryset`` whose half-open span [start, end) meets [``start``, ``end``)."""
    return queryset.filter(**{f"{start_field}__lt": end, f"{end_field}__gt": start})


def is_overlap_violation(exc: IntegrityError, name: str) -> bool:
    """Whether ``exc`` is the exclusion constraint ``name`` refusing a row (PostgreSQL 23P01)."""
    cause = getattr(exc, "__cause__", None)
    code = getattr(cause, "pgcode", None)
    diag = getattr(cause, "diag", None)
    return code == "23P01" and getattr(diag, "constraint_name", name) == name
