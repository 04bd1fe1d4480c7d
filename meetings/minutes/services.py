"""纪要: drafted by the secretary after the meeting (出席/请假/列席 from attendance, one 议定事项 per
议题 discussed), the 需督办 flags confirmed by the 督查员, issued through the 发文 pipeline in the
纪要式 layout and numbered in the meeting kind's own sequence (局长办公会议纪要〔2026〕12号). When the
发文 is issued (the core's ``document.issued``) each flagged decision opens a supervised item
(source 会议议定事项, 密级 inherited), linked both ways through the core.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from meetings.agenda import services as agenda
from meetings.choices import AgendaState, Answer, AttendeeRole, MeetingState, MinutesState, Presence
from meetings.convening import services as convening
from meetings.minutes.permissions import may_confirm, may_write
from meetings.models import AgendaItem, Attendee, Decision, Meeting, Minutes
from office import links, org
from office.audit import audit_record
from office.models import LinkKind, OrgUnit, User
from office.permissions import require

#: Minutes → its 发文 (the core has no kind of its own for it).
OUTGOING_LINK = LinkKind.REPLY


def _names(rows: Iterable[Attendee]) -> str:
    return "、".join(dict.fromkeys(a.user.full_name for a in rows if a.user_id))


def attendance_lines(meeting: Meeting) -> tuple[str, str, str]:
    """出席, 请假 (with reasons), 列席 from the attendance: signed in where sign-in was kept, else those
    who did not ask leave."""
    rows = list(
        Attendee.objects.filter(meeting=meeting, user__isnull=False).select_related("user").order_by("-is_member", "id")
    )
    marked = any(a.presence != Presence.UNKNOWN for a in rows)

    def came(a):
        return a.presence in (Presence.PRESENT, Presence.LATE) if marked else a.answer != Answer.LEAVE

    present = [a for a in rows if a.role == AttendeeRole.PRESENT and came(a)]
    leave = [a for a in rows if a.role == AttendeeRole.PRESENT and a.answer == Answer.LEAVE]
    sitting = [a for a in rows if a.role == AttendeeRole.SITTING_IN and came(a)]
    leave_line = "、".join(
        f"{a.user.full_name}（{a.leave_reason}）" if a.leave_reason else a.user.full_name for a in leave
    )
    return _names(present), leave_line, _names(sitting)


def _lock(minutes: Minutes, actor: User, request) -> Minutes:
    locked = Minutes.objects.select_for_update(of=("self",)).select_related("meeting__kind").get(pk=minutes.pk)
    require(actor, "view", locked.meeting, request=request)
    if not may_write(actor, locked.meeting):
        raise PermissionDenied(_("只有会议记录人或办公室可以起草纪要。"))
    if locked.state != MinutesState.DRAFT:
        raise ValidationError(_("纪要已送发文办理，不能再修改。"))
    return locked


@transaction.atomic
def minutes_draft(*, actor: User, meeting: Meeting, request=None) -> Minutes:
    """起草纪要 after the meeting: the lines from attendance, a 议定事项 for each 议题 discussed."""
    locked = Meeting.objects.select_for_update().select_related("kind", "chair").get(pk=meeting.pk)
    require(actor, "view", locked, request=request)
    if not may_write(actor, locked):
        raise PermissionDenied(_("只有会议记录人或办公室可以起草纪要。"))
    if Minutes.objects.filter(meeting=locked).exists():
        raise ValidationError(_("该会议的纪要已在起草。"))
    if locked.state == MeetingState.HELD:
        locked = convening.meeting_step(actor, meeting=locked, action="draft_minutes", request=request)
    elif locked.state != MeetingState.MINUTES:
        raise ValidationError(_("会议召开后才能起草纪要。"))
    present, leave, sitting = attendance_lines(locked)
    day = date_format(timezone.localtime(locked.starts_at), "Y年n月j日")
    body = _("%(day)s，%(chair)s主持召开%(meeting)s，研究了以下事项。现纪要如下：") % {
        "day": day,
        "chair": locked.chair.full_name,
        "meeting": locked.number_display,
    }
    minutes = Minutes(
        meeting=locked, present_line=present, leave_line=leave, sitting_in_line=sitting, body=body, drafted_by=actor
    )
    minutes._change_reason, minutes._history_user = _("起草纪要"), actor
    minutes.save()
    items = list(
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "unit")
        .filter(meeting=locked, state=AgendaState.APPROVED)
        .order_by("order", "id")
    )
    for order, item in enumerate(items, start=1):
        agenda.step_finish(actor, item, "discuss", request=request)
        Decision.objects.create(
            minutes=minutes,
            agenda_item=item,
            order=order,
            lead_unit=item.unit,
            text=_("会议原则同意%(title)s。") % {"title": item.title},
        )
    audit_record(actor=actor, action="minutes.draft", obj=minutes, detail={"decisions": len(items)}, request=request)
    return minutes


@transaction.atomic
def minutes_edit(
    *, actor: User, minutes: Minutes, present_line: str, leave_line: str, sitting_in_line: str, body: str, request=None
) -> Minutes:
    locked = _lock(minutes, actor, request)
    if not body.strip():
        raise ValidationError({"body": _("纪要正文不能为空。")})
    if not present_line.strip():
        raise ValidationError({"present_line": _("请填写出席人员。")})
    locked.present_line, locked.leave_line = present_line.strip(), leave_line.strip()
    locked.sitting_in_line, locked.body = sitting_in_line.strip(), body.strip()
    locked._change_reason, locked._history_user = _("修改纪要"), actor
    locked.save(update_fields=["present_line", "leave_line", "sitting_in_line", "body"])
    audit_record(actor=actor, action="minutes.edit", obj=locked, request=request)
    return locked


@transaction.atomic
def decision_save(
    *,
    actor: User,
    minutes: Minutes,
    text: str,
    lead_unit: OrgUnit | None,
    assisting_units: Iterable[OrgUnit] = (),
    due_on: dt.date | None = None,
    needs_supervision: bool = True,
    agenda_item: AgendaItem | None = None,
    decision: Decision | None = None,
    request=None,
) -> Decision:
    """A 议定事项 added or changed by the secretary; a change of its 需督办 flag waits for the 督查员 again."""
    locked = _lock(minutes, actor, request)
    if not text.strip():
        raise ValidationError({"text": _("请填写议定事项。")})
    if needs_supervision and (lead_unit is None or due_on is None):
        raise ValidationError({"lead_unit": _("需督办的议定事项须写明牵头处室和完成时限。")})
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError({"due_on": _("完成时限不能早于今天。")})
    if agenda_item is not None and agenda_item.meeting_id != locked.meeting_id:
        raise ValidationError({"agenda_item": _("该议题不属于本次会议。")})
    if decision is None:
        last = locked.decisions.aggregate(n=Max("order"))["n"] or 0
        decision = Decision(minutes=locked, order=last + 1)
    elif decision.minutes_id != locked.pk:
        raise ValidationError(_("该议定事项不属于本纪要。"))
    if decision.pk is None or decision.needs_supervision != needs_supervision:
        decision.confirmed_by, decision.confirmed_at = None, None
    decision.text, decision.lead_unit, decision.due_on = text.strip(), lead_unit, due_on
    decision.needs_supervision, decision.agenda_item = needs_supervision, agenda_item or decision.agenda_item
    decision.full_clean()
    decision.save()
    decision.assisting_units.set([u for u in assisting_units if lead_unit is None or u.pk != lead_unit.pk])
    audit_record(actor=actor, action="minutes.decision", obj=locked, detail={"decision": decision.pk}, request=request)
    return decision


@transaction.atomic
def decision_confirm(*, actor: User, decision: Decision, needs_supervision: bool, request=None) -> Decision:
    """The 督查员 confirms (or corrects) whether a 议定事项 is to be supervised."""
    locked = Decision.objects.select_for_update().select_related("minutes__meeting").get(pk=decision.pk)
    require(actor, "view", locked, request=request)
    if not may_confirm(actor):
        raise PermissionDenied(_("需督办由督查员确认。"))
    if locked.minutes.state != MinutesState.DRAFT:
        raise ValidationError(_("纪要已送发文办理，不能再修改。"))
    if needs_supervision and (locked.lead_unit_id is None or locked.due_on is None):
        raise ValidationError(_("需督办的议定事项须写明牵头处室和完成时限。"))
    locked.needs_supervision, locked.confirmed_by, locked.confirmed_at = needs_supervision, actor, timezone.now()
    locked.save(update_fields=["needs_supervision", "confirmed_by", "confirmed_at"])
    audit_record(
        actor=actor, action="minutes.confirm", obj=locked, detail={"supervise": needs_supervision}, request=request
    )
    return locked


def _prefix(meeting: Meeting):
    """The 纪要's own 代字: the kind's 纪要名称 (局长办公会议纪要)."""
    from office.models import IssuingPrefix
    from office.services import prefix_save

    code = meeting.kind.minutes_title.strip()[:20]
    found = IssuingPrefix.objects.filter(code=code).first()
    if found is not None:
        return found
    return prefix_save(actor=None, organ=org.organ(), code=code, description=_("会议纪要"), sort_order=90)


def compose(minutes: Minutes) -> str:
    """The 纪要's body: its opening, then each 议定事项 (by 议题), each on its own paragraph."""
    lines = [minutes.body.strip()]
    for n, d in enumerate(
        minutes.decisions.select_related("agenda_item", "lead_unit")
        .prefetch_related("assisting_units")
        .order_by("order"),
        start=1,
    ):
        head = f"{'一二三四五六七八九十'[n - 1] if n <= 10 else n}、"
        title = f"{d.agenda_item.title}。" if d.agenda_item_id else ""
        who = ""
        if d.lead_unit_id:
            who = _("由%(lead)s牵头") % {"lead": d.lead_unit.name}
            helpers = "、".join(u.name for u in d.assisting_units.all())
            if helpers:
                who += _("，%(units)s配合") % {"units": helpers}
            if d.due_on:
                who += _("，%(day)s前完成") % {"day": date_format(d.due_on, "Y年n月j日")}
            who += "。"
        lines.append(f"{head}{title}{d.text}{who}")
    return "\n".join(lines)


