"""The demo database, built once per run and copied into each test that asks for it.

``load_demo()`` walks thirty documents through the services (about 6 s); its people
alone take about 2 s. A test needs only the rows, so the first test that asks for the
demo builds it once inside a savepoint, the rows it added are read out with ``COPY …
TO STDOUT`` (together with the files it stored), the savepoint is rolled back, and from
then on every test gets the same rows with ``COPY … FROM STDIN`` inside its own
transaction (milliseconds), which the test's rollback — or the flush of a transactional
test — takes away again.

The copy is only used where it gives exactly what ``load_demo()`` would have given:

* the database must hold what it held when the copy was made (every table's rows,
  fingerprinted): a test whose fixtures created rows before the demo gets a real load;
* the clock must be the real one, on the day the copy was made (the demo's dates are
  relative to today): under time-machine, or on another day, the demo is loaded for real
  (a new day gets a new copy);
* the build itself runs only without overridden settings, in the project's language,
  so the copy does not carry one test's settings into the others.

Under pytest-xdist the workers share the copy: the first worker that needs it builds it and
leaves it in the run's folder (``tests/template_db.py``), the others read it from there — the
demo is built once per run, however many workers run. A worker takes it only where its own
database, cloned from the same template, holds what the builder's held (the fingerprint).

"The people only" is the demo without any business app's demo (every ``demo.py`` that
``office.demo`` discovers, present and future): :func:`people_only`.

A transactional test ends with Django's flush, which empties every table and lets the
``post_migrate`` handlers recreate content types and permissions under new ids (and
loses the rows data migrations wrote). :func:`restore_base` puts back the database as
migrations left it, so the next test starts where every other test starts.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import UserSettingsHolder, settings
from django.db import connection, transaction
from django.utils import timezone, translation

#: Settings naming folders where the demo stores files (relative paths are kept).
FILE_ROOTS = ("DOCUMENTS_STORAGE_ROOT", "TASKS_STORAGE_ROOT", "MEDIA_ROOT")


def _root(setting: str) -> str | None:
    """The folder a setting names; 办事's papers default to ``VAR_DIR/tasks`` (tasks.requests.files)."""
    root = getattr(settings, setting, None)
    if not root and setting == "TASKS_STORAGE_ROOT":
        root = Path(settings.VAR_DIR) / "tasks"
    return root


class Unsupported(Exception):
    """``load_demo()`` changed or removed a row that was there before it: a copy of its
    additions would not reproduce it."""


@dataclass
class Snapshot:
    fingerprint: str
    #: (table, the new rows as COPY text) in dump order
    rows: list[tuple[str, bytes]]
    #: (sequence, highest id in its table) so that new rows never collide with copied ones
    sequences: list[tuple[str, int]]
    #: (setting naming the root, path under it, content)
    files: list[tuple[str, str, bytes]]
    row_count: int = 0


@dataclass
class Stats:
    built: list[tuple[str, float, float]] = field(default_factory=list)  # (kind, seconds, CPU seconds here)
    shared: list[tuple[str, float]] = field(default_factory=list)  # (kind, seconds waited and read)
    restored: list[float] = field(default_factory=list)
    loaded: list[tuple[str, str, float]] = field(default_factory=list)  # (kind, why, seconds)
    base_restores: int = 0


stats = Stats()
_base: dict[str, bytes] = {}  # table → its rows as migrations left them
_base_fingerprint: str | None = None
_snapshots: dict[tuple[str, object], Snapshot | str] = {}  # or why there is none


# --- reading and writing tables ------------------------------------------------------------


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor, include_views=False)
    return sorted(n for n in names if n != "django_migrations")


def _qn(name: str) -> str:
    return connection.ops.quote_name(name)


def _dump(tables: list[str]) -> dict[str, bytes]:
    out = {}
    with connection.cursor() as cursor:
        for table in tables:
            buffer = io.BytesIO()
            cursor.copy_expert(f"COPY {_qn(table)} TO STDOUT", buffer)
            out[table] = buffer.getvalue()
    return out


def _copy_in(rows: list[tuple[str, bytes]]) -> None:
    with connection.cursor() as cursor:
        for table, data in rows:
            cursor.copy_expert(f"COPY {_qn(table)} FROM STDIN", io.BytesIO(data))


_fingerprint_sql: str | None = None


