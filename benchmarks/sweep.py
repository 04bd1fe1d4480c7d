#!/usr/bin/env python
"""Benchmark: one reminder sweep over 100,000 open deadlines, 30,000 of them due.

    .venv/bin/python benchmarks/sweep.py [--rows N] [--due N] [--batch-size N] [--seed N] [--profile]

``DATABASE_URL`` defaults to ``postgres://postgres@127.0.0.1:5432/sanban_bench``; the
database is created if missing, migrated, and given the demo organ (office.demo). Each
run starts from scratch: it empties the deadline and notification tables of that
database, reloads the demo organ, bulk-inserts the deadlines (valid rows, as
``deadline_set`` would write them: next reminder time from the ladder, revision 1, a
DeadlineChange "set" each), then times

1. one sweep (``office.deadlines.sweep``, the production batch size): wall clock, and the
   time spent in the database (sum of the durations of every statement it ran, measured
   around the driver's ``execute`` with ``connection.execute_wrapper``) and the number
   of statements;
2. a second sweep straight after, which must find nothing to send.

It prints one JSON line with the figures. ``--profile`` adds the statements grouped by
kind, with their count and time, to the JSON (and prints them readably on stderr).

Not part of the test run: it needs tens of seconds and a database of its own.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sanban_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings")
if "SANBAN_VAR_DIR" not in os.environ:  # the settings' secret key and broker folder: thrown away after
    os.environ["SANBAN_VAR_DIR"] = tempfile.mkdtemp(prefix="sanban-bench-")
    atexit.register(shutil.rmtree, os.environ["SANBAN_VAR_DIR"], ignore_errors=True)
os.environ.setdefault("LOG_LEVEL", "WARNING")


def ensure_database() -> None:
    """CREATE DATABASE when the server lacks the one named in DATABASE_URL (PostgreSQL only)."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        return
    import psycopg2
    from psycopg2 import sql

    params = {
        "host": db.get("HOST") or None, "port": db.get("PORT") or None,
        "user": db.get("USER") or None, "password": db.get("PASSWORD") or None,
    }
    try:
        psycopg2.connect(dbname=db["NAME"], **params).close()
        return
    except psycopg2.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
    conn = psycopg2.connect(dbname="postgres", **params)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(sql.Identifier(db["NAME"])))
    conn.close()
    print(f"created database {db['NAME']}", file=sys.stderr)


# --- data --------------------------------------------------------------------------------

#: 密级 of the generated items, weighted roughly as an office's workload is.
LEVEL_WEIGHTS = ((0, 50), (1, 35), (2, 12), (3, 3))


