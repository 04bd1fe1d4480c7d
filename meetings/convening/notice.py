"""会议通知 and the answers: publish, update, cancel, 确认参加 / 请假 (+ 代参会人), 催办, reminders.

Publishing notifies every attendee in the app (a department asked to send someone: its head), by
e-mail, and — at 内部 or below — with an .ics invitation (``meetings.convening.jobs.send_invitations``,
enqueued on commit). Each attendee row remembers the SEQUENCE it was last sent
(``notified_sequence``), so a changed time or room reaches everyone once with the higher SEQUENCE,
a substitute named later gets the current one, and a cancellation goes to those who were told.
Each attendee who has not answered gets a core deadline (kind ``meetings.attend``) due at the start:
the reminders are the core's; answering, or the meeting ending or being cancelled, closes it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.choices import Answer, MeetingState
from meetings.convening import ics
from meetings.convening.common import STEPS, quorum_refusal, step_begin, step_finish
from meetings.models import Attendee, Meeting
from meetings.rooms import services as rooms
from office import deadlines
from office.audit import audit_record
from office.choices import Clearance, Role
from office.models import OrgUnit, User
from office.models.deadlines import DeadlineState
from office.org import unit_head
from office.permissions import require
from office.services import notification_send
from office.workflow.assignments import Assignee, Notice, assign, assignments_cancel

ATTEND_DEADLINE = "meetings.attend"
VERB_NOTICE, VERB_UPDATE, VERB_CANCEL, VERB_URGE = "meeting.notice", "meeting.update", "meeting.cancel", "meeting.urge"


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    return f"{start:%Y-%m-%d %H:%M}—{timezone.localtime(meeting.ends_at):%H:%M}"


def _where(meeting: Meeting) -> str:
    return meeting.room.name if meeting.room_id else meeting.place


def _body(meeting: Meeting) -> str:
    return _("时间：%(when)s\n地点：%(where)s\n主持人：%(chair)s") % {
        "when": _when(meeting),
        "where": _where(meeting),
        "chair": meeting.chair.full_name,
    }


def _enqueue(meeting: Meeting, row_ids: list[int], *, cancel: bool = False) -> None:
    """After commit: the .ics e-mail to these attendee rows (nothing for a classified meeting)."""
    from meetings.convening.ics import allowed

    if not allowed(meeting) or not row_ids:
        return
    pk = meeting.pk

    def send():
        from meetings.convening import jobs

        jobs.send_invitations.delay(pk, row_ids, cancel)

    transaction.on_commit(send)


def _recipient(row: Attendee) -> User | None:
    return row.user if row.user_id else unit_head(row.unit_id)


def notices_send(meeting: Meeting, *, verb: str, title: str, rows=None) -> list[int]:
    """Notify attendees whose last notice is older than the meeting's SEQUENCE, in-app (and by
    e-mail without details for a classified meeting); → the attendee rows told."""
    rows = list(rows if rows is not None else meeting.attendees.select_related("user", "unit"))
    # E-mail from the core's notification only where no .ics e-mail goes (classified: a bare notice).
    from meetings.convening.ics import allowed

    plain_mail = not allowed(meeting)
    sent = []
    for row in rows:
        if row.notified_sequence >= meeting.ics_sequence and verb != VERB_CANCEL:
            continue
        person = _recipient(row)
        if person is None:
            continue
        notification_send(
            recipient=person,
            verb=verb,
            title=title,
            body=_body(meeting),
            url=meeting.get_absolute_url(),
            target=meeting,
            email=plain_mail,
        )
        sent.append(row.pk)
    return sent


def _title(meeting: Meeting, label: str) -> str:
    return f"【{label}】{meeting.title}"


def _deadlines_open(meeting: Meeting, actor: User, rows=None) -> None:
    if meeting.starts_at <= timezone.now():
        return
    rows = rows if rows is not None else meeting.attendees.all()
    rows = rows.filter(user__isnull=False, answer=Answer.PENDING).select_related("user")
    for row in rows:
        deadlines.deadline_set(
            actor=None,
            title=_("答复会议通知：%(title)s") % {"title": meeting.title},
            responsible_unit=row.user.unit or meeting.organizer,
            responsible_user=row.user,
            due_at=meeting.starts_at,
            target=row,
            url=meeting.get_absolute_url(),
            kind=ATTEND_DEADLINE,
            secret_level=meeting.secret_level,
        )


def deadlines_close(meeting: Meeting) -> None:
    """No more reminders to answer, nobody more to name: the meeting was held or called off."""
    for row in meeting.attendees.select_related("unit"):
        deadlines.deadline_close_for(actor=None, target=row)
        if row.user_id is None and row.unit_id is not None:
            assignments_cancel(target=meeting, step=send_step(row.unit))


#: The head's to-do "name the one your department sends", one per department asked.
SEND_STEP = "meetings.send"


def send_step(unit: OrgUnit | int) -> str:
    code = unit.code if isinstance(unit, OrgUnit) else OrgUnit.objects.get(pk=unit).code
    return f"{SEND_STEP}:{code}"


def send_todos_open(meeting: Meeting, rows) -> int:
    """The heads of the departments asked to send someone (not yet named) get their to-do."""
    opened = 0
    for row in rows:
        if row.user_id is not None or row.unit_id is None or unit_head(row.unit_id) is None:
            continue
        assign(
            target=meeting,
            step=send_step(row.unit),
            assignees=[Assignee.head_of(row.unit)],
            notice=Notice(
                title=f"【{_('确定参会人员')}】{meeting.title}",
                url=meeting.get_absolute_url(),
                summary=row.unit.name,
                due_at=meeting.starts_at,
            ),
        )
        opened += 1
    return opened


@transaction.atomic
def meeting_notify(user: User, *, meeting: Meeting, request=None) -> Meeting:
    """发布会议通知: every attendee is told (in-app, e-mail, .ics at 内部 or below)."""
    meeting = step_begin(user, meeting, "notify", request)
    if not meeting.kind.collects_agenda:
        quorum_refusal(meeting, at_sign_in=False)
    meeting.notified_at = timezone.now()
    step_finish(user, meeting, "notify", fields=["notified_at"], request=request)
    told = notices_send(meeting, verb=VERB_NOTICE, title=_title(meeting, _("会议通知")))
    _deadlines_open(meeting, user)
    send_todos_open(meeting, meeting.attendees.filter(user__isnull=True).select_related("unit"))
    Attendee.objects.filter(meeting=meeting).update(notified_sequence=meeting.ics_sequence)
    _enqueue(meeting, told)
    return meeting


def notice_late(meeting: Meeting, rows: list[Attendee], *, label: str) -> list[int]:
    """Someone asked after the notice went out (added, named by his department): the notice now, at
    the current SEQUENCE (.ics at 内部 or below), and the reminder to answer. Nothing before the notice."""
    if meeting.notified_at is None or meeting.state != MeetingState.NOTIFIED or not rows:
        return []
    told = notices_send(meeting, verb=VERB_NOTICE, title=_title(meeting, label), rows=rows)
    ids = [row.pk for row in rows]
    Attendee.objects.filter(pk__in=ids).update(notified_sequence=meeting.ics_sequence)
    _deadlines_open(meeting, meeting.created_by, Attendee.objects.filter(pk__in=ids))
    _enqueue(meeting, told)
    return told


def notice_withdrawn(meeting: Meeting, rows: list[Attendee]) -> int:
    """Someone no longer asked: those told get the cancellation (METHOD:CANCEL for them only) and
    their reminders close. Call before the rows are deleted."""
    for row in rows:
        deadlines.deadline_close_for(actor=None, target=row, state=DeadlineState.CANCELLED)
    told = [row for row in rows if row.notified_sequence >= 0]
    if not told:
        return 0
    notices_send(meeting, verb=VERB_CANCEL, title=_title(meeting, _("不再参加会议")), rows=told)
    people = [p.pk for p in (_recipient(row) for row in told) if p is not None]
    if ics.allowed(meeting) and people:
        pk = meeting.pk

        def send():
            from meetings.convening import jobs

            jobs.send_invitations.delay(pk, [], True, people)

        transaction.on_commit(send)
    return len(told)


def meeting_moved(meeting: Meeting) -> int:
    """After an edit that moved a notified meeting: the update (higher SEQUENCE) to everyone."""
    if meeting.state != MeetingState.NOTIFIED:
        return 0
    told = notices_send(meeting, verb=VERB_UPDATE, title=_title(meeting, _("会议变更")))
    _deadlines_open(meeting, meeting.created_by)
    Attendee.objects.filter(meeting=meeting).update(notified_sequence=meeting.ics_sequence)
    _enqueue(meeting, told)
    return len(told)


@transaction.atomic
def meeting_cancel(user: User, *, meeting: Meeting, reason: str, request=None) -> Meeting:
    """取消会议: the room is given back; those told are told again (METHOD:CANCEL)."""
    meeting = step_begin(user, meeting, "cancel", request)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"text": _("取消会议时请说明理由。")})
    was_notified = meeting.notified_at is not None
    if meeting.booking_id:
        rooms.booking_cancel(actor=user, booking=meeting.booking, reason=_("会议取消"), by_meeting=True)
    fields = []
    if was_notified:
        meeting.ics_sequence += 1
        fields.append("ics_sequence")
    step_finish(user, meeting, "cancel", text=reason, fields=fields, request=request)
    if was_notified:
        told = meeting.attendees.filter(notified_sequence__gte=0).select_related("user", "unit")
        _enqueue(
            meeting,
            notices_send(meeting, verb=VERB_CANCEL, title=_title(meeting, _("会议取消")), rows=told),
            cancel=True,
        )
    deadlines_close(meeting)
    return meeting


# --- answers ------------------------------------------------------------------------------


def own_row(user: User, meeting: Meeting) -> Attendee | None:
    return meeting.attendees.filter(user=user).select_related("substitute_for").first()


def _lock_row(row: Attendee) -> Attendee:
    return Attendee.objects.select_for_update(of=("self",)).select_related("meeting__kind").get(pk=row.pk)


@transaction.atomic
def attendee_answer(
    user: User,
    *,
    meeting: Meeting,
    accept: bool,
    reason: str = "",
    substitute: User | None = None,
    request=None,
) -> Attendee:
    """确认参加, or 请假 with a reason and (where the kind allows or requires it) a 代参会人,
    who is asked in one's place and gets the notice."""
    require(user, "view", meeting, request=request)
    row = own_row(user, meeting)
    if row is None:
        raise ValidationError(_("您不在本次会议的参会人员之列。"))
    row = _lock_row(row)
    meeting, kind = row.meeting, row.meeting.kind
    if meeting.state != MeetingState.NOTIFIED:
        raise ValidationError(_("会议通知尚未发布或会议已召开，不能答复。"))
    reason = (reason or "").strip()
    if accept:
        row.substitutes.all().delete()
        row.answer, row.leave_reason = Answer.ACCEPTED, ""
    else:
        if not reason:
            raise ValidationError({"reason": _("请填写请假事由。")})
        if substitute is not None and not kind.substitute_allowed:
            raise ValidationError({"substitute": _("%(kind)s不允许委托他人代参会。") % {"kind": kind.name}})
        if (
            substitute is None
            and kind.substitute_allowed
            and kind.substitute_required
            and row.substitute_for_id is None
        ):
            raise ValidationError({"substitute": _("%(kind)s请假须指定代参会人。") % {"kind": kind.name}})
        if substitute is not None:
            _check_substitute(meeting, row, substitute)
        row.substitutes.all().delete()
        row.answer, row.leave_reason = Answer.LEAVE, reason[:300]
    row.answered_at = timezone.now()
    row.save(update_fields=["answer", "leave_reason", "answered_at"])
    deadlines.deadline_close_for(actor=None, target=row)
    if not accept and substitute is not None:
        sub = Attendee.objects.create(
            meeting=meeting,
            user=substitute,
            unit_id=substitute.unit_id,
            role=row.role,
            agenda_item_id=row.agenda_item_id,
            substitute_for=row,
        )
        notices_send(
            meeting, verb=VERB_NOTICE, rows=[sub], title=_title(meeting, _("代%(name)s参会") % {"name": user.full_name})
        )
        Attendee.objects.filter(pk=sub.pk).update(notified_sequence=meeting.ics_sequence)
        _enqueue(meeting, [sub.pk])
    audit_record(
        actor=user,
        action="meetings.answer",
        obj=meeting,
        detail={"answer": row.answer, "substitute": substitute.pk if substitute else None},
        request=request,
    )
    return row


