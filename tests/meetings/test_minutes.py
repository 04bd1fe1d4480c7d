"""纪要: drafted from attendance, 议定事项 confirmed by the 督查员, issued through the 发文 pipeline in
the 纪要式 layout with the meeting's own number, each flagged decision becoming a supervised item."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from documents.outgoing import issue
from documents.outgoing import services as outgoing
from meetings.agenda import approval
from meetings.choices import AgendaState, Answer, MeetingState, MinutesState
from meetings.convening import services as convening
from meetings.minutes import services
from meetings.models import Attendee, Meeting
from office import links
from supervision.items.services import item_assign
from supervision.models import SupervisedItem
from tests.meetings.conftest import members_signed_in

pytestmark = pytest.mark.django_db(transaction=False)


def held_meeting(people, make_meeting, open_call, accepted, **kwargs):
    """A 局长办公会议 with two 议题 approved, one member on leave, held."""
    meeting = make_meeting("office", **kwargs)
    call = open_call(meeting)
    accepted(call, meeting, title="关于修订人力资源市场管理办法的议题")
    accepted(call, meeting, by="zhengyan", presenter="wuguoqiang", title="关于听取零工市场建设情况汇报的议题")
    approval.agenda_submit(actor=people["zhouting"], meeting=meeting)
    approval.agenda_approve(actor=people["wangjianguo"], meeting=meeting)
    Attendee.objects.filter(meeting=meeting, user=people["chenxuemei"]).update(answer=Answer.LEAVE, leave_reason="出差")
    # The notice is the convening half's (meetings.convening.notice): moved on here directly.
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.NOTIFIED)
    members_signed_in(meeting)
    return convening.meeting_step(people["wujing"], meeting=Meeting.objects.get(pk=meeting.pk), action="hold")


def test_from_the_minutes_to_the_supervised_items(
    people, units, make_meeting, open_call, accepted, django_capture_on_commit_callbacks
):
    meeting = held_meeting(people, make_meeting, open_call, accepted, days=4)
    with pytest.raises(PermissionDenied):
        services.minutes_draft(actor=people["liminghua"], meeting=meeting)  # attends, but is no 记录人
    minutes = services.minutes_draft(actor=people["wujing"], meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.MINUTES
    assert "王建国" in minutes.present_line and "陈雪梅" not in minutes.present_line
    assert minutes.leave_line == "陈雪梅（出差）"
    first, second = minutes.decisions.order_by("order")
    assert first.agenda_item.state == AgendaState.DISCUSSED and first.lead_unit.code == "ZCFG"
    due = timezone.localdate() + dt.timedelta(days=30)
    services.decision_save(
        actor=people["wujing"],
        minutes=minutes,
        decision=first,
        agenda_item=first.agenda_item,
        text="原则同意修订稿，由法规处根据会议意见修改完善后按程序报批。",
        lead_unit=units["ZCFG"],
        assisting_units=[units["RCKF"]],
        due_on=due,
    )
    services.decision_save(
        actor=people["wujing"],
        minutes=minutes,
        decision=second,
        text="会议听取了汇报。",
        lead_unit=units["JYCJ"],
        needs_supervision=False,
    )
    with pytest.raises(ValidationError) as exc:  # the 督查员 has not confirmed yet
        services.minutes_submit(actor=people["wujing"], minutes=minutes)
    assert "督查员" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.decision_confirm(actor=people["wujing"], decision=first, needs_supervision=True)
    services.decision_confirm(actor=people["sunhao"], decision=first, needs_supervision=True)
    services.decision_confirm(actor=people["sunhao"], decision=second, needs_supervision=False)

    document = services.minutes_submit(actor=people["zhouting"], minutes=minutes)
    assert document.form == "minutes" and document.doc_type == "minutes" and not document.with_seal
    assert document.attendance_absent == "陈雪梅（出差）" and "修订稿" in document.body
    # Through the 发文 pipeline like any other: 核稿, 签发, 复核, 编号, 印发.
    document = outgoing.outgoing_submit(actor=people["zhouting"], document=document)
    if document.state == "dept_review":
        document = outgoing.outgoing_dept_approve(actor=people["liuxiaodong"], document=document)
    document = outgoing.outgoing_office_check(
        actor=people["liuxiaodong"], document=document, signer=people["wangjianguo"], countersign_units=[], opinion=""
    )
    document = outgoing.outgoing_sign(actor=people["wangjianguo"], document=document, opinion="同意印发。")
    document = outgoing.outgoing_recheck(actor=people["zhouting"], document=document)
    document = outgoing.outgoing_number(actor=people["zhouting"], document=document)
    assert document.doc_number == f"测试局长办公会议纪要〔{meeting.year}〕{meeting.number}号".replace("测试", "")
    with django_capture_on_commit_callbacks(execute=True):
        document = issue.outgoing_issue(
            actor=people["zhouting"], document=document, copies=3, internal_units=[units["ZCFG"]]
        )
    minutes.refresh_from_db()
    meeting.refresh_from_db()
    assert minutes.state == MinutesState.ISSUED and meeting.state == MeetingState.CLOSED
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.item_id is None
    item = SupervisedItem.objects.get(pk=first.item_id)
    assert item.source_kind == "decision" and item.lead_unit.code == "ZCFG" and item.due_on == due
    assert item.secret_level == meeting.secret_level and item.title.endswith("关于修订人力资源市场管理办法的议题")
    # Linked both ways: the decision shows its item's state and light; the item its source.
    shown = links.links_from(user=people["zhouting"], source=first)
    assert [link.other for link in shown] == [item] and shown[0].state == "draft"
    item_assign(actor=people["sunhao"], item=item)  # 交办: now it runs, with a limit and a light
    shown = links.links_from(user=people["zhouting"], source=first)
    assert shown[0].state == "assigned" and shown[0].light == "green"
    assert [link.other for link in links.links_to(user=people["zhouting"], target=item)] == [first]


def test_the_minutes_number_follows_the_meeting_even_out_of_order(people, units, make_meeting):
    # Two meetings of the kind: the 2nd's 纪要 may be numbered before the 1st's.
    first, second = make_meeting("office", days=3), make_meeting("office", days=5)
    assert (first.number, second.number) == (1, 2)
    data = dict(doc_type="minutes", direction="down", form="minutes", title="纪要", body="正文。")
    prefix = services._prefix(second)
    doc = outgoing.outgoing_create(
        actor=people["zhouting"], data=outgoing.DraftData(prefix=prefix, preset=(second.year, second.number), **data)
    )
    assert doc.preset_number == 2 and doc.number is None


def test_a_decision_due_in_the_past_is_refused(people, units, make_meeting, open_call, accepted):
    meeting = held_meeting(people, make_meeting, open_call, accepted, days=6)
    minutes = services.minutes_draft(actor=people["wujing"], meeting=meeting)
    with pytest.raises(ValidationError):
        services.decision_save(
            actor=people["wujing"],
            minutes=minutes,
            text="限期完成。",
            lead_unit=units["ZCFG"],
            due_on=timezone.localdate() - dt.timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        services.decision_save(actor=people["wujing"], minutes=minutes, text="须督办但无牵头处室。", lead_unit=None)
    assert minutes.decisions.count() == 2
    assert transaction.get_autocommit() is False


def test_the_minutes_page_for_the_secretary_and_an_attendee(people, units, make_meeting, open_call, accepted):
    from django.test import Client

    meeting = held_meeting(people, make_meeting, open_call, accepted, days=8)
    secretary = Client()
    secretary.force_login(people["wujing"])
    page = secretary.get(f"/meetings/minutes/meeting/{meeting.pk}/")
    assert page.status_code == 200 and "起草纪要" in page.content.decode()
    assert secretary.post(f"/meetings/minutes/meeting/{meeting.pk}/do/draft/").status_code == 302
    response = secretary.post(
        f"/meetings/minutes/meeting/{meeting.pk}/do/decision/",
        {
            "order": "1",
            "text": "原则同意。",
            "lead_unit": units["ZCFG"].pk,
            "due_on": "2000-01-01",
            "needs_supervision": "on",
        },
    )
    assert response.status_code == 400 and "完成时限不能早于今天" in response.content.decode()
    attendee = Client()
    attendee.force_login(people["zhaozhigang"])
    page = attendee.get(f"/meetings/minutes/meeting/{meeting.pk}/").content.decode()
    assert "会议原则同意" in page and "保存纪要" not in page
    stranger = Client()
    stranger.force_login(people["sunpeng"])
    assert stranger.get(f"/meetings/minutes/meeting/{meeting.pk}/").status_code == 404
