"""Deadlines and reminders: the ladder with the clock moved, moving, closing, lost
access, 催办, and the pages that show them (with pinned query counts)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from office import deadlines
from office.choices import Clearance, Role, UnitKind
from office.mail import deliver_pending
from office.models import AuditEvent, Deadline, DeadlineState, Notification, ReminderLog, Todo, Urge
from tests.factories import UnitFactory, UserFactory
from tests.helpers import assert_num_queries, client_for


def local(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


@pytest.fixture
def org(db):
    organ = UnitFactory(code="ORG", name="测试局", kind=UnitKind.ORGAN)
    office = UnitFactory(code="OFF", name="办公室", kind=UnitKind.OFFICE, parent=organ)
    dept = UnitFactory(code="A", name="就业处", parent=organ)
    other = UnitFactory(code="B", name="人才处", parent=organ)
    return {
        "dept": dept,
        "other": other,
        "staff": UserFactory(username="keyuan", full_name="科员甲", role=Role.STAFF, unit=dept, clearance=Clearance.SECRET),
        "head": UserFactory(username="chuzhang", full_name="处长乙", role=Role.DEPT_HEAD, unit=dept, clearance=Clearance.SECRET),
        "leader": UserFactory(username="fujuzhang", full_name="副局长丙", role=Role.LEADER, unit=office, in_charge_of=[dept], clearance=Clearance.CONFIDENTIAL),
        "principal": UserFactory(username="juzhang", full_name="局长丁", role=Role.LEADER, unit=office, is_principal=True, clearance=Clearance.CONFIDENTIAL),
        "office": UserFactory(username="wenshu", full_name="文书戊", role=Role.OFFICE, unit=office, clearance=Clearance.SECRET),
        "outsider": UserFactory(username="waibu", full_name="他处科员", role=Role.STAFF, unit=other),
    }


def sent(deadline) -> list[tuple[str, str]]:
    """(stage, recipient username) of every reminder of a deadline, in order."""
    return [
        (log.stage, log.recipient.username)
        for log in ReminderLog.objects.filter(deadline=deadline).select_related("recipient").order_by("id")
    ]


def sweep_json() -> dict:
    from io import StringIO

    out = StringIO()
    call_command("sweep_reminders", stdout=out)
    return json.loads(out.getvalue())


def test_the_ladder_with_the_clock_moved(org):
    """Due Wednesday 2 December 2026, 18:00: before → due → overdue → escalate → repeat."""
    with time_machine.travel(local(2026, 11, 27, 10, 0), tick=False):
        deadline = deadlines.deadline_set(
            actor=org["office"], title="报送年度总结", responsible_unit=org["dept"],
            responsible_user=org["staff"], due_at=local(2026, 12, 2, 18, 0),
        )
        assert sweep_json() == {"due": 0, "notified": 0, "skipped": 0, "batches": 0}
    steps = [
        (local(2026, 11, 30, 8, 0), []),  # Monday morning: nothing yet
        (local(2026, 12, 1, 9, 5), [("r1:before", "keyuan")]),  # the working day before: the person
        (local(2026, 12, 2, 9, 5), [("r1:due", "keyuan"), ("r1:due", "chuzhang")]),  # the day: person and head
        (local(2026, 12, 3, 9, 5), [("r1:overdue", "chuzhang")]),  # overdue: the head
        (local(2026, 12, 4, 9, 5), []),
        (local(2026, 12, 7, 9, 5), [("r1:escalate", "fujuzhang")]),  # 3 working days late: the leader in charge
        (local(2026, 12, 10, 9, 5), [("r1:repeat-1", "chuzhang"), ("r1:repeat-1", "fujuzhang")]),  # every 3 days
    ]
    seen: list = []
    for moment, expected in steps:
        with time_machine.travel(moment, tick=False):
            result = sweep_json()
            assert result["notified"] == len(expected), moment
            seen += expected
            assert sent(deadline) == seen
            # A second sweep at the same moment sends nothing.
            assert sweep_json()["notified"] == 0
    inbox = Notification.objects.filter(recipient=org["staff"]).order_by("id")
    assert [n.title for n in inbox] == ["【催办】报送年度总结"] * 2
    assert "今日到期" in inbox[1].body and "2026-12-02 18:00" in inbox[1].body
    escalation = Notification.objects.get(recipient=org["leader"], verb="deadline.reminder", body__contains="逾期 3 个工作日")
    assert "就业处承办的“报送年度总结”" in escalation.body


def test_a_late_deadline_gets_only_its_latest_stage(org):
    """Weeks overdue when first swept: one escalation, not the whole ladder at once."""
    with time_machine.travel(local(2026, 12, 21, 10, 0), tick=False):
        deadline = deadlines.deadline_set(
            actor=None, title="整改报告", responsible_unit=org["dept"], responsible_user=org["staff"],
            due_at=local(2026, 12, 1, 18, 0),
        )
        assert deadline.next_remind_at <= timezone.now()
        sweep_json()
        stages = {stage for stage, _user in sent(deadline)}
        assert len(stages) == 1 and next(iter(stages)).startswith("r1:repeat-")


def test_n_working_days_over_the_spring_festival(org):
    with time_machine.travel(local(2026, 2, 12, 15, 0), tick=False):
        deadline = deadlines.deadline_set(
            actor=None, title="节前安全检查", responsible_unit=org["dept"], responsible_user=org["staff"], workdays=3
        )
    assert timezone.localtime(deadline.due_at) == local(2026, 2, 24, 18, 0)


def test_set_requires_exactly_one_time_limit(org):
    with pytest.raises(ValidationError):
        deadlines.deadline_set(actor=None, title="x", responsible_unit=org["dept"])
    with pytest.raises(ValidationError):
        deadlines.deadline_set(actor=None, title="x", responsible_unit=org["dept"], workdays=0)
    assert not Deadline.objects.exists()


def test_extending_reschedules_and_finishing_stops(org):
    with time_machine.travel(local(2026, 12, 2, 9, 5), tick=False):
        deadline = deadlines.deadline_set(
            actor=None, title="调研报告", responsible_unit=org["dept"], responsible_user=org["staff"],
            due_at=local(2026, 12, 2, 18, 0),
        )
        sweep_json()
        assert sent(deadline) == [("r1:due", "keyuan"), ("r1:due", "chuzhang")]
        # The leader approves an extension to Friday 11 December.
        deadlines.deadline_move(actor=org["leader"], deadline=deadline, due_at=local(2026, 12, 11, 18, 0), reason="延期申请已批准")
        deadline.refresh_from_db()
        assert deadline.revision == 2
        assert timezone.localtime(deadline.next_remind_at) == local(2026, 12, 10, 9, 0)
        assert sweep_json()["notified"] == 0
    with time_machine.travel(local(2026, 12, 10, 9, 5), tick=False):
        assert sweep_json()["notified"] == 1
        assert sent(deadline)[-1] == ("r2:before", "keyuan")
        deadlines.deadline_close(actor=org["staff"], deadline=deadline)
    with time_machine.travel(local(2026, 12, 28, 9, 5), tick=False):
        assert sweep_json()["due"] == 0
    deadline.refresh_from_db()
    assert deadline.state == DeadlineState.DONE and deadline.next_remind_at is None
    assert [c.action for c in deadline.changes.all()] == ["set", "move", "done"]
    assert AuditEvent.objects.filter(action="deadline.move", actor=org["leader"]).exists()


def test_only_the_office_or_a_leader_moves_a_time_limit(org):
    deadline = deadlines.deadline_set(
        actor=None, title="调研报告", responsible_unit=org["dept"], responsible_user=org["staff"], workdays=5
    )
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    with pytest.raises(PermissionDenied):
        deadlines.deadline_move(actor=org["head"], deadline=deadline, due_at=deadline.due_at + dt.timedelta(days=3), reason="")
    with pytest.raises(Http404):
        deadlines.deadline_move(actor=org["outsider"], deadline=deadline, due_at=deadline.due_at + dt.timedelta(days=3), reason="")
    deadline.refresh_from_db()
    assert deadline.revision == 1


def test_a_person_who_lost_access_gets_no_reminder(org):
    with time_machine.travel(local(2026, 12, 2, 9, 5), tick=False):
        deadline = deadlines.deadline_set(
            actor=None, title="涉密事项", responsible_unit=org["dept"], responsible_user=org["staff"],
            due_at=local(2026, 12, 2, 18, 0), secret_level=Clearance.SECRET,
        )
        staff = org["staff"]
        staff.clearance = Clearance.INTERNAL  # clearance lowered by the security administrator
        staff.save(update_fields=["clearance"])
        result = sweep_json()
    assert result["skipped"] == 1
    assert sent(deadline) == [("r1:due", "chuzhang")]


def test_closing_the_deadline_closes_its_todo(org):
    from office.services import todo_open

    deadline = deadlines.deadline_set(
        actor=None, title="信息报送", responsible_unit=org["dept"], responsible_user=org["staff"], workdays=2
    )
    todo_open(user=org["staff"], target=deadline, step="deadline.handle", title="信息报送", url="/")
    deadlines.deadline_close(actor=org["staff"], deadline=deadline)
    assert Todo.objects.get(user=org["staff"]).state == "done"


def test_reminder_emails_go_out_once(org, settings):
    with time_machine.travel(local(2026, 12, 2, 9, 5), tick=False):
        deadlines.deadline_set(
            actor=None, title="数据核对", responsible_unit=org["dept"], responsible_user=org["staff"],
            due_at=local(2026, 12, 2, 18, 0),
        )
        sweep_json()
    assert deliver_pending() == 2
    assert deliver_pending() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["chuzhang@example.gov.cn", "keyuan@example.gov.cn"]
    assert all(m.subject == "[三办] 【催办】数据核对" for m in mail.outbox)


# --- 催办 and the pages --------------------------------------------------------------


@pytest.fixture
def late(org):
    with time_machine.travel(timezone.now() - dt.timedelta(days=10)):
        return deadlines.deadline_set(
            actor=org["office"], title="欠薪整改报告", responsible_unit=org["dept"], responsible_user=org["staff"], workdays=2
        )




def test_office_urges_an_item(org, late):
    client = client_for(org["office"])
    # The box asks for the message: the suggestion is there to accept, and the button does not send.
    page = client.get(f"/deadlines/{late.pk}/").content.decode()
    assert "请抓紧办理，按时限办结并反馈。" in page and "下一步：核对收件人" in page and "发送催办" not in page
    # First what goes to whom — nothing sent yet.
    response = client.post(f"/deadlines/{late.pk}/urge/", {"message": "请于今日下班前报送"})
    assert response.status_code == 200
    confirm = response.content.decode()
    assert "请核对后发送" in confirm and "确认发送" in confirm
    assert "科员甲" in confirm and "处长乙" in confirm and "【催办】欠薪整改报告" in confirm
    assert "文书戊催办：请于今日下班前报送" in confirm
    assert not Urge.objects.exists() and not Notification.objects.filter(verb="deadline.urge").exists()
    assert not AuditEvent.objects.filter(action="deadline.urge").exists()
    # 返回修改 keeps the message in the box.
    assert "?message=" in confirm
    assert "请于今日下班前报送" in client.get(f"/deadlines/{late.pk}/?message=请于今日下班前报送").content.decode()
    # Confirmed: sent.
    response = client.post(f"/deadlines/{late.pk}/urge/", {"message": "请于今日下班前报送", "confirm": "1"}, follow=True)
    assert response.status_code == 200
    assert "已催办" in response.content.decode()
    urge = Urge.objects.get(deadline=late)
    assert urge.actor == org["office"]
    notified = set(Notification.objects.filter(verb="deadline.urge").values_list("recipient__username", flat=True))
    assert notified == {"keyuan", "chuzhang"}
    assert "请于今日下班前报送" in Notification.objects.filter(verb="deadline.urge").first().body
    page = client_for(org["head"]).get(f"/deadlines/{late.pk}/").content.decode()
    assert "文书戊催办" in page and "请于今日下班前报送" in page
    assert AuditEvent.objects.filter(action="deadline.urge", actor=org["office"]).count() == 1


def test_urge_refusals_change_nothing(org, late):
    # A department head sees the item but may not urge: refused, not a 500.
    assert client_for(org["head"]).post(f"/deadlines/{late.pk}/urge/", {"message": "快办"}).status_code == 403
    assert client_for(org["head"]).post(f"/deadlines/{late.pk}/urge/", {"message": "快办", "confirm": "1"}).status_code == 403
    # Out of scope: 404.
    assert client_for(org["outsider"]).post(f"/deadlines/{late.pk}/urge/", {"message": "快办"}).status_code == 404
    # Empty message: a Chinese message, 400.
    for confirm in ("", "1"):
        response = client_for(org["office"]).post(f"/deadlines/{late.pk}/urge/", {"message": "  ", "confirm": confirm})
        assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    # The three administrators do not see business pages at all.
    admin = UserFactory(role=Role.AUDITOR)
    assert client_for(admin).get(f"/deadlines/{late.pk}/").status_code == 404
    assert not Urge.objects.exists()
    assert not Notification.objects.filter(verb="deadline.urge").exists()


@pytest.mark.parametrize(
    ("who", "scope", "sees"),
    [
        ("staff", "mine", True),
        ("head", "unit", True),
        ("leader", "charge", True),
        ("principal", "all", True),
        ("office", "all", True),
        ("outsider", "mine", False),
    ],
)
def test_my_deadlines_by_role(org, late, who, scope, sees):
    response = client_for(org[who]).get("/deadlines/", {"window": "overdue"})
    assert response.status_code == 200
    assert response.context["scope"] == scope
    page = response.content.decode()
    assert ("欠薪整改报告" in page) is sees
    if sees:
        assert "sb-light-red" in page  # overdue shows red


def test_lights(org):
    now = local(2026, 12, 2, 10, 0)  # Wednesday
    until = deadlines.soon_until(now, deadlines.WorkCalendar(overrides={}))
    assert deadlines.light(local(2026, 12, 1, 18, 0), now, until) == "red"
    assert deadlines.light(local(2026, 12, 2, 18, 0), now, until) == "yellow"  # today
    assert deadlines.light(local(2026, 12, 3, 18, 0), now, until) == "yellow"  # next working day
    assert deadlines.light(local(2026, 12, 4, 18, 0), now, until) == "green"


def _many(org, n: int) -> None:
    for i in range(n):
        deadlines.deadline_set(
            actor=None, title=f"事项{i}", responsible_unit=org["dept"], responsible_user=org["staff"],
            due_at=timezone.now() + dt.timedelta(hours=i - n // 2),
        )


@pytest.mark.parametrize("who", ["staff", "head", "leader", "office"])
def test_my_deadlines_page_runs_a_fixed_number_of_queries(org, who):
    client = client_for(org[who])
    _many(org, 1)
    client.get("/deadlines/?window=open")  # warm caches (content types, sessions)
    with assert_num_queries(EXPECTED_QUERIES[who]):
        assert client.get("/deadlines/?window=open").status_code == 200
    _many(org, 30)
    with assert_num_queries(EXPECTED_QUERIES[who]):
        response = client.get("/deadlines/?window=open")
    assert response.content.decode().count("sb-light-") == 20  # one page


#: session, user, overrides, page rows, the frame's organ and own unit, one statement for every
#: count (the list's 共 N 条 and the badges) (+ in-charge ids for leaders). Before issue 11: 9 / 9 / 10 / 9.
EXPECTED_QUERIES = {"staff": 6, "head": 6, "leader": 7, "office": 6}


def test_demo_first_sweep_sends_and_second_sends_none(demo):
    first = sweep_json()
    assert first["notified"] > 0
    assert sweep_json()["notified"] == 0
    states = set(Deadline.objects.values_list("state", flat=True))
    assert {"open", "done"} <= states  # (and "cancelled": a returned document withdraws its time limit)
    now = timezone.now()
    due = list(Deadline.objects.filter(state="open").values_list("due_at", flat=True))
    assert any(d < now - dt.timedelta(days=7) for d in due)  # overdue by weeks
    assert any(now - dt.timedelta(days=7) < d < now for d in due)  # overdue by days
    assert any(d > now + dt.timedelta(days=3) for d in due)  # due in days
