#!/usr/bin/env python3
"""The test command behind ``make test``: PostgreSQL and Redis, then pytest.

1. Read ``DATABASE_URL`` and ``REDIS_URL`` (the same defaults as tests/settings.py).
2. If a server there does not answer but its programs are installed (PostgreSQL's
   ``initdb``/``pg_ctl``, ``redis-server``), start a throwaway one in a temporary
   directory on a free port, point the URL at it, and remove it afterwards.
   If it neither answers nor is installed, say in one line what to install and stop.
3. Run pytest with ``--create-db`` (never a stale test database), on every core (pytest-xdist,
   ``-n``, at most four workers; ``-n 0`` for one process), printing the 20 slowest tests, and
   the extra arguments given on the command line; "no tests collected" counts as a failure.

Standard library only: it runs before anything is imported from the project.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sanban"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
PYTEST_NO_TESTS_COLLECTED = 5
MAX_WORKERS = 4
SLOWEST = 20


def font_cache_dir() -> Path:
    """Where the test runs keep the bundled fonts converted to TrueType: $XDG_CACHE_HOME/sanban/fonts."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sanban" / "fonts"


def say(message: str) -> None:
    print(f"run_tests: {message}", flush=True)


# --- Reachability ---------------------------------------------------------

def host_port(url: str, default_port: int) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or default_port


def answers(host: str, port: int, timeout: float = 2.0) -> bool:
    """True when something accepts a TCP connection there."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def with_host_port(url: str, port: int, *, user: str | None = None) -> str:
    """The same URL (scheme, database, options) pointed at 127.0.0.1:port."""
    parts = urlsplit(url)
    netloc = f"{user}@127.0.0.1:{port}" if user else f"127.0.0.1:{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def wait_until(check, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not come up within {seconds:.0f} s")


# --- Throwaway servers ----------------------------------------------------

def postgres_bindir() -> Path | None:
    """The newest PostgreSQL server programs: Debian's layout first, then PATH."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return Path(candidates[-1]).parent
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    return None


def run_as_kwargs() -> dict:
    """PostgreSQL refuses to run as root: run its programs as the ``postgres`` user then."""
    if os.geteuid() != 0:
        return {}
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return {"user": entry.pw_uid, "group": entry.pw_gid}
    raise RuntimeError("running as root and there is no 'postgres' or 'nobody' user to run PostgreSQL as")


class ThrowawayPostgres:
    def __init__(self, bindir: Path, url: str) -> None:
        self.bindir = bindir
        self.port = free_port()
        self.tmp = Path(tempfile.mkdtemp(prefix="sanban-test-pg-"))
        self.data = self.tmp / "data"
        self.log = self.tmp / "postgres.log"
        self.owner = run_as_kwargs()
        self.url = with_host_port(url, self.port, user="postgres")

    def _run(self, *argv: str) -> None:
        result = subprocess.run(argv, capture_output=True, text=True, cwd=self.tmp, **self.owner)
        if result.returncode != 0:
            detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
            raise RuntimeError(f"{Path(argv[0]).name} failed: {' | '.join(detail)}")

    def start(self) -> None:
        if self.owner:
            os.chown(self.tmp, self.owner["user"], self.owner["group"])
        self._run(
            str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--no-locale", "--no-sync",
        )
        # Speed over durability: the data dies with the run anyway.
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.tmp} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200 -c shared_buffers=128MB"
        )
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
                capture_output=True, cwd=self.tmp, **self.owner,
            )
        shutil.rmtree(self.tmp, ignore_errors=True)


class ThrowawayRedis:
    def __init__(self, program: str, url: str) -> None:
        self.program = program
        self.port = free_port()
        self.tmp = Path(tempfile.mkdtemp(prefix="sanban-test-redis-"))
        parts = urlsplit(url)
        # Keep the database number, drop any password: the throwaway has none.
        self.url = urlunsplit(("redis", f"127.0.0.1:{self.port}", parts.path, "", ""))
        self.process: subprocess.Popen | None = None

    def _pong(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.program, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", str(self.tmp), "--logfile", str(self.tmp / "redis.log"),
            ],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        wait_until(lambda: self.process.poll() is None and self._pong(), seconds=15, what="redis-server")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


# --- Main -----------------------------------------------------------------

def given(args: list[str], *options: str) -> bool:
    """True when one of the options is among the arguments (``-n 2``, ``-n2``, ``--durations=5`` …)."""
    return any(arg == option or arg.startswith(option) for arg in args for option in options)


