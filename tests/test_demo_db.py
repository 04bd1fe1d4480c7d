"""The demo a test gets from ``tests/demo_db.py`` is the demo ``load_demo()`` makes."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from documents.models import IncomingDocument, OutgoingDocument
from office.demo import load_demo
from office.models import Deadline, ReminderLadder, Todo, User
from tests import demo_db


def _counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in demo_db._tables():
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def _what_people_see() -> dict[str, object]:
    return {
        "users": sorted(User.objects.values_list("username", "unit__code", "role", "clearance")),
        "incoming": sorted(IncomingDocument.objects.values_list("title", "state", "serial")),
        "outgoing": sorted(OutgoingDocument.objects.values_list("title", "state")),
        "deadlines": sorted(Deadline.objects.values_list("title", "state", "due_at")),
        "todos": sorted(Todo.objects.values_list("user__username", "step", "title", "state")),
    }


def _inside_rolled_back(load) -> tuple[dict, dict]:
    with transaction.atomic():
        load()
        seen = _counts(), _what_people_see()
        transaction.set_rollback(True)
    return seen


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["all", "people"])
def test_the_copy_has_every_row_of_a_real_load(kind, monkeypatch):
    if kind == "people":  # every app's demo left out, as demo_people leaves them out
        monkeypatch.setattr("office.demo._app_demos", lambda: {})
    copied = _inside_rolled_back(lambda: demo_db.load(kind))
    copied_again = _inside_rolled_back(lambda: demo_db.load(kind))
    real = _inside_rolled_back(load_demo)
    assert copied == real
    assert copied_again == real
    assert real[0]["office_user"] > 20


@pytest.mark.django_db
def test_a_test_with_rows_of_its_own_gets_a_real_load(monkeypatch):
    """The copy holds only what the demo added to the migrated database: anything else there
    first, and the demo is loaded for real (load_demo() finds and keeps those rows)."""
    monkeypatch.setattr("office.demo._app_demos", lambda: {})  # the people only, as demo_people loads them
    before = len(demo_db.stats.loaded)
    User.objects.create(username="qianli", full_name="别人", role="staff")
    demo_db.load("people")
    assert len(demo_db.stats.loaded) == before + 1
    assert User.objects.get(username="qianli").unit.code == "ZCFG"


@pytest.mark.django_db
def test_a_demo_that_changes_rows_migrations_wrote_is_loaded_for_real(monkeypatch):
    def renaming_load_demo():
        ReminderLadder.objects.filter(kind="general").update(name="改过的催办规则")

    monkeypatch.setattr("office.demo.load_demo", renaming_load_demo)
    monkeypatch.setattr(demo_db, "_snapshots", {})
    before = len(demo_db.stats.loaded)
    demo_db.load("all")
    demo_db.load("all")
    assert len(demo_db.stats.loaded) == before + 2
    assert ReminderLadder.objects.get(kind="general").name == "改过的催办规则"
