"""政务信息 through its services: 约稿 with to-dos and reminders, 报送 with 保密审查, 采编 with
versions, 上级采用, the scores; and the bad input that changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from documents.information import scoring, selectors, services
from documents.information.services import ItemData
from documents.models import InformationItem, InformationVersion, Score
from office.choices import TodoState
from office.models import Deadline, Notification, Todo
from tests.documents.info_helpers import S, commission, item, people, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def p(demo_people):
    return people()


def _todo_steps(user, state=TodoState.OPEN):
    return sorted(Todo.objects.filter(user=user, state=state, step__startswith="info.").values_list("step", flat=True))


def test_约稿_gives_each_asked_department_a_todo_and_a_deadline(p):
    request = commission("ZCFG", "RCKF")
    assert _todo_steps(p["zhoujianhua"]) == ["info.answer"]
    assert _todo_steps(p["fengxiaoyan"]) == ["info.answer"]
    assert _todo_steps(p["wuguoqiang"]) == []  # not asked
    deadlines = Deadline.objects.filter(kind="documents.information", state="open")
    assert sorted(d.responsible_unit.code for d in deadlines) == ["RCKF", "ZCFG"]
    # The departments asked see it; the others do not.
    assert selectors.request_list(user=p["qianli"]).filter(pk=request.pk).exists()
    assert not selectors.request_list(user=p["zhengyan"]).filter(pk=request.pk).exists()
    # Answered when the head sends the first item on it: the to-do and the time limit close.
    item(request=request)
    assert _todo_steps(p["zhoujianhua"]) == []
    assert Deadline.objects.get(responsible_unit__code="ZCFG", kind="documents.information").state == "done"
    assert Deadline.objects.get(responsible_unit__code="RCKF", kind="documents.information").state == "open"


def test_约稿_bad_input_changes_nothing(p):
    with pytest.raises(ValidationError) as err:
        services.request_create(actor=p["wujing"], title="专题", due_on=timezone.localdate(), units=[])
    assert "请选择至少一个约稿处室" in str(err.value)
    with pytest.raises(ValidationError):
        services.request_create(
            actor=p["wujing"], title="专题", units=[unit("ZCFG")], due_on=timezone.localdate() - dt.timedelta(days=1)
        )
    with pytest.raises(PermissionDenied):
        services.request_create(actor=p["zhoujianhua"], title="专题", units=[unit("ZCFG")], due_on=timezone.localdate())
    assert not Deadline.objects.filter(kind="documents.information").exists()


def test_报送_goes_through_the_head_with_a_recorded_保密审查(p):
    it = item(S.PENDING)
    assert _todo_steps(p["zhoujianhua"]) == ["info.approve"]
    # The office does not see a department's item before it is sent.
    assert not selectors.items_visible(p["wujing"]).filter(pk=it.pk).exists()
    with pytest.raises(ValidationError) as err:
        services.item_approve(actor=p["zhoujianhua"], item=it, secrecy_confirmed=False)
    assert "保密审查" in str(err.value)
    assert InformationItem.objects.get(pk=it.pk).state == S.PENDING
    # Another department's head may not approve it (he does not even see it).
    with pytest.raises(Http404):
        services.item_approve(actor=p["fengxiaoyan"], item=it, secrecy_confirmed=True)
    it = services.item_approve(actor=p["zhoujianhua"], item=it, secrecy_confirmed=True, secrecy_note="不涉密")
    it.refresh_from_db()
    assert (it.state, it.approved_by, it.secrecy_note) == (S.SUBMITTED, p["zhoujianhua"], "不涉密")
    assert it.secrecy_checked_at is not None and not it.is_late
    assert _todo_steps(p["wujing"]) == ["info.edit"]  # the office's queue
    assert selectors.items_visible(p["zhouting"]).filter(pk=it.pk, state=S.SUBMITTED).exists()


def test_staff_see_their_own_items_the_head_all_of_the_department(p):
    mine = item(S.DRAFT)
    other = item(S.DRAFT, author="sunpeng")
    assert set(selectors.items_visible(p["qianli"]).values_list("pk", flat=True)) == {mine.pk}
    assert {mine.pk, other.pk} <= set(selectors.items_visible(p["zhoujianhua"]).values_list("pk", flat=True))
    assert not selectors.items_visible(p["fengxiaoyan"]).filter(pk=mine.pk).exists()
    assert not selectors.items_visible(p["liminghua"]).filter(pk=mine.pk).exists()  # not sent to him


def test_a_submission_after_the_约稿_date_is_allowed_and_marked_late(p):
    request = commission("ZCFG", days=0)
    it = item(S.PENDING, request=request)
    tomorrow = timezone.now() + dt.timedelta(days=1)
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        services.item_approve(actor=p["zhoujianhua"], item=it, secrecy_confirmed=True)
    it.refresh_from_db()
    assert it.state == S.SUBMITTED and it.is_late


def test_empty_item_is_refused(p):
    with pytest.raises(ValidationError) as err:
        services.item_create(actor=p["qianli"], data=ItemData(title=" ", body="", category="work"))
    assert set(err.value.message_dict) == {"title", "body"}
    assert not InformationItem.objects.exists()


def test_every_edit_is_a_version_and_comparable(p):
    it = item(S.SUBMITTED)
    edited = ItemData(title=it.title, body=it.body.replace("一系列工作", "三项重点工作"), category="work")
    services.item_edit(actor=p["wujing"], item=it, data=edited, note="压缩文字")
    it.refresh_from_db()
    assert it.versions_count == 2
    _item, cmp = selectors.version_compare(user=p["zhoujianhua"], pk=it.pk, a=1, b=2)
    assert cmp.changed
    pieces = [(pc.op, pc.text) for para in cmp.body for pc in para.pieces if pc.op != "same"]
    assert ("del", "一系列") in pieces and ("ins", "三项重点") in pieces
    assert InformationVersion.objects.get(item=it, number=2).saved_by == p["wujing"]


def test_择要采用_publishes_the_edited_text_and_tells_the_department(p):
    it = item(S.CONDENSED)
    assert it.state == S.CONDENSED and it.body == "我处完善制度、加强培训，依法行政水平持续提升。"
    assert it.versions_count == 2
    assert Notification.objects.filter(recipient=p["qianli"], title__contains="择要采用").exists()
    assert Score.objects.get(item=it).points == scoring.DEFAULTS["condensed"]
    assert _todo_steps(p["wujing"]) == []


def test_不采用_needs_a_reason_the_department_sees(p):
    it = item(S.SUBMITTED)
    with pytest.raises(ValidationError) as err:
        services.item_decide(actor=p["wujing"], item=it, action="reject", note="")
    assert "理由" in str(err.value)
    assert InformationItem.objects.get(pk=it.pk).state == S.SUBMITTED
    services.item_decide(actor=p["wujing"], item=it, action="reject", note="与上期重复。")
    note = Notification.objects.get(recipient=p["qianli"], title__contains="不采用")
    assert note.body == "与上期重复。"
    assert not Score.objects.filter(item=it).exists()


def test_a_decision_by_a_non_office_user_is_refused(p):
    it = item(S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.item_decide(actor=p["zhoujianhua"], item=it, action="adopt")
    assert InformationItem.objects.get(pk=it.pk).state == S.SUBMITTED


def test_上级采用_is_recorded_and_scored_by_the_rule_then_in_force(p):
    it = item(S.ADOPTED)
    scoring.rule_save(
        actor=p["wujing"], effective_from=timezone.localdate(), points={**scoring.DEFAULTS, "province": 6}
    )
    services.higher_record(
        actor=p["wujing"],
        item=it,
        level="province",
        publication="《人社信息》2026年第3期",
        adopted_on=timezone.localdate(),
    )
    with pytest.raises(ValidationError):  # the same level twice
        services.higher_record(
            actor=p["wujing"], item=it, level="province", publication="x", adopted_on=timezone.localdate()
        )
    scores = dict(Score.objects.filter(item=it).values_list("outcome", "points"))
    assert scores == {"adopted": scoring.DEFAULTS["adopted"], "province": 6}
    # A later change of the rule leaves these points as they were.
    scoring.rule_save(
        actor=p["wujing"],
        effective_from=timezone.localdate() + dt.timedelta(days=1),
        points={**scoring.DEFAULTS, "province": 9},
    )
    assert Score.objects.get(item=it, outcome="province").points == 6
