"""One meeting in the browser: the office books it from the form, publishes the notice; 处长 周建华
asks leave and sends 孙鹏 instead; 钱莉 scans the door page's QR code and signs in. Screenshots at
desktop and phone width in /tmp/shots-meeta/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from meetings.models import Attendee, Meeting
from office.models import Notification
from tests.browser.conftest import log_in
from tests.meetings.conftest import kinds, people, rooms, units  # noqa: F401

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-meeta")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _pick(page, field: str, term: str) -> None:
    box = page.locator(f"#id_{field}")
    box.click()
    box.fill(term)
    page.wait_for_function(
        "t => { const o = [...document.querySelectorAll('.sb-pick')];"
        " return o.length > 0 && o.every(b => b.dataset.label.includes(t)); }",
        arg=term,
    )
    box.press("Enter")


def test_a_meeting_from_the_form_to_the_qr_sign_in(live_server, page, people, kinds, rooms):  # noqa: F811
    start = timezone.localtime().replace(second=0, microsecond=0) + dt.timedelta(minutes=20)
    end = start + dt.timedelta(hours=1)
    if end.date() != start.date():
        pytest.skip("too close to midnight for a one-day meeting")

    # 1. The office: the week of rooms, then the meeting's form.
    log_in(page, live_server, "zhouting")
    page.goto(f"{live_server.url}/meetings/rooms/")
    assert "测试第一会议室" in page.content() and page.locator(".sb-free").count() > 0
    _shot(page, "01-rooms-week-desktop")
    page.goto(f"{live_server.url}/meetings/new/")
    page.select_option("#id_kind", label="测试专题会议")
    page.fill("#id_title", "全市就业形势分析专题会")
    page.fill("#id_day", start.strftime("%Y-%m-%d"))
    page.fill("#id_start", start.strftime("%H:%M"))
    page.fill("#id_end", end.strftime("%H:%M"))
    page.select_option("#id_room", label="测试第一会议室")
    page.select_option("#id_chair", value=str(people["liminghua"].pk))
    page.select_option("#id_secretary", value=str(people["wujing"].pk))
    _pick(page, "present", "周建华")
    _pick(page, "present", "钱莉")
    _shot(page, "02-meeting-form")
    page.click("form button.btn-sb")
    page.wait_for_load_state("networkidle")
    meeting = Meeting.objects.get(title="全市就业形势分析专题会")
    assert page.url == f"{live_server.url}/meetings/{meeting.pk}/"
    assert meeting.booking.room.name == "测试第一会议室"

    # 2. Publish the notice.
    page.click("button[data-action='notify']")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-state]").inner_text() == "已通知"
    assert Notification.objects.filter(recipient=people["qianli"], verb="meeting.notice").exists()
    _shot(page, "03-notified")

    # 3. 周建华 asks leave and sends 孙鹏 (the kind requires a substitute: first without one).
    log_in(page, live_server, "zhoujianhua")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.click("text=请假")
    page.fill("#id_reason", "参加省厅视频会议")
    page.click("button[data-answer='leave']")
    page.wait_for_load_state("networkidle")
    assert "请假须指定代参会人" in page.content()
    _shot(page, "04-leave-refused")
    page.fill("#id_reason", "参加省厅视频会议")
    _pick(page, "substitute", "孙鹏")
    page.click("button[data-answer='leave']")
    page.wait_for_load_state("networkidle")
    sub = Attendee.objects.get(meeting=meeting, user=people["sunpeng"])
    assert sub.substitute_for.user == people["zhoujianhua"]
    assert Notification.objects.filter(recipient=people["sunpeng"], title__contains="代周建华参会").exists()
    _shot(page, "05-leave-with-substitute")

    # 4. The door page's QR code; 钱莉 signs in on her phone with it.
    log_in(page, live_server, "zhouting")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/door/")
    assert page.locator("[data-qr] svg").count() == 1
    sign_url = (
        page.locator("[data-qr]")
        .get_attribute("data-url")
        .replace("http://127.0.0.1:8000", live_server.url)
        .split("/meetings/")[-1]
    )
    _shot(page, "06-door")
    phone = page.context.browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", timezone_id="Asia/Shanghai", is_mobile=True
    )
    mobile = phone.new_page()
    log_in(mobile, live_server, "qianli")
    mobile.goto(f"{live_server.url}/meetings/{sign_url}")
    _shot(mobile, "07-sign-in-phone")
    mobile.click("button[data-sign-in]")
    mobile.wait_for_load_state("networkidle")
    assert "签到成功" in mobile.content()
    _shot(mobile, "08-signed-in-phone")
    assert Attendee.objects.get(meeting=meeting, user=people["qianli"]).presence == "present"
    # someone not invited, the same link: a clear refusal
    log_in(mobile, live_server, "hejun")
    mobile.goto(f"{live_server.url}/meetings/{sign_url}")
    mobile.click("button[data-sign-in]")
    mobile.wait_for_load_state("networkidle")
    assert "不在本次会议的参会人员之列" in mobile.content()
    _shot(mobile, "09-not-invited-phone")
    # the phone's week view and meeting page
    log_in(mobile, live_server, "zhouting")
    mobile.goto(f"{live_server.url}/meetings/rooms/")
    _shot(mobile, "10-rooms-week-phone")
    mobile.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    _shot(mobile, "11-meeting-phone")
    mobile.goto(f"{live_server.url}/meetings/schedule/")
    _shot(mobile, "12-schedule-phone")
    phone.close()
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/door/")
    assert "已签到 1 /" in page.content()
    page.goto(f"{live_server.url}/meetings/schedule/")
    _shot(page, "13-schedule-desktop")
    page.goto(f"{live_server.url}/meetings/calendar/")
    _shot(page, "14-calendar-desktop")
    page.goto(f"{live_server.url}/meetings/")
    _shot(page, "15-list-desktop")
    page.goto(f"{live_server.url}/")
    _shot(page, "16-workbench")
    # In English (the language cookie): the meeting's page and the room week.
    from django.conf import settings

    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    _shot(page, "17-meeting-en")
    page.goto(f"{live_server.url}/meetings/rooms/")
    _shot(page, "18-rooms-week-en")
    # the one expected refusal: the leave without a substitute (400 with the form and its message)
    problems = [p for p in page.problems if "/answer/" not in p and "status of 400" not in p]
    assert problems == [], problems