def fingerprint() -> str:
    """One hash of every row of every table (a few milliseconds on a near-empty database)."""
    global _fingerprint_sql
    if _fingerprint_sql is None:
        parts = [
            f"(SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM {_qn(table)} t)"
            for table in _tables()
        ]
        # PostgreSQL takes at most 100 arguments per function call: concat_ws groups of 50.
        groups = ["concat_ws('|', " + ", ".join(parts[i : i + 50]) + ")" for i in range(0, len(parts), 50)]
        _fingerprint_sql = "SELECT md5(concat_ws('|', " + ", ".join(groups) + "))"
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql)
        return cursor.fetchone()[0]


def _sequences(tables: list[str]) -> dict[str, tuple[str, str]]:
    """table → (its id column, the sequence behind it), for serial and identity columns."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_name, c.column_name, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name)
              FROM information_schema.columns c
             WHERE c.table_schema = current_schema() AND c.table_name = ANY(%s)
               AND (c.is_identity = 'YES' OR c.column_default LIKE 'nextval(%%')
            """,
            [tables],
        )
        return {table: (column, sequence) for table, column, sequence in cursor.fetchall() if sequence}


def _files() -> dict[tuple[str, str], Path]:
    found = {}
    for setting in FILE_ROOTS:
        root = _root(setting)
        if not root or not Path(root).is_dir():
            continue
        root = Path(root)
        for path in root.rglob("*"):
            if path.is_file():
                found[(setting, str(path.relative_to(root)))] = path
    return found


# --- the base: the database as migrations left it -----------------------------------------


def capture_base() -> None:
    """Called once the test database is migrated (``django_db_setup``)."""
    global _base_fingerprint, _real_demo_functions
    _real_demo_functions = _demo_functions()  # before any test can replace one
    _base.clear()
    _base.update(_dump(_tables()))
    _base_fingerprint = fingerprint()


def restore_base() -> bool:
    """After a transactional test: put the migrated state back if the flush changed it."""
    if _base_fingerprint is None or fingerprint() == _base_fingerprint:
        return False
    from django.contrib.contenttypes.models import ContentType

    tables = _tables()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(_qn(t) for t in tables)} CASCADE")
        _copy_in([(table, data) for table, data in _base.items() if data])
    ContentType.objects.clear_cache()
    stats.base_restores += 1
    return True


# --- the demo ------------------------------------------------------------------------------


@contextlib.contextmanager
def people_only():
    """``load_demo()`` without any business app's demo: the units and people ``office`` makes.

    Every app's ``demo.py`` is found by ``office.demo`` itself (``_app_demos``), so an app that
    adds one is left out here with no change.
    """
    import office.demo

    real = office.demo._app_demos
    office.demo._app_demos = lambda: {}
    try:
        yield
    finally:
        office.demo._app_demos = real


def _build(kind: str, base_fingerprint: str) -> Snapshot:
    from office.demo import load_demo

    tables = _tables()
    files_before = set(_files())
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        before = _dump(tables)
        with people_only() if kind == "people" else contextlib.nullcontext():
            load_demo()
        after = _dump(tables)
        sequences = _sequences(tables)
        highest = []
        rows = []
        count = 0
        for table in tables:
            old = Counter(before[table].splitlines(keepends=True))
            new = []
            for line in after[table].splitlines(keepends=True):
                if old[line]:
                    old[line] -= 1
                else:
                    new.append(line)
            if +old:
                raise Unsupported(f"load_demo() changed or removed rows of {table}")
            if new:
                rows.append((table, b"".join(new)))
                count += len(new)
                if table in sequences:
                    column, sequence = sequences[table]
                    with connection.cursor() as cursor:
                        cursor.execute(f"SELECT max({_qn(column)}) FROM {_qn(table)}")
                        highest.append((sequence, cursor.fetchone()[0]))
        added = {key: path for key, path in _files().items() if key not in files_before}
        files = [(setting, rel, path.read_bytes()) for (setting, rel), path in sorted(added.items())]
        transaction.set_rollback(True)
    return Snapshot(fingerprint=base_fingerprint, rows=rows, sequences=highest, files=files, row_count=count)


def _restore(snapshot: Snapshot) -> None:
    with transaction.atomic():
        _copy_in(snapshot.rows)
    if snapshot.sequences:
        # Never needed while sequences only go forward (they do: a rollback keeps them),
        # but cheap insurance against a test that resets them.
        setvals = ", ".join(
            f"setval(%s, GREATEST(%s, (SELECT last_value FROM {seq})))" for seq, _ in snapshot.sequences
        )
        params = [p for seq, top in snapshot.sequences for p in (seq, top)]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {setvals}", params)
    for setting, rel, content in snapshot.files:
        path = Path(_root(setting)) / rel
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


def _load_for_real(kind: str, why: str) -> None:
    from office.demo import load_demo

    started = time.perf_counter()
    load_demo()  # demo_people has already left the apps' demos out (people_only)
    stats.loaded.append((kind, why, time.perf_counter() - started))


