"""议题 and 纪要 in the demo, called from :mod:`meetings.demo` once its meetings exist.

- The upcoming 局长办公会议 (征集议题): the office's call to five departments and 议题 in every state
  of the way before 上会 — a draft, one with the leader in charge (李明华), one with the office, one
  returned, two on the agenda with their materials, one withdrawn, one admitted after the cut-off.
- The 党组会议 whose agenda waits for the chair: a 秘密 议题 (干部任免) on it, sent to him (送审).
- :func:`placed`: 议题 put on a meeting and its agenda approved (已审定上会) — the past 局长办公会议's
  (已上会 once its 纪要 is drafted) and the coming 局务会议's; one of the past meeting's, not reached,
  carried to the next 局长办公会议 (顺延).
(The past 局长办公会议's issued 纪要: :mod:`meetings.minutes.demo`.)

Everything goes through the services; idempotent (nothing is made twice).
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from meetings.agenda import approval, files, services
from meetings.agenda.services import AgendaData
from meetings.choices import AgendaState, MeetingState
from meetings.models import AgendaCall, AgendaItem, Meeting
from office.models import OrgUnit, User

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

#: (unit's submitter, presenter, title, state to reach, 密级, 列席, late?)
UPCOMING = (
    ("chenhao", "fengxiaoyan", "关于举办2027年江城高层次人才洽谈会的议题", "draft", 1, (), False),
    ("qianli", "zhoujianhua", "关于修订《江城市人力资源市场管理办法》的议题", "leader_review", 1, ("sunpeng",), False),
    ("zhengyan", "wuguoqiang", "关于调整零工市场建设补助标准的议题", "office_review", 1, (), False),
    ("youmin", "qinzhiyong", "关于城乡居民基础养老金调整方案的议题", "returned", 1, (), False),
    ("sunpeng", "zhoujianhua", "关于开展2026年度行政执法案卷评查情况的汇报", "accepted", 1, (), False),
    ("lvping", "hejun", "关于新就业形态人员职业伤害保障试点扩围的议题", "accepted", 1, ("shijie",), False),
    ("chudan", "fengxiaoyan", "关于高校毕业生见习基地认定的议题", "withdrawn", 1, (), False),
    ("wangbo", "wuguoqiang", "关于2027年就业专项资金使用计划的议题", "office_review", 1, (), True),
)
UNITS = ("ZCFG", "JYCJ", "RCKF", "YLBX", "GSBX")


def _u(username: str) -> User:
    return User.objects.select_related("unit").get(username=username)


def _pdf(name: str):
    return ContentFile(PDF, name=name)


def _upcoming() -> int:
    meeting = Meeting.objects.filter(kind__code="jzbg", state=MeetingState.COLLECTING).order_by("starts_at").first()
    if meeting is None or AgendaCall.objects.filter(meeting=meeting).exists():
        return 0
    office, clerk = _u("zhouting"), _u("wujing")
    cutoff = meeting.agenda_cutoff or meeting.starts_at - dt.timedelta(days=2)
    if cutoff <= timezone.now():
        cutoff = timezone.now() + dt.timedelta(hours=20)
    call = services.call_open(
        actor=office,
        kind=meeting.kind,
        meeting=meeting,
        cutoff_at=cutoff,
        title=f"征集{meeting.title}议题",
        units=list(OrgUnit.objects.filter(code__in=UNITS)),
    )
    made = 0
    late = []
    for by, presenter, title, state, level, observers, is_late in UPCOMING:
        author = _u(by)
        item = services.agenda_create(
            actor=author,
            call=call,
            data=AgendaData(
                title=title,
                presenter=_u(presenter),
                proposal="建议会议研究同意。",
                secret_level=level,
                background="根据年度重点工作安排，经处务会研究，提请会议审议。",
                observers=[_u(u) for u in observers],
            ),
        )
        made += 1
        if is_late:
            late.append(item)
            continue
        if state in ("accepted", "leader_review", "office_review"):
            files.material_add(actor=author, item=item, upload=_pdf(f"{title[:20]}（汇报材料）.pdf"))
        if state == "draft":
            continue
        if state == "withdrawn":
            services.agenda_withdraw(actor=author, item=item, reason="情况有变，暂不上会。")
            continue
        item = services.agenda_submit(actor=author, item=item)
        if state == "leader_review":
            continue
        if item.leader_id:
            item = services.agenda_leader_approve(actor=item.leader, item=item, opinion="同意提交会议研究。")
        if state == "office_review":
            continue
        if state == "returned":
            services.agenda_office_return(actor=clerk, item=item, reason="请补充测算依据和征求意见情况。")
            continue
        services.agenda_accept(actor=clerk, item=item, meeting=meeting, opinion="列入议程。")
    # One submitted after the cut-off: the office admitted it (the cut-off passed in the demo's past).
    for item in late:
        AgendaCall.objects.filter(pk=call.pk).update(cutoff_at=timezone.now() - dt.timedelta(minutes=1))
        item.refresh_from_db()
        services.agenda_admit_late(actor=office, item=item, opinion="同意补报。")
        item = services.agenda_submit(actor=item.submitted_by, item=item)
        services.agenda_leader_approve(actor=item.leader, item=item, opinion="同意。")
        AgendaCall.objects.filter(pk=call.pk).update(cutoff_at=cutoff)
    return made


def _party() -> int:
    waiting = (MeetingState.COLLECTING, MeetingState.AGENDA_REVIEW)
    meeting = Meeting.objects.filter(kind__code="dzh", state__in=waiting).order_by("starts_at").first()
    if meeting is None or meeting.agenda_items.exists():
        return 0
    office = _u("zhouting")
    call = services.call_open(
        actor=office,
        kind=meeting.kind,
        title="征集党组会议议题（干部任免）",
        cutoff_at=timezone.now() + dt.timedelta(hours=12),
        units=[OrgUnit.objects.get(code="RSC")],
    )
    author = _u("taoran")
    item = services.agenda_create(
        actor=author,
        call=call,
        data=AgendaData(
            title="关于部分处级干部职务任免的议题",
            presenter=_u("weiping"),
            proposal="提请党组会议研究干部任免事项。",
            secret_level=2,
            is_personnel=True,
        ),
    )
    files.material_add(actor=author, item=item, upload=_pdf("干部考察材料.pdf"), secret_level=2)
    item = services.agenda_submit(actor=author, item=item)
    item = services.agenda_leader_approve(actor=item.leader, item=item, opinion="同意。")
    services.agenda_accept(actor=_u("zhouting"), item=item, meeting=meeting)
    if meeting.state == MeetingState.COLLECTING:  # 送审议程: the chair's to-do
        approval.agenda_submit(actor=office, meeting=meeting, opinion="请审定。")
    return 1


def placed(meeting: Meeting, specs) -> Meeting:
    """``specs`` — (submitter, presenter, title) — become 议题 on ``meeting`` through the services (a
    standing call, 提交, 分管领导同意, 列入议程), then the agenda is sent and approved (已审定上会). A
    call for the meeting itself would have to close before it starts: past meetings take a standing one."""
    office, clerk = _u("zhouting"), _u("wujing")
    authors = [_u(by) for by, _p, _t in specs]
    call = services.call_open(
        actor=office,
        kind=meeting.kind,
        title=f"征集{meeting.kind.name}议题",
        cutoff_at=timezone.now() + dt.timedelta(hours=1),
        units=[a.unit for a in authors],
    )
    for author, (_by, presenter, title) in zip(authors, specs, strict=True):
        item = services.agenda_create(
            actor=author,
            call=call,
            data=AgendaData(title=title, presenter=_u(presenter), proposal="建议会议研究同意。", secret_level=1),
        )
        item = services.agenda_submit(actor=author, item=item)
        if item.leader_id:
            item = services.agenda_leader_approve(actor=item.leader, item=item, opinion="同意提交会议研究。")
        services.agenda_accept(actor=clerk, item=item, meeting=meeting, opinion="列入议程。")
    services.call_close(actor=office, call=call)
    approval.agenda_submit(actor=office, meeting=meeting)
    return approval.agenda_approve(actor=meeting.chair, meeting=meeting, opinion="同意。")


#: The past 局长办公会议's 议题 not reached: carried to the next one (顺延).
CARRIED = "关于工伤预防项目实施情况的汇报"


def _carried() -> int:
    item = AgendaItem.objects.filter(title=CARRIED, state=AgendaState.APPROVED, meeting__state="held").first()
    following = Meeting.objects.filter(kind__code="jzbg", state=MeetingState.COLLECTING).order_by("starts_at").first()
    if item is None or following is None:
        return 0
    services.agenda_carry(actor=_u("zhouting"), item=item, to_meeting=following)
    return 1


def load() -> int:
    return _upcoming() + _party() + _carried()
