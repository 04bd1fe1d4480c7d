"""A to-do's stage (待登记, 待批示 …) is kept apart from its title and shown in the reader's language
(issue 12, point 9): an English reader no longer sees 【待登记】 before the title."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext as _

from documents.choices import IncomingState as S
from office.models import Todo
from office.services import todo_open
from office.stages import stage_label, stage_split
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_the_stage_is_split_off_the_title_whatever_language_the_actor_used():
    assert stage_split("【待登记】关于报送材料的函") == ("待登记", "关于报送材料的函")
    assert stage_split("关于报送材料的函") == ("", "关于报送材料的函")
    with translation.override("en"):
        title = f"【{_('待登记')}】关于报送材料的函"  # an office member working in English
        assert title.startswith("【Awaiting registration】")
    assert stage_split(title) == ("待登记", "关于报送材料的函")  # stored as the Chinese msgid
    with translation.override("en"):
        assert stage_label("待登记") == "Awaiting registration"
    assert stage_label("待登记") == "待登记"


def test_the_workbench_shows_the_stage_in_the_readers_language(walk, people):
    doc = walk(S.SIGNED)
    todo = Todo.objects.get(user=people["zhouting"], step="incoming.register", state="open")
    assert (todo.stage, todo.title) == ("待登记", doc.title)
    client = client_for(people["zhouting"])
    page = client.get("/").content.decode()
    assert 'data-stage="待登记">待登记</span>' in page and doc.title in page
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    assert "【待登记】" not in page and 'data-stage="待登记">Awaiting registration</span>' in page


def test_the_migration_moves_existing_prefixes_into_the_stage_without_losing_rows(people):
    migration = importlib.import_module("office.migrations.0017_todo_stage")
    user = people["zhouting"]
    base = dict(user=user, step="x.y", url="/", target_type_id=1, target_id="1")
    Todo.objects.bulk_create([
        Todo(title="【待登记】关于甲的函", **{**base, "target_id": "1"}),
        Todo(title="关于乙的函", **{**base, "target_id": "2"}),
        Todo(title="【退回重办】关于丙的函", **{**base, "target_id": "3"}),
        Todo(title="【不闭合 关于丁的函", **{**base, "target_id": "4"}),
    ])
    before = Todo.objects.count()
    migration.stages_from_titles(apps, None)
    assert Todo.objects.count() == before
    got = dict(Todo.objects.filter(user=user, step="x.y").values_list("target_id", "stage"))
    titles = dict(Todo.objects.filter(user=user, step="x.y").values_list("target_id", "title"))
    assert got == {"1": "待登记", "2": "", "3": "退回重办", "4": ""}
    assert titles == {"1": "关于甲的函", "2": "关于乙的函", "3": "关于丙的函", "4": "【不闭合 关于丁的函"}
    migration.stages_to_titles(apps, None)
    assert Todo.objects.get(user=user, step="x.y", target_id="1").title == "【待登记】关于甲的函"


def test_todo_open_keeps_a_title_without_stage_as_it_is(people):
    todo = todo_open(user=people["zhouting"], target=people["zhouting"], step="t.s", title="普通事项", url="/")
    assert (todo.stage, todo.title) == ("", "普通事项")
