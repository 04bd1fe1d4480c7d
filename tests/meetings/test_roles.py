"""The role matrix of 办会's pages (rooms, bookings, meetings, notice, sign-in): every URL × every demo
role → the expected answer. ``tests/test_role_matrix.py`` counts these patterns as covered."""

from __future__ import annotations

import pytest
from django.test import Client

from meetings.convening import signin
from meetings.models import Booking, Meeting
from tests.test_role_matrix import ROLES, Case, Redirect, Request, _check, get, post, roles

ADMINS_404 = {"sysadmin": 404, "secadmin": 404, "auditor": 404}
BUSINESS = roles(200, **ADMINS_404)


def office(expect=200, **more):
    return roles(404, office=expect, **more)


def _meeting(**lookup) -> Meeting:
    return Meeting.objects.filter(**lookup).order_by("id").first()


def _upcoming():
    return _meeting(title="2027年度部门预算编制协调会")  # 专题会议, notified, today, 内部


def _secret():
    return _meeting(kind__code="dzh", state="agenda_review")  # 党组会议, 秘密: the office, members


def on(pick, suffix: str, method: str = "get", data: dict | None = None):
    return lambda ctx, user: Request(method, f"/meetings/{pick().pk}/{suffix}", data or {})


def _pending_booking():
    return Booking.objects.filter(state="pending").order_by("id").first()


def _rsc_booking():
    return Booking.objects.filter(unit__code="RSC", meeting__isnull=True, state="confirmed").order_by("id").first()


def _sign_in(ctx, user):
    return Request("get", f"/meetings/sign-in/?t={signin.token_for(_upcoming())}")


#: who sees the 预算协调会 (专题会议, notified): the office, the principal, its chair 李明华 (deputy),
#: 周建华 (dept head, invited) and 钱莉 (staff, invited) — every business role of the demo.
SEEN_UPCOMING = BUSINESS
#: the 党组会议 (秘密): the office, the principal, the deputy (a member); not the department's people.
SEEN_SECRET = roles(404, office=200, principal=200, deputy=200)

MEET_MATRIX: dict[str, list[Case]] = {
    "meetings:room_week": [
        Case("会议室 week", get("/meetings/rooms/"), BUSINESS),
        Case("a bad week falls back to this one", get("/meetings/rooms/?week=2026-13-45"), BUSINESS),
    ],
    "meetings:booking_create": [
        Case("booking form", get("/meetings/rooms/book/?room=1&day=2026-01-01&start=09:00"), BUSINESS),
        Case("nothing filled in: the form again", post("/meetings/rooms/book/"), roles(400, **ADMINS_404)),
    ],
    "meetings:booking_mine": [Case("我的预订", get("/meetings/rooms/mine/"), BUSINESS)],
    "meetings:booking_approvals": [Case("待审批", get("/meetings/rooms/approvals/"), office())],
    "meetings:booking_cancel": [
        Case(
            "someone else's booking",
            lambda ctx, user: Request("post", f"/meetings/rooms/{_rsc_booking().pk}/cancel/"),
            roles(403, office=Redirect("/meetings/rooms/mine/"), **ADMINS_404),
        ),
    ],
    "meetings:booking_decide": [
        Case(
            "refuse without a reason: nothing changed",
            lambda ctx, user: Request("post", f"/meetings/rooms/{_pending_booking().pk}/reject/"),
            roles(403, office=Redirect("/meetings/rooms/approvals/"), **ADMINS_404),
        ),
    ],
    "meetings:meeting_export": [Case("全部会议 as .xlsx", get("/meetings/export.xlsx?view=all"), BUSINESS)],
    "meetings:meeting_list": [
        Case("即将召开", get("/meetings/"), BUSINESS),
        Case("我的会议 of one kind", get("/meetings/?view=mine&kind=1&page=x"), BUSINESS),
    ],
    "meetings:meeting_calendar": [Case("month", get("/meetings/calendar/?month=2026-02-30"), BUSINESS)],
    "meetings:my_week_panel": [Case("本周会议 panel rows", get("/meetings/my-week/"), BUSINESS)],
    "meetings:leader_schedule": [Case("领导日程", get("/meetings/schedule/"), BUSINESS)],
    "meetings:meeting_create": [
        Case("筹备 form", get("/meetings/new/"), office()),
        Case("nothing filled in", post("/meetings/new/"), office(400)),
    ],
    "meetings:meeting_detail": [
        Case("notified 专题会议", on(_upcoming, ""), SEEN_UPCOMING),
        Case("classified 党组会议", on(_secret, ""), SEEN_SECRET),
        Case("no such meeting", get("/meetings/999999/"), roles(404)),
    ],
    "meetings:meeting_edit": [
        Case("edit form", on(_upcoming, "edit/"), roles(404, office=200)),
    ],
    "meetings:meeting_answer": [
        Case("an answer without a choice", on(_upcoming, "answer/", "post"), roles(400, **ADMINS_404)),
    ],
    "meetings:meeting_ics": [Case(".ics", on(_upcoming, "ics/"), SEEN_UPCOMING)],
    "meetings:meeting_door": [Case("door page", on(_upcoming, "door/"), roles(404, office=200))],
    "meetings:sign_in": [Case("the QR link", _sign_in, BUSINESS)],
    "meetings:attendance_mark": [
        Case(
            "mark someone",
            lambda ctx, user: Request(
                "post",
                f"/meetings/{_upcoming().pk}/attendance/{_upcoming().attendees.order_by('id').first().pk}/",
                {"presence": "present"},
            ),
            roles(403, office=Redirect("/meetings/"), **ADMINS_404),
        ),
    ],
    "meetings:attendee_add": [
        Case("nobody chosen: the form again", on(_upcoming, "attendees/add/", "post"), roles(404, office=400)),
    ],
    "meetings:attendee_remove": [
        Case(
            "a member of the 党组: refused, nothing changed",
            lambda ctx, user: Request(
                "post", f"/meetings/{_secret().pk}/attendees/{_secret().attendees.filter(is_member=True)[0].pk}/remove/"
            ),
            roles(404, office=Redirect("/meetings/")),
        ),
    ],
    "meetings:attendee_name": [
        Case(
            "法规处 asked to send someone: only its head names him (nobody chosen: the form again)",
            lambda ctx, user: Request(
                "post", f"/meetings/{_upcoming().pk}/attendees/{_upcoming().attendees.get(user=None).pk}/name/"
            ),
            roles(404, dept_head=400),
        ),
    ],
    "meetings:meeting_action": [
        Case(
            "approve the 党组会议's agenda",
            on(_secret, "approve_agenda/", "post"),
            roles(404, office=403, principal=Redirect("/meetings/"), deputy=403),
        ),
        Case("no such step", on(_upcoming, "fly/", "post"), roles(404)),
    ],
}


@pytest.mark.parametrize("role", ROLES)
def test_meeting_role_matrix(role, demo):
    user = demo.get(role)
    failures = []
    for key, cases in MEET_MATRIX.items():
        for case in cases:
            assert set(case.expect) == set(ROLES), f"{key} / {case.label}: roles missing"
            client = Client()
            if user is not None:
                client.force_login(user)
            request = case.build({}, user)
            response = getattr(client, request.method)(request.url, request.data, headers=request.headers)
            if problem := _check(response, case.expect[role]):
                failures.append(f"{key} / {case.label}: {request.method.upper()} {request.url}: {problem}")
    assert not failures, f"role {role}:\n" + "\n".join(failures)
