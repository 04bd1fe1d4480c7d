"""收文 on the workflow core (issue 10): office steps to the duty that acts, 批示 as a sequential
assignment, 主办/协办 as assignments, 代录 by the 秘书, 转督办 as an event."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from documents.choices import IncomingState as S
from documents.choices import RoutingState
from documents.incoming import services
from documents.models import IncomingDocument, IncomingStep
from office import events
from office.choices import Clearance, TodoState
from office.models import Assignment, AuditEvent, OfficeDuty, Todo
from office.workflow.choices import AssignmentState as A
from office.workflow.choices import Duty, Mode, Post
from tests.helpers import client_for


def todos(doc, state=TodoState.OPEN) -> set[tuple[str, str]]:
    ctype = ContentType.objects.get_for_model(IncomingDocument)
    rows = Todo.objects.filter(target_type=ctype, target_id=str(doc.pk), state=state)
    return {(t.step, t.user.username) for t in rows.select_related("user")}


def rows(doc, step) -> list[Assignment]:
    ctype = ContentType.objects.get_for_model(IncomingDocument)
    return list(
        Assignment.objects.filter(target_type=ctype, target_id=str(doc.pk), step=step)
        .select_related("user", "unit").order_by("round", "order", "id")
    )


def fresh(doc) -> IncomingDocument:
    return IncomingDocument.objects.get(pk=doc.pk)




# --- office duties ---------------------------------------------------------------------


def test_the_demo_grants_each_office_member_his_duty(people):
    assert set(OfficeDuty.objects.values_list("user__username", "duty")) == {
        ("liuxiaodong", Duty.DIRECTOR), ("wujing", Duty.SECRETARY), ("zhouting", Duty.CLERK),
        ("sunhao", Duty.SUPERVISOR),
    }


def test_sign_and_register_wait_on_the_clerk_only(walk, people):
    doc = walk(S.ARRIVED)
    assert todos(doc) == {("incoming.sign", "zhouting")}  # not the 主任, the 秘书 or the 督查员
    doc = services.incoming_sign(actor=people["zhouting"], document=doc)
    assert todos(doc) == {("incoming.register", "zhouting")}
    assert [(r.kind, r.duty, r.state) for r in rows(doc, "incoming.sign")] == [("duty", Duty.CLERK, A.DONE)]


def test_review_and_propose_wait_on_the_director_only(walk, people):
    doc = walk(S.REGISTERED)
    assert todos(doc) == {("incoming.review", "liuxiaodong")}
    # The 文书 may still pass 初审 (any office member cleared may act): the 主任's to-do closes as done.
    services.incoming_review(actor=people["zhouting"], document=doc, opinion="要素齐全。")
    assert ("incoming.review", "liuxiaodong") in todos(doc, TodoState.DONE)
    assert todos(doc) == {("incoming.propose", "liuxiaodong")}


def test_a_document_above_the_clerks_clearance_goes_to_the_office_staff_cleared_for_it(walk, people):
    doc = walk(S.ARRIVED, secret_level=Clearance.CONFIDENTIAL)  # 周婷 (文书) is cleared for 秘密 only
    assert todos(doc) == {("incoming.sign", "liuxiaodong"), ("incoming.sign", "wujing")}
    services.incoming_sign(actor=people["wujing"], document=doc)
    # The first to act takes it: the other's to-do closes.
    assert ("incoming.sign", "liuxiaodong") not in todos(doc)
    assert {(r.user.username, r.state) for r in rows(doc, "incoming.sign")} == {
        ("wujing", A.DONE), ("liuxiaodong", A.SKIPPED)}


def test_archive_waits_on_the_clerk_only(walk, people):
    doc = walk(S.DONE)
    assert {t for t in todos(doc) if t[0] == "incoming.archive"} == {("incoming.archive", "zhouting")}


# --- 批示 in turn -----------------------------------------------------------------------


def test_instruct_is_a_sequential_assignment_with_transfer(walk, people):
    p = people
    doc = walk(S.INSTRUCTING, leaders=("liminghua", "wangjianguo"))
    chain = rows(doc, "incoming.instruct")
    assert [(r.user.username, r.state) for r in chain] == [("liminghua", A.OPEN), ("wangjianguo", A.WAITING)]
    assert {t for t in todos(doc) if t[0] == "incoming.instruct"} == {("incoming.instruct", "liminghua")}
    # Not his turn yet: the principal may not instruct before the deputy.
    with pytest.raises(PermissionDenied):
        services.incoming_instruct(actor=p["wangjianguo"], document=doc, text="同意。")
    # 转批: the deputy passes it on to another deputy as well, after those already waiting.
    services.incoming_instruct(actor=p["liminghua"], document=doc, text="请赵局长阅示。", next_leader=p["zhaozhigang"])
    chain = rows(doc, "incoming.instruct")
    assert [(r.user.username, r.state) for r in chain] == [
        ("liminghua", A.DONE), ("wangjianguo", A.OPEN), ("zhaozhigang", A.WAITING)]
    assert list(fresh(doc).routings.values_list("leader__username", "state")) == [
        ("liminghua", RoutingState.DONE), ("wangjianguo", RoutingState.PENDING), ("zhaozhigang", RoutingState.PENDING)]
    services.incoming_instruct(actor=p["wangjianguo"], document=doc, text="同意。")
    assert fresh(doc).state == S.INSTRUCTING
    services.incoming_instruct(actor=p["zhaozhigang"], document=doc, text="请政策法规处牵头办理。", workdays=5)
    doc = fresh(doc)
    assert doc.state == S.HANDLING
    assert all(r.state == A.DONE for r in rows(doc, "incoming.instruct"))


def test_handing_out_assigns_the_lead_head_and_the_assisting_units_in_parallel(walk, people, units):
    doc = walk(S.HANDLING, assisting=("RCKF", "JYCJ"))
    [lead] = rows(doc, "incoming.assign")
    assert (lead.post, lead.post_unit_id, lead.user.username, lead.state) == (
        Post.HEAD, units["ZCFG"].pk, units["ZCFG"].head.username, A.OPEN)
    assist = rows(doc, "incoming.assist")
    assert {(r.unit.code, r.mode, r.state) for r in assist} == {("RCKF", Mode.ALL, A.OPEN), ("JYCJ", Mode.ALL, A.OPEN)}
    rckf_head = people[units["RCKF"].head.username]
    services.incoming_assist(actor=rckf_head, document=doc, text="同意，配合提供数据。")
    assert {(r.unit.code, r.state) for r in rows(doc, "incoming.assist")} == {("RCKF", A.DONE), ("JYCJ", A.OPEN)}
    assert ("incoming.assist", rckf_head.username) not in todos(doc)
    head = people[units["ZCFG"].head.username]
    services.incoming_assign(actor=head, document=doc, handler=people["qianli"])
    assert rows(doc, "incoming.assign")[0].state == A.DONE


def test_a_document_proposed_before_the_switch_is_instructed_from_its_routings(walk, people):
    """Routings without assignment rows (proposed before 批示 ran on assignments): no data migration needed."""
    doc = walk(S.INSTRUCTING, leaders=("liminghua", "wangjianguo"))
    Assignment.objects.filter(target_id=str(doc.pk), step="incoming.instruct").delete()
    services.incoming_instruct(actor=people["liminghua"], document=doc, text="请王局长阅示。")
    assert [(r.user.username, r.state) for r in rows(doc, "incoming.instruct")] == [
        ("liminghua", A.DONE), ("wangjianguo", A.OPEN)]
    services.incoming_instruct(actor=people["wangjianguo"], document=doc, text="同意。", workdays=5)
    assert fresh(doc).state == S.HANDLING


# --- 代录 -------------------------------------------------------------------------------


def test_the_secretary_records_a_leaders_paper_instruction(walk, people):
    p = people
    doc = walk(S.INSTRUCTING)
    services.incoming_instruct(actor=p["wujing"], document=doc, text="请政策法规处办理。", workdays=5,
                               on_behalf_of=p["liminghua"])
    doc = fresh(doc)
    assert doc.state == S.HANDLING
    step = IncomingStep.objects.filter(document=doc, action="instruct").get()
    assert (step.actor.username, step.on_behalf_of.username) == ("wujing", "liminghua")
    event = AuditEvent.objects.get(action="incoming.instruct", object_id=str(doc.pk))
    assert (event.actor.username, event.detail["on_behalf_of"]) == ("wujing", p["liminghua"].pk)
    assert rows(doc, "incoming.instruct")[0].on_behalf_of == p["liminghua"]
    # The timeline shows both names.
    page = client_for(p["wujing"]).get(doc.get_absolute_url()).content.decode()
    assert "李明华" in page and "吴静代录" in page


def test_only_the_secretary_may_record_for_a_leader(walk, people):
    doc = walk(S.INSTRUCTING)
    with pytest.raises(PermissionDenied):
        services.incoming_instruct(actor=people["zhouting"], document=doc, text="同意。", on_behalf_of=people["liminghua"])
    assert fresh(doc).state == S.INSTRUCTING and not IncomingStep.objects.filter(document=doc, action="instruct")


def test_the_secretary_must_name_the_leader(walk, people):
    doc = walk(S.INSTRUCTING)
    with pytest.raises(ValidationError) as refused:
        services.incoming_instruct(actor=people["wujing"], document=doc, text="同意。")
    assert list(refused.value.message_dict) == ["on_behalf_of"]
    assert fresh(doc).state == S.INSTRUCTING


def test_the_instruct_form_offers_recording_to_the_secretary_only(walk, people):
    doc = walk(S.INSTRUCTING)
    secretary = client_for(people["wujing"]).get(doc.get_absolute_url()).content.decode()
    leader = client_for(people["liminghua"]).get(doc.get_absolute_url()).content.decode()
    assert "代录领导" in secretary and 'name="on_behalf_of"' in secretary
    assert "代录领导" not in leader and "转督办" in leader
    response = client_for(people["wujing"]).post(
        reverse("documents:incoming_action", args=[doc.pk, "instruct"]),
        {"text": "同意，请政策法规处办理。", "on_behalf_of": people["liminghua"].pk, "workdays": 5},
    )
    assert response.status_code == 302
    assert fresh(doc).state == S.HANDLING


# --- 转督办 -----------------------------------------------------------------------------


@pytest.fixture
def supervise_calls():
    calls = []

    def handler(**payload):
        calls.append(payload)

    events.subscribe("instruction.supervise", handler)
    yield calls
    events.unsubscribe("instruction.supervise", handler)


def test_a_supervise_instruction_fires_the_event_on_commit(walk, people, units, supervise_calls,
                                                          django_capture_on_commit_callbacks):
    doc = walk(S.INSTRUCTING, assisting=("RCKF",))
    with django_capture_on_commit_callbacks(execute=True):
        services.incoming_instruct(actor=people["liminghua"], document=doc, text="请抓紧落实，转督办。", workdays=5,
                                   supervise=True)
    doc = fresh(doc)
    [payload] = supervise_calls
    assert payload["source"] == doc and payload["leader"] == people["liminghua"]
    assert payload["actor"] == people["liminghua"] and payload["text"] == "请抓紧落实，转督办。"
    assert [u.code for u in payload["units"]] == ["ZCFG", "RCKF"]
    assert payload["due"] == timezone.localdate(doc.due_at)
    assert AuditEvent.objects.get(action="incoming.instruct", object_id=str(doc.pk)).detail["supervise"] is True


def test_a_recorded_supervise_instruction_names_leader_and_secretary(walk, people, supervise_calls,
                                                                   django_capture_on_commit_callbacks):
    doc = walk(S.INSTRUCTING)
    with django_capture_on_commit_callbacks(execute=True):
        services.incoming_instruct(actor=people["wujing"], document=doc, text="转督办。", workdays=5,
                                   on_behalf_of=people["liminghua"], supervise=True)
    [payload] = supervise_calls
    assert (payload["leader"], payload["actor"]) == (people["liminghua"], people["wujing"])


def test_no_event_without_the_checkbox_or_when_the_step_is_refused(walk, people, supervise_calls,
                                                                   django_capture_on_commit_callbacks):
    doc = walk(S.INSTRUCTING, lead="ZCFG")
    with django_capture_on_commit_callbacks(execute=True):
        services.incoming_instruct(actor=people["liminghua"], document=doc, text="同意。", workdays=5)
    doc2 = walk(S.INSTRUCTING)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        services.incoming_instruct(actor=people["wangjianguo"], document=doc2, text="转督办。", supervise=True)
    assert supervise_calls == []


# --- 委托 -------------------------------------------------------------------------------


def test_a_delegate_gives_the_instruction_with_both_names(walk, people):
    import datetime as dt

    from office.workflow.delegation import delegation_create

    p = people
    doc = walk(S.INSTRUCTING)
    now = timezone.now()
    delegation_create(actor=p["liminghua"], from_user=p["liminghua"], to_user=p["zhaozhigang"],
                      starts_at=now - dt.timedelta(minutes=1), ends_at=now + dt.timedelta(days=3), reason="出差")
    # The open 批示 moved to the delegate's desk.
    assert {t for t in todos(doc) if t[0] == "incoming.instruct"} == {("incoming.instruct", "zhaozhigang")}
    services.incoming_instruct(actor=p["zhaozhigang"], document=doc, text="请政策法规处办理。", workdays=5)
    doc = fresh(doc)
    assert doc.state == S.HANDLING
    step = IncomingStep.objects.get(document=doc, action="instruct")
    assert (step.actor.username, step.delegated_from.username) == ("zhaozhigang", "liminghua")
    assert list(doc.routings.values_list("leader__username", "state")) == [("liminghua", RoutingState.DONE)]
    page = client_for(p["zhaozhigang"]).get(doc.get_absolute_url()).content.decode()
    assert "受李明华委托" in page


def test_a_director_by_duty_may_propose(walk, people):
    """拟办's to-do reaches the holders of Duty.DIRECTOR: they may take it, not only the office unit's head."""
    from office.workflow.duties import duty_grant

    doc = walk(S.PROPOSING)
    duty_grant(actor=None, user=people["wujing"], duty=Duty.DIRECTOR)
    assert ("incoming.propose", "wujing") in todos(doc)
    services.incoming_propose(actor=people["wujing"], document=doc, proposal="拟请政策法规处主办。",
                              leaders=[people["liminghua"]], lead_unit=people["zhoujianhua"].unit)
    assert fresh(doc).state == S.INSTRUCTING
    assert todos(doc) >= {("incoming.instruct", "liminghua")}
    assert not {t for t in todos(doc) if t[0] == "incoming.propose"}
