"""Celery and /healthz, with a real worker process on the real Redis.

The worker is ``celery -A office worker --pool=solo`` started as a subprocess with the
test settings and pointed at pytest-django's test database; the tests that use it run
with committed transactions so the worker sees their rows. It listens on a queue of its
own, so it never takes work meant for anyone else on the same Redis.

Then, with Redis unreachable (a closed port, and a port that accepts but never answers),
/healthz and the workbench still answer quickly and nothing stored is lost.
"""

from __future__ import annotations

import email
import email.header
import os
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings

from office.celery import app
from office.choices import EmailState
from office.models import Heartbeat, Notification
from tests.factories import NotificationFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
WORKER_START_TIMEOUT = 60
TASK_TIMEOUT = 30


def _database_url() -> str:
    """The test database (``test_sanban``), as a URL for the worker's settings."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    def __init__(self, tmp: Path):
        self.queue = f"sanban-test-{uuid.uuid4().hex[:8]}"
        self.mail_dir = tmp / "mail"
        self.mail_dir.mkdir()
        self.log = tmp / "worker.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": _database_url(),
            "CONN_MAX_AGE": "0",
            "REDIS_URL": settings.REDIS_URL,
            "SANBAN_TEST_EMAIL_DIR": str(self.mail_dir),
            "SANBAN_VAR_DIR": str(tmp / "var"),
        }
        self.process = subprocess.Popen(
            [str(CELERY), "-A", "office", "worker", "--pool=solo", "-Q", self.queue,
             "-n", f"{self.queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "--loglevel=INFO"],
            cwd=ROOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + WORKER_START_TIMEOUT
        while "ready." not in self.log.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"the Celery worker did not start:\n{self.log.read_text()}")
            time.sleep(0.1)

    def send(self, task: str) -> None:
        app.send_task(task, queue=self.queue)

    def drain(self) -> None:
        """Wait until every task sent so far has run: the solo pool runs them in order,
        so once a heartbeat sent last is recorded, the tasks before it are done."""
        Heartbeat.objects.filter(name="worker").delete()
        self.send("office.jobs.heartbeat")
        wait_for(lambda: Heartbeat.objects.filter(name="worker").exists(), "the worker's heartbeat", self)

    def mails(self) -> list[email.message.Message]:
        """Every message the worker sent (the file backend writes one file per connection)."""
        messages = []
        for path in sorted(self.mail_dir.iterdir()):
            for chunk in path.read_bytes().split(b"-" * 79):
                if chunk.strip():
                    messages.append(email.message_from_bytes(chunk.strip() + b"\n"))
        return messages

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wait_for(condition, what: str, worker: Worker | None = None, timeout: float = TASK_TIMEOUT):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            log = worker.log.read_text() if worker else ""
            pytest.fail(f"timed out waiting for {what}\n{log}")
        time.sleep(0.2)


@pytest.fixture
def worker(transactional_db, tmp_path):
    worker = Worker(tmp_path)
    yield worker
    worker.stop()


def subject(message: email.message.Message) -> str:
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


@pytest.mark.celery
def test_healthz_reports_the_worker_after_a_heartbeat(worker):
    client = Client()
    Heartbeat.objects.filter(name="worker").delete()
    report = client.get("/healthz").json()
    assert report["database"]["ok"] and report["broker"]["ok"]
    assert report["worker"] == {"ok": False, "last_heartbeat": None}
    assert report["status"] == "degraded"

    worker.send("office.jobs.heartbeat")
    wait_for(lambda: client.get("/healthz").json()["worker"]["ok"], "/healthz to see the worker", worker)
    report = client.get("/healthz").json()
    assert report["status"] == "ok"
    assert report["worker"]["hostname"] == socket.gethostname()
    assert report["worker"]["age_seconds"] <= 5
    assert report["broker"]["transport"] == "redis"


@pytest.mark.celery
def test_each_pending_notification_is_emailed_exactly_once(worker):
    people = [UserFactory(email=f"person{i}@rsj.example.gov.cn") for i in range(3)]
    notes = [NotificationFactory(recipient=person, title=f"关于第{i}次局务会的通知", url="/?tab=notifications")
             for i, person in enumerate(people) for _ in range(2)]
    in_app_only = NotificationFactory(recipient=people[0], title="仅站内提示", email=False)
    no_address = NotificationFactory(recipient=UserFactory(email=""), title="没有邮箱的人")
    assert {note.email_state for note in notes} == {EmailState.PENDING}

    # Twice, as beat and a retry might: still one e-mail each.
    worker.send("office.jobs.deliver_pending_email")
    worker.send("office.jobs.deliver_pending_email")
    worker.drain()

    mails = worker.mails()
    assert len(mails) == len(notes)
    assert Counter((m["To"], subject(m)) for m in mails) == Counter(
        (note.recipient.email, f"[三办] {note.title}") for note in notes
    )
    body = mails[0].get_payload(decode=True).decode()
    assert "请按时办理。" in body and f"{settings.SANBAN_BASE_URL}/?tab=notifications" in body
    for note in notes:
        note.refresh_from_db()
        assert (note.email_state, note.email_attempts) == (EmailState.SENT, 1)
        assert note.email_sent_at is not None
    assert Notification.objects.get(pk=in_app_only.pk).email_state == EmailState.SKIPPED
    assert Notification.objects.get(pk=no_address.pk).email_state == EmailState.SKIPPED

    # A later run sends only what is new.
    late = NotificationFactory(recipient=people[1], title="补充通知")
    worker.send("office.jobs.deliver_pending_email")
    worker.drain()
    mails = worker.mails()
    assert len(mails) == len(notes) + 1
    assert [subject(m) for m in mails].count("[三办] 补充通知") == 1
    late.refresh_from_db()
    assert late.email_state == EmailState.SENT


# --- Redis down -----------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def silent_port():
    """A port that accepts connections and never says a word: a hung Redis."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    yield sock.getsockname()[1]
    sock.close()


