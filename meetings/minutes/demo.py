"""The past 局长办公会议's 纪要 in the demo (called from :mod:`meetings.demo`): drafted by its secretary,
the 需督办 flags confirmed by the 督查员, issued as a 纪要式 发文 (局长办公会议纪要〔年〕N号) through the
发文 pipeline and its flagged decisions opened as supervised items. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from meetings.choices import MeetingState, MinutesState
from meetings.minutes import services as minutes
from meetings.models import Meeting, Minutes
from office.models import OrgUnit, User

#: The past meeting's decisions: (text, lead, assisting, days to the limit, supervised?)
DECISIONS = (
    ("原则同意《2026年度行政执法案卷评查方案》，由法规处牵头组织实施，评查结果报局党组。", "ZCFG", ("JCZD",), 45, True),
    ("同意启动零工市场二期建设，由就业处会同人才处制定实施方案。", "JYCJ", ("RCKF",), 30, True),
    ("会议听取了养老保险基金运行情况汇报。", "YLBX", (), None, False),
)


def _u(username: str) -> User:
    return User.objects.select_related("unit").get(username=username)


def _walk_outgoing(document):
    from documents.outgoing import issue
    from documents.outgoing import services as outgoing

    clerk, director, principal = _u("zhouting"), _u("liuxiaodong"), _u("wangjianguo")
    document = outgoing.outgoing_submit(actor=clerk, document=document)
    if document.state == "dept_review":
        document = outgoing.outgoing_dept_approve(actor=director, document=document)
    document = outgoing.outgoing_office_check(
        actor=director, document=document, signer=principal, countersign_units=[], opinion="格式规范。"
    )
    document = outgoing.outgoing_sign(actor=principal, document=document, opinion="同意印发。")
    document = outgoing.outgoing_recheck(actor=clerk, document=document)
    document = outgoing.outgoing_number(actor=clerk, document=document)
    units = list(OrgUnit.objects.filter(code__in=[d[1] for d in DECISIONS]))
    return issue.outgoing_issue(actor=clerk, document=document, copies=len(units) + 2, internal_units=units)


def load() -> int:
    meeting = Meeting.objects.filter(kind__code="jzbg", state=MeetingState.HELD).order_by("-starts_at").first()
    if meeting is None or Minutes.objects.filter(meeting=meeting).exists():
        return 0
    secretary, officer = meeting.secretary, _u("sunhao")
    record = minutes.minutes_draft(actor=secretary, meeting=meeting)
    units = {u.code: u for u in OrgUnit.objects.all()}
    today = timezone.localdate()
    # The decisions drafted from the 议题 discussed (one per 议题, led by its department) are completed.
    drafted = {d.lead_unit.code: d for d in record.decisions.select_related("lead_unit", "agenda_item")}
    for text, lead, assisting, days, supervised in DECISIONS:
        existing = drafted.get(lead)
        decision = minutes.decision_save(
            actor=secretary,
            minutes=record,
            decision=existing,
            agenda_item=existing.agenda_item if existing else None,
            text=text,
            lead_unit=units[lead],
            assisting_units=[units[c] for c in assisting],
            needs_supervision=supervised,
            due_on=today + dt.timedelta(days=days) if days else None,
        )
        minutes.decision_confirm(actor=officer, decision=decision, needs_supervision=supervised)
    document = _walk_outgoing(minutes.minutes_submit(actor=_u("zhouting"), minutes=record))
    # The core fires document.issued on commit; the demo is built in one transaction: open them now
    # (the handler is idempotent, the event finds the 纪要 issued and does nothing).
    minutes.minutes_on_issued(document=document, actor=_u("zhouting"), doc_number=document.doc_number, units=[])
    record.refresh_from_db()
    return int(record.state == MinutesState.ISSUED)
