"""Reminders on real PostgreSQL, Redis and Celery: each one goes out exactly once.

The sweep (office.deadlines.sweep) claims due deadlines with ``SELECT … FOR UPDATE
SKIP LOCKED`` and writes each notification with its ReminderLog row in the batch's
transaction, under the unique constraint (deadline, stage, recipient). These tests
attack that promise the ways production would:

* sweeps racing each other — threads and ``manage.py sweep_reminders`` processes;
* Redis dying under a running worker, pages served meanwhile, then Redis coming back;
* a worker SIGKILLed in the middle of a batch.

Workers and sweep processes are subprocesses with the production settings
(``office.settings``) pointed at pytest-django's test database, so the tests that use
them commit their rows (``transaction=True``). Each worker test has a Redis of its
own on a free port, so no other worker on the machine takes its messages.

The deadlines are all far overdue, so the rung due is a repeat reminder, which goes
to the department head and the leader in charge (design: "overdue → department
head, then the leader in charge"). Who that is, and whether they are cleared for the
item's 密级, is written out below by hand: the expected reminders are computed
without the code under test.
"""

from __future__ import annotations

import datetime as dt
import email
import email.header
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import kombu.exceptions
import kombu.pools
import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.test import Client, override_settings
from django.utils import timezone

from office import deadlines, services
from office.celery import app
from office.choices import Clearance, EmailState, Role, UnitKind
from office.models import Deadline, DeadlineSchedule, Heartbeat, Notification, ReminderLog, User
from tests.factories import UnitFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
CELERY = str(Path(sys.executable).with_name("celery"))
REDIS_SERVER = shutil.which("redis-server")
STARTUP_TIMEOUT = 60
TASK_TIMEOUT = 60
#: What "answers quickly" means while Redis is down.
FAST = 3.0

needs_redis_server = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")


# --- the organ and who should hear of what ----------------------------------------------


@dataclass
class Organ:
    """Four departments, an office director, a principal and a deputy.

    ====  =========================  =============================
    unit  department head            leader in charge
    ====  =========================  =============================
    U1    head1 (秘密)               deputy (秘密)
    U2    head2 (内部: not 秘密)     deputy
    U3    — none: the office         — none: the principal (机密)
          director answers (秘密)
    U4    head4 (秘密)               principal
    ====  =========================  =============================
    """

    director: object
    principal: object
    deputy: object
    units: dict[str, object]
    staff: dict[str, object]
    #: unit key → [(person, clearance)] who get an overdue unit's repeat reminder.
    repeat_to: dict[str, list] = field(default_factory=dict)

    def expected(self, unit_key: str, level: int) -> set[int]:
        """User ids the repeat reminder of an item of ``unit_key`` at 密级 ``level`` goes to."""
        return {person.pk for person, clearance in self.repeat_to[unit_key] if clearance >= level}


def build_organ() -> Organ:
    office = UnitFactory(kind=UnitKind.OFFICE, name="办公室")
    leadership = UnitFactory(kind=UnitKind.LEADERSHIP, name="局领导")
    units = {key: UnitFactory(name=f"{key}处") for key in ("U1", "U2", "U3", "U4")}
    director = UserFactory(role=Role.OFFICE, unit=office, title="办公室主任", clearance=Clearance.SECRET)
    # The office head answers for a unit without a head: named as such, not "the first office user".
    services.unit_set_head(actor=None, unit=office, head=director)
    principal = UserFactory(
        role=Role.LEADER, unit=leadership, title="局长", is_principal=True, clearance=Clearance.CONFIDENTIAL
    )
    deputy = UserFactory(
        role=Role.LEADER, unit=leadership, title="副局长", clearance=Clearance.SECRET,
        in_charge_of=[units["U1"], units["U2"]],
    )
    head1 = UserFactory(role=Role.DEPT_HEAD, unit=units["U1"], title="处长", clearance=Clearance.SECRET)
    head2 = UserFactory(role=Role.DEPT_HEAD, unit=units["U2"], title="处长", clearance=Clearance.INTERNAL)
    head4 = UserFactory(role=Role.DEPT_HEAD, unit=units["U4"], title="处长", clearance=Clearance.SECRET)
    staff = {key: UserFactory(role=Role.STAFF, unit=unit, clearance=Clearance.SECRET) for key, unit in units.items()}
    return Organ(
        director=director, principal=principal, deputy=deputy, units=units, staff=staff,
        repeat_to={
            "U1": [(head1, Clearance.SECRET), (deputy, Clearance.SECRET)],
            "U2": [(head2, Clearance.INTERNAL), (deputy, Clearance.SECRET)],
            "U3": [(director, Clearance.SECRET), (principal, Clearance.CONFIDENTIAL)],
            "U4": [(head4, Clearance.SECRET), (principal, Clearance.CONFIDENTIAL)],
        },
    )