def workers() -> int:
    """pytest-xdist workers: one per core, at most four (each has its own test database, a copy
    of the run's one template, and its own files folder: tests/template_db.py)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return min(cores, MAX_WORKERS)


def pytest_argv(args: list[str]) -> list[str]:
    argv = [sys.executable, "-m", "pytest"]
    # pyproject.toml keeps --reuse-db for quick local runs; the test command always
    # builds the test database afresh unless --reuse-db is asked for explicitly.
    if "--reuse-db" not in args:
        argv.append("--create-db")
    # Every core (each pytest-xdist worker has a test database of its own); "-n 0" runs in one process.
    if not given(args, "-n", "--numprocesses", "no:xdist") and workers() > 1:
        argv += ["-n", str(workers())]
    # The slowest tests, so that a slow newcomer is seen.
    if not given(args, "--durations"):
        argv.append(f"--durations={SLOWEST}")
    return argv + args


def main(args: list[str]) -> int:
    started = time.monotonic()
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL

    pg_host, pg_port = host_port(database_url, 5432)
    redis_host, redis_port = host_port(redis_url, 6379)
    pg_up = answers(pg_host, pg_port)
    redis_up = answers(redis_host, redis_port)
    bindir = None if pg_up else postgres_bindir()
    redis_program = None if redis_up else shutil.which("redis-server")

    missing = []
    if not pg_up and bindir is None:
        missing.append(f"PostgreSQL (nothing at {pg_host}:{pg_port}; install it: apt-get install postgresql)")
    if not redis_up and redis_program is None:
        missing.append(f"Redis (nothing at {redis_host}:{redis_port}; install it: apt-get install redis-server)")
    if missing:
        say("cannot run the tests without " + " and ".join(missing) + ", or set DATABASE_URL / REDIS_URL.")
        return 2

    services: list[ThrowawayPostgres | ThrowawayRedis] = []
    var_dir = Path(tempfile.mkdtemp(prefix="sanban-test-var-"))
    # A SIGTERM (CI timeout, kill) must still stop the throwaway servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        if not pg_up:
            pg = ThrowawayPostgres(bindir, database_url)
            services.append(pg)
            pg.start()
            say(f"no PostgreSQL at {pg_host}:{pg_port}: started a throwaway one on 127.0.0.1:{pg.port} ({pg.tmp})")
            database_url = pg.url
        if not redis_up:
            redis = ThrowawayRedis(redis_program, redis_url)
            services.append(redis)
            redis.start()
            say(f"no Redis at {redis_host}:{redis_port}: started a throwaway one on 127.0.0.1:{redis.port} ({redis.tmp})")
            redis_url = redis.url

        env = dict(os.environ)
        env.update(
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            SANBAN_VAR_DIR=str(var_dir),
            # The bundled fonts converted to TrueType (half a minute each) outlive the run, in the
            # user's cache (like pip's): a later run, from any clone, converts nothing.
            DOCUMENTS_FONT_CACHE_DIR=os.environ.get("DOCUMENTS_FONT_CACHE_DIR") or str(font_cache_dir()),
            # Browser tests drive the system Chromium; Playwright downloads nothing.
            PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD="1",
        )
        chromium = env.get("SANBAN_CHROMIUM") or next((c for c in CHROMIUM_CANDIDATES if os.access(c, os.X_OK)), "")
        if chromium:
            env["SANBAN_CHROMIUM"] = chromium
        else:
            say("no Chromium found (apt-get install chromium): browser tests will fail.")

        argv = pytest_argv(args)
        say(f"database {database_url} · redis {redis_url}")
        say(" ".join(argv[1:]))
        # Ctrl-C reaches pytest too: let it finish and print its summary, then clean up here.
        signal.signal(signal.SIGINT, lambda *_: None)
        code = subprocess.run(argv, cwd=ROOT, env=env).returncode
    except (RuntimeError, OSError) as exc:
        say(f"could not start a throwaway server: {exc}")
        return 2
    except KeyboardInterrupt:
        code = 130
    finally:
        for service in reversed(services):
            service.stop()
        shutil.rmtree(var_dir, ignore_errors=True)

    if code == PYTEST_NO_TESTS_COLLECTED:
        say("FAILED: pytest collected no tests (exit code 5). Check the paths and the -k / -m expression.")
    say(f"pytest exit code {code} after {time.monotonic() - started:.0f} s")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
