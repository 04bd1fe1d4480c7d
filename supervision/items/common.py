"""What every write of an item shares: the step engine, who is assigned, the deadlines, the link.

- Steps (lock, table, policy; record, move, audit): :data:`STEPS`.
- Who must act next is an assignment of the workflow core (the engine opens and closes the
  to-dos); office steps go to the 督查员 (``Duty.SUPERVISOR``) cleared for the item.
- The item's time limits are core deadlines: its final limit (``supervision.item``), its next
  progress report (``supervision.report``) and each milestone (``supervision.milestone``).
- Each change of state or limit is written through to the core links that point at the item,
  so the source's page shows its state and light.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from office import deadlines as office_deadlines
from office import links
from office.models import DeadlineState, User
from office.org import office_staff
from office.services import todo_close
from office.workdays import END_OF_WORKING_DAY, WorkCalendar
from office.workflow.assignments import Assignee, Notice, answer, assign, assignments_cancel, may_answer
from office.workflow.choices import Duty, Mode
from office.workflow.duties import duty_holders
from office.workflow.engine import Steps
from supervision.choices import OPEN_STATES, Importance, ReportCycle
from supervision.items import workflow
from supervision.models import ItemStep, Milestone, SupervisedItem

STEPS = Steps(SupervisedItem, ItemStep, workflow.TABLE, "supervision", related=("lead_unit",))
step_begin, step_finish = STEPS.begin, STEPS.finish

ITEM_DEADLINE, REPORT_DEADLINE, MILESTONE_DEADLINE = "supervision.item", "supervision.report", "supervision.milestone"
SERIAL_KIND = "督"


def end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, END_OF_WORKING_DAY))


def notice(label: str, item: SupervisedItem, sender: User | None) -> Notice:
    return Notice(
        title=f"【{label}】{item.title}", url=item.get_absolute_url(), summary=item.serial_display,
        due_at=end_of(item.due_on), is_urgent=item.importance == Importance.KEY, sender=sender,
    )


def office_assign(item: SupervisedItem, step: str, label: str, sender: User | None) -> None:
    """An office step goes to the 督查员 cleared for the item (else to the office staff who are)."""
    if duty_holders(Duty.SUPERVISOR, clearance=item.secret_level):
        assignees = [Assignee.office_duty(Duty.SUPERVISOR)]
    else:
        assignees = [Assignee.person(u) for u in office_staff(min_clearance=item.secret_level)]
    if assignees:
        assign(target=item, step=step, assignees=assignees, notice=notice(label, item, sender), mode=Mode.ANY)


def step_close(item: SupervisedItem, step: str) -> None:
    todo_close(target=item, step=step)
    assignments_cancel(target=item, step=step)


def step_done(item: SupervisedItem, step: str, actor: User, text: str = "") -> None:
    """``actor`` took the step: his answer when it is his, else its to-dos close all the same."""
    if may_answer(item, step, actor):
        answer(target=item, step=step, actor=actor, text=text)
    else:
        step_close(item, step)


# --- the report cycle ----------------------------------------------------------------


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cycle_after(day: dt.date, cycle: str) -> dt.date | None:
    """The report date one cycle after ``day`` (None: reported only with the 办结报告)."""
    match cycle:
        case ReportCycle.WEEKLY:
            return day + dt.timedelta(days=7)
        case ReportCycle.HALF_MONTH:
            return day + dt.timedelta(days=15)
        case ReportCycle.MONTHLY:
            return _add_months(day, 1)
        case ReportCycle.QUARTERLY:
            return _add_months(day, 3)
    return None


def next_report_after(item: SupervisedItem, day: dt.date, cal: WorkCalendar | None = None) -> dt.date | None:
    """The next report date after ``day``, on a working day, before the item's limit (else None)."""
    following = cycle_after(day, item.report_cycle)
    if following is None:
        return None
    following = (cal or WorkCalendar()).add_workdays(following, 0)
    return following if following < item.due_on else None


# --- deadlines and links --------------------------------------------------------------


def deadlines_set(item: SupervisedItem) -> None:
    """The final limit and the next report, held by the lead unit and the 承办人 (moved when set)."""
    common = {"actor": None, "target": item, "url": item.get_absolute_url(), "responsible_unit": item.lead_unit,
              "responsible_user": item.handler, "secret_level": item.secret_level}
    office_deadlines.deadline_set(kind=ITEM_DEADLINE, title=item.title, due_at=end_of(item.due_on), **common)
    if item.next_report_on:
        office_deadlines.deadline_set(
            kind=REPORT_DEADLINE, title=_("进展反馈：%(title)s") % {"title": item.title},
            due_at=end_of(item.next_report_on), **common,
        )
    else:
        report_deadline_close(item)
    for milestone in item.milestones.filter(done_on__isnull=True):
        office_deadlines.deadline_set(
            kind=MILESTONE_DEADLINE, target=milestone, url=item.get_absolute_url(),
            title=_("%(title)s（节点：%(name)s）") % {"title": item.title, "name": milestone.name},
            responsible_unit=item.lead_unit, responsible_user=item.handler, secret_level=item.secret_level,
            due_at=end_of(milestone.due_on), actor=None,
        )


def report_deadline_close(item: SupervisedItem) -> None:
    from office.models import Deadline

    for row in Deadline.objects.filter(
        target_type__model="superviseditem", target_type__app_label="supervision", target_id=str(item.pk),
        kind=REPORT_DEADLINE, state=DeadlineState.OPEN,
    ):
        office_deadlines.deadline_close(actor=None, deadline=row)


def deadlines_close(item: SupervisedItem, state: str = DeadlineState.DONE) -> None:
    office_deadlines.deadline_close_for(actor=None, target=item, state=state)
    for milestone in Milestone.objects.filter(item=item):
        office_deadlines.deadline_close_for(actor=None, target=milestone, state=state)


def link_sync(item: SupervisedItem) -> None:
    """Whatever links point at the item show its state and, while open, its limit."""
    links.link_update_target(target=item, state=item.state, due_on=item.due_on if item.state in OPEN_STATES else None)