LEVELS = (Clearance.PUBLIC, Clearance.INTERNAL, Clearance.SECRET)


def set_deadlines(organ: Organ, count: int, *, prefix: str, start: int = 0) -> dict[int, set[int]]:
    """``count`` far-overdue deadlines through the service; returns deadline id → expected recipients.

    Spread over the four departments and the three 密级, due 20 to 59 days ago, half
    with a responsible person (who does not get the repeat rung).
    """
    now = timezone.now()
    keys = sorted(organ.units)
    expected = {}
    for i in range(start, start + count):
        key, level = keys[i % len(keys)], LEVELS[(i // len(keys)) % len(LEVELS)]
        deadline = deadlines.deadline_set(
            actor=organ.director, title=f"{prefix}第{i}号督办事项", responsible_unit=organ.units[key],
            responsible_user=organ.staff[key] if i % 2 else None,
            due_at=now - dt.timedelta(days=20 + i % 40), secret_level=level,
        )
        expected[deadline.pk] = organ.expected(key, level)
    return expected


def set_quiet_deadlines(organ: Organ) -> list[int]:
    """Deadlines that must produce nothing: one due in a month, one already done."""
    later = deadlines.deadline_set(
        actor=organ.director, title="下月到期事项", responsible_unit=organ.units["U1"],
        due_at=timezone.now() + dt.timedelta(days=30),
    )
    done = deadlines.deadline_set(
        actor=organ.director, title="已办结事项", responsible_unit=organ.units["U1"],
        due_at=timezone.now() - dt.timedelta(days=30),
    )
    deadlines.deadline_close(actor=organ.director, deadline=done)
    return [later.pk, done.pk]


def away_from_stage_time() -> None:
    """The repeat rungs fall due at 09:00: don't let one fall due halfway through a test.

    Otherwise a sweep just after 09:00 would rightly send the next repeat, and the
    counts below would be off by a legitimate reminder.
    """
    now = timezone.localtime()
    nine = now.replace(hour=9, minute=0, second=0, microsecond=0)
    if nine - dt.timedelta(minutes=3) <= now < nine + dt.timedelta(seconds=5):
        time.sleep((nine - now).total_seconds() + 5)


def sent_pairs() -> Counter:
    """(deadline id, recipient id) → how many reminders, from the log."""
    return Counter(ReminderLog.objects.values_list("deadline_id", "recipient_id"))


def expected_pairs(expected: dict[int, set[int]]) -> Counter:
    return Counter((deadline_id, user_id) for deadline_id, users in expected.items() for user_id in users)


def assert_each_reminder_once(expected: dict[int, set[int]]) -> None:
    """The log holds exactly the expected reminders, each with its own notification."""
    total = sum(len(users) for users in expected.values())
    assert ReminderLog.objects.count() == total
    assert not ReminderLog.objects.values("deadline", "stage", "recipient").annotate(n=Count("id")).filter(n__gt=1)
    assert sent_pairs() == expected_pairs(expected)
    notes = Notification.objects.filter(verb="deadline.reminder")
    assert notes.count() == total
    linked = Counter(
        ReminderLog.objects.values_list("notification_id", "notification__recipient_id", "recipient_id",
                                        "notification__target_id", "deadline_id")
    )
    assert len(linked) == total and all(n == 1 for n in linked.values())
    for note_id, note_recipient, recipient, target_id, deadline_id in linked:
        assert note_id is not None
        assert (note_recipient, target_id) == (recipient, str(deadline_id))


def assert_still_due(expected: dict[int, set[int]]) -> None:
    """Nothing was sent for these deadlines yet, and the sweep will still pick every one up."""
    assert not ReminderLog.objects.filter(deadline_id__in=list(expected)).exists()
    due = Deadline.objects.filter(pk__in=list(expected), schedule__next_remind_at__lte=timezone.now())
    assert due.count() == len(expected)


# --- subprocesses ----------------------------------------------------------------------


def database_url(application_name: str = "") -> str:
    """pytest-django's test database (``test_sanban``) as a URL for a subprocess."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"{url}?application_name={application_name}" if application_name else url


def production_env(tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a real deployment (office.settings), on the test database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "office.settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "SANBAN_VAR_DIR": str(tmp / "var"),
        "SECRET_KEY": settings.SECRET_KEY,
        "EMAIL_URL": "dummymail://",
        **extra,
    }


def wait_for(condition, what: str, *, timeout: float = TASK_TIMEOUT, log: Path | None = None) -> float:
    """Poll ``condition`` until true; fail with the log after ``timeout`` seconds. Returns the wait."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}" + (f"\n{log.read_text()}" if log else ""))
        time.sleep(0.2)
    return time.monotonic() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A private, throwaway redis-server that a test may kill and start again on the same port."""

    def __init__(self, tmp: Path):
        self.port = free_port()
        self.dir = tmp / f"redis-{self.port}"
        self.dir.mkdir()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.dir), "--logfile", str(self.dir / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        wait_for(lambda: self.process.poll() is None and self.answers(), "redis-server", timeout=15)

    def kill(self) -> None:
        """SIGKILL: the server vanishes without a word, as in a crash."""
        self.process.kill()
        self.process.wait(timeout=10)
        wait_for(lambda: not self.answers(), "redis-server to go away", timeout=5)

    def freeze(self) -> None:
        """SIGSTOP: the server keeps its port and accepts connections but never answers (a hung host)."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)
        wait_for(self.answers, "redis-server to answer again", timeout=15)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)


