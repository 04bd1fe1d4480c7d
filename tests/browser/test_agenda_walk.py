"""One 局长办公会议's 议题 and 纪要 in the browser: the office's call to two departments; 法规处 submits
in time, 就业处 after the cut-off (refused, then admitted by the office); the leaders in charge approve;
the office accepts and sends the agenda; the chair approves it; after the meeting the secretary drafts
the 纪要, the 督查员 confirms what is supervised, the office sends it as a 纪要式 发文; once issued, the
decision is a supervised item whose light the 纪要 page shows. Screenshots in /tmp/shots-meetb/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from meetings.choices import AgendaState, MeetingState, MinutesState
from meetings.convening import services as convening
from meetings.models import AgendaCall, AgendaItem, Meeting, Minutes
from tests.browser.conftest import log_in
from tests.meetings.agenda_fixtures import PDF
from tests.meetings.conftest import at, kinds, members_signed_in, people, rooms, units  # noqa: F401

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-meetb")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _post(page, action: str) -> None:
    page.click(f"button[data-action='{action}']")
    page.wait_for_load_state("networkidle")


def _submit_item(page, live_server, call, title, presenter_label, tmp_path):
    page.goto(f"{live_server.url}/meetings/agenda/calls/{call.pk}/")
    page.click("a[data-submit-agenda]")
    page.fill("#id_title", title)
    page.select_option("#id_presenter", label=presenter_label)
    page.fill("#id_proposal", "建议会议研究同意。")
    page.click("button[data-save]")
    page.wait_for_load_state("networkidle")
    pdf = tmp_path / "汇报材料.pdf"
    pdf.write_bytes(PDF)
    page.set_input_files("#id_file", str(pdf))
    page.click("button[data-upload]")
    page.wait_for_load_state("networkidle")
    return AgendaItem.objects.get(title=title)


def test_from_the_call_to_the_issued_minutes(live_server, page, people, kinds, rooms, units, tmp_path):  # noqa: F811
    start = at(4, 9)
    meeting = convening.meeting_create(
        people["zhouting"],
        kind=kinds["office"],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        room=rooms["first"],
        chair=people["wangjianguo"],
        secretary=people["wujing"],
        organizer=units["BGS"],
        secret_level=1,
    )
    # 1. The office calls for 议题: 法规处 and 就业处, cut-off tomorrow.
    log_in(page, live_server, "zhouting")
    page.goto(f"{live_server.url}/meetings/agenda/calls/new/")
    page.select_option("#id_kind", label="测试局长办公会议")
    page.select_option("#id_meeting", value=str(meeting.pk))
    page.fill("#id_title", "征集本次局长办公会议议题")
    cutoff = timezone.localtime() + dt.timedelta(days=1)
    page.fill("#id_cutoff_at", cutoff.strftime("%Y-%m-%dT%H:%M"))
    page.check(f"input[name=units][value='{units['ZCFG'].pk}']")
    page.check(f"input[name=units][value='{units['JYCJ'].pk}']")
    _shot(page, "01-call-form-desktop")
    page.click("button[data-save]")
    page.wait_for_load_state("networkidle")
    call = AgendaCall.objects.get(meeting=meeting)
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.COLLECTING

    # 2. 法规处 (钱莉) submits in time, with a material; it goes to 李明华 first.
    log_in(page, live_server, "qianli")
    item = _submit_item(page, live_server, call, "关于修订人力资源市场管理办法的议题", "周建华（处长）", tmp_path)
    _post(page, "submit")
    item.refresh_from_db()
    assert item.state == AgendaState.LEADER_REVIEW
    _shot(page, "02-item-with-leader-desktop")

    # 3. 就业处 (郑燕) after the cut-off: a clear refusal; the office admits it; then it goes.
    AgendaCall.objects.filter(pk=call.pk).update(cutoff_at=timezone.now() - dt.timedelta(minutes=1))
    log_in(page, live_server, "zhengyan")
    late = _submit_item(page, live_server, call, "关于调整零工市场建设补助标准的议题", "吴国强（处长）", tmp_path)
    _post(page, "submit")
    assert "截止" in page.content() and "联系办公室" in page.content()
    _shot(page, "03-late-refused-desktop")
    page.problems.clear()  # that refusal's 400 was the point
    log_in(page, live_server, "zhouting")
    page.goto(f"{live_server.url}/meetings/agenda/{late.pk}/")
    _post(page, "admit_late")
    log_in(page, live_server, "zhengyan")
    page.goto(f"{live_server.url}/meetings/agenda/{late.pk}/")
    _post(page, "submit")
    late.refresh_from_db()
    assert late.late and late.state == AgendaState.LEADER_REVIEW

    # 4. The leaders in charge approve (前置审核), each from his list of what waits for him.
    for leader, row in (("liminghua", item), ("zhaozhigang", late)):
        log_in(page, live_server, leader)
        page.goto(f"{live_server.url}/meetings/agenda/?box=waiting")
        page.click(f"[data-agenda='{row.pk}'] a")
        _post(page, "leader_approve")
    # 5. The office accepts both onto the meeting and sends the agenda; the chair approves it.
    log_in(page, live_server, "wujing")
    for row in (item, late):
        page.goto(f"{live_server.url}/meetings/agenda/{row.pk}/")
        page.select_option("#id_meeting", value=str(meeting.pk))
        _post(page, "accept")
    page.goto(f"{live_server.url}/meetings/agenda/meeting/{meeting.pk}/")
    _shot(page, "04-agenda-office-desktop")
    _post(page, "submit_agenda")
    log_in(page, live_server, "wangjianguo")
    page.goto(f"{live_server.url}/meetings/agenda/meeting/{meeting.pk}/")
    _post(page, "approve_agenda")
    assert set(AgendaItem.objects.filter(meeting=meeting).values_list("state", flat=True)) == {AgendaState.APPROVED}
    _shot(page, "05-agenda-approved-desktop")

    # 6. The meeting is held (notice and sign-in: the convening half's walk).
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.NOTIFIED)
    members_signed_in(meeting)
    convening.meeting_step(people["wujing"], meeting=Meeting.objects.get(pk=meeting.pk), action="hold")

    # 7. The secretary drafts the 纪要 and completes the first decision; the 督查员 confirms.
    log_in(page, live_server, "wujing")
    page.goto(f"{live_server.url}/meetings/minutes/meeting/{meeting.pk}/")
    _post(page, "draft")
    page.fill("#id_order", "1")
    page.fill("#id_text", "原则同意修订稿，由法规处根据会议意见修改完善后按程序报批。")
    page.select_option("#id_lead_unit", value=str(units["ZCFG"].pk))
    page.fill("#id_due_on", (timezone.localdate() + dt.timedelta(days=30)).isoformat())
    _post(page, "decision")
    page.fill("#id_order", "2")
    page.fill("#id_text", "会议听取了汇报，请就业处继续做好零工市场建设。")
    page.select_option("#id_lead_unit", value=str(units["JYCJ"].pk))
    page.uncheck("#id_needs_supervision")
    _post(page, "decision")
    _shot(page, "06-minutes-secretary-desktop")
    log_in(page, live_server, "sunhao")
    page.goto(f"{live_server.url}/meetings/minutes/meeting/{meeting.pk}/")
    page.click("[data-decision='1'] button[data-confirm='1']")
    page.wait_for_load_state("networkidle")
    page.click("[data-decision='2'] button[data-confirm='0']")
    page.wait_for_load_state("networkidle")
    log_in(page, live_server, "zhouting")
    page.goto(f"{live_server.url}/meetings/minutes/meeting/{meeting.pk}/")
    _post(page, "submit")
    assert "/documents/outgoing/" in page.url
    _shot(page, "07-minutes-outgoing-desktop")

    # 8. Through the 发文 pipeline (documents' own services), issued: the decision is supervised.
    from documents.outgoing import issue
    from documents.outgoing import services as outgoing

    document = outgoing.outgoing_submit(actor=people["zhouting"], document=_document(meeting))
    if document.state == "dept_review":  # the office's own draft: its director approves it first
        document = outgoing.outgoing_dept_approve(actor=people["liuxiaodong"], document=document)
    document = outgoing.outgoing_office_check(
        actor=people["liuxiaodong"], document=document, signer=people["wangjianguo"], countersign_units=[], opinion=""
    )
    document = outgoing.outgoing_sign(actor=people["wangjianguo"], document=document, opinion="同意。")
    document = outgoing.outgoing_recheck(actor=people["zhouting"], document=document)
    document = outgoing.outgoing_number(actor=people["zhouting"], document=document)
    issue.outgoing_issue(actor=people["zhouting"], document=document, copies=3, internal_units=[units["ZCFG"]])
    record = Minutes.objects.get(meeting=meeting)
    assert record.state == MinutesState.ISSUED
    decision = record.decisions.get(order=1)
    assert decision.item_id and record.decisions.get(order=2).item_id is None
    from supervision.items.services import item_assign
    from supervision.models import SupervisedItem

    item_assign(actor=people["sunhao"], item=SupervisedItem.objects.get(pk=decision.item_id))
    page.goto(f"{live_server.url}/meetings/minutes/meeting/{meeting.pk}/")
    assert page.locator("[data-decision='1'] [data-light]").count() == 1
    _shot(page, "08-minutes-issued-desktop")

    phone = page.context.browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", timezone_id="Asia/Shanghai", is_mobile=True
    )
    mobile = phone.new_page()
    log_in(mobile, live_server, "zhouting")
    for path, name in (
        (f"/meetings/minutes/meeting/{meeting.pk}/", "09-minutes-phone"),
        (f"/meetings/agenda/meeting/{meeting.pk}/", "10-agenda-phone"),
        (f"/meetings/agenda/{item.pk}/", "11-item-phone"),
        ("/meetings/agenda/", "12-list-phone"),
    ):
        mobile.goto(f"{live_server.url}{path}")
        _shot(mobile, name)
    phone.close()
    assert not page.problems, page.problems


def _document(meeting):
    from documents.models import OutgoingDocument

    return OutgoingDocument.objects.get(pk=Minutes.objects.get(meeting=meeting).outgoing_id)
