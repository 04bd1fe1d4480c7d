"""Fixtures shared by every test folder."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import validate_django_db
from pytest_django.plugin import blocking_manager_key as pytest_django_blocker_key

from office.demo import DEMO_PASSWORD
from office.models import User
from tests import demo_db

#: One demo account per role (and the principal / deputy split of leaders).
DEMO_ROLES = {
    "principal": "wangjianguo",
    "deputy": "liminghua",
    "office": "zhouting",
    "dept_head": "zhoujianhua",
    "staff": "qianli",
    "sysadmin": "sysadmin",
    "secadmin": "secadmin",
    "auditor": "auditor",
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as migrations leave it, remembered so that it can be put back after
    a transactional test (see ``tests/demo_db.py``)."""
    with django_db_blocker.unblock():
        demo_db.capture_base()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, the database as migrations left it again."""
    result = yield
    if _transactional(item):
        blocker = item.config.stash[pytest_django_blocker_key]
        with blocker.unblock():
            demo_db.restore_base()
    return result


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    if marker and any(validate_django_db(marker)[:2]):  # transaction=True or reset_sequences=True
        return True
    return "transactional_db" in names or "live_server" in names


def pytest_sessionfinish(session):
    """An xdist worker hands its demo database line to the controller."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["demo_db"] = demo_db.summary()


_worker_lines: list[str] = []


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    line = getattr(node, "workeroutput", {}).get("demo_db")
    if line:
        _worker_lines.append(f"[{node.gateway.id}] {line}")


def pytest_terminal_summary(terminalreporter):
    for line in sorted(_worker_lines) or filter(None, [demo_db.summary()]):
        terminalreporter.write_line(line)


@pytest.fixture
def demo(db):
    """The demo organ, as the command users run (``load_demo``) makes it: built once per run,
    copied into each test (``tests/demo_db.py``)."""
    demo_db.load("all")
    return {role: User.objects.get(username=username) for role, username in DEMO_ROLES.items()}


@pytest.fixture
def demo_people(db, monkeypatch):
    """The demo organ's units and people without its documents (a third of the time).

    For tests about accounts, logins and admin, which no 收文 or 发文 concerns. Modules
    that need nothing more override ``demo`` with it.
    """
    monkeypatch.setattr("documents.demo.load", lambda: 0)
    monkeypatch.setattr("supervision.demo.load", lambda: 0)
    monkeypatch.setattr("meetings.demo.load", lambda: 0)
    monkeypatch.setattr("tasks.demo.load", lambda: 0)
    demo_db.load("people")
    return {role: User.objects.get(username=username) for role, username in DEMO_ROLES.items()}


@pytest.fixture
def login():
    """``login(user)`` → a test client logged in as that user, through the login form."""

    def _login(user: User, password: str = DEMO_PASSWORD) -> Client:
        client = Client()
        response = client.post("/accounts/login/", {"username": user.username, "password": password})
        assert response.status_code == 302, f"login of {user.username} failed"
        return client

    return _login