@pytest.fixture
def redis_at():
    """Point the cache and the broker at another Redis URL for one test."""
    original = app.conf.broker_url

    def _point(url: str):
        caches = {"default": {**settings.CACHES["default"], "LOCATION": url}}
        override = override_settings(CELERY_BROKER_URL=url, REDIS_URL=url, CACHES=caches)
        override.enable()
        app.conf.broker_url = url
        overrides.append(override)

    overrides = []
    yield _point
    app.conf.broker_url = original
    for override in reversed(overrides):
        override.disable()


def _timed(client: Client, url: str):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


@pytest.mark.parametrize("kind", ["closed port", "silent port"])
def test_pages_keep_working_when_redis_is_down(kind, redis_at, silent_port, db):
    port = _closed_port() if kind == "closed port" else silent_port
    user = UserFactory()
    client = Client()
    client.force_login(user)
    redis_at(f"redis://127.0.0.1:{port}/0")

    response, elapsed = _timed(client, "/healthz")
    assert elapsed < 3, f"/healthz took {elapsed:.1f} s"
    assert response.status_code == 200
    report = response.json()
    assert report["broker"]["ok"] is False
    assert report["database"]["ok"] is True
    assert report["status"] == "degraded"

    # A notification is stored without the broker, and the workbench shows it.
    NotificationFactory(recipient=user, title="停机期间的通知")
    response, elapsed = _timed(client, "/?tab=notifications")
    assert elapsed < 3, f"the workbench took {elapsed:.1f} s"
    assert response.status_code == 200
    assert "停机期间的通知" in response.content.decode()
    # Nothing is lost: it waits for a worker to e-mail it.
    assert Notification.objects.get(title="停机期间的通知").email_state == EmailState.PENDING

    # Logging in needs no Redis either (sessions live in the database).
    response = Client().post("/accounts/login/", {"username": user.username, "password": "Test@12345"})
    assert response.status_code == 302
