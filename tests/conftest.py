"""Fixtures shared by every test folder."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup, validate_django_db
from pytest_django.plugin import blocking_manager_key as pytest_django_blocker_key

from office.demo import DEMO_PASSWORD
from office.models import User
from tests import demo_db, template_db

TEMPLATE_KEY = pytest.StashKey[str]()

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


def pytest_configure(config):
    """The process that starts the run names the template database its workers clone
    (``tests/template_db.py``): one key for every worker, a new one per ``--create-db`` run."""
    if hasattr(config, "workerinput"):
        return
    run_id = template_db.new_run_id() if config.getvalue("create_db") else None
    config.stash[TEMPLATE_KEY] = template_db.key(run_id)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    node.workerinput[template_db.KEY_OPTION] = node.config.stash[TEMPLATE_KEY]


def _template_key(config) -> str:
    workerinput = getattr(config, "workerinput", None)
    return workerinput[template_db.KEY_OPTION] if workerinput is not None else config.stash[TEMPLATE_KEY]


def _keeps_template(config) -> bool:
    return bool(config.getvalue("reuse_db")) and not config.getvalue("create_db")


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """The test database, a copy of the run's template on PostgreSQL (``tests/template_db.py``),
    remembered as migrations left it so that it can be put back after a transactional test
    (``tests/demo_db.py``). Elsewhere pytest-django's own setup."""
    from django.test.utils import setup_databases, teardown_databases

    config = request.config
    verbosity = config.option.verbose
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    with django_db_blocker.unblock():
        use_template = template_db.supported(django_db_use_migrations, aliases) and not serialized_aliases
        if use_template:
            old_name, test_name = template_db.setup(_template_key(config), verbosity)
        else:
            started = time.perf_counter()
            if not django_db_use_migrations:
                _disable_migrations()
            keepdb = django_db_keepdb and not django_db_createdb
            db_cfg = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized_aliases,
                keepdb=keepdb,
            )
            template_db.timings.fallback = time.perf_counter() - started
        demo_db.capture_base()
    yield
    with django_db_blocker.unblock():
        if use_template:
            template_db.teardown(old_name)
            if not hasattr(config, "workerinput"):  # one process: no controller to drop them
                keep = _keeps_template(config)
                template_db.drop_later([test_name], template_key=None if keep else _template_key(config))
        elif not django_db_keepdb:
            teardown_databases(db_cfg, verbosity=verbosity)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, the database as migrations left it again."""
    result = yield
    # After the run's last test the session's fixtures are gone (the settings name the real
    # database again) and no test follows that would need the migrated state.
    if _transactional(item) and nextitem is not None:
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
    """An xdist worker hands its database lines to the controller; the controller drops the
    template its workers cloned, once they are all done."""
    config = session.config
    output = getattr(config, "workeroutput", None)
    if output is not None:
        output["demo_db"] = _summary()
        output["test_database"] = template_db.test_database
    elif config.pluginmanager.has_plugin("dsession"):
        keep = _keeps_template(config)
        template_db.drop_later(_worker_databases, template_key=None if keep else _template_key(config))


def _summary() -> str | None:
    return "; ".join(filter(None, [template_db.summary(), demo_db.summary()])) or None


_worker_lines: list[str] = []
_worker_databases: list[str] = []


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    output = getattr(node, "workeroutput", {})
    if output.get("demo_db"):
        _worker_lines.append(f"[{node.gateway.id}] {output['demo_db']}")
    if output.get("test_database"):
        _worker_databases.append(output["test_database"])


def pytest_terminal_summary(terminalreporter):
    for line in sorted(_worker_lines) or filter(None, [_summary()]):
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
    monkeypatch.setattr("office.demo._app_demos", lambda: {})  # every app's demo: demo_db.people_only
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