class Worker:
    """``celery -A office worker`` as the Procfile runs it, in a process group of its own."""

    def __init__(self, tmp: Path, broker_url: str, *, name: str):
        self.name = name
        self.log = tmp / f"{name}.log"
        self.mail_dir = tmp / "mail"
        self.mail_dir.mkdir(exist_ok=True)
        env = production_env(
            tmp,
            REDIS_URL=broker_url,
            DATABASE_URL=database_url(application_name=name),
            # Four slashes: environ drops the first one of the path (filemail:///x is the relative x).
            EMAIL_URL=f"filemail:///{self.mail_dir}",
        )
        self.process = subprocess.Popen(
            [CELERY, "-A", "office", "worker", "--loglevel=INFO", "--concurrency=1",
             "--without-mingle", "--without-gossip", "-n", f"{name}@%h"],
            cwd=ROOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        wait_for(lambda: "ready." in self.log.read_text() or self.process.poll() is not None,
                 f"worker {name} to start", timeout=STARTUP_TIMEOUT, log=self.log)
        if self.process.poll() is not None:
            pytest.fail(f"worker {name} exited:\n{self.log.read_text()}")

    def kill(self) -> None:
        """SIGKILL the whole process group: the main process and its pool child die together."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def mails(self) -> list[email.message.Message]:
        """Every message sent (the file backend writes one file per connection, messages split by dashes)."""
        found = []
        for path in sorted(self.mail_dir.iterdir()):
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    found.append(email.message_from_bytes(chunk.strip() + b"\n"))
        return found


def decoded(header: str) -> str:
    return str(email.header.make_header(email.header.decode_header(header)))


def _reset_celery_pools() -> None:
    """Close and forget pooled broker connections (kombu's registry, and Celery's references
    to it, as Celery does after a fork): the next message opens a connection to the new URL."""
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def web_redis(url: str):
    """Configure this (web) process for the Redis at ``url``: cache, broker, health check."""
    caches = {"default": {**settings.CACHES["default"], "LOCATION": url}}
    saved = app.conf.broker_url
    with override_settings(CACHES=caches, CELERY_BROKER_URL=url, REDIS_URL=url):
        app.conf.broker_url = url
        _reset_celery_pools()
        try:
            yield
        finally:
            app.conf.broker_url = saved
            _reset_celery_pools()


def drain(worker: Worker) -> None:
    """Wait until every task enqueued so far has run: the worker takes them in order, one at a time,
    so once a heartbeat enqueued last is recorded, the tasks before it are done."""
    Heartbeat.objects.filter(name="worker").delete()
    app.send_task("office.jobs.heartbeat")
    wait_for(lambda: Heartbeat.objects.filter(name="worker").exists(), "the worker's heartbeat", log=worker.log)


@pytest.fixture
def private_redis(tmp_path):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def workers(tmp_path):
    """``workers(broker_url)`` → a started Worker; every one is stopped at the end."""
    started: list[Worker] = []

    def _start(broker_url: str) -> Worker:
        worker = Worker(tmp_path, broker_url, name=f"sanban-test-{uuid.uuid4().hex[:8]}")
        started.append(worker)
        return worker

    yield _start
    for worker in started:
        worker.stop()


# --- 1. racing sweeps --------------------------------------------------------------------

GATED_SWEEP = """
import sys, django
django.setup()
from django.core.management import call_command
print("ready", flush=True)
sys.stdin.readline()
call_command("sweep_reminders", "--batch-size", sys.argv[1])
"""


@pytest.mark.django_db(transaction=True)
def test_racing_sweeps_send_each_reminder_exactly_once(tmp_path):
    """Four threads and two ``manage.py sweep_reminders`` processes sweep 400 overdue deadlines at
    once, 25 rows a batch: every reminder is sent once, none twice, each row is claimed by one sweep."""
    organ = build_organ()
    expected = set_deadlines(organ, 400, prefix="并发")
    quiet = set_quiet_deadlines(organ)
    assert {len(users) for users in expected.values()} == {1, 2}
    away_from_stage_time()

    # The processes are the management command (call_command, as manage.py runs it), held at a
    # gate after start-up so that they begin at the same moment as the threads.
    processes = [
        subprocess.Popen([PYTHON, "-c", GATED_SWEEP, "25"], cwd=ROOT, env=production_env(tmp_path),
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for process in processes:
        assert process.stdout.readline().strip() == "ready", process.stderr.read()

    gate = threading.Barrier(5)
    results: list[deadlines.SweepResult] = []
    errors: list[BaseException] = []

    def sweeper():
        try:
            gate.wait()
            results.append(deadlines.sweep(batch_size=25))
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=sweeper) for _ in range(4)]
    for thread in threads:
        thread.start()
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()
    gate.wait()
    for thread in threads:
        thread.join(timeout=120)
    outputs = [process.communicate(timeout=120) for process in processes]

    assert not errors, errors
    by_process = []
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        by_process.append(deadlines.SweepResult(**json.loads(out.strip().splitlines()[-1])))

    assert_each_reminder_once(expected)
    assert not ReminderLog.objects.filter(deadline_id__in=quiet).exists()
    # SKIP LOCKED: every due row was claimed by exactly one sweep, and the work was shared
    # between the threads and the processes (the race really happened).
    every = results + by_process
    assert sum(r.due for r in every) == len(expected)
    assert sum(r.notified for r in every) == ReminderLog.objects.count()
    assert sum(r.due for r in results) and sum(r.due for r in by_process), [r.as_dict() for r in every]
    # Each row now waits for its next rung.
    assert not Deadline.objects.filter(pk__in=list(expected), schedule__next_remind_at__lte=timezone.now()).exists()

    # The next sweep finds nothing to send.
    again = deadlines.sweep(batch_size=25)
    assert (again.due, again.notified) == (0, 0)
    assert_each_reminder_once(expected)


@pytest.mark.django_db
def test_the_database_refuses_a_second_log_row_for_the_same_reminder():
    """The unique constraint (deadline, stage, recipient) is the backstop of exactly-once."""
    organ = build_organ()
    set_deadlines(organ, 1, prefix="约束")
    deadlines.sweep()
    first = ReminderLog.objects.get(recipient=organ.deputy)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderLog.objects.create(deadline_id=first.deadline_id, stage=first.stage, recipient_id=first.recipient_id)
    # Another rung, or another person, is a different reminder.
    ReminderLog.objects.create(deadline_id=first.deadline_id, stage="r1:other", recipient_id=first.recipient_id)


@pytest.mark.django_db
def test_a_sweep_blind_to_the_log_fails_its_batch_rather_than_send_twice(monkeypatch):
    """Were the check for reminders already sent ever to miss one (the race the constraint is
    there for), the batch fails as a whole: no second notification is committed."""
    organ = build_organ()
    expected = set_deadlines(organ, 8, prefix="兜底")
    deadlines.sweep()
    assert_each_reminder_once(expected)
    # Make the same rung due again, and hide the log from the sweep's check.
    DeadlineSchedule.objects.filter(pk__in=list(expected)).update(next_remind_at=timezone.now() - dt.timedelta(minutes=1))

    monkeypatch.setattr(deadlines, "_already_sent", lambda rows, stages: set())
    with pytest.raises(IntegrityError):
        deadlines.sweep()
    assert_each_reminder_once(expected)
    # The rows stay due: once the log is visible again the sweep passes them over quietly.
    monkeypatch.undo()
    result = deadlines.sweep()
    assert (result.due, result.notified) == (len(expected), 0)
    assert_each_reminder_once(expected)


# --- 2. Redis down -----------------------------------------------------------------------


def timed_get(client: Client, url: str):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


def mail_counts(worker: Worker) -> Counter:
    return Counter((message["To"], decoded(message["Subject"])) for message in worker.mails())


def expected_mail(expected: dict[int, set[int]]) -> Counter:
    rows = Deadline.objects.filter(pk__in=list(expected)).values_list("pk", "title", "secret_level")
    # Above 内部 the e-mail names no title (issue 9, point 18).
    subjects = {
        pk: "[三办] 您有一项待办事项，请登录系统查看" if level > Clearance.INTERNAL else f"[三办] 【催办】{title}"
        for pk, title, level in rows
    }
    emails = dict(User.objects.values_list("pk", "email"))
    return Counter(
        (emails[user_id], subjects[deadline_id])
        for deadline_id, users in expected.items() for user_id in users
    )


@pytest.mark.celery
@needs_redis_server
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("outage", ["killed", "frozen"])
def test_redis_outage_pages_answer_nothing_is_lost_and_the_worker_catches_up(outage, private_redis, workers):
    """Redis dies under a running worker: SIGKILLed (connections refused, restarted empty on the same
    port) or frozen with SIGSTOP (connections accepted, never answered, then SIGCONT). Meanwhile the
    workbench, the deadline list and /healthz answer within 3 s and enqueueing fails within 3 s. When
    Redis is back the worker carries on, and the sweep and the e-mail job (as beat sends them)
    deliver every reminder once, in the inbox and by e-mail."""
    organ = build_organ()
    worker = workers(private_redis.url)
    client = Client()
    client.force_login(organ.director)
    away_from_stage_time()
    with web_redis(private_redis.url):
        assert client.get("/healthz").json()["broker"]["ok"] is True  # the web process uses this Redis
        expected = set_deadlines(organ, 24, prefix="断网前")

        if outage == "killed":
            private_redis.kill()
            # The worker notices and retries; let it fail twice before Redis is back.
            wait_for(lambda: worker.log.read_text().count("Cannot connect to redis") >= 2,
                     "the worker's second failed reconnection", timeout=30, log=worker.log)
        else:
            private_redis.freeze()
        # Work goes on without Redis: more time limits are set, nothing needs the broker for that.
        expected |= set_deadlines(organ, 12, prefix="断网中", start=24)

        # (a) pages answer, and health says the broker is down.
        for url in ("/", "/deadlines/", "/healthz"):
            response, elapsed = timed_get(client, url)
            assert response.status_code == 200, url
            assert elapsed < FAST, f"{url} took {elapsed:.2f} s with Redis {outage}"
        report = response.json()
        assert report["broker"]["ok"] is False and report["database"]["ok"] is True
        assert report["status"] == "degraded"
        assert "断网中第24号督办事项" in client.get("/deadlines/").content.decode()

        # (b) enqueueing gives up quickly instead of hanging whoever tried.
        started = time.monotonic()
        with pytest.raises(kombu.exceptions.OperationalError):
            app.send_task("office.jobs.sweep_reminders")
        elapsed = time.monotonic() - started
        assert elapsed < FAST, f"enqueueing took {elapsed:.2f} s with Redis {outage}"

        # Nothing was sent, nothing was lost: the reminders wait in the database.
        assert_still_due(expected)

        # (c) Redis is back; beat sends the periodic jobs again.
        if outage == "killed":
            private_redis.start()
        else:
            private_redis.thaw()
        assert client.get("/healthz").json()["broker"]["ok"] is True
        app.send_task("office.jobs.sweep_reminders")
        app.send_task("office.jobs.deliver_pending_email")
        total = sum(len(users) for users in expected.values())
        wait_for(lambda: ReminderLog.objects.count() >= total, "the reminders", log=worker.log)
        wait_for(lambda: not Notification.objects.filter(email_state=EmailState.PENDING).exists(),
                 "the reminders' e-mail", log=worker.log)

        assert_each_reminder_once(expected)
        assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}
        assert mail_counts(worker) == expected_mail(expected)

        # Beat's next round finds nothing new to send.
        app.send_task("office.jobs.sweep_reminders")
        app.send_task("office.jobs.deliver_pending_email")
        drain(worker)
        assert_each_reminder_once(expected)
        assert mail_counts(worker) == expected_mail(expected)


def test_a_worker_never_gives_up_on_redis():
    """A worker that loses Redis must still be there when Redis comes back, however long it takes.

    Celery's default gives up after 100 attempts (2, 4, … 30 s apart: about 46 minutes of
    outage) and the worker process exits with "Unrecoverable error"; under ``make run``
    honcho then stops web and beat with it. ``None`` means retry for ever.
    """
    assert app.conf.broker_connection_max_retries is None
    assert app.conf.broker_connection_retry is True


# --- 3. a worker killed in the middle of a batch -------------------------------------------


def backend_waiting_on_the_log(application_name: str) -> int | None:
    """PID of the worker's database session if it waits for a lock while inserting log rows
    (``INSERT``, or ``COPY`` as the sweep loads them on PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else a transaction sees one snapshot of it
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s AND wait_event_type = 'Lock'"
            " AND (query LIKE 'INSERT INTO \"office_reminderlog\"%%' OR query LIKE 'COPY \"office_reminderlog\"%%')",
            [application_name],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def locks_held(pid: int) -> set[tuple[str, str]]:
    """(table, lock mode) the session holds: what its open transaction has done so far."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
            " WHERE l.pid = %s AND l.granted AND c.relkind = 'r'",
            [pid],
        )
        return set(cursor.fetchall())


def backend_alive(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone() is not None


@pytest.mark.celery
@needs_redis_server
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_in_the_middle_of_a_batch_loses_nothing_and_doubles_nothing(private_redis, workers):
    """The worker is SIGKILLed while its sweep holds a batch: notifications inserted, log rows not yet.
    Nothing of the batch is committed, the rows stay due, and the next sweep (beat's next round, on a
    new worker) sends every reminder exactly once."""
    organ = build_organ()
    away_from_stage_time()
    expected = set_deadlines(organ, 60, prefix="中断")
    total = sum(len(users) for users in expected.values())
    worker = workers(private_redis.url)

    with web_redis(private_redis.url):
        # SHARE mode lets the sweep read the log but not write it: the worker's batch transaction
        # stops at its INSERT into office_reminderlog, after the notifications went in.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE office_reminderlog IN SHARE MODE")
            app.send_task("office.jobs.sweep_reminders")
            wait_for(lambda: backend_waiting_on_the_log(worker.name) is not None,
                     "the worker to block inside its batch", log=worker.log)
            pid = backend_waiting_on_the_log(worker.name)
            # Its batch is under way: due rows locked (FOR UPDATE), notifications inserted.
            held = locks_held(pid)
            assert {("office_deadline", "RowShareLock"), ("office_notification", "RowExclusiveLock")} <= held
            worker.kill()
        # The lock is released. The killed worker's session finds its client gone and rolls back.
        wait_for(lambda: not backend_alive(pid), "the killed worker's database session to end", timeout=30)

        assert "succeeded" not in worker.log.read_text()
        assert not Notification.objects.exists()
        assert not ReminderLog.objects.exists()
        assert_still_due(expected)

        # Beat's next round, taken by a new worker.
        worker = workers(private_redis.url)
        app.send_task("office.jobs.sweep_reminders")
        wait_for(lambda: ReminderLog.objects.count() >= total, "the reminders", log=worker.log)
        drain(worker)
        assert_each_reminder_once(expected)

        # And the round after that sends nothing more.
        app.send_task("office.jobs.sweep_reminders")
        drain(worker)
        assert_each_reminder_once(expected)