@transaction.atomic
def minutes_submit(*, actor: User, minutes: Minutes, request=None):
    """送发文办理: a 纪要 draft (纪要式, no seal) made through documents' own service, to be reviewed,
    signed and numbered like any 发文 — its 文号 the meeting's number in the kind's own sequence."""
    from documents.outgoing import services as outgoing

    locked = _lock(minutes, actor, request)
    decisions = list(locked.decisions.all())
    if not decisions:
        raise ValidationError(_("纪要尚无议定事项。"))
    waiting = [d.order for d in decisions if d.confirmed_at is None]
    if waiting:
        raise ValidationError(
            _("议定事项第%(orders)s项的“需督办”尚待督查员确认。") % {"orders": "、".join(str(n) for n in waiting)}
        )
    meeting = locked.meeting
    level = max(
        [meeting.secret_level, *(AgendaItem.objects.filter(meeting=meeting).values_list("secret_level", flat=True))]
    )
    organ = org.organ_name()
    document = outgoing.outgoing_create(
        actor=actor,
        request=request,
        data=outgoing.DraftData(
            doc_type=outgoing.DocType.MINUTES,
            direction=outgoing.Direction.DOWN,
            form=outgoing.LayoutForm.MINUTES,
            prefix=_prefix(meeting),
            title=f"{organ}{meeting.kind.minutes_title}",
            body=compose(locked),
            main_recipients=_("局领导，各处室"),
            attendance_present=locked.present_line,
            attendance_absent=locked.leave_line,
            attendance_observers=locked.sitting_in_line,
            secret_level=level,
            secrecy_period="10年" if level >= 2 else "",
            with_seal=False,
            version_note=_("由会议纪要生成"),
            preset=(meeting.year, meeting.number),
        ),
    )
    locked.state, locked.outgoing_id = MinutesState.IN_PIPELINE, document.pk
    locked._change_reason, locked._history_user = _("送发文办理"), actor
    locked.save(update_fields=["state", "outgoing_id"])
    links.link_create(actor=None, source=locked, target=document, kind=OUTGOING_LINK, state=document.state)
    audit_record(actor=actor, action="minutes.submit", obj=locked, detail={"outgoing": document.pk}, request=request)
    return document


