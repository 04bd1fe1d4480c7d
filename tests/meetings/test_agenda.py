"""议题: the call, submission (refused after the cut-off unless admitted), 前置审核 by the leader in
charge, the office's review, the agenda ordered, sent and approved (quorum), 顺延; who sees what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from meetings.agenda import approval, files, services
from meetings.choices import AgendaState, Answer, MeetingState
from meetings.models import AgendaCall, AgendaItem, Attendee, MeetingFile
from office.choices import TodoState
from office.models import AuditEvent, Todo
from office.permissions import restrict

from .agenda_fixtures import pdf

pytestmark = pytest.mark.django_db
S = AgendaState


def open_todos(user, step_prefix="meetings.agenda"):
    return list(Todo.objects.filter(user=user, state=TodoState.OPEN, step__startswith=step_prefix))


def seen_by(user, item) -> bool:
    return restrict(AgendaItem.objects.filter(pk=item.pk), user).exists()


def test_the_whole_way_from_the_call_to_the_approved_agenda(people, make_meeting, open_call, draft):
    meeting = make_meeting("office", days=5)
    call = open_call(meeting)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.COLLECTING and meeting.agenda_cutoff == call.cutoff_at
    # Each asked department's head has a to-do.
    assert [t.title for t in open_todos(people["zhoujianhua"])] == [call.title]
    assert open_todos(people["wuguoqiang"])

    item = draft(call, observers=("sunpeng",))
    assert item.state == S.DRAFT and item.unit.code == "ZCFG"
    item = services.agenda_submit(actor=people["qianli"], item=item)
    # 前置审核: the leader in charge (李明华 for 法规处) first; the department's call to-do is done.
    assert item.state == S.LEADER_REVIEW and item.leader == people["liminghua"]
    assert not open_todos(people["zhoujianhua"])
    assert [t.title for t in open_todos(people["liminghua"])] == [item.title]
    with pytest.raises(Http404):  # another deputy: not his department, not his to see
        services.agenda_leader_approve(actor=people["zhaozhigang"], item=item)
    item = services.agenda_leader_approve(actor=people["liminghua"], item=item, opinion="同意提交局长办公会议研究。")
    assert item.state == S.OFFICE_REVIEW and not open_todos(people["liminghua"])
    assert open_todos(people["wujing"])  # the 秘书 reviews for the office
    item = services.agenda_accept(actor=people["zhouting"], item=item, meeting=meeting)
    assert (item.state, item.meeting, item.order) == (S.ACCEPTED, meeting, 1)
    assert not open_todos(people["wujing"])
    # The 列席 asked for sits in for this 议题 only.
    row = Attendee.objects.get(meeting=meeting, user=people["sunpeng"])
    assert row.agenda_item == item and row.role == "sitting_in"

    meeting = approval.agenda_submit(actor=people["zhouting"], meeting=meeting)
    assert meeting.state == MeetingState.AGENDA_REVIEW
    assert [t.title for t in open_todos(people["wangjianguo"])] == [meeting.title]
    meeting = approval.agenda_approve(actor=people["wangjianguo"], meeting=meeting, opinion="同意。")
    assert meeting.state == MeetingState.AGENDA_APPROVED
    item.refresh_from_db()
    assert item.state == S.APPROVED and not open_todos(people["wangjianguo"])
    assert [s.action for s in item.steps.order_by("at", "id")] == ["submit", "leader_approve", "accept", "approve"]
    assert AuditEvent.objects.filter(action="agenda.approve", object_id=str(item.pk)).exists()


def test_after_the_cut_off_a_clear_refusal_unless_the_office_admits_it(people, make_meeting, open_call, draft):
    call = open_call(make_meeting("office", days=6))
    item = draft(call, by="zhengyan", presenter="wuguoqiang", title="关于零工市场建设的议题")
    AgendaCall.objects.filter(pk=call.pk).update(cutoff_at=timezone.now() - dt.timedelta(minutes=5))
    item.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.agenda_submit(actor=people["zhengyan"], item=item)
    assert "截止" in str(exc.value) and "办公室" in str(exc.value)
    item.refresh_from_db()
    assert item.state == S.DRAFT and not item.steps.exists()
    # Only the office admits it.
    with pytest.raises(PermissionDenied):
        services.agenda_admit_late(actor=people["wuguoqiang"], item=item)
    services.agenda_admit_late(actor=people["zhouting"], item=item, opinion="同意补报。")
    item = services.agenda_submit(actor=people["zhengyan"], item=item)
    assert item.late and item.state == S.LEADER_REVIEW and item.leader == people["zhaozhigang"]


def test_returns_need_a_reason_and_reach_the_submitter(people, make_meeting, open_call, draft):
    call = open_call(make_meeting("office", days=7))
    item = services.agenda_submit(actor=people["qianli"], item=draft(call))
    with pytest.raises(ValidationError):
        services.agenda_leader_return(actor=people["liminghua"], item=item, reason="  ")
    item = services.agenda_leader_return(actor=people["liminghua"], item=item, reason="请补充征求意见情况。")
    assert item.state == S.RETURNED and item.return_reason == "请补充征求意见情况。"
    assert [t.title for t in open_todos(people["qianli"])] == [item.title]
    item = services.agenda_submit(actor=people["qianli"], item=item)
    item = services.agenda_leader_approve(actor=people["liminghua"], item=item)
    item = services.agenda_office_return(actor=people["zhouting"], item=item, reason="材料不全。")
    assert item.state == S.RETURNED and item.meeting is None


def test_the_office_orders_the_agenda_and_a_bad_order_changes_nothing(people, make_meeting, open_call, accepted):
    meeting = make_meeting("office", days=8)
    call = open_call(meeting)
    first = accepted(call, meeting, title="议题甲")
    second = accepted(call, meeting, by="zhengyan", presenter="wuguoqiang", title="议题乙")
    with pytest.raises(ValidationError):
        services.agenda_order(actor=people["zhouting"], meeting=meeting, ids=[second.pk])
    services.agenda_order(actor=people["zhouting"], meeting=meeting, ids=[second.pk, first.pk])
    assert list(AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("title", flat=True)) == [
        "议题乙",
        "议题甲",
    ]
    with pytest.raises(PermissionDenied):
        services.agenda_order(actor=people["qianli"], meeting=meeting, ids=[first.pk, second.pk])


def test_no_quorum_no_agenda(people, make_meeting, open_call, accepted):
    meeting = make_meeting("office", days=9)
    accepted(open_call(meeting), meeting)
    Attendee.objects.filter(meeting=meeting, is_member=True).exclude(user=people["wangjianguo"]).update(
        answer=Answer.LEAVE
    )
    with pytest.raises(ValidationError) as exc:
        approval.agenda_submit(actor=people["zhouting"], meeting=meeting)
    assert "法定人数" in str(exc.value)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.COLLECTING


def test_an_item_not_reached_is_carried_to_the_next_meeting_with_its_materials(
    people, make_meeting, open_call, draft, accepted
):
    meeting, following = make_meeting("office", days=10), make_meeting("office", days=17)
    item = draft(open_call(meeting))
    files.material_add(actor=people["qianli"], item=item, upload=pdf())
    item = services.agenda_submit(actor=people["qianli"], item=item)
    item = services.agenda_leader_approve(actor=people["liminghua"], item=item)
    item = services.agenda_accept(actor=people["zhouting"], item=item, meeting=meeting)
    copy = services.agenda_carry(actor=people["zhouting"], item=item, to_meeting=following)
    item.refresh_from_db()
    assert item.state == S.CARRIED
    assert (copy.state, copy.meeting, copy.carried_from) == (S.ACCEPTED, following, item)
    assert [f.original_name for f in copy.files.all()] == ["汇报材料.pdf"]
    assert copy.files.get().stored_name != item.files.get().stored_name


def test_who_sees_an_item(people, make_meeting, open_call, draft):
    meeting = make_meeting("office", days=11, extra=("zhangmin",))
    call = open_call(meeting)
    item = draft(call)
    # A draft: its department (and the office) only.
    assert [seen_by(people[u], item) for u in ("qianli", "zhoujianhua", "zhouting", "sunpeng", "liminghua")] == [
        True,
        True,
        True,
        False,
        False,
    ]
    item = services.agenda_submit(actor=people["qianli"], item=item)
    assert seen_by(people["liminghua"], item) and seen_by(people["wangjianguo"], item)
    assert not seen_by(people["zhaozhigang"], item) and not seen_by(people["zhangmin"], item)
    item = services.agenda_leader_approve(actor=people["liminghua"], item=item)
    services.agenda_accept(actor=people["zhouting"], item=item, meeting=meeting)
    # On the agenda: whoever attends the meeting sees it; 三员 never.
    assert seen_by(people["zhaozhigang"], item) and seen_by(people["zhangmin"], item)
    assert not seen_by(people["sunpeng"], item) and not seen_by(people["secadmin"], item)


def test_clearance_first(people, make_meeting, open_call, draft):
    meeting = make_meeting("office", days=12, level=2, room="party")
    with pytest.raises(ValidationError):
        draft(open_call(meeting), level=2, observers=("sunpeng",))  # 孙鹏 is cleared for 内部 only
    item = draft(open_call(meeting), level=2)
    item = services.agenda_submit(actor=people["qianli"], item=item)
    item = services.agenda_leader_approve(actor=people["liminghua"], item=item)
    services.agenda_accept(actor=people["zhouting"], item=item, meeting=meeting)
    head = people["zhoujianhua"]
    assert seen_by(head, item)
    head.clearance = 1  # his clearance lowered: his own department's 秘密 议题 is gone from his view
    assert not seen_by(head, item)


def test_materials_go_to_attendees_and_to_the_sitting_in_of_their_item_only(
    people, make_meeting, open_call, draft, accepted
):
    meeting = make_meeting("office", days=13, extra=("sunpeng",))
    call = open_call(meeting)
    mine = draft(call, observers=("wangbo",))
    plain = files.material_add(actor=people["qianli"], item=mine, upload=pdf())
    secret = files.material_add(actor=people["qianli"], item=mine, upload=pdf("测算表.pdf"), secret_level=2)
    other = accepted(call, meeting, by="zhengyan", presenter="wuguoqiang", title="另一议题")
    other_file = files.material_add(actor=people["zhouting"], item=other, upload=pdf("其他.pdf"))
    mine = services.agenda_submit(actor=people["qianli"], item=mine)
    mine = services.agenda_leader_approve(actor=people["liminghua"], item=mine)
    services.agenda_accept(actor=people["zhouting"], item=mine, meeting=meeting)

    def files_seen(user):
        return set(restrict(MeetingFile.objects.all(), user).values_list("pk", flat=True))

    # 孙鹏 attends (内部): both 议题's ordinary materials, not the 秘密 one.
    assert files_seen(people["sunpeng"]) == {plain.pk, other_file.pk}
    # 王博 sits in for 钱莉's 议题 only.
    assert files_seen(people["wangbo"]) == {plain.pk}
    assert files_seen(people["zhaozhigang"]) == {plain.pk, secret.pk, other_file.pk}
    # The department can no longer add once the office accepted it.
    with pytest.raises(PermissionDenied):
        files.material_add(actor=people["qianli"], item=mine, upload=pdf())


def test_a_bad_file_is_refused_and_nothing_is_kept(people, make_meeting, open_call, draft):
    item = draft(open_call(make_meeting("office", days=14)))
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as exc:
        files.material_add(actor=people["qianli"], item=item, upload=SimpleUploadedFile("x.pdf", b"<html>hi</html>"))
    assert "不是允许上传的文件类型" in str(exc.value)
    assert not MeetingFile.objects.filter(agenda_item=item).exists()


def test_out_of_scope_is_404(people, make_meeting, open_call, draft):
    item = draft(open_call(make_meeting("office", days=15)))
    with pytest.raises(Http404):
        services.agenda_submit(actor=people["sunpeng"], item=item)