def _built(kind: str, current: str) -> Snapshot | str:
    """A new copy, or why there can be none."""
    started, cpu = time.perf_counter(), time.process_time()
    try:
        snapshot = _build(kind, current)
    except Unsupported as exc:
        return str(exc)
    stats.built.append((kind, time.perf_counter() - started, time.process_time() - cpu))
    return snapshot


def _demo_functions(kind: str = "all") -> tuple:
    """What a copy is built with: ``load_demo``, and for the whole demo its look-up of the apps'
    demos and each app's ``demo.load`` (found as ``office.demo`` finds them; the people only
    leave those out by themselves, :func:`people_only`)."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    import office.demo

    if kind == "people":
        return (office.demo.load_demo,)
    loads = [
        import_module(f"{config.name}.demo").load
        for config in apps.get_app_configs()
        if config.name != "office" and getattr(config, "url_prefix", None) and find_spec(f"{config.name}.demo")
    ]
    return (office.demo.load_demo, office.demo._app_demos, *loads)


_real_demo_functions: tuple | None = None


def _shared_or_built(kind: str, current: str) -> Snapshot | str:
    """The run's copy, built by the first worker that needs it (under a lock: the others wait
    for it rather than build it again) and read from the run's folder by the others.

    A test that replaced a part of the demo (``monkeypatch``) neither takes nor leaves the
    run's copy: it builds one of its own, as before.
    """
    from tests import template_db

    global _real_demo_functions
    if _real_demo_functions is None:
        _real_demo_functions = _demo_functions()
    folder = template_db.shared_dir()
    if folder is None or _demo_functions(kind) != _real_demo_functions[: len(_demo_functions(kind))]:
        return _built(kind, current)
    path = folder / f"{kind}-{timezone.localdate().isoformat()}.pickle"
    started = time.perf_counter()
    with template_db.locked(folder / "demo.lock"):
        if path.exists():
            shared = pickle.loads(path.read_bytes())
            if isinstance(shared, str) or shared.fingerprint == current:
                stats.shared.append((kind, time.perf_counter() - started))
                return shared
            return _built(kind, current)  # another base than the builder's: a copy of its own
        snapshot = _built(kind, current)
        partial = path.with_suffix(".partial")
        partial.write_bytes(pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, path)
    return snapshot


def load(kind: str) -> None:
    """Give the current test the demo (``kind="all"``) or its people only (``"people"``)."""
    import time_machine

    if time_machine.escape_hatch.is_travelling():
        return _load_for_real(kind, "time-machine")
    current = fingerprint()
    key = (kind, timezone.localdate())
    snapshot = _snapshots.get(key)
    if snapshot is None:
        if current != _base_fingerprint:
            return _load_for_real(kind, "rows made before the demo")
        if isinstance(settings._wrapped, UserSettingsHolder):
            return _load_for_real(kind, "settings overridden before the demo")
        snapshot = _snapshots[key] = _shared_or_built(kind, current)
        if isinstance(snapshot, str):  # not again: every test of this kind loads for real
            return _load_for_real(kind, snapshot)
    elif isinstance(snapshot, str):
        return _load_for_real(kind, snapshot)
    elif snapshot.fingerprint != current:
        return _load_for_real(kind, "rows made before the demo")
    started = time.perf_counter()
    _restore(snapshot)
    stats.restored.append(time.perf_counter() - started)


def summary() -> str | None:
    if not (stats.built or stats.shared or stats.restored or stats.loaded or stats.base_restores):
        return None
    parts = []
    if stats.built:
        parts.append("built " + ", ".join(f"{kind} in {s:.1f} s ({cpu:.1f} s CPU)" for kind, s, cpu in stats.built))
    if stats.shared:
        parts.append("took " + ", ".join(f"{kind} from the run's copy in {s:.1f} s" for kind, s in stats.shared))
    if stats.restored:
        average = sum(stats.restored) / len(stats.restored) * 1000
        parts.append(f"copied into {len(stats.restored)} tests ({average:.0f} ms each)")
    if stats.loaded:
        reasons = Counter(why for _, why, _ in stats.loaded)
        seconds = sum(s for *_, s in stats.loaded)
        parts.append(
            f"loaded for real in {len(stats.loaded)} tests ({seconds:.0f} s: "
            + ", ".join(f"{n} × {why}" for why, n in reasons.items())
            + ")"
        )
    if stats.base_restores:
        parts.append(f"migrated state put back after {stats.base_restores} transactional tests")
    return "demo database: " + "; ".join(parts)
