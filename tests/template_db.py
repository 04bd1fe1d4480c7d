"""The test databases, cloned from one template database that a run builds once.

Migrating a test database takes 15–25 s here, and under pytest-xdist every worker used to
migrate its own. On PostgreSQL a run now builds one migrated database, the template, and every
worker's test database is a ``CREATE DATABASE … TEMPLATE`` copy of it (about a second):

* the template is named after the test database (``test_<name>_tpl_<key>``, from
  ``DATABASE_URL``), so runs on other databases of the same server never meet it; it is built
  under a file lock by the first process that needs it, into a scratch database renamed into
  place only once complete, so a half-built template is never used;
* ``<key>`` is a hash of the migrations, of every file of the project's apps and templates (the
  demo is built through the services), of the test infrastructure and of today's date (the demo
  is relative to today); under ``--create-db`` (``make test``) it also holds the run's id, so a
  run never takes a template an earlier run left behind. Templates with another key are dropped
  when a new one is built: a stale template is rebuilt, never reused;
* next to the template, in a folder of the same name (:func:`shared_dir`), the workers share the
  demo copies of ``tests/demo_db.py``: the first worker that needs the demo builds it, the others
  read the file (see ``demo_db.load``);
* at the end the process that started the run drops the workers' test databases and the
  template with its folder — unless ``--reuse-db`` without ``--create-db`` was asked for, which
  keeps the template (with its demo copies) for the next run with the same key. It drops them in
  the background (:func:`drop_later`): each ``DROP DATABASE`` waits for a checkpoint.

Anything but PostgreSQL with migrations, or several database aliases, takes pytest-django's
own way (``setup_databases``), unchanged.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Test infrastructure whose change makes another template.
INFRASTRUCTURE = ("tests/settings.py", "tests/demo_db.py", "tests/template_db.py", "tests/conftest.py")
#: Folders of an app that say nothing about its database or its demo.
SKIPPED_FOLDERS = {"__pycache__", "static", "locale"}
KEY_OPTION = "sanban_template_key"


class Timings:
    """Seconds spent on the test database of this process (printed at the end of the run)."""

    template_built: float | None = None
    template_cpu: float = 0.0  # of this process (PostgreSQL's own is not counted)
    template_waited: float = 0.0
    cloned: float | None = None
    fallback: float | None = None


timings = Timings()
_shared_dir: Path | None = None
#: This process's test database, once cloned (handed to the process that started the run).
test_database: str | None = None


# --- names ---------------------------------------------------------------------------------


def _settings_dict() -> dict:
    from django.db import connections

    return connections["default"].settings_dict


def supported(use_migrations: bool, aliases) -> bool:
    from django.db import connections

    return use_migrations and set(aliases) <= {"default"} and connections["default"].vendor == "postgresql"


def test_name_root() -> str:
    """The test database's name without the pytest-xdist worker suffix (``test_sanban_speed``)."""
    name = _settings_dict()["TEST"].get("NAME") or f"test_{_settings_dict()['NAME']}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker and name.endswith(f"_{worker}"):
        name = name[: -len(worker) - 1]
    return name


def template_name(key: str) -> str:
    return f"{test_name_root()}_tpl_{key}"


def _folder() -> Path:
    """Lock file and shared demo copies of this server's databases (two throwaway servers of the
    test command may hold databases of the same name)."""
    options = _settings_dict()
    host = (options.get("HOST") or "local").replace("/", "_")
    folder = Path(tempfile.gettempdir()) / "sanban-test-db" / f"{host}-{options.get('PORT') or 5432}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shared_dir() -> Path | None:
    """Where the workers of this run share the demo copies (``None`` without a template)."""
    return _shared_dir


