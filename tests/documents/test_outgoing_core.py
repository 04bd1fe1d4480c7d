"""发文 on the workflow core (issue 10, point 1): 会签 as one parallel round of
assignments, the office's steps routed to the holders of a duty (核稿 the 主任's,
复核/编号/印发/归档 the 文书's), to-dos opened and closed by the engine, and 印发
announcing ``document.issued`` once it has committed."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from documents.choices import CountersignState
from documents.choices import OutgoingState as O
from documents.models import OutgoingDocument
from documents.outgoing import issue
from documents.outgoing import services as svc
from office import events
from office.choices import AssigneeKind, AssignmentState, Duty, Mode, Outcome, TodoState
from office.models import Assignment, Todo
from office.services import todo_open
from office.workflow.assignments import rows_for
from office.workflow.duties import duty_grant

pytestmark = pytest.mark.django_db


def todos(doc, step: str, state: str = TodoState.OPEN) -> set[str]:
    ctype = ContentType.objects.get_for_model(OutgoingDocument)
    rows = Todo.objects.filter(target_type=ctype, target_id=str(doc.pk), step=step, state=state)
    return set(rows.values_list("user__username", flat=True))


def fresh(doc) -> OutgoingDocument:
    return OutgoingDocument.objects.get(pk=doc.pk)


# --- 会签 --------------------------------------------------------------------------------


def test_countersign_is_one_parallel_round_of_assignments(outgoing_walk, people, units):
    doc = outgoing_walk(to=O.COUNTERSIGNING, countersign=("RCKF", "RSC"))
    rows = list(rows_for(doc, "outgoing.countersign").order_by("unit__code"))
    assert [(r.unit.code, r.kind, r.mode, r.state) for r in rows] == [
        ("RCKF", AssigneeKind.UNIT, Mode.ALL, AssignmentState.OPEN),
        ("RSC", AssigneeKind.UNIT, Mode.ALL, AssignmentState.OPEN),
    ]
    assert todos(doc, "outgoing.countersign") == {"fengxiaoyan", "weiping"}

    svc.outgoing_countersign(actor=people["weiping"], document=doc, agree=True, opinion="同意。")
    done = rows_for(doc, "outgoing.countersign").get(unit=units["RSC"])
    assert (done.state, done.outcome, done.acted_by, done.text) == (
        AssignmentState.DONE, Outcome.APPROVED, people["weiping"], "同意。")
    assert fresh(doc).state == O.COUNTERSIGNING
    assert todos(doc, "outgoing.countersign") == {"fengxiaoyan"}
    # The document's own record of the 会签 is kept beside the assignment.
    assert doc.countersigns.get(unit=units["RSC"]).state == CountersignState.AGREED

    svc.outgoing_countersign(actor=people["fengxiaoyan"], document=doc, agree=True)
    assert fresh(doc).state == O.SIGNING
    assert not rows_for(doc, "outgoing.countersign").filter(state=AssignmentState.OPEN).exists()
    sign = rows_for(doc, "outgoing.sign").get()
    assert (sign.user, sign.state) == (people["liminghua"], AssignmentState.OPEN)
    assert todos(doc, "outgoing.sign") == {"liminghua"}


def test_a_returned_countersign_cancels_the_others(outgoing_walk, people, units):
    doc = outgoing_walk(to=O.COUNTERSIGNING, countersign=("RCKF", "RSC"))
    svc.outgoing_countersign(actor=people["fengxiaoyan"], document=doc, agree=False, opinion="与人才新政不一致。")
    states = {r.unit.code: (r.state, r.outcome) for r in rows_for(doc, "outgoing.countersign")}
    assert states == {
        "RCKF": (AssignmentState.DONE, Outcome.RETURNED),
        "RSC": (AssignmentState.CANCELLED, Outcome.NONE),
    }
    assert todos(doc, "outgoing.countersign", TodoState.WITHDRAWN) == {"weiping"}
    assert todos(doc, "outgoing.countersign") == set()
    assert fresh(doc).state == O.DRAFTING


# --- the office's steps by duty ------------------------------------------------------------


def test_at_the_office_only_the_director_checks_and_only_the_clerk_rechecks(outgoing_walk, people):
    doc = outgoing_walk(to=O.OFFICE_REVIEW)
    row = rows_for(doc, "outgoing.office_check").get()
    assert (row.kind, row.duty) == (AssigneeKind.DUTY, Duty.DIRECTOR)
    assert todos(doc, "outgoing.office_check") == {"liuxiaodong"}
    for name in ("zhouting", "wujing"):  # the clerk, and an office member holding no duty
        with pytest.raises((PermissionDenied, Http404)):
            svc.outgoing_office_check(actor=people[name], document=doc, signer=people["liminghua"])
    assert fresh(doc).state == O.OFFICE_REVIEW

    doc = outgoing_walk(to=O.RECHECKING)
    assert todos(doc, "outgoing.recheck") == {"zhouting"}
    for name in ("liuxiaodong", "wujing"):
        with pytest.raises((PermissionDenied, Http404)):
            svc.outgoing_recheck(actor=people[name], document=doc)
    doc = svc.outgoing_recheck(actor=people["zhouting"], document=doc)
    assert doc.state == O.NUMBERING
    assert todos(doc, "outgoing.recheck", TodoState.DONE) == {"zhouting"}
    assert todos(doc, "outgoing.number") == {"zhouting"}


def test_a_clerk_appointed_while_a_step_is_open_gets_its_to_do(outgoing_walk, people):
    doc = outgoing_walk(to=O.NUMBERING)
    duty_grant(actor=None, user=people["wujing"], duty=Duty.CLERK)
    assert todos(doc, "outgoing.number") == {"zhouting", "wujing"}
    doc = svc.outgoing_number(actor=people["wujing"], document=doc)
    assert doc.state == O.ISSUING
    assert todos(doc, "outgoing.number") == set()
    assert todos(doc, "outgoing.issue") == {"zhouting", "wujing"}


def test_the_department_review_goes_to_the_head_and_a_return_withdraws_it(outgoing_walk, people):
    doc = outgoing_walk(to=O.DEPT_REVIEW)
    row = rows_for(doc, "outgoing.dept_review").get()
    assert (row.user, row.state) == (people["zhoujianhua"], AssignmentState.OPEN)
    svc.outgoing_return(actor=people["zhoujianhua"], document=doc, reason="请补充政策依据。")
    assert rows_for(doc, "outgoing.dept_review").get().state == AssignmentState.CANCELLED
    assert todos(doc, "outgoing.dept_review", TodoState.WITHDRAWN) == {"zhoujianhua"}
    assert todos(doc, "outgoing.revise") == {"qianli"}


def test_a_draft_sent_to_the_office_before_the_switch_closes_its_old_to_dos(outgoing_walk, people):
    """No data migration: a draft waiting for 核稿 with hand-opened to-dos and no assignment."""
    doc = outgoing_walk(to=O.OFFICE_REVIEW)
    Assignment.objects.filter(pk__in=rows_for(doc).values("pk")).delete()
    Todo.objects.filter(target_id=str(doc.pk), step="outgoing.office_check").delete()
    for name in ("liuxiaodong", "zhouting"):
        todo_open(user=people[name], target=doc, step="outgoing.office_check", title=f"【待核稿】{doc.title}",
                  url=doc.get_absolute_url())
    doc = svc.outgoing_office_check(actor=people["liuxiaodong"], document=doc, signer=people["liminghua"])
    assert doc.state == O.SIGNING
    assert todos(doc, "outgoing.office_check") == set()
    assert todos(doc, "outgoing.sign") == {"liminghua"}


# --- 印发 announces itself ----------------------------------------------------------------


@pytest.fixture
def issued_events():
    received = []

    def handler(**payload):
        received.append(payload)

    events.subscribe("document.issued", handler)
    yield received
    events.unsubscribe("document.issued", handler)


def test_issue_fires_document_issued_once_committed(outgoing_walk, people, units, issued_events,
                                                    django_capture_on_commit_callbacks):
    doc = outgoing_walk(to=O.ISSUING)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError):  # fewer copies than recipients: nothing issued, nothing announced
            issue.outgoing_issue(actor=people["zhouting"], document=doc, copies=1, internal_units=[units["ZCFG"]])
    assert issued_events == []
    with django_capture_on_commit_callbacks(execute=True):
        doc = issue.outgoing_issue(actor=people["zhouting"], document=doc, copies=6,
                                   internal_units=[units["ZCFG"], units["RSC"]])
        assert issued_events == []  # not before the step has committed
    assert len(issued_events) == 1
    payload = issued_events[0]
    assert payload["document"].pk == doc.pk and payload["actor"] == people["zhouting"]
    assert payload["doc_number"] == doc.doc_number != ""
    assert [u.code for u in payload["units"]] == ["ZCFG", "RSC"]