def minutes_on_issued(*, document, actor, doc_number, units) -> int:
    """``document.issued``: the 纪要 it carries is issued; each confirmed 需督办 decision opens a
    supervised item (source the decision, 密级 inherited from the meeting and its 议题). Once each."""
    from supervision.choices import SourceKind
    from supervision.items.services import ItemData, item_create

    minutes = (
        Minutes.objects.select_for_update().select_related("meeting__kind").filter(outgoing_id=document.pk).first()
    )
    if minutes is None or minutes.state == MinutesState.ISSUED:
        return 0
    meeting = minutes.meeting
    minutes.state, minutes.issued_at = MinutesState.ISSUED, timezone.now()
    minutes._change_reason, minutes._history_user = _("纪要印发"), actor
    minutes.save(update_fields=["state", "issued_at"])
    links.link_update_target(target=document, state=document.state, due_on=None)
    opened = 0
    rows = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("agenda_item", "lead_unit")
        .filter(minutes=minutes, needs_supervision=True, item_id__isnull=True)
        .order_by("order")
    )
    for decision in rows:
        item_level = decision.agenda_item.secret_level if decision.agenda_item_id else 0
        title = decision.agenda_item.title if decision.agenda_item_id else decision.text[:60]
        item = item_create(
            actor=None,
            created_by=actor,
            data=ItemData(
                title=_("落实%(meeting)s议定事项：%(title)s") % {"meeting": meeting.number_display, "title": title},
                requirement=decision.text,
                lead_unit=decision.lead_unit,
                source_kind=SourceKind.DECISION,
                assisting_units=list(decision.assisting_units.all()),
                due_on=decision.due_on,
                responsible_leader=org.leader_in_charge(
                    decision.lead_unit, min_clearance=max(meeting.secret_level, item_level)
                ),
                secret_level=max(meeting.secret_level, item_level),
                source=decision,
                source_label=f"{doc_number}：{title}"[:300],
            ),
        )
        decision.item_id = item.pk
        decision.save(update_fields=["item_id"])
        opened += 1
    if meeting.state == MeetingState.MINUTES and actor is not None:
        convening.meeting_step(actor, meeting=meeting, action="close")
    audit_record(actor=actor, action="minutes.issued", obj=minutes, detail={"items": opened})
    return opened
