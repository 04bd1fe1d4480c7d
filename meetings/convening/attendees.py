"""Who is asked, after the meeting was 筹备: the office adds and removes attendees until it is held,
and a department asked to send someone has its head name the person.

Adding and removing are the meeting's ``edit`` step (the office; 筹备中 … 已通知): the meeting is
locked, the table and the policy asked, the change audited. Once the notice is out, those added get it
(in-app, e-mail, the .ics at 内部 or below) with the reminder to answer; those removed get a
cancellation (METHOD:CANCEL) and their reminders and to-dos close. A department asked to send someone
(an attendee row with a unit and no person) gives its head a to-do from the notice on (step
``meetings.send:<unit code>``); when he names the person, the to-do closes and the person is told.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meetings.choices import AttendeeRole, MeetingState
from meetings.convening import notice, workflow
from meetings.convening.common import step_begin
from meetings.models import Attendee, Meeting
from office.audit import audit_record
from office.choices import BUSINESS_ROLES, Role
from office.models import OrgUnit, User
from office.permissions import require
from office.workflow.assignments import answer, assignments_cancel, open_for


def _check_person(meeting: Meeting, person: User) -> None:
    if not person.is_active or person.role not in BUSINESS_ROLES:
        raise ValidationError(_("%(name)s不是在职的业务人员。") % {"name": person.full_name})
    if person.clearance < meeting.secret_level:
        raise ValidationError(_("%(name)s的涉密等级低于会议密级。") % {"name": person.full_name})


def _audit(user: User, action: str, meeting: Meeting, request, **detail) -> None:
    audit_record(actor=user, action=action, obj=meeting, detail=detail, request=request)


@transaction.atomic
def attendees_add(
    user: User,
    *,
    meeting: Meeting,
    people: Iterable[User] = (),
    units: Iterable[OrgUnit] = (),
    role: str = AttendeeRole.PRESENT,
    request=None,
) -> list[Attendee]:
    """增加参会人员 (the office, before the meeting is held): people, or departments that send someone.
    Those already asked are left as they are. After the notice, the new ones are told now."""
    meeting = step_begin(user, meeting, "edit", request)
    if role not in AttendeeRole.values:
        raise ValidationError(_("请选择参会身份。"))
    people, units = list(dict.fromkeys(people)), list(dict.fromkeys(units))
    if not people and not units:
        raise ValidationError(_("请选择要增加的人员或部门。"))
    for person in people:
        _check_person(meeting, person)
    have_people = set(meeting.attendees.filter(user__isnull=False).values_list("user_id", flat=True))
    have_units = set(meeting.attendees.filter(user__isnull=True).values_list("unit_id", flat=True))
    rows = [
        Attendee(meeting=meeting, user=p, unit_id=p.unit_id, role=role) for p in people if p.pk not in have_people
    ]
    rows += [Attendee(meeting=meeting, unit=u, role=role) for u in units if u.pk not in have_units]
    if not rows:
        raise ValidationError(_("所选人员或部门已在参会人员之列。"))
    for row in rows:
        row.save()
    notice.notice_late(meeting, rows, label=_("会议通知"))
    if meeting.notified_at is not None:
        notice.send_todos_open(meeting, rows)
    _audit(user, "meetings.attendees_add", meeting, request, people=[p.pk for p in people], units=[u.pk for u in units])
    return rows


@transaction.atomic
def attendee_remove(user: User, *, meeting: Meeting, attendee: Attendee, reason: str = "", request=None) -> int:
    """移出参会人员 (the office, before the meeting is held). A member of the meeting kind stays (he
    asks leave instead); a substitute goes with the answer of the one he stands in for. Those told
    get a cancellation; their reminders and to-dos close. → how many rows went (with substitutes)."""
    meeting = step_begin(user, meeting, "edit", request)
    rows = Attendee.objects.select_for_update(of=("self",)).select_related("user", "unit")
    row = rows.filter(meeting=meeting, pk=attendee.pk).first()
    if row is None:
        raise ValidationError(_("该人员不在本次会议的参会人员之列。"))
    if row.is_member:
        raise ValidationError(_("组成人员不能移出；不能参会时由本人请假。"))
    if row.substitute_for_id:
        raise ValidationError(_("代参会人随请假答复变更，不能单独移出。"))
    gone = [row, *Attendee.objects.select_for_update().filter(substitute_for=row)]
    notice.notice_withdrawn(meeting, gone)
    if row.user_id is None and row.unit_id is not None:
        assignments_cancel(target=meeting, step=notice.send_step(row.unit_id))
    who = row.user.full_name if row.user_id else row.unit.name
    Attendee.objects.filter(pk__in=[r.pk for r in gone]).delete()
    _audit(user, "meetings.attendee_remove", meeting, request, who=who, reason=(reason or "").strip()[:300])
    return len(gone)


def may_name(user: User, meeting: Meeting, row: Attendee) -> bool:
    """The head of the department asked, while it has named nobody and the meeting is not held."""
    return (
        row.user_id is None
        and row.unit_id is not None
        and user.role == Role.DEPT_HEAD
        and user.unit_id == row.unit_id
        and meeting.state in workflow.OPEN_STATES
        and meeting.state != MeetingState.DRAFT
    )


@transaction.atomic
def attendee_name(user: User, *, meeting: Meeting, attendee: Attendee, person: User, request=None) -> Attendee:
    """确定参会人员: the head of the department asked names who goes (one of his department). His
    to-do closes; the person becomes the attendee and, once the notice is out, gets it."""
    require(user, "view", meeting, request=request)
    meeting = Meeting.objects.select_for_update().select_related("kind", "chair").get(pk=meeting.pk)
    rows = Attendee.objects.select_for_update(of=("self",)).select_related("unit")
    row = rows.filter(meeting=meeting, pk=attendee.pk).first()
    if row is None or not may_name(user, meeting, row):
        raise PermissionDenied(_("只有受邀部门的负责人可以确定本部门的参会人员。"))
    if person.unit_id != row.unit_id:
        raise ValidationError({"person": _("请从本部门人员中确定参会人员。")})
    _check_person(meeting, person)
    if meeting.attendees.filter(user=person).exists():
        raise ValidationError({"person": _("%(name)s已是本次会议的参会人员。") % {"name": person.full_name}})
    row.user, row.notified_sequence = person, -1  # the head was told; the person is not yet
    row.save(update_fields=["user", "notified_sequence"])
    step = notice.send_step(row.unit)
    if open_for(meeting, step, user) is not None:
        answer(target=meeting, step=step, actor=user, text=person.full_name)
    else:
        assignments_cancel(target=meeting, step=step)
    notice.notice_late(meeting, [row], label=_("会议通知"))
    _audit(user, "meetings.attendee_name", meeting, request, unit=row.unit_id, person=person.pk)
    return row