@contextlib.contextmanager
def locked(path: Path):
    """An exclusive lock on a file, across the processes of a run (and other runs)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- the key -------------------------------------------------------------------------------


def _app_folders() -> list[Path]:
    from django.apps import apps

    folders = {ROOT / "templates"}
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(ROOT) and not path.is_relative_to(ROOT / "tests"):
            folders.add(path)
    return sorted(folders)


def key(run_id: str | None) -> str:
    """A hash of what the template and its demo copies are made of (a few milliseconds)."""
    digest = hashlib.sha256()
    files = [ROOT / name for name in INFRASTRUCTURE]
    for folder in _app_folders():
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_FOLDERS)
            files += [Path(dirpath) / f for f in sorted(filenames) if not f.endswith((".pyc", ".mo"))]
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    from django.utils import timezone

    digest.update(timezone.localdate().isoformat().encode())
    digest.update((run_id or "").encode())
    return digest.hexdigest()[:12]


def new_run_id() -> str:
    return uuid.uuid4().hex


# --- SQL -----------------------------------------------------------------------------------


def _nodb_execute(sql: str, params=None) -> list[tuple]:
    from django.db import connections

    with connections["default"]._nodb_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _qn(name: str) -> str:
    from django.db import connections

    return connections["default"].ops.quote_name(name)


def _exists(name: str) -> bool:
    return bool(_nodb_execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]))


def _drop(name: str) -> bool:
    """Drop a database; False when it is in use (another run of the same name: left to it)."""
    from django.db import DatabaseError

    try:
        _nodb_execute(f"DROP DATABASE IF EXISTS {_qn(name)}")
    except DatabaseError:
        return False
    return True


def _templates() -> list[str]:
    pattern = test_name_root().replace("_", r"\_") + r"\_tpl\_%"
    return [row[0] for row in _nodb_execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [pattern])]


# --- build, clone, drop ------------------------------------------------------------------


def _build(name: str, verbosity: int) -> None:
    """Migrate a scratch database and rename it into place (a failure leaves no template)."""
    from django.conf import settings
    from django.db import connections

    connection = connections["default"]
    scratch = f"{test_name_root()}_tplbuild"  # not a "_tpl_" name: never taken for a stale template
    old_name, old_test_name = connection.settings_dict["NAME"], connection.settings_dict["TEST"].get("NAME")
    connection.settings_dict["TEST"]["NAME"] = scratch
    try:
        connection.creation.create_test_db(verbosity=verbosity, autoclobber=True, serialize=False, keepdb=False)
    finally:
        connection.close()
        connection.settings_dict["TEST"]["NAME"] = old_test_name
        connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = old_name
    stale = [other for other in _templates() if other != name]
    for other in stale:
        shutil.rmtree(_folder() / other, ignore_errors=True)
    drop_later(stale)
    _nodb_execute(f"ALTER DATABASE {_qn(scratch)} RENAME TO {_qn(name)}")


def setup(key_given: str, verbosity: int) -> tuple[str, str]:
    """Make this process's test database a copy of the template; returns (old name, test name)."""
    global _shared_dir, test_database
    from django.conf import settings
    from django.db import connections

    connection = connections["default"]
    name = template_name(key_given)
    test_name = connection.creation._get_test_db_name()
    started = time.perf_counter()
    with locked(_folder() / f"{test_name_root()}.lock"):
        waited = time.perf_counter() - started
        if not _exists(name):
            started, cpu = time.perf_counter(), time.process_time()
            _build(name, verbosity)
            timings.template_built = time.perf_counter() - started
            timings.template_cpu = time.process_time() - cpu
        else:
            timings.template_waited = waited
        started = time.perf_counter()
        _drop(test_name)
        # Within the lock: PostgreSQL refuses a template another session is connected to.
        _nodb_execute(f"CREATE DATABASE {_qn(test_name)} TEMPLATE {_qn(name)}")
        timings.cloned = time.perf_counter() - started
    old_name = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = test_name
    connection.ensure_connection()
    _shared_dir = _folder() / name
    _shared_dir.mkdir(exist_ok=True)
    test_database = test_name
    return old_name, test_name


def teardown(old_name: str) -> None:
    """This process is done with its test database: close it and point the settings back."""
    from django.conf import settings
    from django.db import connections

    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = old_name


#: Dropping a database makes PostgreSQL checkpoint (15–20 s on this shared machine, each): the
#: run does not wait for it. A process of its own drops them, trying again while a worker that
#: has just finished still holds its connection.
_DROPPER = """
import json, os, sys, time
import psycopg2
options, names = json.loads(sys.argv[1])
for name in names:
    for attempt in range(60):
        try:
            connection = psycopg2.connect(dbname="postgres", password=os.environ.get("PGPASSWORD"), **options)
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute('DROP DATABASE IF EXISTS "%s"' % name.replace('"', '""'))
            connection.close()
            break
        except psycopg2.Error:
            time.sleep(1)
"""


def drop_later(names: list[str], *, template_key: str | None = None) -> None:
    """Drop these test databases (and the template of that key, with its folder) after the run,
    in the background. The template's folder goes at once: nothing reads it any more."""
    import json
    import subprocess
    import sys

    names = list(names)
    if template_key is not None:
        names.append(template_name(template_key))
        shutil.rmtree(_folder() / template_name(template_key), ignore_errors=True)
    if not names:
        return
    options = _settings_dict()
    connect = {
        key: value
        for key, value in (("host", options.get("HOST")), ("port", options.get("PORT")), ("user", options.get("USER")))
        if value
    }
    env = {**os.environ, "PGPASSWORD": options.get("PASSWORD") or ""}
    subprocess.Popen(
        [sys.executable, "-c", _DROPPER, json.dumps([connect, names])],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def summary() -> str | None:
    parts = []
    if timings.template_built is not None:
        parts.append(f"migrated the template in {timings.template_built:.1f} s ({timings.template_cpu:.1f} s CPU)")
    elif timings.template_waited >= 0.1:
        parts.append(f"waited {timings.template_waited:.1f} s for the template")
    if timings.cloned is not None:
        parts.append(f"cloned it in {timings.cloned:.1f} s")
    if timings.fallback is not None:
        parts.append(f"created and migrated the database in {timings.fallback:.1f} s (no template)")
    return "test database: " + ", ".join(parts) if parts else None
