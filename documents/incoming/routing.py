"""Who must act on 收文's steps, through the workflow core's assignments (:mod:`office.workflow.assignments`).

- Office steps go to the holders of the duty that acts on them: 签收, 登记, 归档 to the
  文书 (``Duty.CLERK``), 初审 and 拟办 to the 主任 (``Duty.DIRECTOR``); when one holder
  acts, the others' to-dos close.
- 批示 is a sequential assignment: the leaders 拟办 named, one after another; 转批 appends
  a leader (``assign_more``). ``IncomingRouting`` stays the document's own record of the
  chain (the 呈批领导 list and the policy's scope), written beside each ``answer``.
- The 主办 head's 指定承办人 is ``Assignee.head_of``; 协办 a parallel assignment of the
  assisting units (``Mode.ALL``).

Documents proposed before 批示 ran on assignments have routings and no assignment rows:
their pending routings become assignments at the next 批示 (:func:`instruct_rows_ensure`),
and until then the first pending routing names the leader awaited.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from documents.choices import IncomingState, RoutingState, Urgency
from office import events
from office.models import User
from office.org import office_staff
from office.services import todo_close
from office.workflow.assignments import (
    Assignee,
    Notice,
    answer,
    assign,
    assignments_cancel,
    may_answer,
    round_rows,
    rows_for,
    step_answerable,
)
from office.workflow.choices import AssignmentState, Mode
from office.workflow.duties import duty_holders

INSTRUCT, ASSIGN, ASSIST = "incoming.instruct", "incoming.assign", "incoming.assist"


def _title(label: str, document) -> str:
    return f"【{label}】{document.title}"


def notice(label: str, document, sender: User) -> Notice:
    """What the step's to-dos show (as the hand-opened ones did)."""
    return Notice(
        title=_title(label, document), url=document.get_absolute_url(),
        summary=f"{document.sender_org} {document.sender_ref}".strip(), due_at=document.due_at,
        is_urgent=document.urgency > Urgency.NORMAL, sender=sender,
    )


def office_assign(document, step: str, duty: str, label: str, sender: User) -> None:
    """An office step goes to the holders of ``duty`` cleared for the document.

    When no holder is cleared for it (a 机密 document, a 文书 cleared for 秘密) it goes to
    the office staff who are, the first to act taking it.
    """
    if duty_holders(duty, clearance=document.secret_level):
        assignees = [Assignee.office_duty(duty)]
    else:
        assignees = [Assignee.person(u) for u in office_staff(min_clearance=document.secret_level)]
    if assignees:
        assign(target=document, step=step, assignees=assignees, notice=notice(label, document, sender), mode=Mode.ANY)


def step_close(document, step: str) -> None:
    """The step is over without an answer of its own (taken by another, or no longer needed):
    its to-dos close as done, its open assignments are cancelled."""
    todo_close(target=document, step=step)
    assignments_cancel(target=document, step=step)


def step_done(document, step: str, actor: User, text: str = "") -> None:
    """``actor`` took the step: his answer when it is his, else (the policy lets any office member
    cleared for the document act, as before the duties) the step's to-dos close all the same."""
    if may_answer(document, step, actor):
        answer(target=document, step=step, actor=actor, text=text)
    else:
        step_close(document, step)


# --- 批示 ------------------------------------------------------------------------------


def instruct_rows_ensure(document, sender: User) -> None:
    """A document proposed before 批示 ran on assignments: its pending routings become them."""
    if rows_for(document, INSTRUCT).exists():
        return
    pending = list(document.routings.filter(state=RoutingState.PENDING).order_by("order").select_related("leader"))
    if pending:
        assign(target=document, step=INSTRUCT, assignees=[Assignee.person(r.leader) for r in pending],
               notice=notice(_("待批示"), document, sender))


def awaited_leader_ids(document) -> list[int]:
    """The leaders whose 批示 is awaited now (for 代录's choice)."""
    if document.state != IncomingState.INSTRUCTING:
        return []
    rows = round_rows(document, INSTRUCT)
    if rows:
        return [r.user_id for r in rows if r.state == AssignmentState.OPEN and r.user_id]
    first = document.routings.filter(state=RoutingState.PENDING).order_by("order").values_list("leader_id", flat=True)
    return list(first[:1])


def current_leader_id(document, user: User) -> int | None:
    """``Facts.current_leader_id``: ``user`` when the 批示 is his to give now (or a delegate's), else
    the leader awaited (documents from before assignments)."""
    if document.state != IncomingState.INSTRUCTING:
        return None
    started, mine = step_answerable(document, INSTRUCT, user)
    if started:
        return user.pk if mine is not None else None
    # Through ``routings.all()``: a page that prefetched them reads no more.
    pending = sorted((r for r in document.routings.all() if r.state == RoutingState.PENDING), key=lambda r: r.order)
    return pending[0].leader_id if pending else None


def supervise_fire(document, *, leader: User, actor: User, text: str) -> int:
    """转督办: announce it (``instruction.supervise``); supervision, when it is there, opens the item."""
    units = [document.lead_unit] if document.lead_unit_id else []
    units += list(document.assisting_units.order_by("sort_order", "id"))
    due = timezone.localdate(document.due_at) if document.due_at else None
    return events.fire(
        "instruction.supervise", source=document, leader=leader, actor=actor, text=text, units=units, due=due,
    )
