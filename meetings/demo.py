"""办会's demo: the rooms of the bureau's building, the meeting kinds and their members, a month of
bookings, and meetings of each kind — past ones held, this week's notified and answered (one leave
with a substitute, some signed in), a 局长办公会议 collecting 议题 and a classified 党组会议.

Rooms, kinds and bookings are written in bulk; meetings go through the services (numbered, booked,
notified), so every row is what the pages would have made. Idempotent: matched by name and title.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from meetings.agenda import demo as agenda_demo
from meetings.choices import BookingState, QuorumRule
from meetings.convening import notice, services, signin
from meetings.convening.services import Invitee
from meetings.minutes import demo as minutes_demo
from meetings.models import Booking, Meeting, MeetingKind, Room
from office.choices import Clearance
from office.models import OrgUnit, User

#: (name, place, capacity, equipment, classified, needs approval)
ROOMS = (
    ("第一会议室", "办公楼3楼301", 40, "投影、视频会议终端、话筒", False, False),
    ("第二会议室", "办公楼3楼305", 24, "投影、话筒", False, False),
    ("第三会议室", "办公楼5楼502", 12, "电视屏", False, False),
    ("小会议室", "办公楼2楼210", 8, "白板", False, False),
    ("多功能厅", "办公楼1楼", 150, "舞台、音响、投影", False, True),
    ("党组会议室", "办公楼6楼601", 16, "屏蔽设施、保密柜", True, False),
)
LEADERS = ("wangjianguo", "liminghua", "zhaozhigang", "chenxuemei")
HEADS = (
    "zhoujianhua",
    "wuguoqiang",
    "fengxiaoyan",
    "weidong",
    "hanxue",
    "qinzhiyong",
    "hejun",
    "zhangmin",
    "yanhong",
    "weiping",
)
#: (code, name, minutes title, members, substitutes allowed, required, quorum, collects 议题, order)
KINDS = (
    ("dzh", "党组会议", "党组会议纪要", LEADERS + ("liuxiaodong",), False, False, QuorumRule.HALF, True, 1),
    ("jzbg", "局长办公会议", "局长办公会议纪要", LEADERS, True, False, QuorumRule.HALF, True, 2),
    ("jwh", "局务会议", "局务会议纪要", LEADERS + HEADS, True, True, QuorumRule.HALF, True, 3),
    ("zth", "专题会议", "专题会议纪要", (), True, False, QuorumRule.NONE, False, 4),
    ("qt", "其他会议", "会议纪要", (), True, False, QuorumRule.NONE, False, 5),
)
#: A month of other bookings: (weekday, room, start hour, hours, unit code, purpose)
WEEKLY_BOOKINGS = (
    (0, "第二会议室", 9, 1.5, "ZCFG", "法规处处务会"),
    (0, "小会议室", 14, 1, "RSC", "干部档案专项审核工作碰头会"),
    (1, "第三会议室", 10, 2, "JYCJ", "稳就业专项行动推进会"),
    (2, "第二会议室", 15, 1.5, "RCKF", "高校毕业生招聘活动筹备会"),
    (2, "小会议室", 9, 1, "GSBX", "工伤认定案件集体研究"),
    (3, "第三会议室", 14, 2, "YLBX", "养老保险基金风险排查座谈"),
    (4, "第二会议室", 9, 1, "BGS", "办公室周例会"),
)


def _u(username: str) -> User:
    return User.objects.select_related("unit").get(username=username)


def _unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def _at(day: dt.date, hour: float) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(int(hour), int(hour % 1 * 60))))


def _rooms() -> dict[str, Room]:
    have = {r.name: r for r in Room.objects.all()}
    new = [
        Room(name=n, place=p, capacity=c, equipment=e, classified_allowed=cl, needs_approval=na, order=i)
        for i, (n, p, c, e, cl, na) in enumerate(ROOMS)
        if n not in have
    ]
    if new:
        bulk_create_with_history(new, Room)
    return {r.name: r for r in Room.objects.all()}


def _kinds() -> dict[str, MeetingKind]:
    have = {k.code: k for k in MeetingKind.objects.all()}
    chair = _u("wangjianguo")
    for code, name, title, members, allowed, required, quorum, collects, order in KINDS:
        if code in have:
            continue
        kind = MeetingKind.objects.create(
            code=code,
            name=name,
            minutes_title=title,
            default_chair=chair,
            substitute_allowed=allowed,
            substitute_required=required,
            quorum=quorum,
            collects_agenda=collects,
            order=order,
        )
        kind.members.set(User.objects.filter(username__in=members))
        have[code] = kind
    return have


def _bookings(rooms: dict[str, Room]) -> int:
    if Booking.objects.filter(meeting__isnull=True).exists():
        return 0
    held = list(Booking.objects.values_list("room_id", "starts_at", "ends_at"))
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday() + 7)
    units = {u.code: u for u in OrgUnit.objects.all()}
    heads = {
        u.unit.code: u
        for u in User.objects.filter(role__in=("dept_head", "office")).select_related("unit")
        if u.unit_id
    }
    rows = []
    for week in range(5):
        for weekday, room, hour, hours, code, purpose in WEEKLY_BOOKINGS:
            day = monday + dt.timedelta(days=7 * week + weekday)
            start = _at(day, hour)
            rows.append(
                Booking(
                    room=rooms[room],
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=hours),
                    purpose=purpose,
                    unit=units[code],
                    booked_by=heads[code],
                    state=BookingState.CONFIRMED,
                )
            )
    # One waiting for the office's approval (the hall needs it).
    day = today + dt.timedelta(days=(3 - today.weekday()) % 7 + 7)
    rows.append(
        Booking(
            room=rooms["多功能厅"],
            starts_at=_at(day, 14),
            ends_at=_at(day, 17),
            purpose="全市人社系统业务培训",
            unit=units["ZYNL"],
            booked_by=heads["ZYNL"],
            state=BookingState.PENDING,
        )
    )
    rows = [b for b in rows if not any(r == b.room.pk and s < b.ends_at and e > b.starts_at for r, s, e in held)]
    bulk_create_with_history(rows, Booking)
    return len(rows)


#: 议题 on the agenda of some meetings (kind, day offset) → (submitter, presenter, title): approved
#: through the 议题's services (meetings.agenda.demo.placed). The past 局长办公会议's are 已上会 once
#: its 纪要 is drafted, but the last, not reached, which is carried to the next one (顺延).
AGENDA = {
    ("jzbg", -14): (
        ("sunpeng", "zhoujianhua", "关于2026年度行政执法案卷评查方案的议题"),
        ("zhengyan", "wuguoqiang", "关于零工市场二期建设实施方案的议题"),
        ("youmin", "qinzhiyong", "关于养老保险基金运行情况的汇报"),
        ("lvping", "hejun", agenda_demo.CARRIED),
    ),
    ("jwh", 2): (("chenhao", "fengxiaoyan", "关于2027年度高层次人才引进计划的议题"),),
}


def _walk(meeting: Meeting, to: str, agenda=()) -> Meeting:
    officer, chair = _u("zhouting"), meeting.chair
    if agenda:
        meeting = agenda_demo.placed(meeting, agenda)  # 征集, 送审, 审定: the 议题's own services
    order = ("open_call", "submit_agenda", "approve_agenda", "notify", "hold")
    stop = {"collecting": 1, "agenda_review": 2, "agenda_approved": 3, "notified": 4, "held": 5}[to]
    for action in order[:stop]:
        if action in ("open_call", "submit_agenda", "approve_agenda") and (agenda or not meeting.kind.collects_agenda):
            continue
        if action == "notify":
            meeting = notice.meeting_notify(officer, meeting=meeting)
        elif action == "hold":
            _mark_held(meeting)  # the quorum is checked at 召开: the secretary's marks come first
            meeting = services.meeting_step(meeting.secretary, meeting=meeting, action=action)
        else:
            who = chair if action == "approve_agenda" else officer
            meeting = services.meeting_step(who, meeting=meeting, action=action)
    return meeting


#: (title, kind, day offset, start hour, hours, room, 密级, state, extra attendees, sitting in, chair)
MEETINGS = (
    ("", "jzbg", -14, 9, 2.5, "第一会议室", Clearance.INTERNAL, "held", (), ("zhoujianhua", "qinzhiyong"), None),
    ("", "dzh", -10, 15, 2, "党组会议室", Clearance.SECRET, "held", (), (), None),
    ("", "jwh", -7, 9, 2, "第一会议室", Clearance.INTERNAL, "held", (), (), None),
    (
        "全市根治欠薪冬季专项行动部署专题会",
        "zth",
        -3,
        10,
        1.5,
        "第三会议室",
        Clearance.INTERNAL,
        "held",
        ("yanhong", "zhangmin", "huajian"),
        (),
        "chenxuemei",
    ),
    (
        "2027年度部门预算编制协调会",
        "zth",
        0,
        14.5,
        1.5,
        "第二会议室",
        Clearance.INTERNAL,
        "notified",
        ("zhoujianhua", "qianli", "weiping", "liuxiaodong", "qinzhiyong"),
        (),
        "liminghua",
    ),
    ("", "jwh", 2, 9, 2, "第一会议室", Clearance.INTERNAL, "notified", (), ("liuxiaodong",), None),
    ("", "jzbg", 6, 9, 3, "第一会议室", Clearance.INTERNAL, "collecting", (), (), None),
    ("", "dzh", 8, 15, 2, "党组会议室", Clearance.SECRET, "collecting", (), (), None),  # 送审 with its 议题
    (
        "职业技能提升行动经验交流会",
        "qt",
        12,
        9.5,
        2,
        "第二会议室",
        Clearance.PUBLIC,
        "draft",
        ("weidong", "jiangtao", "shenjing"),
        (),
        "zhaozhigang",
    ),
)


#: Departments asked to send someone (their heads name the person): meeting title → unit codes.
UNITS_ASKED = {"2027年度部门预算编制协调会": ("ZCFG",)}


def _meetings(kinds: dict[str, MeetingKind], rooms: dict[str, Room]) -> int:
    if Meeting.objects.exists():
        return 0
    officer, secretary, office = _u("zhouting"), _u("wujing"), _unit("BGS")
    today = timezone.localdate()
    made = 0
    for title, code, offset, hour, hours, room, level, state, extra, sitting, chair in MEETINGS:
        start = _at(today + dt.timedelta(days=offset), hour)
        kind = kinds[code]
        meeting = services.meeting_create(
            officer,
            kind=kind,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=hours),
            room=rooms[room],
            chair=_u(chair) if chair else kind.default_chair,
            secretary=secretary,
            organizer=office,
            secret_level=level,
            title=title,
            attendees=[Invitee(user=_u(u)) for u in extra]
            + [Invitee(user=_u(u), role="sitting_in") for u in sitting]
            + [Invitee(unit=_unit(c)) for c in UNITS_ASKED.get(title, ())],
            agenda_cutoff=start - dt.timedelta(days=2) if kind.collects_agenda else None,
        )
        if state != "draft":
            meeting = _walk(meeting, state, AGENDA.get((code, offset), ()))
        _answers(meeting, state)
        made += 1
    return made


def _answers(meeting: Meeting, state: str) -> None:
    if state not in ("notified", "held"):
        return
    rows = list(meeting.attendees.filter(user__isnull=False).select_related("user").order_by("id"))
    if not rows:
        return
    if state == "notified":
        leave = rows[-1]
        substitute = None
        if meeting.kind.substitute_allowed and leave.user.role == "dept_head":
            substitute = User.objects.filter(unit_id=leave.user.unit_id, role="staff").order_by("id").first()
        if meeting.kind.substitute_required and substitute is None:
            return
        notice.attendee_answer(
            leave.user, meeting=meeting, accept=False, reason="参加市政府专题会议", substitute=substitute
        )
        for row in rows[:-2]:
            notice.attendee_answer(row.user, meeting=meeting, accept=True)
        if timezone.localtime(meeting.starts_at).date() == timezone.localdate():
            for row in rows[:2]:
                signin.attendance_mark(meeting.secretary, meeting=meeting, attendee=row, presence="present")


def _mark_held(meeting: Meeting) -> None:
    """The secretary's marks of a past meeting — all there but the last, who was absent."""
    rows = list(meeting.attendees.filter(user__isnull=False).order_by("id"))
    for row in rows:
        presence = "absent" if row is rows[-1] else "present"
        signin.attendance_mark(meeting.secretary, meeting=meeting, attendee=row, presence=presence)


@transaction.atomic
def load() -> int:
    rooms = _rooms()
    kinds = _kinds()
    made = _meetings(kinds, rooms)  # first: the weekly bookings keep out of the meetings' way
    made += _bookings(rooms)
    return made + agenda_demo.load() + minutes_demo.load()  # 议题 and 纪要 (meetings.agenda/minutes.demo)
