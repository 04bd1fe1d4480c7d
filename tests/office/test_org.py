"""The one org chart look-up (office.org): who the organ, the office, its head, a unit's
head, the leaders in charge and the principal are — and the reminder escalation that
now asks it for the office head instead of taking "the first office user by id"."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from office import deadlines, org, services
from office.choices import Clearance, Role, UnitKind
from office.models import ReminderLog
from tests.factories import UnitFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def chart(db):
    organ = UnitFactory(code="ORG", name="江城市测试局", kind=UnitKind.ORGAN, fonds_code="J099")
    office = UnitFactory(code="OFF", name="办公室", kind=UnitKind.OFFICE, parent=organ, sort_order=2)
    dept = UnitFactory(code="A", name="就业处", parent=organ, sort_order=10)
    headless = UnitFactory(code="B", name="人才处", parent=organ, sort_order=11)
    # The 文书 joins before the 主任: "the first office user by id" is the wrong person.
    clerk = UserFactory(username="wenshu", full_name="文书甲", role=Role.OFFICE, unit=office, clearance=Clearance.SECRET)
    director = UserFactory(username="zhuren", full_name="主任乙", role=Role.OFFICE, unit=office, clearance=Clearance.SECRET)
    services.unit_set_head(actor=None, unit=office, head=director)
    head = UserFactory(username="chuzhang", full_name="处长丙", role=Role.DEPT_HEAD, unit=dept, clearance=Clearance.SECRET)
    services.unit_set_head(actor=None, unit=dept, head=head)
    deputy = UserFactory(username="fuju", full_name="副局长丁", role=Role.LEADER, unit=office, in_charge_of=[dept],
                         clearance=Clearance.SECRET)
    chief = UserFactory(username="juzhang", full_name="局长戊", role=Role.LEADER, unit=office, is_principal=True,
                        clearance=Clearance.CONFIDENTIAL)
    staff = UserFactory(username="keyuan", full_name="科员己", role=Role.STAFF, unit=headless)
    return {"organ": organ, "office": office, "dept": dept, "headless": headless, "clerk": clerk,
            "director": director, "head": head, "deputy": deputy, "chief": chief, "staff": staff}


def test_units_and_their_heads(chart):
    assert org.organ() == chart["organ"]
    assert org.organ_name() == "江城市测试局"
    assert org.office_unit() == chart["office"]
    assert org.office_head() == chart["director"]  # the named 主任, not the 文书 who came first
    assert org.unit_head(chart["dept"]) == chart["head"]
    assert org.unit_head(chart["dept"].pk) == chart["head"]
    assert org.unit_head(chart["headless"]) is None
    assert org.unit_heads([chart["office"], chart["dept"], chart["headless"]]) == [chart["director"], chart["head"]]
    assert org.unit_heads([chart["dept"]], min_clearance=Clearance.CONFIDENTIAL) == []
    assert list(org.departments()) == [chart["dept"], chart["headless"]]


def test_a_unit_without_a_named_head_falls_back_to_its_dept_head(chart):
    acting = UserFactory(username="fuchu", full_name="副处长庚", role=Role.DEPT_HEAD, unit=chart["headless"])
    assert org.unit_head(chart["headless"]) == acting
    # An inactive named head no longer answers for the unit.
    head = chart["head"]
    head.is_active = False
    head.save(update_fields=["is_active"])
    assert org.unit_head(chart["dept"]) is None


def test_leaders_and_the_principal(chart):
    assert org.principal() == chart["chief"]
    assert org.principal(min_clearance=Clearance.CONFIDENTIAL) == chart["chief"]
    assert list(org.leaders_in_charge(chart["dept"])) == [chart["deputy"]]
    assert org.leader_in_charge(chart["dept"]) == chart["deputy"]
    assert org.leader_in_charge(chart["dept"], min_clearance=Clearance.CONFIDENTIAL) is None
    assert org.leader_in_charge(chart["headless"]) is None


def test_members_and_office_staff(chart):
    assert list(org.members(chart["office"], role=Role.OFFICE)) == [chart["clerk"], chart["director"]]
    assert org.office_staff() == [chart["clerk"], chart["director"]]
    assert org.office_staff(min_clearance=Clearance.CONFIDENTIAL) == []
    assert list(org.members(chart["headless"])) == [chart["staff"]]


def test_answers_are_cached_for_one_request_and_forgotten_when_the_chart_changes(chart):
    # As the test client does: the start and end of this "request" keep the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
        with CaptureQueriesContext(connection) as first:
            org.organ(), org.office_unit(), org.office_head(), org.principal()
        with CaptureQueriesContext(connection) as again:
            org.organ(), org.office_unit(), org.office_head(), org.principal()
        assert len(first) == 3 and len(again) == 0
        services.unit_set_head(actor=None, unit=chart["office"], head=chart["clerk"])
        assert org.office_head() == chart["clerk"]  # the change is seen at once, in the same request
        request_finished.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    with CaptureQueriesContext(connection) as outside:
        org.organ(), org.organ()
    assert len(outside) == 2  # no request: nothing cached


def test_the_escalation_of_a_unit_without_a_head_goes_to_the_office_head(chart):
    """Before: "the first office user by id" (the 文书) got the head's reminders."""
    local = lambda *a: timezone.make_aware(dt.datetime(*a))  # noqa: E731
    with time_machine.travel(local(2026, 11, 27, 10, 0), tick=False):
        deadline = deadlines.deadline_set(
            actor=chart["director"], title="人才引进情况报告", responsible_unit=chart["headless"],
            responsible_user=chart["staff"], due_at=local(2026, 12, 2, 18, 0),
        )
    with time_machine.travel(local(2026, 12, 3, 9, 5), tick=False):
        deadlines.sweep()
    heard = set(ReminderLog.objects.filter(deadline=deadline).values_list("recipient__username", flat=True))
    assert heard == {"zhuren"}


#: Look-ups of the org chart that belong in office/org.py only.
LOOKUPS = re.compile(
    r"kind=UnitKind\.(ORGAN|OFFICE)\b|unit__kind=UnitKind\.OFFICE|is_principal=True\)|role=Role\.OFFICE, unit__"
    r"|select_related\(\"head\"\)|\.values_list\(\"head_id\""
)


def test_no_org_chart_look_up_outside_office_org():
    offenders = []
    for app in ("office", "documents", "meetings", "tasks", "supervision"):
        for path in sorted((ROOT / app).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" in rel or rel in {"office/org.py", "office/demo.py"} or rel.startswith("office/models/"):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if LOOKUPS.search(line):
                    offenders.append(f"{rel}:{number}: {line.strip()}")
    assert not offenders, "ask office.org instead:\n" + "\n".join(offenders)
