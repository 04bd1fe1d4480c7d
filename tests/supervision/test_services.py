"""The item's way through the services: sources, steps, to-dos, deadlines, links, 按期, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from office import links
from office.choices import TodoState
from office.models import Deadline, Link, Todo
from office.workflow.assignments import round_rows
from supervision.choices import ExtensionState, ItemState, Rating, Timeliness
from supervision.items import progress, selectors, services, sources
from supervision.items.permissions import EXTENSION
from supervision.lights import Horizon
from supervision.models import SupervisedItem
from supervision.ontime import timeliness
from tests.documents.conftest import walk  # noqa: F401  (a 收文 walked to 待批示)

S = ItemState


def _todos(user, item=None, state=TodoState.OPEN):
    rows = Todo.objects.filter(user=user, state=state)
    if item is not None:
        rows = rows.filter(target_id=str(item.pk), target_type__model="superviseditem")
    return list(rows.values_list("step", flat=True))


def test_立项_numbers_items_per_year_and_waits_for_the_督查员(make, people):
    first, second = make(S.DRAFT), make(S.DRAFT)
    year = timezone.localdate().year
    assert (first.serial_display, second.serial_display) == (f"督〔{year}〕1号", f"督〔{year}〕2号")
    assert _todos(people["sunhao"], first) == ["supervision.assign"]
    # Nobody outside the office sees a draft.
    assert not selectors.items_visible(people["zhoujianhua"]).filter(pk=first.pk).exists()
    assert selectors.items_visible(people["liuxiaodong"]).filter(pk=first.pk).exists()


def test_the_whole_way_with_to_dos_deadlines_and_an_approved_extension(make, people):
    officer, head, handler = people["sunhao"], people["zhoujianhua"], people["qianli"]
    item = make(S.ASSIGNED, instructing="wangjianguo")
    assert _todos(head, item) == ["supervision.sign"]
    assert _todos(people["fengxiaoyan"], item) == ["supervision.part"]  # the assisting head
    item = services.item_sign(actor=head, item=item)
    assert _todos(head, item) == ["supervision.name_handler"]
    item = services.item_name_handler(actor=head, item=item, handler=handler)
    assert _todos(handler, item) == ["supervision.handle"]
    assert Deadline.objects.get(kind="supervision.item", target_id=str(item.pk)).responsible_user == handler
    progress.report_submit(actor=handler, item=item, text="已完成调研。", percent=30)
    progress.report_submit(actor=handler, item=item, text="已形成初稿。", percent=60)
    item.refresh_from_db()
    assert item.progress == 60 and item.reports.count() == 2
    old_due = item.due_on
    progress.extension_request(actor=handler, item=item, new_due_on=old_due + dt.timedelta(days=20), reason="需征求意见。")
    chain = [row.user.username if row.user else row.duty for row in round_rows(item, EXTENSION)]
    assert chain == ["supervisor", "liminghua", "wangjianguo"]
    # Not his turn yet: the leader cannot approve before the 督查员.
    with pytest.raises(PermissionDenied):
        progress.extension_approve(actor=people["liminghua"], item=item)
    for username in ("sunhao", "liminghua", "wangjianguo"):
        progress.extension_approve(actor=people[username], item=SupervisedItem.objects.get(pk=item.pk), text="同意。")
    item.refresh_from_db()
    assert item.due_on == old_due + dt.timedelta(days=20) and item.extensions == 1
    assert item.extension_requests.get().state == ExtensionState.APPROVED
    deadline = Deadline.objects.get(kind="supervision.item", target_id=str(item.pk), state="open")
    assert timezone.localdate(deadline.due_at) == item.due_on  # the reminders moved with it
    item = progress.item_complete(actor=handler, item=item, report="已办结。")
    assert not Deadline.objects.filter(target_id=str(item.pk), state="open", kind__startswith="supervision").exists()
    assert _todos(handler, item) == []
    item = services.item_review(actor=officer, item=item)
    assert item.state == S.REPORTING_BACK  # reported back to the leader who gave the 批示
    assert _todos(people["wangjianguo"], item) == ["supervision.report_back"]
    item = services.item_acknowledge(actor=people["wangjianguo"], item=item, text="阅。")
    item = services.item_close(actor=officer, item=item)
    assert item.state == S.CLOSED
    evaluation = services.item_evaluate(actor=officer, item=item, rating=Rating.GOOD, comment="质量好。")
    assert evaluation.timeliness == Timeliness.ON_TIME
    assert SupervisedItem.objects.get(pk=item.pk).state == S.EVALUATED
    assert Todo.objects.filter(target_id=str(item.pk), target_type__model="superviseditem", state="open").count() == 0


def test_a_refused_extension_keeps_the_limit_and_says_why(make, people):
    item = make(S.HANDLING)
    progress.extension_request(actor=people["qianli"], item=item, new_due_on=item.due_on + dt.timedelta(days=9), reason="忙。")
    progress.extension_refuse(actor=people["sunhao"], item=item, reason="理由不充分。")
    item.refresh_from_db()
    assert item.extensions == 0
    extension = item.extension_requests.get()
    assert (extension.state, extension.refusal_reason) == (ExtensionState.REFUSED, "理由不充分。")


def test_a_third_extension_goes_to_the_principal_too(make, people):
    item = make(S.HANDLING)
    for n in range(3):
        item = SupervisedItem.objects.get(pk=item.pk)
        progress.extension_request(actor=people["qianli"], item=item, new_due_on=item.due_on + dt.timedelta(days=5),
                                   reason=f"第{n + 1}次。")
        chain = round_rows(item, EXTENSION)
        names = [r.user.username for r in chain if r.user]
        assert ("wangjianguo" in names) is (n == 2)
        for row in chain:
            progress.extension_approve(actor=row.user or people["sunhao"], item=SupervisedItem.objects.get(pk=item.pk))
    assert SupervisedItem.objects.get(pk=item.pk).extensions == 3


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"text": "  ", "percent": 10}, "text"),
    ({"text": "进展", "percent": 101}, "percent"),
    ({"text": "进展", "percent": -1}, "percent"),
    ({"text": "进展", "percent": 10}, "lower_reason"),  # lower than the last (40) without a reason
])
def test_bad_reports_change_nothing(make, people, kwargs, field):
    item = make(S.HANDLING)
    progress.report_submit(actor=people["qianli"], item=item, text="起步", percent=40)
    with pytest.raises(ValidationError) as caught:
        progress.report_submit(actor=people["qianli"], item=SupervisedItem.objects.get(pk=item.pk), **kwargs)
    assert field in caught.value.message_dict
    assert SupervisedItem.objects.get(pk=item.pk).progress == 40 and item.reports.count() == 1


def test_an_extension_date_before_the_limit_is_refused(make, people):
    item = make(S.HANDLING)
    with pytest.raises(ValidationError) as caught:
        progress.extension_request(actor=people["qianli"], item=item, new_due_on=item.due_on, reason="x")
    assert "new_due_on" in caught.value.message_dict
    assert not item.extension_requests.exists()


def test_each_step_only_to_its_role(make, people):
    item = make(S.ASSIGNED)
    with pytest.raises(PermissionDenied):  # the 科员 sees it? no: not assigned → 404 before
        services.item_sign(actor=people["liminghua"], item=item)
    with pytest.raises(Http404):  # another department's head does not see it
        services.item_sign(actor=people["hejun"], item=item)
    with pytest.raises(ValidationError):  # the lead head, but the state is wrong for 销号
        services.item_close(actor=people["sunhao"], item=item)


def test_adjustment_moves_the_item_to_another_department(make, people, units):
    item = make(S.ASSIGNED)
    item = services.item_request_adjust(actor=people["zhoujianhua"], item=item, reason="主要涉及人才市场。")
    assert _todos(people["sunhao"], item) == ["supervision.adjust"]
    item = services.item_decide_adjust(actor=people["sunhao"], item=item, lead_unit=units["RCKF"])
    assert (item.state, item.lead_unit.code) == (S.ASSIGNED, "RCKF")
    assert not item.parts.filter(unit=units["RCKF"]).exists()
    assert _todos(people["fengxiaoyan"], item) == ["supervision.sign"]


def test_a_批示_on_a_收文_opens_the_item_through_the_event(walk, people, django_capture_on_commit_callbacks):  # noqa: F811
    from documents.choices import IncomingState
    from documents.incoming import services as incoming

    document = walk(to=IncomingState.INSTRUCTING, leaders=("liminghua",), lead="ZCFG", assisting=("RCKF",))
    with django_capture_on_commit_callbacks(execute=True):
        incoming.incoming_instruct(actor=people["liminghua"], document=document, text="请法规处抓紧落实，列入督办。",
                                   workdays=10, supervise=True)
    item = SupervisedItem.objects.get(source_id=str(document.pk))
    assert (item.title, item.requirement, item.lead_unit.code) == (document.title, "请法规处抓紧落实，列入督办。", "ZCFG")
    assert list(item.parts.values_list("unit__code", flat=True)) == ["RCKF"]
    assert item.instructing_leader == people["liminghua"] and item.source_kind == "incoming"
    # Shown both ways through the core's link, with state and light.
    # Shown both ways through the core's link, with state and light — a draft to the office only.
    assert links.links_from(user=people["zhoujianhua"], source=document, kinds=["supervise"]) == []
    shown = links.links_from(user=people["sunhao"], source=document, kinds=["supervise"])
    assert [link.other for link in shown] == [item]
    assert shown[0].state_label == "待交办"
    services.item_assign(actor=people["sunhao"], item=item)
    shown = links.links_from(user=people["zhoujianhua"], source=document, kinds=["supervise"])
    assert shown[0].state_label == "待签收" and shown[0].light == "green"
    assert selectors.item_source(user=people["zhoujianhua"], item=item) == document
    # A second 转督办 on the same document opens nothing more.
    assert sources.item_open_from_instruction(source=document, leader=people["liminghua"], actor=people["liminghua"],
                                              text="再批", units=[], due=None) is None
    assert Link.objects.filter(kind="supervise").count() == 1


def test_按期_one_definition(make, people):
    item = make(S.REPORTED)
    assert timeliness(item) == Timeliness.ON_TIME
    item.completed_on = item.due_on + dt.timedelta(days=1)
    assert timeliness(item) == Timeliness.LATE
    item.original_due_on = item.due_on - dt.timedelta(days=10)
    item.completed_on = item.due_on - dt.timedelta(days=2)
    assert timeliness(item) == Timeliness.EXTENDED_ON_TIME


def test_lights_in_python_and_in_sql_agree(make, people):
    today = timezone.localdate()
    items = [make(S.HANDLING, days=30) for _ in range(3)]
    for item, days in zip(items, (-1, 1, 30), strict=True):
        SupervisedItem.objects.filter(pk=item.pk).update(due_on=today + dt.timedelta(days=days), next_report_on=None)
    missed = make(S.HANDLING, days=30)
    SupervisedItem.objects.filter(pk=missed.pk).update(next_report_on=today - dt.timedelta(days=2))  # a report missed
    horizon = Horizon.now()
    lights = {i.pk: horizon.light(i) for i in SupervisedItem.objects.filter(pk__in=[x.pk for x in [*items, missed]])}
    assert [lights[i.pk] for i in items] == ["red", "yellow", "green"] and lights[missed.pk] == "red"
    for light in ("red", "yellow", "green"):
        in_sql = set(SupervisedItem.objects.filter(horizon.q(light)).values_list("pk", flat=True))
        assert in_sql == {pk for pk, value in lights.items() if value == light}


def test_催办_is_recorded_on_the_item_and_notified(make, people):
    item = make(S.HANDLING)
    progress.item_urge(actor=people["sunhao"], item=item, message="请于本周五前报送进展。")
    assert item.urges.get().message == "请于本周五前报送进展。"
    from office.models import Notification

    notified = set(Notification.objects.filter(verb="deadline.urge").values_list("recipient__username", flat=True))
    assert {"qianli", "zhoujianhua"} <= notified
    with pytest.raises(PermissionDenied):
        progress.item_urge(actor=people["zhoujianhua"], item=item, message="x")
