"""承办, 确认办结 (收文) and 退回修改 (发文) are assignments of the workflow core: the engine
opens and closes their to-dos (issue 10), so a 委托 routes them like any other step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from documents.choices import IncomingState, OutgoingState
from documents.incoming import services
from documents.models import IncomingDocument, OutgoingDocument
from documents.outgoing import services as svc
from office.choices import TodoState
from office.models import Todo
from office.workflow.assignments import rows_for
from office.workflow.choices import AssignmentState
from office.workflow.delegation import delegation_create

S = IncomingState
pytestmark = pytest.mark.django_db


def todos(doc, step: str) -> dict[str, str]:
    rows = Todo.objects.filter(target_id=str(doc.pk), step=step, target_type__model=type(doc)._meta.model_name)
    return {t.user.username: t.state for t in rows.select_related("user")}


def test_the_handlers_step_is_an_assignment_answered_by_the_report(walk, people):
    doc = walk(S.HANDLING, handler="qianli")
    row = rows_for(doc, "incoming.handle").get()
    assert (row.user, row.state) == (people["qianli"], AssignmentState.OPEN)
    services.incoming_report(actor=people["qianli"], document=doc, result="已办理。")
    row.refresh_from_db()
    assert (row.state, row.acted_by) == (AssignmentState.DONE, people["qianli"])
    assert todos(doc, "incoming.handle") == {"qianli": TodoState.DONE}
    confirm = rows_for(doc, "incoming.confirm").get()
    assert (confirm.user, confirm.state) == (people["zhoujianhua"], AssignmentState.OPEN)


def test_a_replaced_handlers_assignment_is_cancelled_and_his_todo_withdrawn(walk, people):
    doc = walk(S.HANDLING, handler="qianli")
    services.incoming_assign(actor=people["zhoujianhua"], document=doc, handler=people["sunpeng"])
    states = dict(rows_for(doc, "incoming.handle").values_list("user__username", "state"))
    assert states == {"qianli": AssignmentState.CANCELLED, "sunpeng": AssignmentState.OPEN}
    assert todos(doc, "incoming.handle") == {"qianli": TodoState.WITHDRAWN, "sunpeng": TodoState.OPEN}


def test_the_heads_confirmation_goes_to_his_delegate_while_a_delegation_runs(walk, people):
    now = timezone.now()
    head, delegate = people["zhoujianhua"], people["sunpeng"]
    delegation_create(actor=head, from_user=head, to_user=delegate, starts_at=now - dt.timedelta(minutes=1),
                      ends_at=now + dt.timedelta(days=2), reason="出差")
    doc = walk(S.HANDLING, handler="qianli")
    services.incoming_report(actor=people["qianli"], document=doc, result="已办理。")
    assert todos(doc, "incoming.confirm") == {"sunpeng": TodoState.OPEN}  # by hand, it went to the head himself
    doc = services.incoming_confirm(actor=delegate, document=IncomingDocument.objects.get(pk=doc.pk))
    assert doc.state == S.DONE
    row = rows_for(doc, "incoming.confirm").get()
    assert (row.state, row.acted_by, row.delegated_from) == (AssignmentState.DONE, delegate, head)
    assert todos(doc, "incoming.confirm") == {"sunpeng": TodoState.DONE}


def test_send_back_gives_the_handler_a_new_round(walk, people):
    doc = walk(S.CONFIRMING, handler="qianli")
    services.incoming_send_back(actor=people["zhoujianhua"], document=doc, reason="请核实数据。")
    assert rows_for(doc, "incoming.confirm").get().state == AssignmentState.DONE
    rows = list(rows_for(doc, "incoming.handle").order_by("round"))
    assert [(r.round, r.state) for r in rows] == [(1, AssignmentState.DONE), (2, AssignmentState.OPEN)]
    assert rows[1].todo_title.startswith("【退回重办】")


def test_revise_is_the_drafters_assignment_answered_by_submitting(outgoing_walk, people):
    doc = outgoing_walk(to=OutgoingState.DEPT_REVIEW)
    svc.outgoing_return(actor=people["zhoujianhua"], document=doc, reason="请补充政策依据。")
    row = rows_for(doc, "outgoing.revise").get()
    assert (row.user, row.state) == (people["qianli"], AssignmentState.OPEN)
    svc.outgoing_submit(actor=people["qianli"], document=OutgoingDocument.objects.get(pk=doc.pk))
    row.refresh_from_db()
    assert (row.state, row.acted_by) == (AssignmentState.DONE, people["qianli"])
    assert todos(doc, "outgoing.revise") == {"qianli": TodoState.DONE}