def _check_substitute(meeting: Meeting, row: Attendee, substitute: User) -> None:
    if (
        substitute.pk == row.user_id
        or not substitute.is_active
        or substitute.role
        not in (
            Role.LEADER,
            Role.OFFICE,
            Role.DEPT_HEAD,
            Role.STAFF,
        )
    ):
        raise ValidationError({"substitute": _("请选择另一位在职人员代参会。")})
    if substitute.clearance < meeting.secret_level:
        raise ValidationError({"substitute": _("%(name)s的涉密等级低于会议密级。") % {"name": substitute.full_name}})
    if meeting.attendees.filter(user=substitute).exists():
        raise ValidationError({"substitute": _("%(name)s已是本次会议的参会人员。") % {"name": substitute.full_name}})


@transaction.atomic
def meeting_urge(user: User, *, meeting: Meeting, request=None) -> int:
    """催办: those who have not answered get a reminder now."""
    meeting = step_begin(user, meeting, "urge", request)
    rows = list(meeting.attendees.filter(answer=Answer.PENDING, user__isnull=False).select_related("user"))
    for row in rows:
        notification_send(
            recipient=row.user,
            verb=VERB_URGE,
            title=_title(meeting, _("请答复会议通知")),
            body=_body(meeting),
            url=meeting.get_absolute_url(),
            target=meeting,
            email=meeting.secret_level <= Clearance.INTERNAL,
        )
    step_finish(
        user, meeting, "urge", text=_("催办%(n)s人") % {"n": len(rows)}, request=request, detail={"count": len(rows)}
    )
    return len(rows)


__all__ = ["STEPS", "attendee_answer", "meeting_cancel", "meeting_moved", "meeting_notify", "meeting_urge"]