def reset_tables() -> None:
    """Empty what a previous run left: deadlines (with their schedules, logs, changes, urges) and notifications."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE office_deadline, office_notification RESTART IDENTITY CASCADE")
        else:
            for table in ("office_reminderlog", "office_urge", "office_deadlinechange", "office_deadlineschedule",
                          "office_deadline", "office_notification"):
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names


def generate(*, rows: int, due: int, seed: int) -> dict:
    """Insert ``rows`` open deadlines, ``due`` of them due now; returns what was made."""
    from django.db import transaction
    from django.utils import timezone

    from office.choices import Role, UnitKind
    from office.deadlines import Ladders, _first_reminder_at
    from office.models import Deadline, DeadlineChange, DeadlineSchedule, OrgUnit, User
    from office.workdays import END_OF_WORKING_DAY, WorkCalendar

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    cal, ladder = WorkCalendar(), Ladders().for_kind("general")
    director = User.objects.get(username="liuxiaodong")
    units = list(OrgUnit.objects.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.OFFICE]))
    people = {unit.pk: list(User.objects.filter(unit=unit, role__in=[Role.STAFF, Role.DEPT_HEAD, Role.OFFICE]))
              for unit in units}
    levels, weights = zip(*LEVEL_WEIGHTS, strict=True)

    # Due on a working day from 90 working days ago to 60 ahead: four in five at the end of the
    # working day (limits given as "N 个工作日"), the rest at a half hour between 09:00 and 17:30
    # (limits given as a date and time). The ladder decides when each one's next reminder is due.
    days = [cal.add_workdays(today, n) if n else today for n in range(-90, 61)]
    half_hours = [dt.time(h, m) for h in range(9, 18) for m in (0, 30)]
    schedule = {}
    for day in days:
        for time_of_day in (END_OF_WORKING_DAY, *half_hours):
            due_at = timezone.make_aware(dt.datetime.combine(day, time_of_day))
            schedule[due_at] = _first_reminder_at(ladder, due_at, now, cal)

    def due_time(*, due_now: bool) -> dt.datetime:
        """A random due time whose next reminder is due now (or, with ``due_now=False``, later)."""
        while True:
            time_of_day = END_OF_WORKING_DAY if rng.random() < 0.8 else rng.choice(half_hours)
            due_at = timezone.make_aware(dt.datetime.combine(rng.choice(days), time_of_day))
            next_at = schedule[due_at]
            if (next_at is not None and next_at <= now) == due_now:
                return due_at

    def row(i: int, due_at: dt.datetime) -> Deadline:
        unit = rng.choice(units)
        person = rng.choice(people[unit.pk] + [None]) if people[unit.pk] else None
        return Deadline(
            kind="general", title=f"基准测试事项第{i}号：关于落实有关工作的督办", responsible_unit=unit,
            responsible_user=person, secret_level=rng.choices(levels, weights)[0], due_at=due_at,
            created_by=director,
        )

    due_rows = [row(i, due_time(due_now=True)) for i in range(due)]
    deadlines = due_rows + [row(i, due_time(due_now=False)) for i in range(due, rows)]
    rng.shuffle(deadlines)
    started = time.perf_counter()
    with transaction.atomic():
        created = Deadline.objects.bulk_create(deadlines, batch_size=5000)
        DeadlineSchedule.objects.bulk_create(
            [DeadlineSchedule(deadline=d, next_remind_at=schedule[d.due_at]) for d in created
             if schedule[d.due_at] is not None],
            batch_size=5000,
        )
        DeadlineChange.objects.bulk_create(
            [DeadlineChange(deadline=d, actor=director, action="set", new_due_at=d.due_at) for d in created],
            batch_size=5000,
        )
    return {
        "rows": rows, "due": due,
        "distinct_due_times": len({d.due_at for d in deadlines}),
        "distinct_due_times_of_due_rows": len({d.due_at for d in due_rows}),
        "insert_seconds": round(time.perf_counter() - started, 2),
    }


# --- measuring -----------------------------------------------------------------------------

_WORDS = re.compile(r"^\s*(SELECT|INSERT INTO|UPDATE|DELETE FROM|COPY|SAVEPOINT|RELEASE SAVEPOINT|BEGIN|COMMIT)\s*(\S*)", re.I)


def statement_kind(sql: str) -> str:
    """A short label: the verb, the table, and FOR UPDATE when present."""
    match = _WORDS.match(sql)
    if not match:
        return sql[:40]
    verb, rest = match.group(1).upper(), match.group(2)
    table = ""
    if verb == "SELECT":
        found = re.search(r'\bFROM\s+"?(\w+)"?', sql)
        table = found.group(1) if found else ""
        if "FOR UPDATE" in sql:
            verb = "SELECT … FOR UPDATE"
    elif verb in ("INSERT INTO", "UPDATE", "DELETE FROM", "COPY"):
        table = rest.strip('"')
    return f"{verb} {table}".strip()


class DatabaseClock:
    """Adds up the time the database takes: every statement, every COPY, and every COMMIT.

    Statements are timed with ``connection.execute_wrapper``. COMMIT does not go through
    it, yet it is real database work here: the foreign keys are ``DEFERRABLE INITIALLY
    DEFERRED`` (Django's default on PostgreSQL), so their checks run at COMMIT. The
    connection's ``_commit`` is wrapped for the duration of the measurement. Nor does
    ``COPY … FROM STDIN`` (office.pgcopy calls psycopg2's ``copy_expert`` on the driver's
    cursor): on PostgreSQL the connection's cursor class is swapped for one that times it,
    from the moment the stream starts until the server has stored the rows. Building the
    text that COPY streams is Python time.
    """

    def __init__(self):
        self.seconds = 0.0
        self.queries = 0
        self.commits = 0
        self.by_kind: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])

    def _add(self, kind: str, took: float) -> None:
        self.seconds += took
        if kind == "COMMIT":
            self.commits += 1
        else:
            self.queries += 1
        entry = self.by_kind[kind]
        entry[0] += 1
        entry[1] += took

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self._add(statement_kind(sql), time.perf_counter() - started)

    @contextmanager
    def measuring(self, connection):
        commit = connection._commit

        def timed_commit():
            started = time.perf_counter()
            try:
                return commit()
            finally:
                self._add("COMMIT", time.perf_counter() - started)

        connection._commit = timed_commit
        driver_cursor_factory = None
        if connection.vendor == "postgresql":
            connection.ensure_connection()
            driver_cursor_factory = connection.connection.cursor_factory
            connection.connection.cursor_factory = self._timed_cursor(driver_cursor_factory)
        try:
            with connection.execute_wrapper(self):
                yield self
        finally:
            del connection._commit  # back to the class's method
            if driver_cursor_factory is not None:
                connection.connection.cursor_factory = driver_cursor_factory

    def _timed_cursor(self, base):
        clock = self

        class TimedCopyCursor(base):
            def copy_expert(self, sql, file, *args, **kwargs):
                started = time.perf_counter()
                try:
                    return super().copy_expert(sql, file, *args, **kwargs)
                finally:
                    clock._add(statement_kind(sql), time.perf_counter() - started)

        return TimedCopyCursor


def timed_sweep(batch_size: int) -> dict:
    from django.db import connection

    from office import deadlines

    clock = DatabaseClock()
    with clock.measuring(connection):
        started = time.perf_counter()
        result = deadlines.sweep(batch_size=batch_size)
        total = time.perf_counter() - started
    return {
        **result.as_dict(),
        "seconds": round(total, 3),
        "db_seconds": round(clock.seconds, 3),
        "python_seconds": round(total - clock.seconds, 3),
        "queries": clock.queries,
        "commits": clock.commits,
        "statements": {
            kind: {"count": n, "seconds": round(s, 3)}
            for kind, (n, s) in sorted(clock.by_kind.items(), key=lambda item: -item[1][1])
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=30_000)
    parser.add_argument("--batch-size", type=int, default=None, help="default: the sweep's own default")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", action="store_true", help="show the statements by kind")
    args = parser.parse_args()

    import django

    django.setup()
    ensure_database()
    from django.core.management import call_command
    from django.db import connection

    from office import deadlines
    from office.demo import load_demo

    call_command("migrate", verbosity=0, interactive=False)
    reset_tables()
    load_demo()
    made = generate(rows=args.rows, due=args.due, seed=args.seed)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("office_deadline", "office_deadlineschedule"):  # as autovacuum would have by now
                cursor.execute(f"VACUUM ANALYZE {table}")
    batch_size = args.batch_size or deadlines.sweep.__kwdefaults__["batch_size"]

    first = timed_sweep(batch_size)
    second = timed_sweep(batch_size)
    problems = []
    if first["due"] < args.due:
        problems.append(f"the first sweep claimed {first['due']} rows, fewer than the {args.due} due")
    if second["notified"] or second["due"]:
        problems.append(f"the second sweep was not empty: {second['due']} due, {second['notified']} notified")

    from office.models import Notification, ReminderLog

    report = {
        "benchmark": "sweep",
        "database": connection.vendor,
        "rows": made["rows"],
        "due": first["due"],
        "notified": first["notified"],
        "skipped": first["skipped"],
        "batches": first["batches"],
        "batch_size": batch_size,
        "seconds": first["seconds"],
        "db_seconds": first["db_seconds"],
        "python_seconds": first["python_seconds"],
        "queries": first["queries"],
        "commits": first["commits"],
        "second_sweep": {k: second[k] for k in ("due", "notified", "seconds", "db_seconds", "queries")},
        "log_rows": ReminderLog.objects.count(),
        "notification_rows": Notification.objects.count(),
        "distinct_due_times_of_due_rows": made["distinct_due_times_of_due_rows"],
        "insert_seconds": made["insert_seconds"],
        "ok": not problems,
    }
    if args.profile:
        report["statements"] = first["statements"]
        print("statements of the first sweep, by kind:", file=sys.stderr)
        for kind, entry in first["statements"].items():
            print(f"  {entry['seconds']:8.3f} s  {entry['count']:6d} × {kind}", file=sys.stderr)
    print(json.dumps(report, ensure_ascii=False))
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
