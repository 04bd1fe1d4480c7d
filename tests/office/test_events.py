"""Events between apps (office.events): run on commit, once per subscriber; a failing
subscriber is logged and audited and never undoes the committed step. The subscribers
are the test app's (tests/policy_app/events.py), registered in its AppConfig.ready."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.db import transaction

from office import events, links
from office.choices import Clearance, Role, UnitKind
from office.models import AuditEvent, Link
from tests.factories import UnitFactory, UserFactory
from tests.policy_app import events as handlers
from tests.policy_app.models import Dossier


@pytest.fixture
def people(db):
    organ = UnitFactory(code="ORG", kind=UnitKind.ORGAN)
    dept = UnitFactory(code="A", name="就业处", parent=organ)
    office = UnitFactory(code="OFF", name="办公室", kind=UnitKind.OFFICE, parent=organ)
    return {
        "dept": dept,
        "leader": UserFactory(username="juzhang", role=Role.LEADER, unit=office, is_principal=True,
                              clearance=Clearance.CONFIDENTIAL),
        "secretary": UserFactory(username="mishu", role=Role.OFFICE, unit=office, clearance=Clearance.SECRET),
    }


def instruct(people, dossier, text="请就业处牵头落实，按月报进展。"):
    return events.fire(
        "instruction.supervise", source=dossier, leader=people["leader"], actor=people["secretary"], text=text,
        units=[people["dept"]], due=dt.date(2026, 12, 31),
    )


def test_the_subscribers_are_registered_from_app_ready():
    assert handlers.item_open_from_instruction in events.subscribers("instruction.supervise")
    issued = events.subscribers("document.issued")
    # documents' own two (and other apps' handlers, such as a meeting's 纪要 closing its meeting), each once.
    assert {handlers.issued_explode, handlers.issued_record} <= set(issued) and len(issued) == len(set(issued))


def test_an_instruction_to_supervise_opens_a_linked_item_on_commit(people, django_capture_on_commit_callbacks):
    dossier = Dossier.objects.create(title="关于稳就业的请示", secret_level=Clearance.INTERNAL)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        # One per subscriber: this test app's, and supervision's (which leaves a Dossier alone).
        subscribed = len(events.subscribers("instruction.supervise"))
        assert instruct(people, dossier) == subscribed
        assert not Link.objects.exists()  # nothing before the commit
    assert len(callbacks) == subscribed
    item = Dossier.objects.get(title__startswith="督办：")
    assert item.lead_unit == people["dept"] and list(item.routed_to.all()) == [people["leader"]]
    [link] = links.links_from(user=people["secretary"], source=dossier)
    assert (link.other, link.kind, link.state, link.due_on) == (item, "supervise", "open", dt.date(2026, 12, 31))


def test_a_rolled_back_step_fires_nothing(people, django_capture_on_commit_callbacks):
    dossier = Dossier.objects.create(title="关于稳就业的请示")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            instruct(people, dossier)
            raise RuntimeError("the step failed")
    assert callbacks == [] and not Dossier.objects.filter(title__startswith="督办：").exists()


@pytest.mark.django_db(transaction=True)
def test_a_failing_subscriber_is_logged_and_audited_and_the_step_stands(people, caplog):
    with caplog.at_level(logging.ERROR, logger="office.events"), transaction.atomic():
        document = Dossier.objects.create(title="故障演练通知")
        events.fire("document.issued", document=document, actor=people["secretary"], doc_number="测发〔2026〕1号",
                    units=[people["dept"]])
    # The step committed; the failing subscriber's half-written row went with it; the next one ran.
    assert Dossier.objects.filter(pk=document.pk).exists()
    assert not Dossier.objects.filter(title="不应留下的半截记录").exists()
    assert Dossier.objects.filter(title="已印发：故障演练通知").exists()
    failure = AuditEvent.objects.get(action="event.failed")
    assert failure.actor == people["secretary"]
    assert failure.object_id == str(document.pk)
    assert failure.detail["event"] == "document.issued"
    assert failure.detail["handler"].endswith("issued_explode")
    assert "下游处理失败" in failure.detail["error"]
    assert "issued_explode failed" in caplog.text


def test_every_subscriber_runs_once_per_event(people, django_capture_on_commit_callbacks):
    document = Dossier.objects.create(title="关于印发工作要点的通知")
    with django_capture_on_commit_callbacks(execute=True):
        events.fire("document.issued", document=document, actor=people["secretary"], doc_number="", units=[])
    assert Dossier.objects.filter(title="已印发：关于印发工作要点的通知").count() == 1
    assert not AuditEvent.objects.filter(action="event.failed").exists()


def test_an_unknown_event_name_fails_loudly():
    with pytest.raises(ValueError, match="unknown event"):
        events.fire("document.isued", document=None)
    with pytest.raises(ValueError, match="unknown event"):
        events.subscribe("instruction.supervize", handlers.issued_record)


def test_subscribing_twice_runs_the_handler_once():
    events.subscribe("document.issued", handlers.issued_record)
    assert events.subscribers("document.issued").count(handlers.issued_record) == 1
